"""``coprod plan SCENARIO.json`` (what-ifs, report, registry) and ``coprod plan compare``."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from coprod.cli.risk import PlanCommand
from coprod.errors import InvalidInput
from coprod.planner.build import build_model
from coprod.planner.insights import Insights, insights
from coprod.planner.past_due import past_due_message
from coprod.planner.plan import ContractResult, Planner, PlanResult, plan_document
from coprod.planner.problem import Problem, load_scenario
from coprod.planner.solve import SolveStatus, load_basis, save_basis
from coprod.planner.whatif import Comparison, apply_edits, compare_plans, parse_edit

if TYPE_CHECKING:
    from coprod.services.planning.plan_runs import PlanRun

console = Console()
err_console = Console(stderr=True)
NEED_ROWS = 25
# a contract plan stopped by the time limit still meets every rule (its gap says how far)
SIGNABLE = (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)

PLAN_HELP = """Plan a scenario: who produces what, when, paid by which instrument.

\b
  coprod plan SCENARIO.json --out PLAN.json [--report]
  coprod plan SCENARIO.json --set instruments.ID.budget=2e8 --set needs.ID.due=2026-06 ...
  coprod plan SCENARIO.json --out A.json --save-basis A.basis     (then, in another run:)
  coprod plan SCENARIO.json --set producers.ID.capacity=500 --warm-basis A.basis --out B.json
  coprod plan compare A.json B.json
  coprod plan SCENARIO.json --set needs.ID.priority=5 --compare   (both plans, warm, in one run)
  coprod plan --from-db [--report]
  coprod plan risk SCENARIO.json --samples 200 --seed 1 [--workers 2] --out RISK.json [--report]

