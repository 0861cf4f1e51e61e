"""The public view: records marked public are readable without an account.

Marking a record public (``publish``) or withdrawing it is a change like any other: a row of
``public_records`` the audit trail names (``PublicRecord <plural>/<key>``), made by a ministry
or admin account, or by the organisation that owns the record (one whose role may change
records of its kind and that sees it: a manufacturer its lines, orders, deliveries and reports;
a funder its instruments and payments). Reads for the public run with ``access.PUBLIC``, whose
scope is the marked records only (``access.published``), so a list, a count, a link or the
change feed of the public view holds nothing else. Deleting a record withdraws it.

What the public reads of a record (``for_the_public``) is its fields with a value, less the
fields its kind keeps internal (``Kind.internal``: an agreement's visibility setting, a need's
priority, the planner's knobs); an ``illustrative`` flag shows only when it is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from coprod.db import models as m
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import Forbidden
from coprod.services.accounts.access import Principal, caller
from coprod.services.alerts import watchlist
from coprod.services.audit.changes import visible_keys
from coprod.services.records import to_record
from coprod.services.registry.actions import Subject
from coprod.services.registry.related import Related


@dataclass(frozen=True)
class Mark:
    """A record marked public: which, since when, by whom."""

    kind: str
    key: str
    published_at: str
    published_by: str


def may_publish(principal: Principal, kind: Kind[Any]) -> bool:
    """Whether ``principal`` may mark records of ``kind`` public (those it sees, the owner's)."""
    return not principal.public and kind.may_change(principal.role)


def _marker(uow: UnitOfWork, kind: Kind[Any], key: str) -> m.PublicRecordRow | None:
    row = m.PublicRecordRow
    stmt = select(row).where(row.kind == kind.plural, row.record_key == key)
    return uow.session.scalar(stmt)


def _mark(row: m.PublicRecordRow) -> Mark:
    return Mark(row.kind, row.record_key, row.published_at, row.published_by)


def _owned(uow: UnitOfWork, kind: Kind[Any], key: str) -> Principal:
    principal = caller(uow)
    uow.records(kind).get_by_key(key)  # NotFound when missing or not the caller's to see
    if not may_publish(principal, kind):
        raise Forbidden(
            f"a {principal.role.value} account may not make {kind.label}s public: the owning "
            "organisation, the ministry or an admin may",
            code="public.may_not_publish",
            params={"role": principal.role.value, "kind": kind.plural},
        )
    return principal


def publish(uow: UnitOfWork, kind: Kind[Any], key: str) -> Mark:
    """The caller's use case: mark the record ``key`` of ``kind`` public (again: unchanged)."""
    principal = _owned(uow, kind, key)
    found = _marker(uow, kind, key)
    if found is not None:
        return _mark(found)
    at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    row = m.PublicRecordRow(
        key=f"{kind.plural}/{key}",
        kind=kind.plural,
        record_key=key,
        published_at=at,
        published_by=principal.user,
    )
    uow.session.add(row)
    uow.session.flush()
    return _mark(row)


def withdraw(uow: UnitOfWork, kind: Kind[Any], key: str) -> bool:
    """The caller's use case: make the record private again; whether it was public."""
    _owned(uow, kind, key)
    found = _marker(uow, kind, key)
    if found is None:
        return False
    uow.session.delete(found)
    uow.session.flush()
    return True


def public_mark(uow: UnitOfWork, kind: Kind[Any], key: str) -> Mark | None:
    """The caller's use case: whether the record (one it sees) is public, since when."""
    caller(uow)
    uow.records(kind).get_by_key(key)
    found = _marker(uow, kind, key)
    return None if found is None else _mark(found)


def _empty(value: Any) -> bool:
    return value is None or value is False or value in ("", [], {})


def for_the_public(kind: Kind[Any], record: dict[str, Any]) -> dict[str, Any]:
    """What a reader without an account reads of ``record`` (in the records format): its
    fields with a value, less the kind's internal ones, in the record's order."""
    return {
        name: value
        for name, value in record.items()
        if name not in kind.internal and not _empty(value)
    }


def read(uow: UnitOfWork, kind: Kind[Any], key: str) -> dict[str, Any]:
    """The caller's use case: the record ``key`` as the public reads it (NotFound when it is
    not the caller's to see: for the public, when it is not public)."""
    caller(uow)
    return for_the_public(kind, to_record(uow.records(kind).get_by_key(key)))


def read_page(
    uow: UnitOfWork, kind: Kind[Any], *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """The caller's use case: one page of the records of ``kind`` it sees, as the public
    reads them, and how many there are."""
    caller(uow)
    repository = uow.records(kind)
    items = repository.list_(sort="key", limit=limit, offset=offset)
    ended = len(items) < limit and (items or offset == 0)  # a page not full ends the list
    total = offset + len(items) if ended else repository.count()
    return [for_the_public(kind, to_record(item)) for item in items], total


@dataclass(frozen=True)
class Publishing:
    """A record as its publisher decides on it: whether it is public, and what the public
    reads (or would read) of it."""

    mark: Mark | None
    shown: dict[str, Any]
    names: dict[str, dict[str, str]]  # per field, the names of the records it names


def publishing(uow: UnitOfWork, kind: Kind[Any], key: str) -> Publishing:
    """The caller's use case: whether the record is public and what the public reads of it
    (the records it names by their names); NotFound when the caller does not see it,
    Forbidden when it may not make it public."""
    _owned(uow, kind, key)
    shown = for_the_public(kind, to_record(uow.records(kind).get_by_key(key)))
    names = names_in(uow, kind, shown, public=True)
    return Publishing(public_mark(uow, kind, key), shown, names)


def _keys_named(reference: Any, value: Any) -> set[str]:
    """The keys a field's ``value`` names (each item's ``through`` attribute, if any)."""
    items = value if isinstance(value, list) else [value]
    if reference.through is not None:
        items = [item.get(reference.through) for item in items if isinstance(item, dict)]
    return {str(item) for item in items if item}


def _marked(uow: UnitOfWork, kind: Kind[Any], keys: set[str]) -> set[str]:
    """Those of ``keys`` that name a record of ``kind`` marked public."""
    row = m.PublicRecordRow
    stmt = select(row.record_key).where(row.kind == kind.plural, row.record_key.in_(sorted(keys)))
    return set(uow.session.scalars(stmt))


def names_in(
    uow: UnitOfWork, kind: Kind[Any], record: dict[str, Any], *, public: bool = False
) -> dict[str, dict[str, str]]:
    """Per field of ``record`` that names other records, the name (or title) of each one the
    caller sees, by key: a page shows the name, not the key (a country code is no record).
    ``public``: only those the public sees too (marked public), as the publishing preview
    names them: it never names a record the public cannot read."""
    names: dict[str, dict[str, str]] = {}
    for reference in kind.references:
        keys = _keys_named(reference, record.get(reference.field))
        for target in kinds.referenced(reference) if keys else ():
            wanted = _marked(uow, target, keys) if public else keys
            found = uow.records(target).list_in("key", wanted)
            names.setdefault(reference.field, {}).update(
                {target.key_of(item): title_of(item) for item in found}
            )
    return names


@dataclass(frozen=True)
class RecordPage:
    """A record's page: the record with its actions, the records that name it, whether the
    caller follows it, its public mark, and the names of the records it names."""

    subject: Subject
    related: list[Related]
    followed: bool | None
    mark: Mark | None
    names: dict[str, dict[str, str]]


def record_page(uow: UnitOfWork, kind: Kind[Any], key: str) -> RecordPage:
    """The caller's use case: a record's page (``watchlist.read_followed``), whether the
    record is public (so its page says so, and offers its owner to change it) and the names
    of the records it names (its evidence's documents by their titles)."""
    subject, groups, followed = watchlist.read_followed(uow, kind, key)
    found = _marker(uow, kind, key)
    names = names_in(uow, kind, to_record(subject.record))
    return RecordPage(subject, groups, followed, None if found is None else _mark(found), names)


def title_of(record: Any) -> str:
    """What a record is called: its title or name, else its key."""
    return str(getattr(record, "title", None) or getattr(record, "name", None) or record.key)


def index(uow: UnitOfWork) -> dict[str, list[tuple[str, str]]]:
    """The caller's use case: (key, title) of each record it sees, per kind that has any (for
    the public: every public record)."""
    caller(uow)
    found: dict[str, list[tuple[str, str]]] = {}
    for kind in kinds.KINDS:
        records = uow.records(kind).list_(sort="key")
        if records:
            found[kind.plural] = [(kind.key_of(r), title_of(r)) for r in records]
    return found


def _named(kind: Kind[Any], record: dict[str, Any]) -> dict[Kind[Any], set[str]]:
    """Per kind, the keys ``record`` names, those named through a part too (an evidence
    span's document, a role's organisation): the public page links each one that is public."""
    named: dict[Kind[Any], set[str]] = {}
    for reference in kind.references:
        keys = _keys_named(reference, record.get(reference.field))
        if len(reference.kinds) != 1 or not keys:
            continue
        named.setdefault(kinds.referenced(reference)[0], set()).update(keys)
    return named


@dataclass(frozen=True)
class PublicPage:
    """A record as the public reads it, with what its page may say of the records it names:
    per kind (plural) the keys the caller sees (the public's pages link those only), and per
    field the names of those records (``names_in``: for the public, the public ones)."""

    record: dict[str, Any]
    links: dict[str, set[str]]
    names: dict[str, dict[str, str]]


def record_with_links(uow: UnitOfWork, kind: Kind[Any], key: str) -> PublicPage:
    """The caller's use case: a record it sees as the public reads it, the keys it names
    that the caller sees too, and their names (a role's organisation is named by its name
    only when the caller sees it: for the public, when it is public)."""
    record = read(uow, kind, key)
    links = {
        target.plural: visible_keys(uow, target, keys)
        for target, keys in _named(kind, record).items()
    }
    return PublicPage(record, links, names_in(uow, kind, record))


def marks(uow: UnitOfWork) -> list[Mark]:
    """The caller's use case: every record marked public, by kind and key (what the public
    sees, so any caller may list it)."""
    caller(uow)
    row = m.PublicRecordRow
    found = uow.session.scalars(select(row).order_by(row.kind, row.record_key))
    return [_mark(r) for r in found]
