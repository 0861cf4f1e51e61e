"""Fuzz the scenario loader, the record importers and the extractor with hypothesis.

    .venv/bin/python benchmarks/reliability/fuzz.py [--examples 2000] [--extractor-examples 300]

Each target gets arbitrary JSON / bytes and valid documents with values replaced. A target
passes when every example ends in a result or a declared error (a CoprodError subclass) within
its deadline. Prints one row per target: examples run, results, declared errors, crashes, and
the slowest example.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the strategies live beside the bounded tests

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from tests.conftest import SAMPLE_RECORDS  # noqa: E402
from tests.reliability.fuzzing import JSON, mutated  # noqa: E402
from tests.reliability.test_fuzz_inputs import (  # noqa: E402
    ARTICLES,
    CELL,
    _csv_text,
)

from coprod.errors import CoprodError  # noqa: E402
from coprod.planner.problem import load_scenario, parse_scenario  # noqa: E402
from coprod.services.records import importing  # noqa: E402

SCENARIO = json.loads((ROOT / "tests" / "data" / "seed-scenario.json").read_text())
WORK = Path(tempfile.mkdtemp(prefix="coprod-fuzz-"))


def _file(name: str, data: bytes) -> Path:
    path = WORK / name
    path.write_bytes(data)
    return path


def _csv(args: tuple[int, list[list[str]], list[str]]) -> Path:
    kind_index, rows, extra = args
    from coprod.domain import kinds

    name = f"{kinds.KINDS[kind_index].plural}.csv"
    return _file(name, _csv_text(kind_index, rows, extra).encode())


def _extract(data: bytes) -> Any:
    from coprod.extraction.pipeline import extract_bytes

    return extract_bytes(data, "fuzz.txt")


CSV_ROWS = st.tuples(
    st.integers(min_value=0, max_value=11),
    st.lists(st.lists(CELL, max_size=14), max_size=4),
    st.lists(st.text(max_size=5), max_size=1),
)
BYTES = st.binary(max_size=400) | st.text(max_size=400).map(str.encode)

TARGETS: list[tuple[str, st.SearchStrategy[Any], Callable[[Any], Any], int]] = [
    ("scenario (JSON value)", JSON | mutated(SCENARIO), parse_scenario, 2_000),
    ("scenario (file bytes)", BYTES, lambda b: load_scenario(_file("s.json", b)), 2_000),
    (
        "records (JSON value)",
        JSON | mutated(SAMPLE_RECORDS, 4),
        lambda d: importing.read_document("fuzz.json", d),
        2_000,
    ),
    (
        "records (JSON file)",
        BYTES | mutated(SAMPLE_RECORDS).map(json.dumps).map(str.encode),
        lambda b: importing.read_file(_file("r.json", b)),
        2_000,
    ),
    ("records (CSV rows)", CSV_ROWS, lambda a: importing.read_file(_csv(a)), 2_000),
    ("records (CSV bytes)", BYTES, lambda b: importing.read_file(_file("orders.csv", b)), 2_000),
    ("extractor (article)", ARTICLES, _extract, 10_000),
]


def run_target(
    call: Callable[[Any], Any], strategy: Any, examples: int, deadline_ms: int
) -> dict[str, Any]:
    """Run one property; count outcomes; the first crash (shrunk) is reported, not raised."""
    outcome: Counter[str] = Counter()
    slowest = [0.0]

    @settings(
        max_examples=examples,
        deadline=deadline_ms,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def prop(value: Any) -> None:
        started = time.perf_counter()
        try:
            call(value)
            outcome["result"] += 1
        except CoprodError:
            outcome["declared"] += 1
        finally:
            slowest[0] = max(slowest[0], time.perf_counter() - started)

    crash = ""
    try:
        prop()
    except Exception as exc:
        crash = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    return {"outcome": outcome, "crash": crash, "slowest": slowest[0]}


def main() -> None:
    """Parse arguments, fuzz every target, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--extractor-examples", type=int, default=300)
    parser.add_argument("--only", help="run the targets whose name starts with this")
    args = parser.parse_args()
    print(
        f"{'target':24} {'examples':>9} {'results':>8} {'declared':>9} {'crashes':>8} "
        f"{'slowest s':>10}"
    )
    failed = False
    for name, strategy, call, deadline in TARGETS:
        if args.only and not name.startswith(args.only):
            continue
        if name.startswith("extractor"):
            from coprod.extraction.pipeline import warm_up

            warm_up()  # the French model loads once, outside any example's deadline
        n = args.extractor_examples if name.startswith("extractor") else args.examples
        r = run_target(call, strategy, n, deadline)
        o = r["outcome"]
        crashes = 1 if r["crash"] else 0
        failed |= bool(crashes)
        print(
            f"{name:24} {o['result'] + o['declared']:>9} {o['result']:>8} {o['declared']:>9} "
            f"{crashes:>8} {r['slowest']:>10.3f}"
        )
        if r["crash"]:
            print(f"  first crash: {r['crash']}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
