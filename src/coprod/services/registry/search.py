"""Search across the registry: the records of every kind whose key, name, title or aliases
match a query, best first, as far as the caller may see (each kind's list, searched and
sorted by relevance: ``editing``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coprod.db.repositories import RELEVANCE
from coprod.db.search import words_of
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.services.accounts.access import caller
from coprod.services.registry.editing import list_records

PER_KIND = 5


@dataclass(frozen=True)
class Found:
    """The first records of one kind that match, and how many match."""

    kind: Kind[Any]
    records: list[Any]
    total: int


def search(uow: UnitOfWork, q: str, per_kind: int = PER_KIND) -> list[Found]:
    """Each kind's records (the best ``per_kind``: the query is the key, then the name, then
    by the search's score) that the caller may see and whose words start with every word of
    ``q``; kinds with none are left out."""
    caller(uow)
    if not words_of(q):
        return []
    groups = []
    for kind in kinds.KINDS:
        listing = list_records(uow, kind, q=q, sort=RELEVANCE, limit=per_kind)
        if listing.total:
            groups.append(Found(kind, [item for item, _ in listing.items], listing.total))
    return groups
