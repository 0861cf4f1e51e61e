"""Load on loopback: an open-loop generator sends reads at one rate and writes at another to a
coprod server (forked from this process, one uvicorn worker) and reports latency percentiles.

    .venv/bin/python benchmarks/reliability/load.py [--read-rate 200] [--write-rate 20]
        [--seconds 30] [--database-url URL]   (default: a fresh SQLite file)

Latency is measured from the moment a request was due, not when it was sent, so a server that
falls behind is not flattered (no coordinated omission). Reads: lists of organisations,
systems and needs, one record, the caller's account. Writes: new organisations (POST) and
changes of a need with If-Match (PUT). Goal on SQLite: reads p99 < 100 ms, writes p99 <
300 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import HOST, served_store

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
    client: httpx.AsyncClient, method: str, path: str, due: float, recorder: Recorder, **kwargs: Any
) -> httpx.Response | None:
    """Send one request; record its latency and whether it failed."""
    try:
        answer = await client.request(method, path, **kwargs)
    except httpx.HTTPError as exc:
        recorder.add(due, type(exc).__name__)
        return None
    recorder.add(due, None if answer.is_success else str(answer.status_code))
    return answer


async def write(client: httpx.AsyncClient, i: int, due: float, recorder: Recorder) -> None:
    """Every other write creates an organisation; the others change a need with If-Match."""
    if i % 2 == 0:
        body = {"key": f"load-{i}", "name": f"Load {i}", "kind": "company", "country": "FR"}
        await send(client, "POST", "/api/organisations", due, recorder, json=body)
        return
    key = f"load-need-{(i // 2) % NEEDS}"
    current = await client.get(f"/api/needs/{key}")
    body = {k: v for k, v in current.json().items() if k != "version"}
    body["quantity"] = body["quantity"] + 1
    headers = {"If-Match": current.headers["etag"]}
    await send(client, "PUT", f"/api/needs/{key}", due, recorder, json=body, headers=headers)


async def generate(base: str, token: str, args: argparse.Namespace) -> tuple[Recorder, Recorder]:
    """Send reads and writes at their rates for ``seconds``; wait for the stragglers."""
    reads, writes = Recorder(), Recorder()
    # Idle connections are dropped before uvicorn's 5 s keep-alive ends (see http_races.py).
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200, keepalive_expiry=2)
    headers = {"Authorization": f"Bearer {token}"}
    rng = random.Random(args.seed)
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=30, limits=limits
    ) as client:
        await setup_needs(client)
        start = time.perf_counter()
        tasks = []
        plan = sorted(
            [(i / args.read_rate, "r", i) for i in range(int(args.read_rate * args.seconds))]
            + [(i / args.write_rate, "w", i) for i in range(int(args.write_rate * args.seconds))]
        )
        for offset, kind, i in plan:
            due = start + offset
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            if kind == "r":
                tasks.append(
                    asyncio.create_task(send(client, "GET", rng.choice(READS), due, reads))
                )
            else:
                tasks.append(asyncio.create_task(write(client, i, due, writes)))
        await asyncio.gather(*tasks)
    return reads, writes


async def setup_needs(client: httpx.AsyncClient) -> None:
    """The needs the writes change, in turn."""
    for j in range(NEEDS):
        body = {
            "key": f"load-need-{j}",
            "system": "caesar",
            "quantity": 100,
            "priority": "1",
            "due": "2026-06",
        }
        answer = await client.post("/api/needs", json=body)
        answer.raise_for_status()


def main() -> None:
    """Start a server, load it, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--read-rate", type=float, default=200)
    parser.add_argument("--write-rate", type=float, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with served_store("coprod-load-", args.database_url) as (server, url, admin):
        reads, writes = asyncio.run(generate(f"http://{HOST}:{server.port}", admin, args))
    backend = url.split(":", 1)[0]
    print(f"backend {backend}, {args.seconds:.0f} s, one uvicorn worker on {HOST}")
    print(
        f"{'kind':>7} {'rate':>6} {'done/s':>8} {'count':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>8} {'mean':>7} {'errors':>6}"
    )
    print(reads.row("reads", args.read_rate, args.seconds))
    print(writes.row("writes", args.write_rate, args.seconds))


if __name__ == "__main__":
    main()
