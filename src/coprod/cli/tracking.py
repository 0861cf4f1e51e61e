"""``coprod track --by VIEW``: the ledger's figures by funder, category, system, producer,
month, agreement stage or country of production, in one reporting currency
(``docs/tracking.md``)."""

from __future__ import annotations

import json
from functools import partial
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from coprod.cli.database import open_store
from coprod.domain.rates import REPORTING
from coprod.domain.tracking import STALLED_BOUNDS, STALLED_MONTHS
from coprod.services import tracking

console = Console(width=200)


By = tracking.By


def _print(view: tracking.View) -> None:
    for table in view.tables:
        shown = RichTable(title=f"{table.name} ({view.currency})", title_justify="left")
        for i, column in enumerate(table.columns):
            shown.add_column(
                tracking.heading(column, view.currency),
                justify="left" if column.unit in ("text", "date") or i == 0 else "right",
            )
        for row in table.rows:
            shown.add_row(
                *("" if row.get(c.name) is None else str(row[c.name]) for c in table.columns)
            )
        if table.totals:
            shown.add_row(*(
                "total" if i == 0 else str(table.totals.get(c.name, ""))
                for i, c in enumerate(table.columns)
            ))  # fmt: skip
        console.print(shown)
    for rate in view.rates:
        console.print(f"rate used: {rate}")


def track(
    by: Annotated[By, typer.Option("--by", help="the view: " + ", ".join(tracking.VIEWS))],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    csv_table: Annotated[
        str | None,
        typer.Option("--csv", metavar="TABLE", help="print this table of the view as CSV"),
    ] = None,
    currency: Annotated[
        str, typer.Option(help="the reporting currency money is given in (EUR, GBP, …)")
    ] = REPORTING,
    on: Annotated[
        str | None,
        typer.Option(
            help="the day (YYYY-MM-DD) stalls and current stakes are judged on and undated "
            "pledges converted at; default today"
        ),
    ] = None,
    as_user: Annotated[
        str | None,
        typer.Option("--as", metavar="USER", help="show what this platform account may see"),
    ] = None,
    stalled_months: Annotated[
        int,
        typer.Option(
            min=STALLED_BOUNDS[0],
            max=STALLED_BOUNDS[1],
            help="months an agreement may sit at a stage before the end before it counts as "
            "stalled (--by agreement-stage)",
        ),
    ] = STALLED_MONTHS,
) -> None:
    """Pledged, allocated, ordered, produced, delivered and disbursed by funder, category,
    system, producer or month; the agreements' pipeline; where co-production happens."""
    day = tracking.parse_day(on) if on else None
    use = partial(
        tracking.track,
        by=by.value,
        currency=currency,
        on=day,
        as_user=as_user,
        stalled_months=stalled_months,
    )
    view = open_store().read(use)
    if as_json:
        typer.echo(json.dumps(tracking.view_document(view), indent=2))
    elif csv_table is not None:
        typer.echo(tracking.view_csv(view, csv_table), nl=False)
    else:
        _print(view)


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(track)
