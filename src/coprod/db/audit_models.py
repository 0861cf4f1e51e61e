"""The audit trail: an append-only, hash-chained log of every change.

Each row's ``hash`` is SHA-256 over the canonical JSON of the row (``seq``, ``at``, ``actor``,
``organisation``, ``object_type``, ``object_key``, ``action``, ``patch``, and ``channel`` when
the entry has one) and ``prev_hash``. ``channel`` says through what the change came (``web``,
``api``, ``cli:<command>``, ``import:<file>``, ``fact acceptance:<proposal>``,
``system:<what>``); entries written before migration 0019 have none, and their hash is the
one they were written with.
``audit_head`` holds the number of rows and the last hash, so that removing rows from the end
is detected too. Triggers make the database refuse UPDATE, DELETE and REPLACE on ``audit_log``,
and any change to ``audit_head`` but the append path: migrations 0002 and 0006 create them, and
a store is only ever made by the migrations (``coprod init``, ``coprod db upgrade``).
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, cast

import jsonpatch
from sqlalchemy import Integer, String, Text, event, insert, inspect, select, update
from sqlalchemy.orm import (
    MANYTOONE,
    InstanceState,
    Mapped,
    RelationshipProperty,
    Session,
    mapped_column,
)

from coprod.db.base import Base

CHANNEL_LENGTH = 200
# The channels a change comes through (``Actor.channel``, ``channel_of``).
WEB, API, CLI, IMPORT, FACT_ACCEPTANCE, SYSTEM = (
    "web",
    "api",
    "cli",
    "import",
    "fact acceptance",
    "system",
)
CHANNELS = (WEB, API, CLI, IMPORT, FACT_ACCEPTANCE, SYSTEM)
CHANNEL_SEPARATOR = ":"


def channel_of(kind: str, detail: str | None = None) -> str:
    """A channel as the trail stores it: its kind, then ``:`` and what of it (the command's
    name, the file's, the proposal's key), cut to fit the column."""
    if kind not in CHANNELS:
        raise ValueError(f"no channel called {kind!r}: one of {', '.join(CHANNELS)}")
    said = kind if not detail else f"{kind}{CHANNEL_SEPARATOR}{detail}"
    return said[:CHANNEL_LENGTH]


def channel_parts(channel: str) -> tuple[str, str | None]:
    """A stored channel's kind and detail (None when it has none)."""
    kind, _, detail = channel.partition(CHANNEL_SEPARATOR)
    return kind, detail or None


class AuditEntry(Base):
    """One change: who, for which organisation, which object, what (a JSON Patch), when."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))  # UTC, ISO 8601 with a Z: hashed as stored
    actor: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str | None] = mapped_column(String(120), nullable=True)
    object_type: Mapped[str] = mapped_column(String(80))
    object_key: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(10))
    patch: Mapped[str] = mapped_column(Text)  # canonical JSON of an RFC 6902 patch
    # Through what (``channel_of``); None: written before migration 0019, which did not say.
    channel: Mapped[str | None] = mapped_column(String(CHANNEL_LENGTH), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row that records how long the chain is and where it ends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    length: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


GENESIS_HASH = "0" * 64
ACTOR_INFO_KEY = "coprod.actor"
HEAD_INFO_KEY = "coprod.audit.head"
# Tables whose rows are bookkeeping, not records: never audited.
UNAUDITED_TABLES = frozenset(
    {
        "audit_log",
        "audit_head",
        "platform_session",
        "platform_login_failure",
        "platform_idempotency",
        "platform_watch",
        "ledger_breach",  # what a verify found about the records, not a record
        "alembic_version",
    }
)
SECRET_COLUMNS = frozenset({"password_hash", "token_hash"})
UNHASHED_COLUMNS = frozenset({"id"})
CHILD_SKIPPED_COLUMNS = frozenset({"id", "position"})
JSONValue = Any


@dataclass(frozen=True)
class Actor:
    """Who makes the changes of a session: a user key (or ``local:<os user>``) and an org,
    and through what (``channel_of``: the web pages, the API, a command, an import, a fact's
    acceptance, the system; None: not said)."""

    name: str
    organisation: str | None = None
    channel: str | None = None

    def through(self, channel: str) -> Actor:
        """The same actor, acting through ``channel``."""
        return replace(self, channel=channel)


def canonical_json(value: JSONValue) -> str:
    """JSON with sorted keys and no spaces: the form that is hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(fields: dict[str, JSONValue], prev_hash: str) -> str:
    """SHA-256 over the canonical JSON of an entry's fields and the previous hash."""
    payload = canonical_json({**fields, "prev_hash": prev_hash})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_fields(entry: AuditEntry) -> dict[str, JSONValue]:
    """The hashed fields of a stored entry (the patch as parsed JSON; ``channel`` only when
    the entry has one, so that entries written before the trail recorded it still verify)."""
    fields = {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "organisation": entry.organisation,
        "object_type": entry.object_type,
        "object_key": entry.object_key,
        "action": entry.action,
        "patch": json.loads(entry.patch),
    }
    if entry.channel is not None:
        fields["channel"] = entry.channel
    return fields


