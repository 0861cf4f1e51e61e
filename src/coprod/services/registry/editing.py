"""The registry's record use cases for the API and the pages: list, read, create, replace and
delete one record of a kind, each in the caller's unit of work (``access.caller``).

The create/replace protocol is written here once: a record of another organisation answers
NotFound like a missing one, a role that may not change the kind is refused (Forbidden)
before its record is judged, the version the caller read must be the stored one, and the
answer carries the version written. The caller's unit of work commits (the HTTP shell does,
once per request).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String

from coprod.db.repositories import FILTERS, SEARCH, Repository, mapping_of
from coprod.db.uow import UnitOfWork
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput
from coprod.services import registry
from coprod.services.accounts.access import caller


@dataclass(frozen=True)
class Listing:
    """One page of records of a kind, each with its version, and how many there are."""

    items: list[tuple[Any, int]]
    total: int


def filter_names(kind: Kind[Any]) -> frozenset[str]:
    """The filters a list of ``kind`` takes: its named ones (a field naming a record, a date
    range ``from``/``to``, ...) and each text column but the key."""
    mapping = mapping_of(kind)
    columns = mapping.model.__table__.c
    text = {c.name for c in columns if isinstance(c.type, String) and c.name != "key"}
    return frozenset(FILTERS[kind]) | text


def filters_of(repository: Repository[Any, Any], given: list[str]) -> dict[str, str]:
    """``field:value`` filters: a text column of the record or one of the kind's named
    filters; InvalidInput naming the filter otherwise."""
    filters: dict[str, str] = {}
    names = filter_names(repository.mapping.kind)
    for item in given:
        name, sep, value = item.partition(":")
        if not sep or not name:
            raise InvalidInput(f"filter {item!r}: write field:value")
        if name not in names:
            raise InvalidInput(f"{repository.mapping.name}s cannot be filtered by {name!r}")
        filters[name] = value
    return filters


def list_records(
    uow: UnitOfWork,
    kind: Kind[Any],
    filters: list[str] | None = None,
    *,
    q: str | None = None,
    sort: str = "key",
    limit: int,
    offset: int = 0,
) -> Listing:
    """One page of the records of ``kind`` the caller may see, sorted, filtered, and
    searched (``q``: every word starts a word of the key, the name or an alias)."""
    caller(uow)
    repository = uow.records(kind)
    chosen: dict[str, str] = filters_of(repository, filters or [])
    if q:
        chosen[SEARCH] = q
    items = repository.list_(chosen, sort=sort, limit=limit, offset=offset)
    versions = repository.read_versions  # the versions the listing read: no second query
    # A page that is not full ends the listing: its total needs no count query.
    if len(items) < limit and (items or offset == 0):
        total = offset + len(items)
    else:
        total = repository.count(chosen)
    return Listing([(item, versions[item.key]) for item in items], total)


def read_record(uow: UnitOfWork, kind: Kind[Any], key: str) -> tuple[Any, int]:
    """The record ``key`` of ``kind`` and its version; NotFound when missing or foreign."""
    caller(uow)
    repository = uow.records(kind)
    entity = repository.get_by_key(key)
    return entity, repository.read_versions[key]  # the row read: no second query


def create_record(uow: UnitOfWork, kind: Kind[Any], entity: Any) -> int:
    """Store a new record of ``kind``; its version. Forbidden before anything else when the
    caller's role may not change the kind; Conflict when the key is taken."""
    caller(uow)
    repository = uow.records(kind)
    repository.check_write()  # 403 before judging the record itself
    registry.register(uow, entity)
    return repository.version_of(entity.key)


def replace_record(
    uow: UnitOfWork, kind: Kind[Any], key: str, entity: Any, read_version: Callable[[], int]
) -> int:
    """Replace the record ``key`` of ``kind`` by ``entity``; its new version.

    In this order: the entity's key must be ``key``; NotFound for a missing or foreign
    record; Forbidden when the role may not change the kind; then ``read_version()`` (the
    version the caller read, asked only now: the API's If-Match may be missing) must be the
    stored one (StaleVersion otherwise)."""
    caller(uow)
    if entity.key != key:
        raise InvalidInput(f"body key {entity.key!r} differs from the URL's key {key!r}")
    repository = uow.records(kind)
    repository.get_by_key(key)  # 404 for a missing or foreign record, before 428
    repository.check_write()
    registry.update(uow, entity, expected_version=read_version())
    return repository.version_of(key)


def delete_record(
    uow: UnitOfWork, kind: Kind[Any], key: str, read_version: Callable[[], int]
) -> None:
    """Delete the record ``key`` of ``kind``, at the version the caller read (asked once the
    record is found and the role may change it, as ``replace_record``)."""
    caller(uow)
    repository = uow.records(kind)
    repository.get_by_key(key)
    repository.check_write()
    registry.delete(uow, kind, key, expected_version=read_version())
