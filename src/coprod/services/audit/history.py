"""A record's history in the domain's words, read from the audit trail.

Each audit entry of one record becomes a ``Step``: who made it, when, through what, and the
fields it changed, each as a ``FieldChange`` (the field, the kind of value it holds, the old
value and the new) in domain terms: a Money as one Money (the store keeps two columns), a date
as a date, an enum as its member, a country as a ``Country``, a record named by key as a
``Named`` with that record's name. The entries' patches are replayed from the record's
creation (``fields.domain_fields`` reads each state), so an update knows what it replaced; a
trail that lacks a record's earlier entries (a patch that does not apply) gives what it can:
the values the entry wrote, with the old ones unknown (None).

Through what: each entry written since migration 0019 records its channel (the web pages,
the API, a command by its name, an import by its file, the acceptance of a proposed fact, the
system: ``db/audit_models.channel_of``). Older entries name only the actor, so their channel is
inferred as it was before: an account's change came through the platform (its pages or its
API, not told apart); the local operator's (``local:<user>``) through the command line (a
command, an import, the demo loader); a change recorded with the acceptance of a proposed fact
naming the record (the proposal's entry, by the same actor, just before or after it) came from
that fact.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import dataclass, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import jsonpatch
from sqlalchemy import select

from coprod import catalog
from coprod.db import audit_models
from coprod.db.audit_models import AuditEntry
from coprod.db.uow import UnitOfWork
from coprod.domain import bounds, kinds
from coprod.domain.kinds import Catalogue, Kind, Reference
from coprod.domain.money import Money
from coprod.services.accounts.access import caller, require_audit_reader
from coprod.services.audit.fields import FieldType, domain_fields, field_types

LOCAL_ACTOR = "local:"  # db/audit_models: the operating-system user of a command
PROPOSAL = "FactProposal"  # the trail's name of a proposed fact
NEAR = 3  # entries of one acceptance lie this close to the proposal's own


class Nature(Enum):
    """The kind of value a field holds, as a reader is told it."""

    MONEY = "money"
    DATE = "date"
    MONTH = "month"  # YYYY-MM
    COUNTRY = "country"
    CATEGORY = "category"  # a product category of the catalogue
    ENUM = "enum"
    REFERENCE = "reference"  # another record (or a state) by key
    PARTS = "parts"  # a list of parts: a status history, evidence, a person's roles
    NUMBER = "number"
    YES_NO = "yes_no"
    TEXT = "text"


class Channel(Enum):
    """Through what a change was made, as far as the audit trail tells."""

    WEB = audit_models.WEB  # the web pages
    API = audit_models.API
    CLI = audit_models.CLI  # a command, by its name
    IMPORT = audit_models.IMPORT  # an import of a file, by its name
    FACT_ACCEPTANCE = audit_models.FACT_ACCEPTANCE  # accepting a proposed fact, by its key
    SYSTEM = audit_models.SYSTEM  # the system: the demo loader, a migration
    # Entries written before the trail recorded the channel: inferred from the actor.
    PLATFORM = "platform"  # an account's: the pages or the API
    COMMAND_LINE = "command_line"  # the local operator's: a command, an import, the demo
    FACT_ACCEPTED = "fact_accepted"  # made by accepting a proposed fact


@dataclass(frozen=True)
class Through:
    """Through what a change was made: the channel, and which command, file, proposal or
    work of the system (None: the channel has no detail, or an older entry did not say)."""

    channel: Channel
    detail: str | None = None


def through_of(stored: str) -> Through:
    """A channel as the trail stores it (``cli:agreements add``), read back; an unknown one
    (a newer coprod's) as the command line's or the platform's is not guessed: the detail
    keeps the whole text under the system's channel."""
    return through(*audit_models.channel_parts(stored))


def through(kind: str, detail: str | None) -> Through:
    """A channel by its kind and detail (as the change feed gives them); an unknown kind (a
    newer coprod's) under the system's channel, the whole text as its detail."""
    try:
        return Through(Channel(kind), detail)
    except ValueError:
        return Through(Channel.SYSTEM, f"{kind}:{detail}" if detail else kind)


@dataclass(frozen=True)
class Named:
    """A record named by key: its kind's plural, its key and its name (None: it has none,
    or it is gone)."""

    kind: str
    key: str
    name: str | None


@dataclass(frozen=True)
class Country:
    """A state or a country, by its ISO 3166-1 alpha-2 code."""

    code: str


@dataclass(frozen=True)
class Part:
    """One part of a list of parts (a status change, an evidence span, a role): its filled
    fields in order, each (field, value, nature)."""

    fields: tuple[tuple[str, Any, Nature], ...]


@dataclass(frozen=True)
class FieldChange:
    """One field an entry changed: the old value and the new (None: unset; a list field: a
    list)."""

    field: str
    nature: Nature
    old: Any
    new: Any


@dataclass(frozen=True)
class Step:
    """One audit entry of a record, in domain terms."""

    seq: int
    at: datetime
    actor: str
    organisation: Named | None  # the organisation the actor acted for
    action: str  # create, update, delete
    through: Through
    changes: tuple[FieldChange, ...]


def _entries(uow: UnitOfWork, kind: Kind[Any], key: str) -> list[AuditEntry]:
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.object_type == kind.entity.__name__, AuditEntry.object_key == key)
        .order_by(AuditEntry.seq)
    )
    return list(uow.session.scalars(stmt))