def session_actor(session: Session) -> Actor:
    """The actor set on ``session``; without one, the operating-system user, marked local."""
    actor = session.info.get(ACTOR_INFO_KEY)
    if isinstance(actor, Actor):
        return actor
    return _local_actor()


@cache
def _local_actor() -> Actor:
    return Actor(f"local:{getpass.getuser()}")


def local_actor(channel: str | None = None) -> Actor:
    """The local operator (the operating-system user), acting through ``channel``."""
    return _local_actor().through(channel) if channel else _local_actor()


def _json_value(value: object) -> JSONValue:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def _state(obj: object) -> InstanceState[Any]:
    return cast(InstanceState[Any], inspect(obj))


def _column_value(obj: object, name: str, *, before: bool) -> JSONValue:
    if name in SECRET_COLUMNS:
        return "<redacted>"
    if before:
        history = _state(obj).attrs[name].history
        if history.deleted:
            return _json_value(history.deleted[0])
    return _json_value(getattr(obj, name))


def _references(obj: object) -> list[RelationshipProperty[Any]]:
    return [
        rel
        for rel in _state(obj).mapper.relationships
        if rel.direction is MANYTOONE and hasattr(rel.mapper.class_, "key")
    ]


def _reference_key(obj: object, rel: RelationshipProperty[Any], *, before: bool) -> JSONValue:
    target = getattr(obj, rel.key)
    if before:
        history = _state(obj).attrs[rel.key].history
        target = history.deleted[0] if history.deleted else target
    return None if target is None else str(target.key)


def _columns(obj: object, skip: frozenset[str], *, before: bool) -> dict[str, JSONValue]:
    # References are recorded by the key of the record they name, not by surrogate ids.
    references = _references(obj)
    skip = skip | {str(c.key) for rel in references for c in rel.local_columns}
    state = {
        attr.key: _column_value(obj, attr.key, before=before)
        for attr in _state(obj).mapper.column_attrs
        if attr.key not in skip
    }
    for rel in references:
        state[rel.key] = _reference_key(obj, rel, before=before)
    return state


def _child_relationships(obj: object) -> list[RelationshipProperty[Any]]:
    return [rel for rel in _state(obj).mapper.relationships if rel.cascade.delete_orphan]


def _child_state(child: object, rel: RelationshipProperty[Any], *, before: bool) -> JSONValue:
    skip = CHILD_SKIPPED_COLUMNS | {str(column.key) for column in rel.remote_side}
    state = _columns(child, frozenset(skip), before=before)
    return {name: value for name, value in state.items() if value is not None}


def _collection(obj: object, rel: RelationshipProperty[Any], *, before: bool) -> JSONValue:
    if not before:
        return [_child_state(child, rel, before=False) for child in getattr(obj, rel.key)]
    history = _state(obj).attrs[rel.key].history
    old = [*history.unchanged, *history.deleted]
    old.sort(key=lambda child: _column_value(child, "position", before=True) or 0)
    return [_child_state(child, rel, before=True) for child in old]


def record_state(obj: object, *, before: bool = False) -> dict[str, JSONValue]:
    """A record's columns and child lists, now or as they were before this flush."""
    state = _columns(obj, UNHASHED_COLUMNS, before=before)
    for rel in _child_relationships(obj):
        state[rel.key] = _collection(obj, rel, before=before)
    return state


def _utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class _ChainEnd:
    """Where the chain ends in this transaction, and what ``audit_head`` holds so far."""

    length: int
    hash: str
    stored: tuple[int, str] | None  # None: no head row yet


def _chain_end(session: Session) -> _ChainEnd:
    # Read (and on PostgreSQL lock) the head once per transaction; later flushes of the same
    # transaction continue from where the last one ended, which no one else can change.
    transaction = session.get_transaction()
    held = session.info.get(HEAD_INFO_KEY)
    if held is not None and held[0] is transaction:
        return cast(_ChainEnd, held[1])
    with session.no_autoflush:
        row = session.execute(
            select(AuditHead.length, AuditHead.hash).where(AuditHead.id == 1).with_for_update()
        ).one_or_none()
    stored = None if row is None else (int(row.length), str(row.hash))
    end = _ChainEnd(*(stored or (0, GENESIS_HASH)), stored=stored)
    session.info[HEAD_INFO_KEY] = (transaction, end)
    return end


