"""How long other writers wait while ``coprod plan --from-db`` runs on SQLite.

``python benchmarks/plan_run_lock.py [--runs 3] [--database FILE]``

Makes a demo registry (``coprod demo``) unless ``--database`` names one, then runs
``coprod plan --from-db`` in a subprocess ``--runs`` times. Meanwhile another connection asks
for the write lock (``BEGIN IMMEDIATE``, then ``ROLLBACK``: nothing is changed) every 5 ms and
times each wait. A plan run that holds the lock while it solves makes that wait as long as the
solve; one that owns its transactions holds it only to store the plan. The ``coprod`` run is
the one beside ``sys.executable``: set PYTHONPATH to compare two source trees.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROBE_EVERY_S = 0.005


class Probe(threading.Thread):
    """Asks for the write lock again and again; remembers how long each wait took."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.waits: list[float] = []

    def run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=120)
        try:
            while not self.stop.is_set():
                started = time.perf_counter()
                conn.execute("BEGIN IMMEDIATE")
                self.waits.append(time.perf_counter() - started)
                conn.execute("ROLLBACK")
                time.sleep(PROBE_EVERY_S)
        finally:
            conn.close()


def coprod(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the coprod CLI of this interpreter's environment."""
    command = [str(Path(sys.executable).parent / "coprod"), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)


def one_run(database: Path) -> tuple[float, list[float]]:
    """Wall seconds of one plan run, and the probe's waits meanwhile."""
    probe = Probe(database)
    probe.start()
    started = time.perf_counter()
    done = coprod(
        "--database-url", f"sqlite:///{database}", "plan", "--from-db", "--start", "2026-01"
    )
    wall = time.perf_counter() - started
    probe.stop.set()
    probe.join()
    if done.returncode != 0:
        raise SystemExit(f"coprod plan --from-db failed ({done.returncode}): {done.stderr}")
    return wall, probe.waits


def main() -> None:
    """Print one row per run: wall s, probes, longest and total wait of the other writer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = args.database or Path(folder) / "demo.db"
        if args.database is None:
            made = coprod("demo", "--database-url", f"sqlite:///{database}", "--no-serve")
            if made.returncode != 0:
                raise SystemExit(f"coprod demo failed: {made.stderr}")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
        print("| run | plan run s | probes | longest wait s | total wait s |")
        print("|-----|------------|--------|----------------|--------------|")
        for run in range(1, args.runs + 1):
            wall, waits = one_run(database)
            print(
                f"| {run} | {wall:10.2f} | {len(waits):6d} | {max(waits, default=0):14.3f} "
                f"| {sum(waits):12.3f} |"
            )
        print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
