"""The audit trail as a use case: who changed what, and whether the chain is intact.

Entries are appended by the store itself on every flush (``coprod.db.audit_models``), so
services, the API, the CLI import and the demo loader all leave a trail without calling
anything here. This module reads the trail and verifies it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coprod.db.audit_models import (
    ACTOR_INFO_KEY,
    GENESIS_HASH,
    Actor,
    AuditEntry,
    AuditHead,
    entry_fields,
    entry_hash,
)
from coprod.services.access import Principal, require_audit_reader


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


def act_as(session: Session, actor: Actor) -> None:
    """Attribute the session's coming changes to ``actor``."""
    session.info[ACTOR_INFO_KEY] = actor


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


def verify_chain(session: Session, expected_head: str | None = None) -> ChainReport:
    """Recompute the whole chain and compare it with the stored head (and an external one)."""
    entries = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    prev_hash, problems, length = GENESIS_HASH, [], 0
    for length, entry in enumerate(entries, start=1):
        problems.extend(_check_entry(entry, length, prev_hash))
        prev_hash = entry.hash
    head = session.get(AuditHead, 1)
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
    return ChainReport(length=length, head_hash=prev_hash, problems=problems)


def list_entries(
    session: Session,
    principal: Principal,
    *,
    object_type: str | None = None,
    object_key: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Audit entries, newest first, as plain dicts; only ministry and admin may read them."""
    require_audit_reader(principal)
    query = select(AuditEntry).order_by(AuditEntry.seq.desc())
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if object_key:
        query = query.where(AuditEntry.object_key == object_key)
    rows = session.execute(query.limit(limit).offset(offset)).scalars()
    return [{**entry_fields(row), "hash": row.hash} for row in rows]
