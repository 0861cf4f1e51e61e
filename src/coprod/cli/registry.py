"""``coprod <entity> list`` for every entity, ``coprod agreements show|advance``."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from coprod.cli.database import open_store
from coprod.domain import kinds
from coprod.domain.enums import AgreementStatus, OrderStatus
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput
from coprod.services import registry
from coprod.services.ledger import orders
from coprod.services.records.listing import agreement_record, list_records

console = Console()
LIST_CELL_ITEMS = 4

# Presentation, per kind of record (``domain/kinds.py``): the filters `list` offers (option →
# filter name of the repository) and the columns of its table.
FILTERS: dict[Kind[Any], dict[str, str]] = {
    kinds.SOURCE_DOCUMENT: {"language": "language"},
    kinds.ORGANISATION: {"kind": "kind", "country": "country"},
    kinds.PERSON: {"country": "country"},
    kinds.SYSTEM: {"category": "category"},
    kinds.AGREEMENT: {"status": "status", "type": "type", "party": "party", "system": "system"},
    kinds.PLANT: {"operator": "operator", "country": "country", "status": "status"},
    kinds.OWNERSHIP: {"owner": "owner", "owned": "owned"},
    kinds.INVESTMENT: {"investor": "investor", "status": "status"},
    kinds.NEED: {"system": "system", "recipient": "recipient"},
    kinds.PRODUCTION_LINE: {"system": "system", "site-country": "site_country"},
    kinds.FUNDING_INSTRUMENT: {"kind": "kind", "funder": "funder"},
    kinds.ORDER: {"status": "status", "month": "month"},
    kinds.DELIVERY: {},
    kinds.PRODUCTION_REPORT: {"month": "month"},
    kinds.PAYMENT: {"currency": "currency"},
    kinds.INNOVATION_PROJECT: {},
    kinds.EVENT: {"kind": "kind"},
}
COLUMNS: dict[Kind[Any], list[str]] = {
    kinds.SOURCE_DOCUMENT: ["key", "name", "language", "published", "title"],
    kinds.ORGANISATION: ["key", "name", "kind", "country", "parent"],
    kinds.PERSON: ["key", "name", "country", "aliases"],
    kinds.SYSTEM: ["key", "name", "category", "aliases"],
    kinds.AGREEMENT: ["key", "type", "status", "parties", "systems", "value", "title"],
    kinds.PLANT: ["key", "operator", "country", "city", "kind", "status", "name"],
    kinds.OWNERSHIP: ["key", "owner", "owned", "stake", "start", "end"],
    kinds.INVESTMENT: ["key", "investor", "plant", "company", "amount", "stake", "on", "status"],
    kinds.NEED: ["key", "system", "quantity", "due", "priority", "recipient", "illustrative"],
    kinds.PRODUCTION_LINE: [
        "key",
        "organisation",
        "system",
        "site_country",
        "plant",
        "monthly_capacity",
        "unit_cost",
    ],
    kinds.FUNDING_INSTRUMENT: ["key", "funder", "kind", "pledged", "allocated", "disbursed"],
    kinds.ORDER: ["key", "need", "production_line", "instrument", "quantity", "month", "status"],
    kinds.DELIVERY: ["key", "order", "quantity", "delivered_on"],
    kinds.PRODUCTION_REPORT: ["key", "production_line", "month", "quantity", "order"],
    kinds.PAYMENT: ["key", "instrument", "order", "paid_on", "amount"],
    kinds.INNOVATION_PROJECT: ["key", "name", "partners", "need", "stages"],
    kinds.EVENT: ["key", "kind", "on", "place", "name"],
}


def cell(value: Any) -> str:
    """A record's value as table text."""
    if value is None:
        return ""
    if isinstance(value, dict) and set(value) == {"amount", "currency"}:
        return f"{value['amount']} {value['currency']}"
    if isinstance(value, list) and len(value) > LIST_CELL_ITEMS:
        shown = cell(value[:LIST_CELL_ITEMS])
        return f"{shown}, … (+{len(value) - LIST_CELL_ITEMS})"
    if isinstance(value, list):
        return ", ".join(
            cell(v["stage"] if isinstance(v, dict) and "stage" in v else v) for v in value
        )
    return str(value)


