"""Reading records in the records format (``coprod <kind> list``, ``coprod agreements show``)."""

from __future__ import annotations

from typing import Any

from coprod.db.uow import UnitOfWork
from coprod.domain.kinds import Kind
from coprod.services.records import to_record


def list_records(
    uow: UnitOfWork,
    kind: Kind[Any],
    filters: dict[str, Any],
    *,
    sort: str = "key",
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The records of ``kind`` the unit of work may see that match ``filters``, sorted by
    ``sort`` (``-column`` descending), as records-format data."""
    found = uow.records(kind).list_(filters, sort=sort, limit=limit, offset=offset)
    return [to_record(e) for e in found]


def agreement_record(uow: UnitOfWork, key: str) -> dict[str, Any]:
    """The agreement ``key`` as records-format data, with its stored version; NotFound if
    none."""
    record: dict[str, Any] = to_record(uow.agreements.get_by_key(key))
    record["version"] = uow.agreements.version_of(key)
    return record
