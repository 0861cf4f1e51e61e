"""kill -9 durability: a writer sends creates and imports to a coprod server on loopback and
records each one the server acknowledged; the server is killed with SIGKILL at random moments
(and, with --pg-cluster, the PostgreSQL server too), then restarted and checked.

    .venv/bin/python benchmarks/reliability/kill9.py --kills 1000            # SQLite
    .venv/bin/python benchmarks/reliability/kill9.py --kills 200 \\
        --database-url postgresql+psycopg://coprod@127.0.0.1:PORT/DB --pg-cluster DIR

After every kill: no acknowledged record is missing; every import is whole (all of its
``BATCH`` organisations) or absent; SQLite's ``PRAGMA integrity_check`` says ok. The audit
chain is verified every 50 kills and at the end (and ``pg_amcheck`` on PostgreSQL at the end).
Bounded by --kills and --seconds.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import HOST, Server, free_port, prepare_store
from sqlalchemy import text
from sqlalchemy.engine import make_url

from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.services.accounts.access import SYSTEM
from coprod.services.audit import verify_chain

BATCH = 10
WRITER = Path(__file__).resolve().parent / "kill9_writer.py"


def acknowledged(path: Path) -> tuple[set[str], set[str]]:
    """Keys of acknowledged creates and prefixes of acknowledged imports (whole lines only)."""
    keys, batches = set(), set()
    text_ = path.read_text() if path.exists() else ""
    for line in text_.splitlines(keepends=True):
        if not line.endswith("\n"):
            continue
        kind, value = line.split()
        (keys if kind == "create" else batches).add(value)
    return keys, batches


def check_store(url: str, ack: Path, audit: bool) -> Counter[str]:
    """Missing acknowledged records, partial imports, integrity and audit problems."""
    found: Counter[str] = Counter()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            stored = set(
                conn.execute(text("SELECT key FROM organisations WHERE key LIKE 'k9%'")).scalars()
            )
            if engine.dialect.name == "sqlite":
                ok = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
                found["integrity"] += ok != "ok"
        keys, batches = acknowledged(ack)
        found["acked"] = len(keys) + len(batches)
        found["missing"] += len(keys - stored)
        sizes = Counter(k.rsplit("-", 1)[0] for k in stored if k.startswith("k9b-"))
        found["partial"] += sum(1 for n in sizes.values() if n != BATCH)
        found["missing"] += sum(1 for b in batches if sizes.get(b) != BATCH)
        found["batches"] = len(sizes)
        if audit:
            with UnitOfWork(engine, access=SYSTEM) as uow:
                found["audit"] += not verify_chain(uow).intact
    finally:
        engine.dispose()
    return found


def amcheck(url: str) -> int:
    """Problems ``pg_amcheck`` finds in every table and index (heap and B-tree checks)."""
    parsed = make_url(url)
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    done = subprocess.run(
        [
            str(bindir / "pg_amcheck"),
            "--install-missing",
            "--heapallindexed",
            "-h",
            parsed.host or HOST,
            "-p",
            str(parsed.port or 5432),
            "-U",
            parsed.username or "postgres",
            "-d",
            parsed.database or "postgres",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
    return int(done.returncode != 0)


def kill_postgres(cluster: Path) -> float:
    """kill -9 the cluster's postmaster and its processes, start it again: seconds taken."""
    started = time.monotonic()
    pid = int((cluster / "data" / "postmaster.pid").read_text().split()[0])
    children = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _ppid(p) == pid]
    subprocess.run(["kill", "-9", str(pid), *(p.name for p in children)], check=False)
    port = (cluster / "port").read_text().strip()
    options = (
        f"-c listen_addresses={HOST} -c port={port} -c unix_socket_directories={cluster}"
        " -c fsync=off"
    )
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
    command = [
        str(bindir / "pg_ctl"),
        "-D",
        str(cluster / "data"),
        "-l",
        str(cluster / "server.log"),
        "-w",
        "-t",
        "60",
        "-o",
        options,
        "start",
    ]
    for _ in range(50):
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", *command], check=False, capture_output=True
        )
        if done.returncode == 0:
            return time.monotonic() - started
        time.sleep(0.2)  # orphans of the old server still hold its shared memory
    raise RuntimeError(f"PostgreSQL did not restart: {done.stderr.decode()[-300:]}")


def _ppid(proc: Path) -> int:
    try:
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def run(args: argparse.Namespace, work: Path) -> tuple[int, Counter[str], list[float]]:
    """Start the writer, kill and restart the server ``--kills`` times; totals and restarts."""
    tokens = prepare_store(args.database_url)
    server = Server(args.database_url, free_port(), work / "server.log")
    server.warm(tokens["admin"])
    ack, stop = work / "acked.txt", work / "stop"
    restarts = [server.start()]
    writer = subprocess.Popen(
        [
            sys.executable,
            str(WRITER),
            f"http://{HOST}:{server.port}",
            tokens["admin"],
            str(ack),
            str(stop),
            str(BATCH),
            str(args.seconds + 60),
        ]
    )
    rng, totals, started, kills = random.Random(args.seed), Counter[str](), time.monotonic(), 0
    try:
        while kills < args.kills and time.monotonic() - started < args.seconds:
            time.sleep(rng.uniform(args.min_run, args.max_run))
            server.kill()
            kills += 1
            if args.pg_cluster and kills % 2 == 0:
                kill_postgres(Path(args.pg_cluster))
            found = check_store(args.database_url, ack, audit=kills % 50 == 0)
            totals.update({k: v for k, v in found.items() if k not in {"acked", "batches"}})
            totals["acked"], totals["batches"] = found["acked"], found["batches"]
            if any(found[k] for k in ("missing", "partial", "integrity", "audit")):
                print(f"kill {kills}: {dict(found)}", file=sys.stderr)
            restarts.append(server.start())
    finally:
        stop.touch()
        writer.wait(timeout=30)
        server.kill()
    return kills, totals, restarts


def main() -> None:
    """Parse arguments, run, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=3600)
    parser.add_argument("--database-url")
    parser.add_argument("--pg-cluster", help="the pg-test-cluster DIR: kill -9 it too")
    parser.add_argument("--min-run", type=float, default=0.1)
    parser.add_argument("--max-run", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="coprod-kill9-"))
    args.database_url = args.database_url or f"sqlite:///{work / 'coprod.db'}"
    started = time.monotonic()
    kills, totals, restarts = run(args, work)
    final = check_store(args.database_url, work / "acked.txt", audit=True)
    if args.pg_cluster:
        final["integrity"] += amcheck(args.database_url)
    stats = (
        (work / "acked.txt.stats").read_text().strip()
        if (work / "acked.txt.stats").exists()
        else ""
    )
    backend = make_engine(args.database_url).dialect.name
    print(
        f"backend {backend}: {kills} kills in {time.monotonic() - started:.0f} s "
        f"(server restart median {sorted(restarts)[len(restarts) // 2]:.2f} s)"
    )
    print(f"writer: {stats}")
    head = ["kills", "acked", "imports", "missing", "partial", "integrity", "audit"]
    print(" ".join(f"{h:>9}" for h in head))
    row = [
        kills,
        final["acked"],
        final["batches"],
        totals["missing"] + final["missing"],
        totals["partial"] + final["partial"],
        totals["integrity"] + final["integrity"],
        totals["audit"] + final["audit"],
    ]
    print(" ".join(f"{v:>9}" for v in row))
    sys.exit(1 if any(row[3:]) else 0)


if __name__ == "__main__":
    main()
