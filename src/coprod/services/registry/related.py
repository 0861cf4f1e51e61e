"""The records that name a record: an instrument's orders and payments, a need's orders and
deliveries, an organisation's lines, agreements, people and plants, a plant's lines,
investments and owners. Read from the kinds table (every field of another kind that names
this kind) and each kind's filters, so every list is the caller's scoped list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.services.accounts.access import caller
from coprod.services.registry.editing import filter_names, list_records, read_record

SHOWN = 10
# Records that name a record through another one: a need's deliveries (through its orders).
THROUGH: dict[Kind[Any], tuple[tuple[Kind[Any], str], ...]] = {
    kinds.NEED: ((kinds.DELIVERY, "need"),),
}


@dataclass(frozen=True)
class Related:
    """The first records of ``kind`` whose ``field`` names ``key``, and how many do."""

    kind: Kind[Any]
    field: str
    key: str
    records: list[Any]
    total: int


def naming(kind: Kind[Any]) -> list[tuple[Kind[Any], str]]:
    """Each kind and field (a filter of that kind) that names records of ``kind``."""
    found = [
        (other, reference.field)
        for other in kinds.KINDS
        for reference in other.references
        if kind.name in reference.kinds and reference.field in filter_names(other)
    ]
    return found + list(THROUGH.get(kind, ()))


def _listed(uow: UnitOfWork, kind: Kind[Any], field: str, key: str) -> Related | None:
    listing = list_records(uow, kind, [f"{field}:{key}"], limit=SHOWN)
    if not listing.total:
        return None
    return Related(kind, field, key, [item for item, _ in listing.items], listing.total)


def related(uow: UnitOfWork, kind: Kind[Any], key: str) -> list[Related]:
    """The records the caller may see that name the record ``key`` of ``kind`` (the first
    ``SHOWN`` of each kind and field); for a plant, also its operator's owners."""
    caller(uow)
    groups = [_listed(uow, other, field, key) for other, field in naming(kind)]
    if kind is kinds.PLANT:
        operator = uow.plants.get_by_key(key).operator
        groups.insert(0, _listed(uow, kinds.OWNERSHIP, "owned", operator))
    return [group for group in groups if group is not None]


def record_with_related(
    uow: UnitOfWork, kind: Kind[Any], key: str
) -> tuple[Any, int, list[Related]]:
    """A record's page: the record ``key`` of ``kind``, its version and the records that name
    it (NotFound when it is missing or foreign, as ``read_record``)."""
    entity, version = read_record(uow, kind, key)
    return entity, version, related(uow, kind, key)
