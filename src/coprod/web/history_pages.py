"""A record's history: who changed what and when, read from the audit trail (ministry and
admin accounts, who may read the trail)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.domain.money import Money
from coprod.errors import NotFound
from coprod.http.request import PageWork
from coprod.services import audit
from coprod.web import formatting as fmt
from coprod.web.locales import Reader
from coprod.web.rendering import reader_of, render

router = APIRouter(include_in_schema=False)
HISTORY_ROWS = 200


@dataclass(frozen=True)
class Change:
    """One field an audit entry set or removed: its name and the value written, as the reader
    writes it (None: removed)."""

    field: str
    shown: str | None


@dataclass(frozen=True)
class Step:
    """One audit entry of a record, as the history page shows it."""

    at: datetime
    actor: str
    organisation: str | None
    action: str  # create, update, delete
    changes: list[Change]


HIDDEN = frozenset({"version"})  # the store's count of changes, not a field a person set
MONEY_PARTS = ("amount", "currency")  # a Money field is stored as FIELD_amount, FIELD_currency
Patch = list[dict[str, Any]]


def _money_part(column: str, fields: dict[str, Any]) -> tuple[str, str] | None:
    """(field, part) when ``column`` stores a part of a Money field of the record (a
    payment's ``amount`` is stored as columns ``amount`` and ``currency``)."""
    name, _, part = column.rpartition("_")
    if part in MONEY_PARTS and fields.get(name) is Money:
        return name, part
    if column == "amount" and fields.get("amount") is Money:
        return "amount", "amount"
    if column == "currency" and fields.get("amount") is Money and "currency" not in fields:
        return "amount", "currency"
    return None


def _unwrapped(value: Any) -> Any:
    """A list of one-field rows (an agreement's scopes, parties) as the list of their values."""
    if (
        isinstance(value, list)
        and value
        and all(isinstance(item, dict) and len(item) == 1 for item in value)
    ):
        return [next(iter(item.values())) for item in value]
    return value


def _written(patch: Patch, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields a JSON Patch sets (add, replace; removed: None), Money parts put together;
    a new record's empty fields and the store's own columns left out."""
    written: dict[str, Any] = {}
    for operation in patch:
        op, path = operation.get("op"), str(operation.get("path", "")).strip("/").split("/")
        value = operation.get("value") if op in {"add", "replace"} else None
        if op not in {"add", "replace", "remove"} or not path[0] or path[0] in HIDDEN:
            continue
        if op == "add" and len(path) == 1 and value in (None, [], ""):
            continue
        money = _money_part(path[0], fields)
        if money is None:
            written[path[0]] = _unwrapped(value)
        elif value is not None:
            written[money[0]] = {**(written.get(money[0]) or {}), money[1]: value}
        else:
            written.setdefault(money[0], None)
    return written


def _shown(value: Any, kind: Kind[Any], field: str, reader: Reader) -> str | None:
    if value is None:
        return None
    if field == "evidence":
        spans = value if isinstance(value, list) else [value]
        return "; ".join(_span(span, reader) for span in spans if isinstance(span, dict))
    if isinstance(value, dict) and set(value) == {"amount"}:  # the amount alone changed
        return fmt.decimal(Decimal(str(value["amount"])), reader.locale)
    return fmt.value(value, kind.entity, field, reader)


def _span(span: dict[str, Any], reader: Reader) -> str:
    where = reader.gettext("characters %(start)s–%(end)s") % {
        "start": span.get("start"),
        "end": span.get("end"),
    }
    note = f": {span['note']}" if span.get("note") else ""
    return f"{span.get('document')}, {where}{note}"


def changes(patch: Patch, kind: Kind[Any], reader: Reader) -> list[Change]:
    """The fields an audit entry's patch set or removed, in the reader's words and numbers."""
    entity: Any = kind.entity
    written = _written(patch, fmt.field_types(entity))
    return [Change(name, _shown(value, kind, name, reader)) for name, value in written.items()]


def step(entry: dict[str, Any], kind: Kind[Any], reader: Reader) -> Step:
    """An audit entry (``audit.list_entries``) as a step of the history."""
    at = datetime.fromisoformat(str(entry["at"]).replace("Z", "+00:00"))
    patch = entry["patch"] if isinstance(entry["patch"], list) else []
    shown = changes(patch, kind, reader)
    return Step(at, entry["actor"], entry["organisation"], entry["action"], shown)


@router.get("/records/{plural}/{key}/history", response_class=HTMLResponse)
async def history_page(request: Request, work: PageWork, plural: str, key: str) -> Response:
    """The changes of one record, newest first."""
    kind = kinds.BY_PLURAL.get(plural)
    if kind is None:
        raise NotFound(f"no kind of record called {plural!r}")
    entries = await work(audit.record_history, kind, key, limit=HISTORY_ROWS)
    reader = reader_of(request)
    steps = [step(e, kind, reader) for e in entries]
    context = {"caller": work.caller, "kind": kind, "key": key, "steps": steps}
    return render(request, "history.html", context)