def append_entry(
    session: Session, object_type: str, object_key: str, action: str, patch: JSONValue
) -> AuditEntry:
    """Append one entry to the chain, within the session's transaction."""
    end = _chain_end(session)
    actor = session_actor(session)
    entry = AuditEntry(
        seq=end.length + 1,
        at=_utc_now(),
        actor=actor.name,
        organisation=actor.organisation,
        object_type=object_type,
        object_key=object_key,
        action=action,
        patch=canonical_json(patch),
        channel=actor.channel,
        prev_hash=end.hash,
    )
    entry.hash = entry_hash(entry_fields(entry), end.hash)
    end.length, end.hash = entry.seq, entry.hash
    session.add(entry)
    return entry


def _write_head(session: Session, _context: object) -> None:
    # After the flush has inserted the entries: the database lets the head move only to the
    # last entry there is (migration 0006), and the ORM would not promise that order.
    held = session.info.get(HEAD_INFO_KEY)
    if held is None or held[0] is not session.get_transaction():
        return
    end = cast(_ChainEnd, held[1])
    if end.stored == (end.length, end.hash):
        return
    values = {"length": end.length, "hash": end.hash}
    if end.stored is None:
        session.connection().execute(insert(AuditHead).values(id=1, **values))
    else:
        session.connection().execute(update(AuditHead).where(AuditHead.id == 1).values(**values))
    end.stored = (end.length, end.hash)


def _forget_chain_end(session: Session, _previous: object) -> None:
    # A rolled-back transaction or savepoint took its entries (and head move) with it.
    session.info.pop(HEAD_INFO_KEY, None)


def _object_type(obj: object) -> str:
    name = type(obj).__name__
    return name.removesuffix("Row")


def _is_record(obj: object) -> bool:
    table = getattr(obj, "__tablename__", None)
    return table is not None and table not in UNAUDITED_TABLES and hasattr(obj, "key")


def _owner_of(child: object, candidates: Iterable[object]) -> object | None:
    for candidate in candidates:
        if _is_record(candidate):
            for rel in _child_relationships(candidate):
                loaded = _state(candidate).attrs[rel.key].loaded_value
                if isinstance(loaded, list) and child in loaded:
                    return candidate
    return None


def _touched_records(session: Session) -> tuple[list[object], list[object], list[object]]:
    new = [obj for obj in session.new if _is_record(obj)]
    deleted = [obj for obj in session.deleted if _is_record(obj)]
    dirty = {id(obj): obj for obj in session.dirty if _is_record(obj)}
    # A new child row got into its owner's list by a change to that list, which puts the owner
    # among the new or modified records: search those first, and the whole identity map only
    # when that fails (an import flushes once per record, and the map holds every record).
    changed = [*new, *dirty.values()]
    for child in [*session.dirty, *session.new, *session.deleted]:
        if not _is_record(child) and getattr(child, "__tablename__", "") not in UNAUDITED_TABLES:
            owner = _owner_of(child, changed) if child in session.new else None
            if owner is None:
                owner = _owner_of(child, [*session.identity_map.values(), *session.new])
            if owner is not None and owner not in session.new and owner not in session.deleted:
                dirty[id(owner)] = owner
    return new, list(dirty.values()), deleted


def _secrets_replaced(obj: object) -> list[JSONValue]:
    # A secret is redacted the same before and after, so the diff never shows it changed: a
    # password change alone is still an entry, a replace of the redacted value.
    attrs = _state(obj).attrs
    return [
        {"op": "replace", "path": f"/{name}", "value": "<redacted>"}
        for name in sorted(SECRET_COLUMNS)
        if name in attrs and attrs[name].history.added
    ]


def _changes(session: Session) -> list[tuple[object, str, JSONValue]]:
    new, dirty, deleted = _touched_records(session)
    changes: list[tuple[object, str, JSONValue]] = []
    for obj in new:
        changes.append((obj, "create", jsonpatch.make_patch({}, record_state(obj)).patch))
    for obj in dirty:
        patch = jsonpatch.make_patch(record_state(obj, before=True), record_state(obj)).patch
        patch += _secrets_replaced(obj)
        if patch:
            changes.append((obj, "update", patch))
    for obj in deleted:
        # A remove carries no value: a "test" of the whole record first keeps what was deleted.
        before = record_state(obj, before=True)
        kept = {"op": "test", "path": "", "value": before}
        changes.append((obj, "delete", [kept, *jsonpatch.make_patch(before, {}).patch]))
    return changes


def _audit_before_flush(session: Session, _context: object, _instances: object) -> None:
    # Every flush of every session passes here: imports, services, the API and the CLI alike.
    for obj, action, patch in _changes(session):
        append_entry(session, _object_type(obj), str(getattr(obj, "key", "")), action, patch)


event.listen(Session, "before_flush", _audit_before_flush)
event.listen(Session, "after_flush", _write_head)
event.listen(Session, "after_soft_rollback", _forget_chain_end)
