"""Load on loopback: an open-loop generator sends reads at one rate and writes at another to a
coprod server (forked from this process, ``--workers`` uvicorn workers) and reports latency
percentiles and the CPU time each side spent per request.

    .venv/bin/python benchmarks/reliability/load.py [--read-rate 200] [--write-rate 20]
        [--seconds 30] [--workers 1] [--server-cpus 0] [--client-cpus 1]
        [--database-url URL]   (default: a fresh SQLite file)

Latency is measured from the moment a request was due, not when it was sent, so a server that
falls behind is not flattered (no coordinated omission). Reads: lists of organisations,
systems and needs, one record, the caller's account. Writes: new organisations (POST) and
changes of a need with If-Match (PUT). Goal on SQLite: reads p99 < 100 ms, writes p99 <
300 ms, 0 errors.

The generator is a lean HTTP/1.1 client (``rawhttp.py``) on uvloop; by default the server's
workers and the generator are pinned to different CPUs (``--server-cpus``, ``--client-cpus``;
``--no-pin`` to let them share), so that the client does not take the server's CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import HOST, served_store
from rawhttp import Answer, Client, HTTPFailure

TIMEOUT = 30  # seconds: a request not answered by then counts as an error
NEEDS = 50  # each need is changed once every 5 s at 20 writes/s: two writes rarely meet
READS = [
    "/api/organisations?limit=50",
    "/api/systems?limit=50",
    "/api/needs",
    "/api/organisations/ua-mod",
    "/api/me",
    "/api/systems?limit=20&sort=-key",
]


class Recorder:
    """Latencies and failures of one kind of request."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors: dict[str, int] = {}

    def add(self, due: float, outcome: str | None) -> None:
        """Record one request that was due at ``due`` (loop time) and ended now."""
        self.latencies.append(time.perf_counter() - due)
        if outcome is not None:
            self.errors[outcome] = self.errors.get(outcome, 0) + 1

    def row(self, name: str, rate: float, seconds: float) -> str:
        """One line of the table."""
        ms = sorted(x * 1000 for x in self.latencies) or [0.0]
        pct = [ms[min(len(ms) - 1, int(len(ms) * q))] for q in (0.5, 0.95, 0.99)]
        errors = sum(self.errors.values())
        return (
            f"{name:>7} {rate:>6.0f} {len(ms) / seconds:>8.1f} {len(ms):>7} "
            f"{pct[0]:>7.1f} {pct[1]:>7.1f} {pct[2]:>7.1f} {ms[-1]:>8.1f} "
            f"{statistics.fmean(ms):>7.1f} {errors:>6}  {self.errors or ''}"
        )


async def send(
    client: Client, method: str, path: str, due: float, recorder: Recorder, **kwargs: Any
) -> Answer | None:
    """Send one request; record its latency and whether it failed."""
    try:
        answer = await asyncio.wait_for(client.request(method, path, **kwargs), TIMEOUT)
    except (HTTPFailure, TimeoutError) as exc:
        recorder.add(due, type(exc).__name__)
        return None
    recorder.add(due, None if answer.ok else str(answer.status))
    return answer


async def write(client: Client, i: int, due: float, recorder: Recorder) -> None:
    """Every other write creates an organisation; the others read a need and change it with
    If-Match (the write's latency includes its read)."""
    if i % 2 == 0:
        body = {"key": f"load-{i}", "name": f"Load {i}", "kind": "company", "country": "FR"}
        await send(client, "POST", "/api/organisations", due, recorder, json_body=body)
        return
    key = f"load-need-{(i // 2) % NEEDS}"
    current = await send(client, "GET", f"/api/needs/{key}", due, Recorder())
    if current is None or not current.ok:
        recorder.add(due, "read before write failed")
        return
    body = {k: v for k, v in current.json().items() if k != "version"}
    body["quantity"] = body["quantity"] + 1
    headers = {"If-Match": current.headers["etag"]}
    await send(client, "PUT", f"/api/needs/{key}", due, recorder, json_body=body, headers=headers)


