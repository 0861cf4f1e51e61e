"""Concurrency races at the service level: n = 2..32 threads, each with its own connection.

    .venv/bin/python benchmarks/reliability/races.py [--races 10000] [--seconds 900]
        [--database-url URL]   (default: a fresh SQLite file; PostgreSQL: an empty database)

Kinds, in turn: ``update`` (n updates of one need sent with the same version: exactly one
may win, the others get StaleVersion/Conflict), ``order`` (n orders of 30 on a need of 100:
never more than 100 ordered), ``allocation`` (n read-add-write allocations of 300 on an
instrument pledging 1000: stored = 300 × winners ≤ 1000, no increment lost). Half the racers
of a kind open their transaction with the write lock (as the API's writes do), half deferred
(as a CLI import does). Prints races, outcomes, lost updates, over-allocations and errors.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.reliability import races  # noqa: E402

from coprod.db.engine import make_engine  # noqa: E402

KINDS = ("update", "order", "allocation")
POOL = 15  # deferred racers hold a connection at the barrier: keep them within the pool


def one_race(
    engine: object, kind: str, n: int, round_: int, write: bool
) -> tuple[Counter[str], bool, bool]:
    """Run one race: its outcomes, whether an update was lost, whether a limit was exceeded."""
    if kind == "update":
        outcomes, gained = races.update_race(engine, n, round_, write=write)  # type: ignore[arg-type]
        return outcomes, outcomes["won"] != 1 or gained != 1, False
    races.reset(engine)  # type: ignore[arg-type]
    if kind == "order":
        outcomes, ordered = races.order_race(engine, n, round_, write=write)  # type: ignore[arg-type]
        lost = ordered != outcomes["won"] * races.ORDER_QUANTITY
        return outcomes, lost, ordered > races.NEED_QUANTITY
    outcomes, allocated = races.allocation_race(engine, n, write=write)  # type: ignore[arg-type]
    lost = allocated != outcomes["won"] * races.ALLOCATION
    return outcomes, lost, allocated > races.PLEDGED


def main() -> None:
    """Parse arguments, run the races, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--races", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=900)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='coprod-races-')}/c.db"
    engine = make_engine(url)
    races.prepare(engine)
    rng = random.Random(args.seed)
    rows: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    started = time.monotonic()
    done = 0
    while done < args.races and time.monotonic() - started < args.seconds:
        kind, write = KINDS[done % 3], (done // 3) % 2 == 0
        n = rng.randint(2, 32 if write else POOL)
        outcomes, lost, over = one_race(engine, kind, n, done, write)
        row = rows[kind]
        row["races"] += 1
        row["racers"] += n
        row["lost"] += lost
        row["over"] += over
        for outcome, count in outcomes.items():
            row[outcome if not outcome.startswith("ERROR") else "errors"] += count
            if outcome.startswith("ERROR") and row["errors"] == count:
                print(f"  first error ({kind}): {outcome}", file=sys.stderr)
        done += 1
    elapsed = time.monotonic() - started
    print(f"backend {engine.dialect.name}: {done} races in {elapsed:.0f} s")
    head = [
        "kind",
        "races",
        "racers",
        "won",
        "stale",
        "conflict",
        "refused",
        "lost",
        "over",
        "errors",
    ]
    print(" ".join(f"{h:>9}" for h in head))
    for kind, row in rows.items():
        print(f"{kind:>9} " + " ".join(f"{row[h]:>9}" for h in head[1:]))
    total = sum((r for r in rows.values()), Counter())
    print(f"{'total':>9} " + " ".join(f"{total[h]:>9}" for h in head[1:]))
    sys.exit(1 if total["lost"] or total["over"] or total["errors"] else 0)


if __name__ == "__main__":
    main()