def show_records(kind: Kind[Any], records: list[dict[str, Any]], as_json: bool) -> None:
    """Print records as JSON or as a table."""
    if as_json:
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{kind.plural} ({len(records)})", title_justify="left")
    for column in COLUMNS[kind]:
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(*(cell(record.get(c)) for c in COLUMNS[kind]))
    console.print(table)


def list_command(kind: Kind[Any]) -> Callable[..., None]:
    """The ``list`` command of ``kind``, with its filter options."""
    filters = FILTERS[kind]

    def list_(**options: Any) -> None:
        chosen = {
            filters[o.replace("_", "-")]: v
            for o, v in options.items()
            if o.replace("_", "-") in filters
        }
        found = open_store().read(
            lambda uow: list_records(
                uow,
                kind,
                chosen,
                sort=options["sort"],
                limit=options["limit"],
                offset=options["offset"],
            )
        )
        show_records(kind, found, options["as_json"])

    params = [
        inspect.Parameter(
            name.replace("-", "_"),
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None, typer.Option(f"--{name}", help=f"only with this {name}")
            ],
        )
        for name in filters
    ]
    params += [
        inspect.Parameter(
            "sort",
            inspect.Parameter.KEYWORD_ONLY,
            default="key",
            annotation=Annotated[str, typer.Option(help="column; -column for descending")],
        ),
        inspect.Parameter(
            "limit",
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[int | None, typer.Option(help="at most this many")],
        ),
        inspect.Parameter(
            "offset",
            inspect.Parameter.KEYWORD_ONLY,
            default=0,
            annotation=Annotated[int, typer.Option(help="skip this many")],
        ),
        inspect.Parameter(
            "as_json",
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[bool, typer.Option("--json", help="print JSON")],
        ),
    ]
    list_.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    list_.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
    list_.__doc__ = f"List {kind.plural.replace('_', ' ')}."
    return list_


def show(
    key: Annotated[str, typer.Argument(help="the agreement's key")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Show one agreement with its history and evidence."""
    record = open_store().read(lambda uow: agreement_record(uow, key))
    if as_json:
        typer.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    table = Table(show_header=False, title=record["title"], title_justify="left")
    for name, value in record.items():
        text = cell(value)
        if name in ("history", "evidence"):
            text = "; ".join(
                " ".join(str(v) for v in item.values() if v is not None) for item in value
            )
        table.add_row(name, text)
    console.print(table)


def advance(
    key: Annotated[str, typer.Argument(help="the agreement's key")],
    status: Annotated[AgreementStatus, typer.Argument(help="the next status")],
    on: Annotated[str, typer.Option("--on", help="date of the step, YYYY-MM-DD")],
) -> None:
    """Move an agreement one step along planned → signed → in_force → completed (or cancelled)."""
    try:
        day = date.fromisoformat(on)
    except ValueError:
        raise InvalidInput(f"--on: {on!r} is not a date written YYYY-MM-DD") from None
    agreement = open_store().write(lambda uow: registry.advance_agreement(uow, key, status, day))
    typer.echo(f"{key}: {agreement.status.value} on {day}")


def move(
    key: Annotated[str, typer.Argument(help="the order's key")],
    status: Annotated[OrderStatus, typer.Argument(help="placed, in_production, delivered, …")],
    on: Annotated[
        str | None, typer.Option("--on", help="date of the change, YYYY-MM-DD (today)")
    ] = None,
) -> None:
    """Move an order along placed → in_production → delivered → accepted (or cancelled
    before delivery), dated in its history (docs/ledger.md)."""
    try:
        day = date.fromisoformat(on) if on else None
    except ValueError:
        raise InvalidInput(f"--on: {on!r} is not a date written YYYY-MM-DD") from None
    order = open_store().write(lambda uow: orders.move_order(uow, key, status, day))
    typer.echo(f"{key}: {order.status.value} on {order.history[-1].on}")


def register(app: typer.Typer) -> None:
    """Add one sub-command group per entity to ``app``."""
    for kind in kinds.KINDS:
        group = typer.Typer(
            help=f"The registry's {kind.plural.replace('_', ' ')}.", no_args_is_help=True
        )
        group.command("list")(list_command(kind))
        if kind is kinds.AGREEMENT:
            group.command("show")(show)
            group.command("advance")(advance)
        if kind is kinds.ORDER:
            group.command("move")(move)
        app.add_typer(group, name=kind.cli)
