"""The audit trail as a use case: who changed what, and whether the chain is intact.

Entries are appended by the store itself on every flush (``coprod.db.audit_models``), so
services, the API, the CLI import and the demo loader all leave a trail without calling
anything here. This module reads the trail and verifies it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from coprod.db.audit_models import (
    ACTOR_INFO_KEY,
    GENESIS_HASH,
    Actor,
    AuditEntry,
    AuditHead,
    entry_fields,
    entry_hash,
)
from coprod.db.uow import UnitOfWork
from coprod.errors import Conflict, InvalidInput
from coprod.services.accounts.access import Principal, caller, require_audit_reader


@dataclass
class ChainReport:
    """The outcome of a verification: the problems found, the length and the head hash."""

    length: int
    head_hash: str
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """Whether no problem was found."""
        return not self.problems


def act_as(uow: UnitOfWork, actor: Actor) -> None:
    """Attribute the unit of work's coming changes to ``actor``."""
    uow.session.info[ACTOR_INFO_KEY] = actor


def _check_entry(entry: AuditEntry, position: int, prev_hash: str) -> list[str]:
    problems: list[str] = []
    if entry.seq != position:
        problems.append(
            f"audit entry seq {entry.seq}: expected seq {position} "
            "(an entry was deleted, inserted or reordered)"
        )
    if entry.prev_hash != prev_hash:
        problems.append(
            f"audit entry seq {entry.seq}: prev_hash does not match the hash of the entry "
            "before it (an entry was deleted, inserted or reordered)"
        )
    try:
        fields = entry_fields(entry)
    except json.JSONDecodeError:
        return [*problems, f"audit entry seq {entry.seq}: patch is not valid JSON (edited)"]
    if entry_hash(fields, entry.prev_hash) != entry.hash:
        problems.append(f"audit entry seq {entry.seq}: hash does not match its content (edited)")
    return problems


@dataclass(frozen=True)
class Anchor:
    """The chain's last entry as kept outside the database: its seq, hash and time."""

    seq: int
    hash: str
    at: str | None  # None for the empty chain

    def to_json(self) -> dict[str, Any]:
        """The anchor as ``coprod audit anchor`` prints it."""
        return {"format": ANCHOR_FORMAT, "seq": self.seq, "hash": self.hash, "at": self.at}


ANCHOR_FORMAT = "coprod.audit-anchor/1"


def chain_anchor(uow: UnitOfWork) -> Anchor:
    """The anchor of the chain as it ends now (the last entry's seq, hash and time)."""
    last = uow.session.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    if last is None:
        return Anchor(0, GENESIS_HASH, None)
    return Anchor(last.seq, last.hash, last.at)


def intact_anchor(uow: UnitOfWork) -> Anchor:
    """The anchor of the chain as it ends now, once the whole chain verifies; Conflict naming
    its first problem otherwise (an anchor of it would vouch for a tampered log)."""
    report = verify_chain(uow)
    if not report.intact:
        raise Conflict(
            f"the audit chain is broken ({report.problems[0]}): an anchor of it would "
            "vouch for a tampered log; run `coprod audit verify`"
        )
    return chain_anchor(uow)


def read_anchor(name: str, document: object) -> Anchor:
    """An anchor from its parsed JSON; InvalidInput naming ``name`` and the field if not one."""
    if not isinstance(document, dict) or document.get("format") != ANCHOR_FORMAT:
        raise InvalidInput(f"{name}: not an audit anchor: field 'format' must be {ANCHOR_FORMAT!r}")
    seq, digest, at = document.get("seq"), document.get("hash"), document.get("at")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise InvalidInput(f"{name}: field 'seq' must be a whole number ≥ 0, not {seq!r}")
    if not isinstance(digest, str) or len(digest) != 64:
        raise InvalidInput(f"{name}: field 'hash' must be 64 hexadecimal digits")
    if at is not None and not isinstance(at, str):
        raise InvalidInput(f"{name}: field 'at' must be a time (text) or null")
    return Anchor(seq, digest, at)


def _anchor_problems(anchor: Anchor, found: Anchor | None, length: int) -> list[str]:
    if anchor.seq == 0:
        return [] if anchor.hash == GENESIS_HASH else ["the anchor of seq 0 has a wrong hash"]
    if found is None:
        return [
            f"the anchored entry seq {anchor.seq} is missing: the log has {length} entries "
            "(entries were removed)"
        ]
    if (found.hash, found.at) != (anchor.hash, anchor.at):
        return [
            f"audit entry seq {anchor.seq} is not the anchored one: hash {found.hash[:12]}… at "
            f"{found.at}, anchored {anchor.hash[:12]}… at {anchor.at} (the chain was rewritten)"
        ]
    return []


def verify_chain(
    uow: UnitOfWork, expected_head: str | None = None, anchor: Anchor | None = None
) -> ChainReport:
    """Recompute the whole chain and compare it with the stored head (and an external one:
    a head hash, or an anchor the chain must still hold unchanged)."""
    session = uow.session
    entries = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    return check_chain(entries, session.get(AuditHead, 1), expected_head, anchor)


def check_chain(
    entries: Iterable[AuditEntry],
    head: AuditHead | None,
    expected_head: str | None = None,
    anchor: Anchor | None = None,
) -> ChainReport:
    """The chain of ``entries`` (in order of seq) recomputed and compared with its stored
    ``head`` (and an external one: a head hash, or an anchor it must still hold unchanged)."""
    prev_hash, problems, length = GENESIS_HASH, [], 0
    anchored: Anchor | None = None
    for length, entry in enumerate(entries, start=1):
        problems.extend(_check_entry(entry, length, prev_hash))
        prev_hash = entry.hash
        if anchor is not None and entry.seq == anchor.seq:
            anchored = Anchor(entry.seq, entry.hash, entry.at)
    stored = (head.length, head.hash) if head else (0, GENESIS_HASH)
    if stored != (length, prev_hash):
        problems.append(
            f"audit head records {stored[0]} entries ending in {stored[1][:12]}…, the log has "
            f"{length} ending in {prev_hash[:12]}… (entries were removed or added)"
        )
    if expected_head is not None and expected_head != prev_hash:
        problems.append(
            f"the chain ends in {prev_hash[:12]}…, not in the expected head {expected_head[:12]}…"
        )
    if anchor is not None:
        problems.extend(_anchor_problems(anchor, anchored, length))
    return ChainReport(length=length, head_hash=prev_hash, problems=problems)


def list_entries(
    uow: UnitOfWork,
    principal: Principal,
    *,
    object_type: str | None = None,
    object_key: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Audit entries, newest first, as plain dicts (``channel`` None: an entry older than the
    trail's channels); only ministry and admin may read them."""
    require_audit_reader(principal)
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if object_key:
        query = query.where(AuditEntry.object_key == object_key)
    rows = uow.session.execute(query.limit(limit).offset(offset)).scalars()
    return [{**entry_fields(row), "channel": row.channel, "hash": row.hash} for row in rows]


def entries(
    uow: UnitOfWork,
    *,
    object_type: str | None = None,
    object_key: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The caller's use case: audit entries, newest first (ministry and admin only)."""
    return list_entries(
        uow,
        caller(uow),
        object_type=object_type,
        object_key=object_key,
        limit=limit,
        offset=offset,
    )


def verify(uow: UnitOfWork) -> ChainReport:
    """The caller's use case: recompute the hash chain (ministry and admin only)."""
    require_audit_reader(caller(uow))
    return verify_chain(uow)
