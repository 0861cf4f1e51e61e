"""When a caller could see a record, read from the audit trail: the change feed lists a change
only if the caller could see the record right after it (and still sees it now).

The trail records two kinds of sight:

- **the public's**: the marks of ``public_records`` are audited (``PublicRecord``, key
  ``<plural>/<key>``): a record is public from the entry that marks it to the entry that
  withdraws it (deleting a record withdraws it);
- **an account's sight of an agreement**: an agreement's audience is its own fields, its
  ``visibility`` and its ``parties`` (``access.sees_agreement``), which its entries' patches
  hold: replayed from its creation, they say after which change the caller saw it.

Every other kind is seen by role (always, or never), or through orders (a line, an instrument,
an order, a delivery, a report, a payment): that sight is granted by another record, an order
naming them, and is judged as it is now (``docs/platform.md``, "The change feed").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jsonpatch
from sqlalchemy import select

from coprod.db.audit_models import AuditEntry
from coprod.db.uow import UnitOfWork
from coprod.services.accounts import access
from coprod.services.accounts.access import Principal

PUBLIC_MARK = "PublicRecord"  # the audit trail's name of a row of public_records
AGREEMENT = "Agreement"


@dataclass(frozen=True)
class Span:
    """The changes ``first`` ≤ seq < ``end`` (None: up to now) fall in the caller's sight."""

    first: int
    end: int | None

    def holds(self, seq: int) -> bool:
        """Whether the change ``seq`` was made within this span."""
        return self.first <= seq and (self.end is None or seq < self.end)


def within(spans: Iterable[Span], seq: int) -> bool:
    """Whether the change ``seq`` was made within one of ``spans``."""
    return any(span.holds(seq) for span in spans)


def _spans(verdicts: Iterable[tuple[int, bool]]) -> list[Span]:
    """Spans from (seq, seen right after it) in order: sight starts at a change that gives
    it and ends at the change that takes it away."""
    spans: list[Span] = []
    start: int | None = None
    for seq, seen in verdicts:
        if seen and start is None:
            start = seq
        elif not seen and start is not None:
            spans.append(Span(start, seq))
            start = None
    if start is not None:
        spans.append(Span(start, None))
    return spans


def _entries(uow: UnitOfWork, object_type: str, keys: Iterable[str]) -> list[AuditEntry]:
    wanted = sorted(set(keys))
    if not wanted:
        return []
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.object_type == object_type, AuditEntry.object_key.in_(wanted))
        .order_by(AuditEntry.seq)
    )
    return list(uow.session.scalars(stmt))


def public_spans(uow: UnitOfWork, names: Iterable[str]) -> dict[str, list[Span]]:
    """Per ``<plural>/<key>`` of ``names``, the spans in which the record was public. A mark
    is a change of its own: the changes after it (not the mark) fall in the span."""
    verdicts: dict[str, list[tuple[int, bool]]] = {}
    for entry in _entries(uow, PUBLIC_MARK, names):
        marked = entry.action != "delete"
        verdicts.setdefault(entry.object_key, []).append((entry.seq + (1 if marked else 0), marked))
    return {name: _spans(found) for name, found in verdicts.items()}


def _after(state: dict[str, Any], entry: AuditEntry) -> dict[str, Any] | None:
    """The record's state after ``entry`` (None: deleted, or a patch that does not apply to
    the state replayed so far, as for a record stored without its earlier entries)."""
    if entry.action == "delete":
        return {}
    patch = [op for op in json.loads(entry.patch) if op.get("op") != "test"]
    try:
        after: dict[str, Any] = jsonpatch.apply_patch(state, patch)
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException):
        return None
    return after


def _party_keys(state: dict[str, Any]) -> list[str]:
    return [str(p.get("party")) for p in state.get("parties") or [] if isinstance(p, dict)]


def agreement_spans(
    uow: UnitOfWork, principal: Principal, keys: Iterable[str]
) -> dict[str, list[Span] | None]:
    """Per agreement key, the spans in which ``principal`` saw it (its visibility and parties
    replayed from its entries); None where the trail does not hold its whole history."""
    country = uow.session.scalar(access.state_of(principal.organisation))
    states: dict[str, dict[str, Any] | None] = {}
    verdicts: dict[str, list[tuple[int, bool]]] = {}
    for entry in _entries(uow, AGREEMENT, keys):
        before = states.get(entry.object_key, {} if entry.action == "create" else None)
        after = None if before is None else _after(before, entry)
        states[entry.object_key] = after
        if after is None:
            continue
        seen = bool(after) and access.sees_agreement(
            principal, str(after.get("visibility")), _party_keys(after), country
        )
        verdicts.setdefault(entry.object_key, []).append((entry.seq, seen))
    return {
        key: _spans(verdicts.get(key, [])) if states.get(key) is not None else None
        for key in set(keys)
    }
