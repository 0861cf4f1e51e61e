"""The ledger's stored breaches: the records a full verify found breaking a rule, and since
when, kept in the store so the alerts read them instead of verifying every record.

The rules hold on every write through the use cases, so a breach can only be left by what
bypasses them: a registry written before the rules held, a migration, a restore, a bulk
write. A full verify (``coprod ledger verify``, and ``coprod db upgrade`` after it migrates)
replaces the stored list with what it finds, keeping the day each breach was first found. A
write through the use cases re-judges the stored breaches of the records it weighed
(``services.ledger.rejudge``): a record that keeps the rules again loses its breach there
and then, one that still breaks one keeps it with its day.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from coprod.db.ledger_models import LedgerBreachRow
from coprod.db.uow import UnitOfWork
from coprod.domain.ledger import Breach

LABEL = re.compile(r"([a-z_]+) '([^']+)'")


@dataclass(frozen=True)
class StoredBreach:
    """A breach as stored: the record's kind (plural) and key ("" when it names no single
    record), the breach, and the day a verify first found it."""

    kind: str
    key: str
    breach: Breach
    found_on: date


@dataclass(frozen=True)
class Recorded:
    """What storing a verify's findings changed: breaches new, still there, gone."""

    found: int
    new: int
    cleared: int


def _identity(breach: Breach) -> tuple[str, str, str]:
    return (str(breach.record), str(breach.field), str(breach.rule))


def _named(record: str) -> tuple[str, str]:
    """The kind (plural) and key a breach's record names, or ("", "") for none."""
    found = LABEL.fullmatch(record)
    return (found.group(1), found.group(2)) if found else ("", "")


def _row(breach: Breach, on: date) -> LedgerBreachRow:
    kind, key = _named(breach.record)
    return LedgerBreachRow(
        record=breach.record,
        kind=kind,
        key=key,
        field=str(breach.field),
        rule=str(breach.rule),  # the sentence (a rulebook Rule is a str with its code)
        detail=str(breach.detail),
        figures=str(breach.figures),
        found_on=on,
    )


def _unique(found: Iterable[Breach]) -> dict[tuple[str, str, str], Breach]:
    """The breaches by record, field and rule (the first of any repeated one)."""
    kept: dict[tuple[str, str, str], Breach] = {}
    for breach in found:
        kept.setdefault(_identity(breach), breach)
    return kept


def stored(uow: UnitOfWork) -> list[StoredBreach]:
    """Every stored breach, oldest first (a short table: nothing is verified here)."""
    rows = uow.session.scalars(
        select(LedgerBreachRow).order_by(LedgerBreachRow.found_on, LedgerBreachRow.record)
    )
    return [
        StoredBreach(
            row.kind,
            row.key,
            Breach(row.record, row.field, row.rule, row.detail, row.figures),
            row.found_on,
        )
        for row in rows
    ]


def replace(
    uow: UnitOfWork, found: Iterable[Breach], on: date, among: Collection[str] | None = None
) -> Recorded:
    """Store ``found`` as the breaches of the records ``among`` (every record when None):
    a breach already stored keeps its day (its words are refreshed), a new one is dated
    ``on``, a stored one no longer found is cleared."""
    fresh = _unique(found)
    query = select(LedgerBreachRow)
    if among is not None:
        query = query.where(LedgerBreachRow.record.in_(sorted(among)))
    known = {(r.record, r.field, r.rule): r for r in uow.session.scalars(query)}
    gone = [row.id for identity, row in known.items() if identity not in fresh]
    if gone:
        uow.session.execute(delete(LedgerBreachRow).where(LedgerBreachRow.id.in_(gone)))
    for identity, breach in fresh.items():
        row = known.get(identity)
        if row is None:
            uow.session.add(_row(breach, on))
        else:
            row.detail, row.figures = str(breach.detail), str(breach.figures)
    uow.session.flush()
    new = sum(1 for identity in fresh if identity not in known)
    return Recorded(len(fresh), new, len(gone))


def stored_among(uow: UnitOfWork, records: Collection[str]) -> set[str]:
    """Which of ``records`` (as breaches name them: ``orders 'o-1'``) have a stored breach:
    one indexed query, empty on a registry that keeps its rules."""
    if not records:
        return set()
    found: set[str] = set()
    ordered = sorted(records)
    for i in range(0, len(ordered), 500):
        chunk = ordered[i : i + 500]
        found |= set(
            uow.session.scalars(
                select(LedgerBreachRow.record).where(LedgerBreachRow.record.in_(chunk))
            )
        )
    return found