def replayed(state: dict[str, Any], entry: AuditEntry) -> tuple[dict[str, Any], dict[str, Any]]:
    """The stored state before and after ``entry``: each operation applied that applies (a
    trail without the record's earlier entries gives what it can)."""
    patch = json.loads(entry.patch)
    if entry.action == "delete":
        kept = next((op.get("value") for op in patch if op.get("op") == "test"), None)
        return (kept if isinstance(kept, dict) else state), {}
    after = copy.deepcopy(state)
    for operation in patch:
        if operation.get("op") == "test":
            continue
        try:
            after = jsonpatch.JsonPatch([operation]).apply(after, in_place=True)
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException):
            continue
    return state, after


def _reference(kind: Kind[Any], field: str) -> Reference | None:
    return next((r for r in kind.references if r.field == field), None)


def nature_of(kind: Kind[Any], field: str, type_: FieldType) -> Nature:
    """The kind of value ``field`` of ``kind`` holds."""
    reference = _reference(kind, field)
    if reference is not None and reference.through is None:
        if reference.catalogue is Catalogue.COUNTRY:
            return Nature.COUNTRY
        return Nature.CATEGORY if reference.catalogue else Nature.REFERENCE
    if (kind.entity, field) in bounds.MONTHS:
        return Nature.MONTH
    if is_dataclass(type_.value) and type_.value is not Money:
        return Nature.PARTS
    return _nature_of_type(type_.value)


def _nature_of_type(cls: Any) -> Nature:
    if cls is Money:
        return Nature.MONEY
    if cls is date:
        return Nature.DATE
    if isinstance(cls, type) and issubclass(cls, Enum):
        return Nature.ENUM
    if cls is bool:
        return Nature.YES_NO
    return Nature.NUMBER if cls in (int, Decimal, float) else Nature.TEXT


class _Names:
    """The names of the records the history names, looked up once per kind."""

    def __init__(self) -> None:
        self.wanted: dict[Kind[Any], set[str]] = {}
        self.found: dict[tuple[Kind[Any], str], str | None] = {}

    def want(self, kinds_: Iterable[Kind[Any]], key: str) -> None:
        for kind in kinds_:
            self.wanted.setdefault(kind, set()).add(key)

    def look_up(self, uow: UnitOfWork) -> None:
        for kind, keys in self.wanted.items():
            for record in uow.records(kind).list_in("key", keys):
                # a document's title says more than its file name; others have one of them
                name = getattr(record, "title", None) or getattr(record, "name", None)
                self.found[(kind, kind.key_of(record))] = name

    def named(self, kinds_: tuple[Kind[Any], ...], key: str) -> Named:
        for kind in kinds_:
            if (kind, key) in self.found:
                return Named(kind.plural, key, self.found[(kind, key)])
        return Named(kinds_[0].plural, key, None)


def _keys(reference: Reference, value: Any) -> Iterable[str]:
    items = value if isinstance(value, list) else [value]
    for item in items:
        key = getattr(item, reference.through) if reference.through else item
        if isinstance(key, str) and not (reference.states and catalog.is_country_code(key)):
            yield key


def _shown_one(item: Any, reference: Reference | None, names: _Names) -> Any:
    if item is None or reference is None or reference.catalogue is not None:
        return Country(item) if reference and reference.catalogue is Catalogue.COUNTRY else item
    if reference.through is None:
        if reference.states and catalog.is_country_code(item):
            return Country(item)
        return names.named(kinds.referenced(reference), item)
    return _shown_part(item, reference, names)