async def generate(
    port: int, token: str, args: argparse.Namespace, started: Callable[[], None]
) -> tuple[Recorder, Recorder]:
    """Send reads and writes at their rates for ``seconds``; wait for the stragglers.
    ``started`` is called when the set-up is done and the timed load begins."""
    reads, writes = Recorder(), Recorder()
    rng = random.Random(args.seed)
    client = Client(HOST, port, {"Authorization": f"Bearer {token}"})
    try:
        await setup_needs(client)
        started()
        start = time.perf_counter()
        tasks = []
        plan = sorted(
            [(i / args.read_rate, "r", i) for i in range(int(args.read_rate * args.seconds))]
            + [(i / args.write_rate, "w", i) for i in range(int(args.write_rate * args.seconds))]
        )
        paths = args.read_paths or READS
        for offset, kind, i in plan:
            due = start + offset
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if kind == "r":
                tasks.append(
                    asyncio.create_task(send(client, "GET", rng.choice(paths), due, reads))
                )
            else:
                tasks.append(asyncio.create_task(write(client, i, due, writes)))
        await asyncio.gather(*tasks)
    finally:
        client.close()
    return reads, writes


async def setup_needs(client: Client) -> None:
    """The needs the writes change, in turn."""
    for j in range(NEEDS):
        body = {
            "key": f"load-need-{j}",
            "system": "caesar",
            "quantity": 100,
            "priority": "1",
            "due": "2026-06",
        }
        answer = await client.request("POST", "/api/needs", json_body=body)
        if not answer.ok:
            sys.exit(f"setting up need {j}: {answer.status} {answer.body[:200]!r}")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes ``pids`` have used so far (Linux /proc)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def client_cpu_seconds() -> float:
    """User + system CPU seconds this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpus(text: str) -> set[int]:
    """A CPU list such as ``0`` or ``0,1``."""
    return {int(part) for part in text.split(",") if part.strip()}


def main() -> None:
    """Start a server, load it, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--read-rate", type=float, default=200)
    parser.add_argument("--write-rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--read-paths",
        type=lambda text: text.split(","),
        help="comma-separated paths to read instead of the default mix",
    )
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--server-cpus", type=cpus, default={0})
    parser.add_argument("--client-cpus", type=cpus, default={1})
    parser.add_argument("--no-pin", action="store_true", help="let server and client share CPUs")
    parser.add_argument(
        "--http", default="auto", help="uvicorn's HTTP parser: auto, h11, httptools"
    )
    parser.add_argument(
        "--loop", default="auto", help="uvicorn's event loop: auto, asyncio, uvloop"
    )
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pin = not args.no_pin and (os.cpu_count() or 1) > 1
    server_cpus = args.server_cpus if pin else None
    if pin:
        os.sched_setaffinity(0, args.client_cpus)
    with served_store(
        "coprod-load-",
        args.database_url,
        workers=args.workers,
        cpus=server_cpus,
        uvicorn_options={"http": args.http, "loop": args.loop},
    ) as (server, url, admin):
        before: list[float] = []

        def started() -> None:
            before[:] = [cpu_seconds(server.pids), client_cpu_seconds(), time.perf_counter()]

        reads, writes = uvloop.run(generate(server.port, admin, args, started))
        server_cpu = cpu_seconds(server.pids) - before[0]
        client_cpu = client_cpu_seconds() - before[1]
        elapsed = time.perf_counter() - before[2]
    requests = len(reads.latencies) + 2 * len(writes.latencies)  # a PUT is read, then written
    placement = (
        f"server on CPU {sorted(args.server_cpus)}, client on CPU {sorted(args.client_cpus)}"
        if pin
        else "server and client share the CPUs"
    )
    print(
        f"backend {url.split(':', 1)[0]}, {args.seconds:.0f} s, {args.workers} uvicorn "
        f"worker(s) on {HOST} (http {args.http}, loop {args.loop}), {placement}"
    )
    print(
        f"{'kind':>7} {'rate':>6} {'done/s':>8} {'count':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>8} {'mean':>7} {'errors':>6}"
    )
    print(reads.row("reads", args.read_rate, args.seconds))
    print(writes.row("writes", args.write_rate, args.seconds))
    print(
        f"CPU over {elapsed:.1f} s: server {server_cpu:.1f} s "
        f"({server_cpu / requests * 1000:.2f} ms per request), client {client_cpu:.1f} s "
        f"({client_cpu / requests * 1000:.2f} ms per request)"
    )


if __name__ == "__main__":
    main()
