"""``coprod ledger``: the ledger's figures per funder, instrument and need, and a check that
every stored record keeps the ledger's rules (``docs/ledger.md``)."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from coprod.cli.database import open_store
from coprod.domain.rates import REPORTING
from coprod.errors import InvalidInput, RuleViolation
from coprod.services import ledger
from coprod.services.accounts.access import SYSTEM
from coprod.services.ledger import rates
from coprod.services.registry import plants

ledger_app = typer.Typer(
    help="Money and quantities: pledged, allocated, disbursed; needed, ordered, delivered.",
    no_args_is_help=True,
)
console = Console()


@ledger_app.command("show")
def show(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    currency: Annotated[
        str, typer.Option(help="the reporting currency every total is given in (EUR, GBP, …)")
    ] = REPORTING,
) -> None:
    """Per funder, instrument and need: the ledger's figures, derived from the orders,
    production reports, deliveries and payments; money in one reporting currency, each
    pledge, order and payment at the rate of its date, with the rates used."""
    with open_store() as store:
        data = ledger.report_document(store.read(partial(ledger.read_report, currency=currency)))
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    money = ["pledged", "allocated", "disbursed"]
    unit = data["currency"]
    console.print(_table(f"Total ({unit})", ["currency", *money], [data["total"]], "currency"))
    console.print(_table(f"Funders ({unit})", ["funder", *money], data["funders"], "funder"))
    own = [i | {"own": i["own"]["currency"]} for i in data["instruments"]]
    columns = ["instrument", "own", *money]
    console.print(_table(f"Funding instruments ({unit})", columns, own))
    units = ["needed", "proposed", "ordered", "delivered", "accepted", "open"]
    console.print(_table("Needs", ["need", "due", *units], data["needs"]))
    for rate in data["total"]["rates"]:
        console.print(f"rate used: {rate['text']}")


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
    breaks one (registries written before the rules held), with the figures involved. The
    ledger's breaches are stored for the alerts (a fixed record's is cleared)."""
    with open_store() as store:
        breaches = store.write(ledger.record_verify) + store.read(plants.verify)
    for breach in breaches:
        figures = f" [{breach.figures}]" if breach.figures else ""
        typer.echo(f"  ! {breach}{figures}")
    if breaches:
        raise RuleViolation(f"{len(breaches)} ledger rule(s) broken: fix the records named above")
    typer.echo("every record keeps the ledger's rules")


rates_app = typer.Typer(
    help="Dated exchange rates (euro as base): every total is reported in one currency.",
    no_args_is_help=True,
)


@rates_app.command("import")
def import_rates(
    file: Annotated[Path, typer.Argument(help="an ECB reference-rate CSV: Date,USD,GBP,…")],
) -> None:
    """Store the rates of an ECB reference-rate CSV (a Date column, one column per currency,
    units per euro); a bad row is named by line and column and nothing is stored."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{file}: cannot be read as UTF-8 text ({exc})") from None
    with open_store() as store:
        done = rates.import_rates_file(store.units(), SYSTEM, text, str(file))
    typer.echo(
        f"{file}: {done.added} rates added, {done.changed} changed, {done.unchanged} unchanged "
        f"({', '.join(done.currencies)}; {done.first} to {done.last})"
    )


@rates_app.command("list")
def list_rates(
    currency: Annotated[str | None, typer.Option(help="only this currency (USD, GBP, …)")] = None,
) -> None:
    """The stored rates: one euro in each currency, by date."""
    with open_store() as store:
        found = rates.stored_rates(store.units(), currency)
    table = Table(title="Exchange rates (units per euro)", title_justify="left")
    for column in ("currency", "date", "per euro"):
        table.add_column(column)
    for rate in found:
        table.add_row(rate.currency, rate.on.isoformat(), str(rate.per_euro))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(ledger_app, name="ledger")
    app.add_typer(rates_app, name="rates")
