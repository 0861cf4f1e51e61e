"""``coprod ledger``: the ledger's figures per funder, instrument and need, and a check that
every stored record keeps the ledger's rules (``docs/ledger.md``)."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from coprod.cli.database import open_store
from coprod.errors import RuleViolation
from coprod.services import ledger

ledger_app = typer.Typer(
    help="Money and quantities: pledged, allocated, disbursed; needed, ordered, delivered.",
    no_args_is_help=True,
)
console = Console()


@ledger_app.command("show")
def show(as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Per funder, instrument and need: the ledger's figures, derived from the orders and
    deliveries."""
    with open_store() as store:
        data = ledger.ledger_document(store.read(ledger.read_ledger))
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    money = ["currency", "pledged", "allocated", "disbursed"]
    console.print(_table("Funders", ["funder", *money], data["funders"], "funder"))
    console.print(_table("Funding instruments", ["instrument", *money], data["instruments"]))
    units = ["needed", "proposed", "ordered", "delivered", "accepted", "open"]
    console.print(_table("Needs", ["need", "due", *units], data["needs"]))


def _table(title: str, columns: list[str], rows: list[dict[str, Any]], first: str = "key") -> Table:
    table = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i < 2 else "right")
    names = [first, *columns[1:]]
    for row in rows:
        table.add_row(*(str(row[name]) for name in names))
    return table


@ledger_app.command("verify")
def verify() -> None:
    """Check every stored record against the ledger's rules: exit 5 naming each record that
    breaks one (registries written before the rules held), with the figures involved."""
    with open_store() as store:
        breaches = store.read(ledger.verify)
    for breach in breaches:
        figures = f" [{breach.figures}]" if breach.figures else ""
        typer.echo(f"  ! {breach}{figures}")
    if breaches:
        raise RuleViolation(f"{len(breaches)} ledger rule(s) broken: fix the records named above")
    typer.echo("every record keeps the ledger's rules")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(ledger_app, name="ledger")
