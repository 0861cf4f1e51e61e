"""``coprod plan risk SCENARIO``: how robust a plan is to capacity shortfalls, lead-time slips,
late deliveries and budget cuts (a sweep of perturbed re-plans, in this process or on a Dask
cluster; ``planner/risk.py`` defines the distributions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from typer import _click as click  # Typer ships its own copy of click; its classes are these
from typer.core import TyperCommand

from coprod.cli.cluster_options import (
    Scheduler,
    TlsCaFile,
    TlsCert,
    TlsKey,
    Workers,
    where_to_run,
)
from coprod.cli.progress import progress_bar

if TYPE_CHECKING:
    from coprod.cluster.choice import ClusterChoice

console = Console()
TOP = 15  # rows of each table of the report


def risk(
    scenario: Annotated[Path, typer.Argument(help="SCENARIO.json (coprod.scenario/1)")],
    *,
    samples: Annotated[int, typer.Option(min=1, help="Number of perturbed copies.")] = 100,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same result.")
    ] = 0,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write coprod.risk/1 JSON here.")
    ] = None,
    report: Annotated[bool, typer.Option("--report", help="Print a readable report.")] = False,
    scheduler: Scheduler = None,
    workers: Workers = None,
    batch_size: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="With a cluster: samples per task (default: decreasing sizes, largest first).",
        ),
    ] = None,
    tls_ca_file: TlsCaFile = None,
    tls_cert: TlsCert = None,
    tls_key: TlsKey = None,
    time_limit: Annotated[
        float | None, typer.Option(help="Solver time limit per solve, seconds.")
    ] = None,
    shortfall_prob: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="P(a line loses capacity).")
    ] = 0.2,
    shortfall_min: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Capacity lost: uniform from this…")
    ] = 0.1,
    shortfall_max: Annotated[float, typer.Option(min=0.0, max=1.0, help="…to this.")] = 0.5,
    slip_prob: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="P(a line's lead time slips by 1..--slip-max months)."),
    ] = 0.1,
    slip_max: Annotated[int, typer.Option(min=1, help="Longest slip, months (uniform).")] = 3,
    late_prob: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="P(a line's output of a month arrives a month late)."),
    ] = 0.05,
    cut_prob: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="P(an instrument's budget is cut).")
    ] = 0.2,
    cut_min: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Budget cut: uniform from this…")
    ] = 0.1,
    cut_max: Annotated[float, typer.Option(min=0.0, max=1.0, help="…to this.")] = 0.3,
) -> None:
    """Re-plan the scenario under N random perturbations; coverage risk per need.

    Per need: the distribution of its coverage (mean, P10, P50, P90) and the probability it is
    met; per line and instrument: how often it binds; the needs most at risk. The same seed
    gives the same result on one process or any cluster (solver timings aside)."""
    from coprod.planner.problem import load_scenario
    from coprod.planner.risk import Perturbations, Sweep

    params = Perturbations(
        shortfall_prob, shortfall_min, shortfall_max, slip_prob, slip_max, late_prob,
        cut_prob, cut_min, cut_max,
    ).check()  # fmt: skip
    choice = where_to_run(scheduler, workers, (tls_ca_file, tls_cert, tls_key))
    problem = load_scenario(scenario)
    sweep = Sweep(samples, seed, params, time_limit)
    document = _run(problem, sweep, (choice, batch_size))
    text = json.dumps(document, indent=1, ensure_ascii=False)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
        console.print(_summary(document, out), highlight=False)
    elif not report:
        typer.echo(text)
    if report:
        print_risk_report(document)


def _run(problem: Any, sweep: Any, cluster: tuple[ClusterChoice, int | None]) -> Any:
    """The sweep's document, in this process or on the cluster asked for."""
    choice, batch_size = cluster
    bar = progress_bar(sweep.samples, shown_from=2)
    if not choice.wanted:
        from coprod.planner.risk import sweep_in_process

        with bar:
            task = bar.add_task("solving samples", total=sweep.samples)
            return sweep_in_process(problem, sweep, lambda: bar.advance(task))
    from coprod.cluster.client import open_client, worker_count
    from coprod.cluster.risk import sweep_on_cluster

    with open_client(choice) as client, bar:
        task = bar.add_task(f"solving on {worker_count(client)} worker(s)", total=sweep.samples)
        return sweep_on_cluster(
            client, problem, sweep, batch_size, lambda done: bar.advance(task, len(done))
        )


