"""``coprod scenario generate|validate|export``: planning scenarios (``coprod.scenario/1``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from coprod.cli.database import open_store
from coprod.planner.generate import generate_scenario
from coprod.planner.problem import load_scenario
from coprod.services import planning

console = Console()
scenario_app = typer.Typer(
    help="Planning scenarios (coprod.scenario/1): generate, validate, export.", no_args_is_help=True
)


@scenario_app.command()
def generate(
    needs: Annotated[int, typer.Option(min=1, help="Number of needs.")] = 200,
    *,
    lines: Annotated[int, typer.Option(min=1, help="Number of production lines.")] = 40,
    instruments: Annotated[int, typer.Option(min=1, help="Number of funding instruments.")] = 10,
    months: Annotated[int, typer.Option(min=1, help="Horizon in months.")] = 12,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same file.")] = 0,
    contracts: Annotated[
        bool,
        typer.Option(
            "--contracts",
            help="Add contract fields: whole units, lot sizes and minimum orders on most lines, "
            "one to three suppliers per need.",
        ),
    ] = False,
    free: Annotated[
        bool,
        typer.Option(
            "--free-eligibility",
            help="Draw the instruments' eligibility rules and windows freely (any countries "
            "and categories, 2 to 12 month windows): many funding classes, a harder LP.",
        ),
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (else stdout).")
    ] = None,
) -> None:
    """Generate a realistic random scenario."""
    data = generate_scenario(
        needs, lines, instruments, months, seed, contracts=contracts, free=free
    )
    text = json.dumps(data, indent=1, ensure_ascii=False)
    if out is None:
        typer.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    console.print(
        f"wrote {out}: {needs} needs, {lines} lines, {instruments} instruments, {months} months",
        highlight=False,
    )


@scenario_app.command()
def validate(path: Annotated[Path, typer.Argument(help="SCENARIO.json")]) -> None:
    """Check a scenario file; prints what the engine would refuse."""
    problem = load_scenario(path)
    console.print(
        f"{path}: valid; {len(problem.need_ids)} needs, {len(problem.producer_ids)} producers, "
        f"{len(problem.instrument_ids)} instruments, {problem.months} months",
        highlight=False,
    )


@scenario_app.command()
def export(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here (else stdout).")
    ] = None,
    months: Annotated[int, typer.Option(min=1, help="Horizon in months.")] = 12,
    start: Annotated[
        str | None, typer.Option(help="Month 0 (YYYY-MM); default: this month.")
    ] = None,
) -> None:
    """Export the registry's open needs, lines and instruments as a scenario."""
    with open_store() as store:
        exported = store.read(lambda uow: planning.export_scenario(uow, months, start))
    for skipped in exported.skipped:
        Console(stderr=True).print(f"left out: {skipped}", highlight=False)
    text = json.dumps(exported.scenario, indent=1, ensure_ascii=False)
    if out is None:
        typer.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    console.print(f"wrote {out}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(scenario_app, name="scenario")
