"""The registry's record use cases for the API and the pages: list, read, create, replace and
delete one record of a kind, each in the caller's unit of work (``access.caller``).

The create/replace protocol is written here once: a record of another organisation answers
NotFound like a missing one, a role that may not change the kind is refused (Forbidden)
before its record is judged, the version the caller read must be the stored one, and the
answer carries the version written. The caller's unit of work commits (the HTTP shell does,
once per request).
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, NoReturn

from sqlalchemy import String

from coprod.db.repositories import (
    FILTERS,
    RELEVANCE,
    SEARCH,
    Repository,
    date_bound,
    mapping_of,
)
from coprod.db.search import words_of
from coprod.db.uow import UnitOfWork
from coprod.domain import partial
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput
from coprod.services import registry
from coprod.services.accounts.access import caller

__all__ = [
    "RELEVANCE",
    "Listing",
    "choices_of",
    "create_record",
    "delete_record",
    "filter_names",
    "filters_of",
    "judge_record",
    "list_records",
    "read_record",
    "refused_filters",
    "replace_record",
    "searches",
    "sort_names",
]


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


def searches(q: str) -> bool:
    """Whether ``q`` searches anything (it has a letter or a digit)."""
    return bool(words_of(q))


def sort_names(kind: Kind[Any]) -> frozenset[str]:
    """The columns a list of ``kind`` may be sorted by (``-name`` sorts descending), and
    ``relevance`` (a search's matches best first; by key when nothing is searched)."""
    return frozenset(c.name for c in mapping_of(kind).model.__table__.c) | {RELEVANCE}


def choices_of(kind: Kind[Any], name: str) -> type[Enum] | None:
    """The enumeration a field of ``kind`` takes its values from, if it is one."""
    hint = typing.get_type_hints(kind.entity).get(name)
    for candidate in (hint, *typing.get_args(hint)):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return candidate
    return None


def _refused(kind: Kind[Any], name: str, value: str) -> InvalidInput | None:
    if name in ("from", "to") and name in FILTERS[kind]:
        try:
            date_bound(value, name)
        except InvalidInput as refused:
            return refused
        return None
    choices = choices_of(kind, name)
    if choices is not None and value not in {str(c.value) for c in choices}:
        allowed = ", ".join(str(c.value) for c in choices)
        return InvalidInput(
            f"filter {name} {value!r}: choose one of {allowed}",
            code="filter.choice",
            field=name,
            params={"value": value},
        )
    return None


def refused_filters(kind: Kind[Any], filters: Mapping[str, str]) -> list[InvalidInput]:
    """Each of ``filters`` whose value a list of ``kind`` cannot take (a date that is not
    one, a value that is not among its field's choices), refused with its code and field."""
    found = (_refused(kind, name, value) for name, value in filters.items())
    return [refused for refused in found if refused is not None]


def filters_of(repository: Repository[Any, Any], given: list[str]) -> dict[str, str]:
    """``field:value`` filters: a text column of the record or one of the kind's named
    filters, with a value it can take; InvalidInput naming the filter otherwise."""
    filters: dict[str, str] = {}
    kind = repository.mapping.kind
    names = filter_names(kind)
    for item in given:
        name, sep, value = item.partition(":")
        if not sep or not name:
            raise InvalidInput(f"filter {item!r}: write field:value")
        if name not in names:
            raise InvalidInput(f"{repository.mapping.name}s cannot be filtered by {name!r}")
        filters[name] = value
    for refused in refused_filters(kind, filters):
        raise refused
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
    """One page of the records of ``kind`` the caller may see, sorted (``relevance``: the
    search's best matches first), filtered, and searched (``q``: every word starts a word of
    the key, the name or an alias)."""
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


def _creatable(uow: UnitOfWork, kind: Kind[Any]) -> Repository[Any, Any]:
    """The records of ``kind`` the caller may add to: Forbidden before anything else when
    its role may not change the kind."""
    caller(uow)
    repository = uow.records(kind)
    repository.check_write()  # 403 before judging the record itself
    return repository


def _replaceable(uow: UnitOfWork, kind: Kind[Any], key: str, entity: Any) -> Repository[Any, Any]:
    """The records of ``kind`` once the record ``key`` may be replaced by ``entity``: its key
    must be ``key``, NotFound for a missing or foreign record, Forbidden when the role may not
    change the kind."""
    caller(uow)
    given = partial.known(entity, "key", key)  # a partial record's key may not have read
    if given != key:
        raise InvalidInput(f"body key {given!r} differs from the URL's key {key!r}")
    repository = uow.records(kind)
    repository.get_by_key(key)  # 404 for a missing or foreign record, before 428
    repository.check_write()
    return repository


def create_record(uow: UnitOfWork, kind: Kind[Any], entity: Any) -> int:
    """Store a new record of ``kind``; its version. Forbidden before anything else when the
    caller's role may not change the kind; Conflict when the key is taken; every problem of
    the record at once. A partial record (``domain/partial.py``: a form some of whose
    fields could not be read) is judged as far as it reads and never stored
    (``registry.Unfinished``)."""
    repository = _creatable(uow, kind)
    registry.register(uow, entity)
    return repository.version_of(entity.key)


def replace_record(
    uow: UnitOfWork, kind: Kind[Any], key: str, entity: Any, read_version: Callable[[], int]
) -> int:
    """Replace the record ``key`` of ``kind`` by ``entity``; its new version.

    In this order: the entity's key must be ``key``; NotFound for a missing or foreign
    record; Forbidden when the role may not change the kind; then ``read_version()`` (the
    version the caller read, asked only now: the API's If-Match may be missing) must be the
    stored one (StaleVersion otherwise). A partial record is judged, never stored, as
    ``create_record`` says."""
    repository = _replaceable(uow, kind, key, entity)
    registry.update(uow, entity, expected_version=read_version())
    return repository.version_of(key)


def judge_record(uow: UnitOfWork, kind: Kind[Any], entity: Any, key: str | None = None) -> NoReturn:
    """Judge a record the records format refused (``entity``: read in part,
    ``records.read_in_part``) as creating it (``key`` None) or replacing the record ``key``
    would, and store nothing: ``registry.Unfinished`` with what the registry's rules find in
    the fields that read (maybe nothing). The caller's rights, the key and a missing record
    come first, as ``create_record`` and ``replace_record`` check them; the version read is
    not asked, as nothing is written."""
    if key is None:
        _creatable(uow, kind)
    else:
        _replaceable(uow, kind, key, entity)
    registry.judge(uow, entity)


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
