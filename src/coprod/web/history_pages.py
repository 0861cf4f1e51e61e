"""A record's history: who changed what and when, read from the audit trail (ministry and
admin accounts, who may read the trail)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coprod.domain import kinds
from coprod.errors import NotFound
from coprod.http.request import PageWork
from coprod.services import audit
from coprod.web.rendering import render

router = APIRouter(include_in_schema=False)
HISTORY_ROWS = 200


@dataclass(frozen=True)
class Change:
    """One field an audit entry set or removed: its name and the value written (None: removed)."""

    field: str
    value: Any


@dataclass(frozen=True)
class Step:
    """One audit entry of a record, as the history page shows it."""

    at: datetime
    actor: str
    organisation: str | None
    action: str  # create, update, delete
    changes: list[Change]


def _changes(patch: list[dict[str, Any]]) -> list[Change]:
    """The fields a JSON Patch sets (add, replace) or removes; its tests are not changes."""
    changed = []
    for operation in patch:
        field = str(operation.get("path", "")).strip("/").replace("/", ".")
        if operation.get("op") in {"add", "replace"} and field:
            changed.append(Change(field, operation.get("value")))
        elif operation.get("op") == "remove" and field:
            changed.append(Change(field, None))
    return changed


def step(entry: dict[str, Any]) -> Step:
    """An audit entry (``audit.list_entries``) as a step of the history."""
    at = datetime.fromisoformat(str(entry["at"]).replace("Z", "+00:00"))
    patch = entry["patch"] if isinstance(entry["patch"], list) else []
    return Step(at, entry["actor"], entry["organisation"], entry["action"], _changes(patch))


@router.get("/records/{plural}/{key}/history", response_class=HTMLResponse)
async def history_page(request: Request, work: PageWork, plural: str, key: str) -> Response:
    """The changes of one record, newest first."""
    kind = kinds.BY_PLURAL.get(plural)
    if kind is None:
        raise NotFound(f"no kind of record called {plural!r}")
    entries = await work(audit.record_history, kind, key, limit=HISTORY_ROWS)
    steps = [step(e) for e in entries]
    context = {"caller": work.caller, "kind": kind, "key": key, "steps": steps}
    return render(request, "history.html", context)