def _summary(document: dict[str, Any], out: Path) -> str:
    solver = document["solver"]
    warm = solver["warm_solve_seconds"]["mean"]
    cold = solver["cold_solve_seconds"]
    return (
        f"{document['samples']} samples (seed {document['seed']}) on {solver['workers']} "
        f"worker(s) in {solver['seconds']:.1f} s; warm re-solve {warm:.3f} s on average, "
        f"cold {cold:.3f} s; {len(document['at_risk'])} need(s) at risk; written to {out}"
    )


def print_risk_report(document: dict[str, Any]) -> None:
    """Print a sweep's document readably."""
    objective = document["objective"]
    console.print(
        f"[bold]{document['scenario']}[/]: {document['samples']} perturbed plans "
        f"(seed {document['seed']}); base objective {document['base']['objective']:,.2f}, "
        f"perturbed mean {objective['mean']:,.2f} (P10 {objective['p10']:,.2f}, "
        f"P90 {objective['p90']:,.2f}); {document['samples_not_optimal']} not optimal",
        highlight=False,
    )
    console.print(_needs_table(document))
    for kind, title in (("lines", "production line"), ("instruments", "instrument")):
        console.print(_binding_table(document[kind], title))


def _needs_table(document: dict[str, Any]) -> Table:
    needs = {n["id"]: n for n in document["needs"]}
    table = Table(title="Needs most at risk (met by the plan, missed by perturbed plans)")
    columns = ("need", "priority", "plan", "mean", "P10", "P50", "P90", "P(met)")
    for column in columns:
        table.add_column(column, justify="left" if column == "need" else "right")
    for ident in document["at_risk"]:
        need, coverage = needs[ident], needs[ident]["coverage"]
        table.add_row(
            ident,
            f"{need['priority']:,.2f}",
            f"{need['base_coverage']:.0%}",
            *(f"{coverage[k]:.0%}" for k in ("mean", "p10", "p50", "p90")),
            f"{need['probability_met']:.0%}",
        )
    if not document["at_risk"]:
        table.add_row("none: every need the plan meets is met in every sample", *[""] * 7)
    return table


def _binding_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=f"How often each {title} binds (more of it would add value)")
    table.add_column(title)
    table.add_column("share of samples", justify="right")
    binding = sorted((r for r in rows if r["binds"] > 0), key=lambda r: (-r["binds"], r["id"]))
    for row in binding[:TOP]:
        table.add_row(row["id"], f"{row['binds']:.0%}")
    if len(binding) > TOP:
        table.add_row(f"… and {len(binding) - TOP} more", "")
    return table


def risk_command() -> click.Command:
    """``risk`` as a click command (``coprod plan risk``)."""
    app = typer.Typer(add_completion=False)
    app.command("risk")(risk)
    return typer.main.get_command(app)


class PlanCommand(TyperCommand):
    """``coprod plan``, whose first word may be a sub-command with options of its own (``risk``);
    anything else is the plan command itself."""

    def subcommands(self) -> dict[str, click.Command]:
        """The sub-commands, by name (the CLI reference lists them too)."""
        return {"risk": risk_command()}

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        """The sub-command's context when ``args`` starts with its name, else the plan's."""
        command = self.subcommands().get(args[0]) if args else None
        if command is None:
            return super().make_context(info_name, args, parent, **extra)
        return command.make_context(
            args[0], args[1:], parent=self.parent_of_subcommands(info_name or "plan", parent)
        )

    def parent_of_subcommands(self, info_name: str, parent: click.Context | None) -> click.Context:
        """``coprod plan`` as its sub-commands' parent: without the plan's own arguments."""
        return click.Context(TyperCommand(info_name), info_name=info_name, parent=parent)

    def subcommand_context(self, name: str, ctx: click.Context) -> click.Context:
        """The context of sub-command ``name`` under the plan's context ``ctx`` (for docs)."""
        parent = self.parent_of_subcommands(ctx.info_name or "plan", ctx.parent)
        return click.Context(self.subcommands()[name], info_name=name, parent=parent)
