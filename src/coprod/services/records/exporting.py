"""``coprod export``: everything in the store as a ``coprod.records/1`` JSON document or a
folder of CSV files, in the formats ``coprod import`` reads."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.services.records import SCHEMA, csv_records, to_record


def count(uow: UnitOfWork) -> int:
    """How many records an export writes."""
    return sum(uow.records(t).count() for t in kinds.KINDS)


def entities(uow: UnitOfWork, kind: Kind[Any]) -> list[Any]:
    """Every stored record of ``kind``, by key."""
    found: list[Any] = uow.records(kind).list_(sort="key")
    return found


def as_document(uow: UnitOfWork, advance: Callable[[int], None] | None = None) -> dict[str, Any]:
    """The whole registry as a ``coprod.records/1`` document."""
    document: dict[str, Any] = {"schema": SCHEMA}
    for kind in kinds.KINDS:
        found = entities(uow, kind)
        document[kind.plural] = [to_record(e) for e in found]
        if advance is not None:
            advance(len(found))
    return document


def to_json(uow: UnitOfWork, advance: Callable[[int], None] | None = None) -> str:
    """The registry as JSON text (stable: keys sorted by entity, two-space indent)."""
    return json.dumps(as_document(uow, advance), ensure_ascii=False, indent=2) + "\n"


def to_csv(
    uow: UnitOfWork, folder: Path, advance: Callable[[int], None] | None = None
) -> list[Path]:
    """Write one ``<entity>.csv`` per entity into ``folder``; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds.KINDS:
        found = entities(uow, kind)
        path = folder / f"{kind.plural}.csv"
        csv_records.write(path, kind, found)
        written.append(path)
        if advance is not None:
            advance(len(found))
    return written
