"""Benchmark the planner: model size, build, solve, whole process, memory, greedy gap, warm re-plan.

    .venv/bin/python benchmarks/planner.py [--sizes 2000x400x30x24,5000x1000x40x24] [--seed 1]

For each size (needs x lines x instruments x months; a trailing ``f``, as in
``20000x4000x60x36f``, draws the instruments' rules freely: ``scenario generate
--free-eligibility``, many classes each payable by many instruments) a scenario is generated,
then:
- variables / rows / non-zeros of the network LP;
- build s (arrays → LP) and solve s (HiGHS dual simplex), in process;
- whole s and peak MiB: a separate ``coprod plan SCENARIO --out PLAN`` process (imports,
  reading, validation, build, solve, explanation, writing), its wall time and max RSS;
  cpu s: its user + system CPU time (less sensitive than wall time to a busy machine);
- startup s: a ``coprod version`` process just before (interpreter and CLI imports), the
  part of "whole s" that is not planning;
- greedy/opt: the priority-first greedy's objective over the optimum;
- warm s: re-solve after one budget and one capacity change, from the previous basis
  (same HiGHS object), and its share of the cold solve; replan s: the whole warm re-plan
  (build, solve, orders, reasons); cold edit s: the edited scenario solved from scratch.
The plan is checked (constraints 1–4, objective recomputed) for every size.

A second table plans the same sizes with contract fields (``--contract-sizes``; ``seed`` is
``tests/data/seed-scenario-contracts.json``, the others ``scenario generate --contracts``),
each with the time limit of its target (``--contract-limits``; it covers the whole process),
in a separate ``coprod plan --time-limit`` process:
- pairs / integers: explicit (line, need) pairs and integer columns of the compact MIP
  ("cand.": only the pairs the relaxation uses, above 5 000 pairs);
- value/relax: the contract plan's objective over the LP relaxation's; bound/relax: the
  proven bound (the smallest of the relaxation, the cut bound, HiGHS's MIP bound and the
  Lagrangian bound) over the relaxation; gap: the proven gap;
- status, contracts, orders; build s, solve s (relaxation, first plans, MIP, fixed
  re-solves), whole s, cpu s (the process and its worker processes), peak MiB of the
  process plus its largest worker's (``mip.worker_peak_mib``: the products' phase of a large
  scenario runs on ``coprod plan --workers``, 2 by default on two CPUs); workers; rules:
  every rule checked.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from coprod.planner.check import check_plan
from coprod.planner.generate import generate_scenario
from coprod.planner.greedy import greedy_plan
from coprod.planner.plan import Planner, plan_document
from coprod.planner.problem import Problem, load_scenario

DEFAULT_SIZES = "2000x400x30x24,5000x1000x40x24,20000x4000x60x36,20000x4000x60x36f"
CONTRACT_SIZES = "seed,40x15x4x6,150x50x8x12,2000x400x30x24"
CONTRACT_LIMITS = "10,10,30,120"
SEED_CONTRACTS = Path(__file__).parents[1] / "tests" / "data" / "seed-scenario-contracts.json"
CONTRACT_COLUMNS = [
    "size",
    "pairs",
    "integers",
    "value/relax",
    "bound/relax",
    "gap",
    "status",
    "contracts",
    "orders",
    "build s",
    "solve s",
    "whole s",
    "cpu s",
    "peak MiB",
    "workers",
    "rules",
]
COLUMNS = [
    "size",
    "vars",
    "rows",
    "nnz",
    "build s",
    "solve s",
    "whole s",
    "cpu s",
    "startup s",
    "peak MiB",
    "greedy/opt",
    "warm s",
    "warm/cold",
    "replan s",
    "cold edit s",
    "feasible",
]


def whole_process(*args: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one ``coprod ARGS`` process.

    The peak comes from ``/usr/bin/time -f %M`` when it is there: a child forked from this
    (by then large) process reports the parent's size as its own peak in ``wait4``.
    """
    code = "from coprod.cli.main import main; main()"
    timer = ["/usr/bin/time", "-f", "PEAK-KIB %M"] if Path("/usr/bin/time").exists() else []
    started = time.perf_counter()
    process = subprocess.Popen(
        [*timer, sys.executable, "-c", code, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    errors = process.stderr.read().decode() if process.stderr else ""
    if status != 0:
        raise SystemExit(f"coprod plan failed: {errors}")
    peaks = [line.split()[1] for line in errors.splitlines() if line.startswith("PEAK-KIB ")]
    peak = int(peaks[-1]) / 1024 if peaks else usage.ru_maxrss / 1024
    return seconds, usage.ru_utime + usage.ru_stime, peak


def warm_replan(planner: Planner, problem: Problem) -> tuple[float, float, float, float]:
    """After one budget and one capacity change: warm solve s, whole warm re-plan s (build,
    solve, explain), cold solve s, and the warm/cold objective gap."""
    budget = problem.budget.copy()
    budget[int(np.argmax(budget))] *= 1.1
    capacity = problem.capacity.copy()
    busiest = int(np.argmax(capacity.sum(axis=1)))
    capacity[busiest] *= 0.5
    edited = replace(problem, budget=budget, capacity=capacity)
    started = time.perf_counter()
    warm = planner.plan(edited).solution
    replan = time.perf_counter() - started
    cold = Planner().plan(edited).solution  # from scratch
    gap = abs(warm.objective - cold.objective) / max(1.0, abs(cold.objective))
    return warm.solve_seconds, replan, cold.solve_seconds, gap


def measure(size: str, seed: int, workdir: Path) -> dict[str, str]:
    """One row of the table."""
    free = size.endswith("f")  # 20000x4000x60x36f: instruments' rules drawn freely
    needs, lines, instruments, months = (int(part) for part in size.rstrip("f").split("x"))
    scenario = workdir / f"scenario-{size}.json"
    data = generate_scenario(needs, lines, instruments, months, seed, free=free)
    scenario.write_text(json.dumps(data))
    startup, _, _ = whole_process("version")
    whole, cpu, peak = whole_process(
        "plan", str(scenario), "--out", str(workdir / f"plan-{size}.json")
    )
    problem = load_scenario(scenario)
    planner = Planner()
    result = planner.plan(problem)
    check = check_plan(problem, plan_document(result))
    exact = abs(check.objective - result.solution.objective) <= 1e-6 * max(
        1.0, abs(result.objective)
    )
    greedy = greedy_plan(problem).objective / result.objective if result.objective else 1.0
    warm, replan, cold_edit, gap = warm_replan(planner, problem)
    model = result.model
    return {
        "size": size,
        "vars": f"{model.num_col:,}",
        "rows": f"{model.num_row:,}",
        "nnz": f"{model.matrix.nnz:,}",
        "build s": f"{result.build_seconds:.3f}",
        "solve s": f"{result.solution.solve_seconds:.3f}",
        "whole s": f"{whole:.2f}",
        "cpu s": f"{cpu:.2f}",
        "startup s": f"{startup:.2f}",
        "peak MiB": f"{peak:.0f}",
        "greedy/opt": f"{greedy:.3f}",
        "warm s": f"{warm:.3f}",
        "warm/cold": f"{warm / result.solution.solve_seconds:.1%}",
        "replan s": f"{replan:.3f}",
        "cold edit s": f"{cold_edit:.3f}",
        "feasible": "yes" if check.feasible and exact and gap < 1e-6 else "NO",
    }


def measure_contracts(size: str, limit: float, seed: int, workdir: Path) -> dict[str, str]:
    """One row of the contract table: the whole process, then the same plan in process."""
    if size == "seed":
        scenario = SEED_CONTRACTS
    else:
        needs, lines, instruments, months = (int(part) for part in size.split("x"))
        data = generate_scenario(needs, lines, instruments, months, seed, contracts=True)
        scenario = workdir / f"contracts-{size}.json"
        scenario.write_text(json.dumps(data))
    out = workdir / f"contract-plan-{size}.json"
    whole, cpu, peak = whole_process(
        "plan", str(scenario), "--out", str(out), "--time-limit", str(limit)
    )
    problem = load_scenario(scenario)
    document = json.loads(out.read_text())
    check = check_plan(problem, document)
    mip = document["mip"]
    return {
        "size": size,
        "pairs": f"{mip['pairs']:,}" + (" (cand.)" if mip["pairs_from_relaxation_only"] else ""),
        "integers": f"{mip['integer_columns']:,}",
        "value/relax": f"{document['objective'] / document['relaxation']:.4f}",
        "bound/relax": f"{document['bound'] / document['relaxation']:.4f}",
        "gap": f"{document['gap']:.1e}",
        "status": document["status"],
        "contracts": f"{len(document['contracts']):,}",
        "orders": f"{len(document['orders']):,}",
        "build s": f"{document['solver']['build_seconds']:.2f}",
        "solve s": f"{document['solver']['solve_seconds']:.2f}",
        "whole s": f"{whole:.2f}",
        "cpu s": f"{cpu:.2f}",
        "peak MiB": f"{peak + mip.get('worker_peak_mib', 0.0):.0f}",
        "workers": str(mip.get("workers", 1)),
        "rules": "yes" if check.feasible else "NO",
    }


def print_table(rows: list[dict[str, str]], columns: list[str] | None = None) -> None:
    """A Markdown table."""
    columns = columns or COLUMNS
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    print("| " + " | ".join(c.ljust(widths[c]) for c in columns) + " |")
    print("|" + "|".join("-" * (widths[c] + 2) for c in columns) + "|")
    for row in rows:
        print("| " + " | ".join(row[c].rjust(widths[c]) for c in columns) + " |", flush=True)


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated NxMxKxH")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--contract-sizes", default=CONTRACT_SIZES, help="'seed' or NxMxKxH, comma-separated"
    )
    parser.add_argument(
        "--contract-limits", default=CONTRACT_LIMITS, help="time limit (s) per contract size"
    )
    args = parser.parse_args()
    first_load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows, contract_rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for size in filter(None, args.sizes.split(",")):
            rows.append(measure(size.strip(), args.seed, Path(tmp)))
            print(f"done {size}", file=sys.stderr, flush=True)
        sizes = list(filter(None, args.contract_sizes.split(",")))
        limits = [float(x) for x in args.contract_limits.split(",")]
        for size, limit in zip(sizes, limits + [limits[-1]] * len(sizes), strict=False):
            contract_rows.append(measure_contracts(size.strip(), limit, args.seed, Path(tmp)))
            print(f"done contracts {size}", file=sys.stderr, flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"machine: {os.cpu_count()} cores, load average {first_load} at the start, {load} at "
        f"the end; seed {args.seed}"
    )
    if rows:
        print_table(rows)
    if contract_rows:
        print_table(contract_rows, CONTRACT_COLUMNS)


if __name__ == "__main__":
    main()
