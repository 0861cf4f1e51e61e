"""``coprod alerts``: what needs attention today, from the ledger's figures
(``domain/alerts.py``): overdue deliveries, past-due needs, closing funding windows, stalled
agreements, ledger rule breaches."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated

import typer

from coprod.cli.database import open_store
from coprod.domain.alerts import DEFAULT_HORIZON
from coprod.errors import InvalidInput
from coprod.services import alerts as service


def _day(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--today: {text!r} is not a date YYYY-MM-DD") from None


def alerts(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    months: Annotated[
        int,
        typer.Option(
            "--months",
            help="How soon a funding window's end counts as close, and how long an agreement "
            "may rest at a step before it counts as stalled.",
        ),
    ] = DEFAULT_HORIZON,
    today: Annotated[
        str | None,
        typer.Option(help="Judge as of this day (YYYY-MM-DD); default: today (UTC)."),
    ] = None,
) -> None:
    """Overdue deliveries, needs past due, funding windows closing with money unallocated,
    stalled agreements and ledger rule breaches, most severe first."""
    day = _day(today)
    with open_store() as store:
        found = store.read(lambda uow: service.alerts(uow, today=day, horizon=months))
    if as_json:
        typer.echo(json.dumps(service.document(found), indent=2, ensure_ascii=False))
        return
    if not found:
        typer.echo(f"no alerts on {day.isoformat()}")
        return
    typer.echo(f"{len(found)} alert(s) on {day.isoformat()}, most severe first:")
    for alert in found:
        mark = "* " if alert.watched else "  "
        since = f" since {alert.since}" if alert.since else ""
        typer.echo(
            f"{mark}{alert.severity.upper():6} {alert.kind.replace('_', ' ')}: "
            f"{alert.record} {alert.key}{since}: {alert.why}"
        )


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(alerts)