--set edits instruments.ID.{budget,first_month,last_month},
producers.ID.{capacity,unit_cost,lead_time} and needs.ID.{due,priority,quantity}; values are
JSON (a number, a list of monthly capacities) or a month YYYY-MM."""


def plan(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help="SCENARIO.json, or: compare PLAN_A.json PLAN_B.json", show_default=False
        ),
    ] = None,
    *,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the plan here (else stdout).")
    ] = None,
    report: Annotated[bool, typer.Option("--report", help="Print a readable report.")] = False,
    edits: Annotated[
        list[str] | None,
        typer.Option("--set", help="What-if edit LIST.ID.FIELD=VALUE (repeatable)."),
    ] = None,
    save_basis_to: Annotated[
        Path | None,
        typer.Option("--save-basis", help="Save the optimal basis for a later warm start."),
    ] = None,
    warm_basis: Annotated[
        Path | None, typer.Option("--warm-basis", help="Start from a basis saved by --save-basis.")
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            help="Time limit in seconds. A contract plan: the whole command, counted from "
            "its start (60 when not given); a plan without contract fields: the solver's."
        ),
    ] = None,
    from_db: Annotated[
        bool, typer.Option("--from-db", help="Plan from the registry and store the plan.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="compare: print the comparison as JSON.")
    ] = False,
    compare: Annotated[
        bool,
        typer.Option(
            "--compare",
            help="With --set: plan the scenario as is, then re-plan with the edits from its "
            "basis (warm), and print what changed.",
        ),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="A large contract plan: processes for its products' phase (2 where two "
            "CPUs are usable, else 1).",
        ),
    ] = None,
    months: Annotated[int, typer.Option(min=1, help="--from-db: horizon in months.")] = 12,
    start: Annotated[
        str | None, typer.Option(help="--from-db: month 0 (YYYY-MM); default: this month.")
    ] = None,
) -> None:
    """Plan a scenario (see the usage above)."""
    words = list(args or [])
    if words[:1] == ["compare"]:
        _compare(words[1:], as_json)
        return
    if from_db:
        _plan_from_db(words, edits or [], (report, time_limit, months, start), workers)
        return
    if len(words) != 1:
        raise InvalidInput("expected one SCENARIO.json (or: compare PLAN_A.json PLAN_B.json)")
    problem = load_scenario(Path(words[0]))
    # a contract plan's time limit counts from this process's start (reading the file too)
    planner = Planner(
        time_limit=time_limit, started=time.perf_counter() - process_seconds(), workers=workers
    )
    base = _solve(planner, problem, warm_basis) if edits and compare else None
    if edits:
        problem = apply_edits(problem, [parse_edit(text) for text in edits])
    result = _solve(planner, problem, None if base else warm_basis)
    if save_basis_to is not None and planner.solver is not None:
        save_basis(save_basis_to, result.model, planner.solver)
    _output(result, out, quiet_stdout=report or base is not None)
    if base is not None:
        print_comparison(
            compare_plans(plan_document(base), plan_document(result)), problem.scenario.currency
        )
    if report:
        print_report(result, insights(planner, result))
    if result.status not in SIGNABLE:
        raise typer.Exit(1)


def process_seconds() -> float:
    """Seconds since this process started (from ``/proc``; 0 where it cannot be read)."""
    try:
        stat = Path("/proc/self/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, starttime
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(uptime - ticks / os.sysconf("SC_CLK_TCK"), 0.0)
    except (OSError, ValueError, IndexError):
        return 0.0


def _solve(planner: Planner, problem: Problem, warm_basis: Path | None) -> PlanResult:
    with err_console.status("planning…", spinner="dots"):
        if warm_basis is not None:
            model = build_model(problem)
            if not load_basis(warm_basis, planner.solver_for(model)):
                err_console.print("note: the saved basis belongs to another model; solving cold")
        return planner.plan(problem)


def _output(result: PlanResult, out: Path | None, *, quiet_stdout: bool) -> None:
    document = plan_document(result)
    # json's indenting encoder is pure Python: big plans are written compact (10x faster)
    small = len(document["orders"]) + len(document["funding"]) < 2000
    text = json.dumps(document, indent=1 if small else None, ensure_ascii=False)
    if out is None:
        if not quiet_stdout:
            typer.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    met = sum(1 for need in document["needs"] if need["reason"] == "fulfilled")
    solver = document["solver"]
    contracts = ""
    if "contracts" in document:
        contracts = (
            f", {len(document['contracts'])} contracts, gap {document['gap']:.2e} "
            f"(bound {document['bound']:,.2f})"
        )
    console.print(
        f"{document['status']}: objective {document['objective']:,.2f}{contracts}, "
        f"{len(document['orders'])} orders, {met}/{len(document['needs'])} needs fulfilled, "
        f"solved in {solver['solve_seconds']:.3f} s ({'warm' if solver['warm_start'] else 'cold'}"
        f", {solver['iterations']} iterations); written to {out}",
        highlight=False,
    )
    if result.status is SolveStatus.FEASIBLE:
        err_console.print(
            "note: the time limit stopped the search; the plan meets every rule, "
            f"within {document['gap']:.2%} of the best"
        )
    elif result.status is not SolveStatus.OPTIMAL:
        err_console.print(f"error: the solver stopped with status {result.status}")


def _plan_from_db(
    words: list[str],
    edits: list[str],
    options: tuple[bool, float | None, int, str | None],
    workers: int | None = None,
) -> None:
    # The store is imported here, not at the top: planning a file needs no database.
    from coprod.cli.database import open_store
    from coprod.services.planning import plan_runs

    report, time_limit, months, start = options
    if words:
        raise InvalidInput("--from-db takes no SCENARIO argument")
    for text in edits:
        parse_edit(text)  # named before the database is opened
    with open_store() as store, err_console.status("planning…", spinner="dots"):
        done = plan_runs.run_plan(
            store.units(),  # the local operator (access.SYSTEM): sees everything
            months=months,
            start=start,
            edits=edits,
            time_limit=time_limit,
            workers=workers,
        )
    _print_stored(done)
    if report:
        print_report(done.result, insights(done.planner, done.result))


def _print_stored(done: PlanRun) -> None:
    result, stored = done.result, done.stored
    for skipped in done.skipped:
        err_console.print(f"left out: {skipped}", highlight=False)
    past_due = past_due_message(result.problem)
    if past_due is not None:
        err_console.print(f"note: {past_due}", highlight=False)
    _output(result, None, quiet_stdout=True)
    if stored is None:
        err_console.print(f"error: the solver stopped with status {result.status}; nothing stored")
        raise typer.Exit(1)
    money = f"{sum(stored.allocated.values()):,.2f} {result.problem.scenario.currency}"
    contracts = ""
    if result.contract is not None:
        contracts = f" in {len(result.contract.contracts.producer)} proposed contracts"
    console.print(
        f"{result.status}: objective {result.objective:,.2f}; stored {stored.orders} proposed "
        f"orders{contracts} worth {money} over {len(stored.allocated)} instruments "
        "(not allocated); "
        f"released {stored.released} earlier proposed orders",
        highlight=False,
    )


def _compare(paths: list[str], as_json: bool) -> None:
    if len(paths) != 2:
        raise InvalidInput("usage: coprod plan compare PLAN_A.json PLAN_B.json")
    a, b = (_read_plan(Path(path)) for path in paths)
    comparison = compare_plans(a, b)
    if as_json:
        typer.echo(json.dumps(_comparison_json(comparison), indent=1))
        return
    print_comparison(comparison, a.get("currency", ""))


def _read_plan(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read plan: {exc.strerror}", location=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput("not UTF-8 text", location=str(path)) from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"not valid JSON: {exc.msg} (line {exc.lineno})", location=str(path)
        ) from exc
    except RecursionError as exc:
        raise InvalidInput("JSON nested too deeply", location=str(path)) from exc
    if not isinstance(data, dict) or data.get("schema") != "coprod.plan/1":
        raise InvalidInput("field 'schema': expected 'coprod.plan/1'", location=str(path))
    return data


def _comparison_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "objective": {"before": comparison.objective[0], "after": comparison.objective[1]},
        "status": {"before": comparison.status[0], "after": comparison.status[1]},
        "changes": [change.__dict__ for change in comparison.changes],
    }


def print_comparison(comparison: Comparison, currency: str) -> None:
    """Print what changed between two plans."""
    before, after = comparison.objective
    console.print(
        f"objective: {before:,.2f} → {after:,.2f} ({after - before:+,.2f}); "
        f"status: {comparison.status[0]} → {comparison.status[1]}",
        highlight=False,
    )
    titles = {
        "need": "planned units",
        "instrument": f"spent ({currency})",
        "producer": "utilisation",
    }
    for kind, title in titles.items():
        rows = [c for c in comparison.changes if c.kind == kind]
        if not rows:
            continue
        table = Table(title=f"{kind}s: {title}")
        for column in ("id", "before", "after", "change", "note"):
            table.add_column(column, justify="left" if column in ("id", "note") else "right")
        for c in rows:
            table.add_row(
                c.id, f"{c.before:,.2f}", f"{c.after:,.2f}", f"{c.after - c.before:+,.2f}", c.note
            )
        console.print(table)
    if not comparison.changes:
        console.print("no change in coverage, spend or utilisation")


def print_report(result: PlanResult, found: Insights) -> None:
    """Print the readable report of a plan."""
    problem = result.problem
    console.print(
        f"[bold]{problem.scenario.name}[/]: {result.status}, objective {result.objective:,.2f}; "
        f"build {result.build_seconds:.3f} s, solve {result.solution.solve_seconds:.3f} s",
        highlight=False,
    )
    past_due = past_due_message(problem)
    if past_due is not None:
        console.print(f"[bold]Past due:[/] {past_due}", highlight=False)
    if result.contract is not None:
        _print_contracts(result, result.contract)
    console.print(_products_table(result))
    console.print(_needs_table(result))
    console.print(_instruments_table(result))
    console.print(_bottlenecks_table(result))
    console.print(
        _gains_table(
            "Next €1M (one more million in an instrument)", found.next_million, "instrument"
        )
    )
    console.print(
        _gains_table("Next production line (a copy of an existing line)", found.next_line, "line")
    )
    of_what = "the LP relaxation" if result.contract is not None else "the optimum"
    console.print(
        f"greedy priority-first baseline: {found.greedy_objective:,.2f} = "
        f"{found.greedy_ratio:.1%} of {of_what} {found.optimum:,.2f}",
        highlight=False,
    )


def _print_contracts(result: PlanResult, contract: ContractResult) -> None:
    """The price of signing, then the contracts (per line and need)."""
    problem = result.problem
    price = contract.relaxation - result.objective
    share = price / abs(contract.relaxation) if contract.relaxation else 0.0
    console.print(
        f"contract plan: {result.objective:,.2f}; LP relaxation (no contract fields) "
        f"{contract.relaxation:,.2f}; price of signing {price:,.2f} ({share:.2%}); "
        f"proven bound {contract.bound:,.2f}, gap {contract.gap:.2e} (mip_gap "
        f"{problem.mip_gap:g})",
        highlight=False,
    )
    console.print(
        "marginal values: from the LP with the signed contracts fixed (which line supplies "
        "which need), quantities relaxed (whole units and lots not imposed)",
        highlight=False,
    )
    found = contract.contracts
    order = np.lexsort((found.need, found.producer))
    shown = f" (the first {NEED_ROWS * 2} of {len(order)})" if len(order) > NEED_ROWS * 2 else ""
    table = Table(title=f"Contracts: one per line and need{shown}")
    for column in ("line", "need", "quantity", "months", "cost"):
        table.add_column(column, justify="right" if column in ("quantity", "cost") else "left")
    for k in order[: NEED_ROWS * 2]:
        months = found.months[k]
        span = problem.month_label(months[0])
        if len(months) > 1:
            span += f" – {problem.month_label(months[-1])} ({len(months)} months)"
        table.add_row(
            problem.producer_ids[found.producer[k]],
            problem.need_ids[found.need[k]],
            _n(found.quantity[k]),
            span,
            _n(found.cost[k]),
        )
    console.print(table)


def _products_table(result: PlanResult) -> Table:
    problem = result.problem
    table = Table(title="Coverage per product")
    for column in ("product", "needed", "planned", "on time", "late", "unmet", "covered"):
        table.add_column(column, justify="left" if column == "product" else "right")
    for g, ident in enumerate(problem.product_ids):
        mask = problem.need_product == g
        need = float(problem.need_quantity[mask].sum())
        planned, on_time = float(result.planned[mask].sum()), float(result.on_time[mask].sum())
        covered = planned / need if need else 1.0
        table.add_row(
            ident,
            _n(need),
            _n(planned),
            _n(on_time),
            _n(planned - on_time),
            _n(need - planned),
            f"{covered:.0%}",
        )
    return table


def _needs_table(result: PlanResult) -> Table:
    problem = result.problem
    unmet = problem.need_quantity - result.planned
    order = np.lexsort((np.arange(len(unmet)), -unmet * problem.need_priority))[:NEED_ROWS]
    shown = f" (the {NEED_ROWS} with the most unmet value)" if len(unmet) > NEED_ROWS else ""
    table = Table(title=f"Coverage per need{shown}")
    for column in ("need", "priority", "due", "needed", "planned", "on time", "unmet", "reason"):
        table.add_column(column, justify="left" if column in ("need", "due", "reason") else "right")
    for j in order:
        table.add_row(
            problem.need_ids[j],
            f"{problem.need_priority[j]:,.2f}",
            problem.month_label(problem.need_due[j]),
            _n(problem.need_quantity[j]),
            _n(result.planned[j]),
            _n(result.on_time[j]),
            _n(max(unmet[j], 0.0)),
            str(result.reasons[j]),
        )
    return table


def _instruments_table(result: PlanResult) -> Table:
    problem = result.problem
    table = Table(title=f"Spend per instrument ({problem.scenario.currency})")
    for column in ("instrument", "budget", "spent", "used", "value of +1"):
        table.add_column(column, justify="left" if column == "instrument" else "right")
    for i, ident in enumerate(problem.instrument_ids):
        budget, spent = float(problem.budget[i]), float(result.spent[i])
        used = spent / budget if budget else 0.0
        table.add_row(
            ident, _n(budget), _n(spent), f"{used:.0%}", f"{result.instrument_value[i]:.4g}"
        )
    return table


def _bottlenecks_table(result: PlanResult) -> Table:
    problem = result.problem
    table = Table(title="Binding bottlenecks (marginal value > 0)")
    for column in ("kind", "id", "marginal value", "detail"):
        table.add_column(column, justify="right" if column == "marginal value" else "left")
    rows: list[tuple[float, str, str, str]] = []
    for i, value in enumerate(result.instrument_value):
        if value > 1e-9:
            rows.append((float(value), "budget", problem.instrument_ids[i], "per currency unit"))
    for p, value in enumerate(result.capacity_value):
        if value > 1e-9:
            detail = f"per unit/month, utilisation {result.utilisation[p]:.0%}"
            rows.append((float(value), "capacity", problem.producer_ids[p], detail))
    for value, kind, ident, detail in sorted(rows, key=lambda r: -r[0])[:NEED_ROWS]:
        table.add_row(kind, ident, f"{value:.4g}", detail)
    return table


def _gains_table(title: str, gains: list[Any], label: str) -> Table:
    table = Table(title=title)
    for column in (label, "marginal value", "first-order gain", "re-solved gain"):
        table.add_column(column, justify="left" if column == label else "right")
    for gain in gains:
        exact = "-" if gain.exact is None else _n(gain.exact)
        table.add_row(gain.id, f"{gain.marginal_value:.4g}", _n(gain.estimate), exact)
    return table


def _n(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command(name="plan", help=PLAN_HELP, cls=PlanCommand)(plan)
