"""The watchlist: the needs, instruments and agreements a user follows (their alerts first).

A user follows only a record it may see (asking for another answers NotFound, as for a missing
record), and its watchlist lists only the followed records it still sees: a record deleted or
moved out of its sight drops out without a trace of what it was.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select

from coprod.db.auth_models import UserRow, WatchRow
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput
from coprod.services.accounts.access import Principal, caller
from coprod.services.registry import actions
from coprod.services.registry.related import Related

FOLLOWABLE: dict[str, Kind[Any]] = {
    kind.plural: kind for kind in (kinds.NEED, kinds.FUNDING_INSTRUMENT, kinds.AGREEMENT)
}


def followable(plural: str) -> Kind[Any]:
    """The kind of record named ``plural``, if it may be followed; else InvalidInput."""
    kind = FOLLOWABLE.get(plural)
    if kind is None:
        raise InvalidInput(
            f"record {plural!r}: only {', '.join(sorted(FOLLOWABLE))} can be followed"
        )
    return kind


def _user_id(uow: UnitOfWork, principal: Principal) -> int | None:
    """The caller's account row (None for the local operator, who has no account)."""
    return uow.session.scalar(select(UserRow.id).where(UserRow.key == principal.user))


def _account(uow: UnitOfWork) -> int:
    user = _user_id(uow, caller(uow))
    if user is None:
        raise InvalidInput("the local operator has no account to keep a watchlist for")
    return user


def follow(uow: UnitOfWork, plural: str, key: str) -> bool:
    """Follow the record ``key`` of kind ``plural``; whether it was not followed before.
    NotFound for a record the caller may not see."""
    user = _account(uow)
    uow.records(followable(plural)).get_by_key(key)
    if is_followed(uow, plural, key):
        return False
    uow.session.add(WatchRow(user_id=user, record=plural, key=key, created_at=datetime.now(UTC)))
    uow.session.flush()
    return True


def unfollow(uow: UnitOfWork, plural: str, key: str) -> bool:
    """Stop following a record; whether it was followed."""
    user = _account(uow)
    followable(plural)
    gone = uow.session.execute(
        delete(WatchRow).where(
            WatchRow.user_id == user, WatchRow.record == plural, WatchRow.key == key
        )
    )
    return bool(getattr(gone, "rowcount", 0))


def is_followed(uow: UnitOfWork, plural: str, key: str) -> bool:
    """Whether the caller follows the record."""
    user = _user_id(uow, caller(uow))
    if user is None:
        return False
    found = uow.session.scalar(
        select(WatchRow.id).where(
            WatchRow.user_id == user, WatchRow.record == plural, WatchRow.key == key
        )
    )
    return found is not None


def read_followed(
    uow: UnitOfWork, kind: Kind[Any], key: str
) -> tuple[actions.Subject, list[Related], bool | None]:
    """A record's page (``actions.record_page``: the record with its actions, the records
    that name it) and whether the caller follows it (None: its kind cannot be followed, or
    the caller has no account); NotFound when missing or foreign."""
    subject, groups = actions.record_page(uow, kind, key)
    if kind.plural not in FOLLOWABLE or _user_id(uow, caller(uow)) is None:
        return subject, groups, None
    return subject, groups, is_followed(uow, kind.plural, key)


def watched(uow: UnitOfWork) -> list[tuple[str, str]]:
    """(kind plural, key) of each record the caller follows and may still see, in order."""
    user = _user_id(uow, caller(uow))
    if user is None:
        return []
    rows = uow.session.execute(
        select(WatchRow.record, WatchRow.key)
        .where(WatchRow.user_id == user)
        .order_by(WatchRow.record, WatchRow.key)
    ).all()
    seen: set[tuple[str, str]] = set()
    for plural in {record for record, _ in rows}:
        kind = FOLLOWABLE.get(plural)
        if kind is not None:
            keys = [key for record, key in rows if record == plural]
            seen |= {(plural, e.key) for e in uow.records(kind).list_in("key", keys)}
    return [(record, key) for record, key in rows if (record, key) in seen]