def _shown_part(item: Any, reference: Reference | None, names: _Names) -> Part:
    inner = field_types(type(item))
    parts = []
    for name, type_ in inner.items():
        value = getattr(item, name)
        if value is None:
            continue
        if reference is not None and name == reference.through:
            parts.append((name, names.named(kinds.referenced(reference), value), Nature.REFERENCE))
        else:
            parts.append((name, value, _nature_of_type(type_.value)))
    return Part(tuple(parts))


def _shown(value: Any, reference: Reference | None, names: _Names) -> Any:
    if isinstance(value, list):
        return [_shown(item, reference, names) for item in value]
    if is_dataclass(value) and not isinstance(value, Money):
        return _shown_part(value, reference, names)
    return _shown_one(value, reference, names)


def _diff(kind: Kind[Any], before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """The fields whose domain value differs between two stored states, as raw values."""
    old, new = domain_fields(kind, before), domain_fields(kind, after)
    return [
        FieldChange(name, nature_of(kind, name, type_), old[name], new[name])
        for name, type_ in field_types(kind.entity).items()
        if old[name] != new[name] and not (_empty(old[name]) and _empty(new[name]))
    ]


def _empty(value: Any) -> bool:
    return value is None or value in ([], "")


def _through(entry: AuditEntry, acceptances: list[AuditEntry]) -> Through:
    """The channel the entry records; for an older entry without one, the inferred one."""
    if entry.channel is not None:
        return through_of(entry.channel)
    near = any(p.actor == entry.actor and abs(p.seq - entry.seq) <= NEAR for p in acceptances)
    if near:
        return Through(Channel.FACT_ACCEPTED)
    if entry.actor.startswith(LOCAL_ACTOR):
        return Through(Channel.COMMAND_LINE)
    return Through(Channel.PLATFORM)


def _acceptances(uow: UnitOfWork, kind: Kind[Any], key: str) -> list[AuditEntry]:
    """The entries of proposed facts whose acceptance made (or added to) this record."""
    stmt = select(AuditEntry).where(
        AuditEntry.object_type == PROPOSAL, AuditEntry.patch.contains('"/record_key"')
    )
    found = []
    for entry in uow.session.scalars(stmt):
        written = {op.get("path"): op.get("value") for op in json.loads(entry.patch)}
        if written.get("/record_key") == key and written.get("/record_kind") == kind.name:
            found.append(entry)
    return found


def _step(
    kind: Kind[Any], entry: AuditEntry, changes: list[FieldChange], through: Through, names: _Names
) -> Step:
    at = datetime.fromisoformat(entry.at.replace("Z", "+00:00"))
    shown = tuple(
        FieldChange(
            c.field,
            c.nature,
            _shown(c.old, _reference(kind, c.field), names),
            _shown(c.new, _reference(kind, c.field), names),
        )
        for c in changes
    )
    acted_for = None
    if entry.organisation:
        acted_for = names.named((kinds.ORGANISATION,), entry.organisation)
    return Step(entry.seq, at, entry.actor, acted_for, entry.action, through, shown)


def _names(kind: Kind[Any], changed: Iterable[list[FieldChange]]) -> _Names:
    """The records the changes name, to be looked up."""
    names = _Names()
    for changes in changed:
        for change in changes:
            reference = _reference(kind, change.field)
            if reference is None or not reference.kinds:
                continue
            for value in (change.old, change.new):
                for key in _keys(reference, value):
                    names.want(kinds.referenced(reference), key)
    return names


def record_history(uow: UnitOfWork, kind: Kind[Any], key: str, *, limit: int = 100) -> list[Step]:
    """The caller's use case: the record ``key`` of ``kind`` as its audit entries changed it,
    newest first, at most ``limit`` entries (ministry and admin only; a record the caller may
    not see is not found)."""
    require_audit_reader(caller(uow))
    uow.records(kind).get_by_key(key)
    state: dict[str, Any] = {}
    read: list[tuple[AuditEntry, list[FieldChange]]] = []
    for entry in _entries(uow, kind, key):
        before, state = replayed(state, entry)
        read.append((entry, _diff(kind, before, state)))
    newest = read[::-1][:limit]
    names = _names(kind, (changes for _, changes in newest))
    for entry, _ in newest:
        if entry.organisation:
            names.want((kinds.ORGANISATION,), entry.organisation)
    names.look_up(uow)
    acceptances = _acceptances(uow, kind, key)
    return [_step(kind, e, c, _through(e, acceptances), names) for e, c in newest]
