"""The change feed: what changed in the registry, in the order it changed, from a cursor.

Built on the audit trail (``db/audit_models.py``): each change is one audit entry of a registry
record (a kind of ``domain/kinds.py``), and the cursor is the sequence number of the last entry
a page looked at. A caller learns of a change only if it sees the record now (the same scope as
every read, asked of the database for each page's keys) **and** saw it right after the change,
as far as the trail records that sight (``services/audit/sight.py``): the public's (the marks)
and an account's sight of an agreement (its visibility and parties). So a record made public
shows the public only the changes made while it was public, announced by a ``published``
change; one withdrawn shows nothing any more; an agreement an organisation became party to
shows it only the changes from then on. A deleted record is gone, so its deletion is shown only
to callers who see every record of its kind. Who made a change is told to the audit readers
(ministry and admin) and to the organisation that made it; to others it is withheld. Accounts,
sessions, proposals and other bookkeeping are not in the feed (``coprod audit``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from coprod.db.audit_models import AuditEntry, channel_parts
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.kinds import Audience, Kind
from coprod.errors import InvalidInput
from coprod.services.accounts.access import Principal, caller
from coprod.services.audit import sight
from coprod.services.audit.fields import field_of_column

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Entries looked at per page at most: a caller who sees few records still gets an answer
# (and a cursor further on) in bounded time; it asks again from there.
SCAN_LIMIT = 5000
KIND_OF_TYPE: dict[str, Kind[Any]] = {k.entity.__name__: k for k in kinds.KINDS}
OPERATIONS = {"create": "created", "update": "updated", "delete": "deleted"}
PUBLISHED = "published"  # the public feed: the record was made public (no fields named)


@dataclass(frozen=True)
class Change:
    """One change of one record: which, how, when, by whom (None: not the caller's to know)."""

    seq: int
    kind: str  # the kind's plural, as in /api/<plural>
    key: str
    operation: str  # created, updated, deleted; in the public feed also published
    at: str
    fields: tuple[str, ...]  # the fields the change touched (a create's and delete's: all)
    actor: str | None
    organisation: str | None
    # Through what (web, api, cli, import, fact acceptance, system) and which command, file or
    # proposal: told with the actor, to the same callers (None to others, and for entries
    # older than migration 0019).
    channel: str | None = None
    channel_detail: str | None = None


@dataclass(frozen=True)
class ChangePage:
    """A page of the feed: its changes, the cursor to ask from next, and whether more follow."""

    changes: list[Change]
    since: int
    next: int
    more: bool


def parse_cursor(text: str | None) -> int:
    """The sequence number a cursor names (none: 0, the start); InvalidInput otherwise."""
    if text is None or text == "":
        return 0
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise InvalidInput(
            f"cursor {text[:40]!r} is not one this feed gave: a cursor is the 'next' of an "
            "earlier page (a whole number ≥ 0), or none to start from the beginning"
        )
    return int(text)


def _fields(entry: AuditEntry) -> tuple[str, ...]:
    """The domain fields the entry's patch touched (a Money's two columns: its one field)."""
    kind = KIND_OF_TYPE[entry.object_type]
    names: set[str] = set()
    for operation in json.loads(entry.patch):
        head = str(operation.get("path", "")).split("/")[1:2]
        names.update(field for h in head if h and (field := field_of_column(kind, h)))
    return tuple(sorted(names))


def _sees_deletions(principal: Principal, kind: Kind[Any]) -> bool:
    if principal.public:  # a deleted record was perhaps never public
        return False
    return principal.sees_everything or kind.seen_by is Audience.EVERYONE


def visible_keys(uow: UnitOfWork, kind: Kind[Any], keys: Iterable[str]) -> set[str]:
    """Those of ``keys`` that name a record of ``kind`` the caller may see now."""
    repository = uow.records(kind)
    model = repository.model
    wanted = sorted(set(keys))
    stmt = repository.scoped(select(model.key).where(model.key.in_(wanted)))
    return set(uow.session.scalars(stmt))


def _now_seen(uow: UnitOfWork, principal: Principal, entries: list[AuditEntry]) -> list[AuditEntry]:
    """The record entries of records the caller sees now (deletions: see ``_sees_deletions``)."""
    by_kind: dict[str, set[str]] = {}
    for entry in entries:
        if entry.object_type in KIND_OF_TYPE and entry.action != "delete":
            by_kind.setdefault(entry.object_type, set()).add(entry.object_key)
    seen = {
        (name, key)
        for name, keys in by_kind.items()
        for key in visible_keys(uow, KIND_OF_TYPE[name], keys)
    }
    return [
        e
        for e in entries
        if e.object_type in KIND_OF_TYPE
        and (
            (e.object_type, e.object_key) in seen
            or (e.action == "delete" and _sees_deletions(principal, KIND_OF_TYPE[e.object_type]))
        )
    ]


def _public_name(entry: AuditEntry) -> str:
    return f"{KIND_OF_TYPE[entry.object_type].plural}/{entry.object_key}"


def _publications(uow: UnitOfWork, entries: list[AuditEntry]) -> list[AuditEntry]:
    """The marks among ``entries`` of records public now: the public feed's ``published``."""
    marks = [e for e in entries if e.object_type == sight.PUBLIC_MARK and e.action == "create"]
    by_kind: dict[Kind[Any], set[str]] = {}
    for mark in marks:
        plural, _, key = mark.object_key.partition("/")
        if plural in kinds.BY_PLURAL:
            by_kind.setdefault(kinds.BY_PLURAL[plural], set()).add(key)
    public_now = {
        f"{kind.plural}/{key}"
        for kind, keys in by_kind.items()
        for key in visible_keys(uow, kind, keys)
    }
    return [mark for mark in marks if mark.object_key in public_now]


def _in_sight(uow: UnitOfWork, principal: Principal, entries: list[AuditEntry]) -> list[AuditEntry]:
    """Those of ``entries`` made while the caller saw their record, as the trail tells."""
    if principal.public:
        spans = sight.public_spans(uow, {_public_name(e) for e in entries})
        return [e for e in entries if sight.within(spans.get(_public_name(e), ()), e.seq)]
    if principal.sees_everything:
        return entries
    agreements = {e.object_key for e in entries if e.object_type == sight.AGREEMENT}
    seen = sight.agreement_spans(uow, principal, agreements)

    def judged(entry: AuditEntry) -> bool:
        spans = seen.get(entry.object_key) if entry.object_type == sight.AGREEMENT else None
        return spans is None or sight.within(spans, entry.seq)

    return [e for e in entries if judged(e)]


def _shown(uow: UnitOfWork, principal: Principal, entries: list[AuditEntry]) -> list[AuditEntry]:
    shown = _in_sight(uow, principal, _now_seen(uow, principal, entries))
    if principal.public:
        shown = sorted([*shown, *_publications(uow, entries)], key=lambda e: e.seq)
    return shown


def _change(entry: AuditEntry, principal: Principal) -> Change:
    known = principal.sees_everything or (
        bool(principal.organisation) and entry.organisation == principal.organisation
    )
    if entry.object_type == sight.PUBLIC_MARK:  # the public feed's publication of a record
        plural, _, key = entry.object_key.partition("/")
        return Change(entry.seq, plural, key, PUBLISHED, entry.at, (), None, None)
    channel, detail = channel_parts(entry.channel) if known and entry.channel else (None, None)
    return Change(
        seq=entry.seq,
        kind=KIND_OF_TYPE[entry.object_type].plural,
        key=entry.object_key,
        operation=OPERATIONS.get(entry.action, entry.action),
        at=entry.at,
        fields=_fields(entry),
        actor=entry.actor if known else None,
        organisation=entry.organisation if known else None,
        channel=channel,
        channel_detail=detail,
    )


def _check_within_trail(uow: UnitOfWork, since: int) -> None:
    last = uow.session.scalar(select(func.max(AuditEntry.seq))) or 0
    if since > last:
        raise InvalidInput(
            f"cursor {since} is past the end of the change feed (its last change is {last}): "
            "it was not given by this registry"
        )


def _page(
    uow: UnitOfWork, principal: Principal, start: int, limit: int
) -> tuple[list[AuditEntry], int, bool]:
    """The entries shown after ``start`` (at most ``limit``), the cursor reached and whether
    the trail ended there."""
    shown: list[AuditEntry] = []
    cursor, scanned = start, 0
    batch_size = min(max(2 * limit, 200), SCAN_LIMIT)
    while scanned < SCAN_LIMIT:
        batch = list(
            uow.session.scalars(
                select(AuditEntry)
                .where(AuditEntry.seq > cursor)
                .order_by(AuditEntry.seq)
                .limit(batch_size)
            )
        )
        shown += _shown(uow, principal, batch)
        if len(shown) >= limit:
            return shown[:limit], shown[limit - 1].seq, False
        if len(batch) < batch_size:
            return shown, batch[-1].seq if batch else cursor, True
        cursor, scanned = batch[-1].seq, scanned + len(batch)
    return shown, cursor, False


def changes(uow: UnitOfWork, since: str | None = None, limit: int = DEFAULT_LIMIT) -> ChangePage:
    """The caller's use case: the changes after the cursor ``since`` of records it may see,
    oldest first, at most ``limit`` of them, with the cursor of the next page."""
    principal = caller(uow)
    start = parse_cursor(since)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    _check_within_trail(uow, start)
    shown, cursor, ended = _page(uow, principal, start, limit)
    more = not ended and (
        uow.session.scalar(select(AuditEntry.seq).where(AuditEntry.seq > cursor).limit(1))
        is not None
    )
    return ChangePage([_change(e, principal) for e in shown], start, cursor, more)
