"""Reviewing fact proposals: list, show (with each evidence sentence quoted from the stored
text), edit (validated against the vocabulary; every edit kept), reject, and accept into
registry records that keep the evidence, learning the aliases the reviewer confirmed.

Accept maps a proposal to a record (``docs/review.md``):

| fact        | record                                                                  |
|-------------|-------------------------------------------------------------------------|
| agreement   | Agreement: type, status (mapped to the lifecycle), parties, scope,      |
|             | systems, quantity, value, history with the date, evidence               |
| funding     | FundingInstrument: funder, pledged amount, categories of the systems    |
| meeting     | Event: participants, date, place, kind from the name                    |
| initiative  | InnovationProject when its scope is co-development or technology        |
|             | transfer (or ``record=project``), else Agreement of type ``agreement``  |
| supply,     | none: a Delivery needs an Order and a ProductionLine needs costs and    |
| production  | capacities no article gives; the fact is marked reviewed                |
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from coprod import catalog
from coprod.db import fact_models as fm
from coprod.db.audit_models import Actor, session_actor
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.bounds import DIGITS, whole_number
from coprod.domain.enums import (
    AgreementStatus,
    AgreementType,
    EventKind,
    FactStatus,
    FactType,
    InstrumentKind,
    OrganisationKind,
    ReviewState,
    Scope,
)
from coprod.domain.money import Money, parse_amount
from coprod.errors import Conflict, InvalidInput, NotFound
from coprod.extraction.gazetteer import fold
from coprod.services import registry
from coprod.services.accounts.access import Principal, require_reviewer
from coprod.services.audit import act_as
from coprod.services.facts.ingestion import in_catalogue
from coprod.services.registry.references import is_known

CONTEXT = 120  # characters of text shown around an evidence span
STATUS_OF_FACT = {
    FactStatus.SIGNED: AgreementStatus.SIGNED,
    FactStatus.PLANNED: AgreementStatus.PLANNED,
    FactStatus.REQUESTED: AgreementStatus.PLANNED,
    FactStatus.ONGOING: AgreementStatus.IN_FORCE,
    FactStatus.DELIVERED: AgreementStatus.COMPLETED,
    FactStatus.CANCELLED: AgreementStatus.CANCELLED,
}
PROJECT_SCOPES = {Scope.CO_DEVELOPMENT.value, Scope.TECHNOLOGY_TRANSFER.value}
NO_RECORD = {FactType.SUPPLY.value, FactType.PRODUCTION.value}
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass
class EvidenceView:
    """One evidence span with the sentence it covers and the text around it."""

    document: str
    name: str
    start: int
    end: int
    before: str
    quote: str
    after: str
    confidence: float


@dataclass
class ProposalView:
    """A proposal as reviewers see it."""

    id: int
    key: str
    type: str
    state: str
    confidence: float
    identity: str
    fields: dict[str, Any]
    evidence: list[EvidenceView] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    edits: list[dict[str, Any]] = field(default_factory=list)
    record_kind: str | None = None
    record_key: str | None = None
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    reason: str | None = None
    documents: int = 0


@dataclass
class AcceptResult:
    """What accepting a proposal made: the record (if any), organisations, learned aliases."""

    proposal: str
    record_kind: str | None
    record_key: str | None
    created: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    message: str = ""


# ---------------------------------------------------------------------------------- reading


def _row(uow: UnitOfWork, proposal: int | str) -> fm.FactProposalRow:
    column = fm.FactProposalRow.id if isinstance(proposal, int) else fm.FactProposalRow.key
    if isinstance(proposal, str) and DIGITS.fullmatch(proposal):
        column, proposal = fm.FactProposalRow.id, int(proposal)
    row = uow.session.scalars(select(fm.FactProposalRow).where(column == proposal)).one_or_none()
    if row is None:
        raise NotFound(f"no fact proposal {proposal!r}: see `coprod review list`")
    return row


def document_text(uow: UnitOfWork, document_id: int) -> str:
    """The stored text of a source document (empty when none was stored)."""
    row = uow.session.get(fm.DocumentTextRow, document_id)
    return row.text if row is not None else ""


def document_text_by_key(uow: UnitOfWork, key: str) -> str:
    """The stored text of the source document ``key``."""
    return document_text(uow, uow.documents.id_of(key))


def _evidence(uow: UnitOfWork, row: fm.FactEvidenceRow) -> EvidenceView:
    text = document_text(uow, row.document_id)
    return EvidenceView(
        document=row.document.key,
        name=row.document.name,
        start=row.start,
        end=row.end,
        before=text[max(0, row.start - CONTEXT) : row.start],
        quote=text[row.start : row.end],
        after=text[row.end : row.end + CONTEXT],
        confidence=row.confidence,
    )


def _view(uow: UnitOfWork, row: fm.FactProposalRow, *, full: bool) -> ProposalView:
    view = ProposalView(
        id=row.id,
        key=row.key,
        type=row.type,
        state=row.state,
        confidence=round(row.confidence, 2),
        identity=row.identity,
        fields=dict(row.fields),
        record_kind=row.record_kind,
        record_key=row.record_key,
        reviewed_by=row.reviewed_by,
        reviewed_at=row.reviewed_at.isoformat() if row.reviewed_at else None,
        reason=row.reason,
        documents=len({e.document_id for e in row.evidence}),
    )
    view.entities = [
        {"type": e.type, "name": e.name, "ref": e.ref, "mentions": list(e.mentions)}
        for e in row.entities
    ]
    if full:
        view.evidence = [_evidence(uow, e) for e in row.evidence]
        view.edits = [
            {"field": e.field, "old": e.old, "new": e.new, "actor": e.actor, "at": e.at.isoformat()}
            for e in row.edits
        ]
    return view


def list_proposals(
    uow: UnitOfWork,
    state: str | None = None,
    type: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ProposalView]:
    """Proposals in a state and of a type (all when None), most evidence first."""
    stmt = select(fm.FactProposalRow)
    if state is not None:
        stmt = stmt.where(fm.FactProposalRow.state == _enum(ReviewState, state, "state"))
    if type is not None:
        stmt = stmt.where(fm.FactProposalRow.type == _enum(FactType, type, "type"))
    stmt = stmt.order_by(fm.FactProposalRow.id).offset(offset).limit(limit)
    return [_view(uow, row, full=False) for row in uow.session.scalars(stmt)]


def count_proposals(uow: UnitOfWork, state: str | None = None) -> int:
    """How many proposals are in ``state`` (all when None)."""
    stmt = select(func.count()).select_from(fm.FactProposalRow)
    if state is not None:
        stmt = stmt.where(fm.FactProposalRow.state == state)
    return int(uow.session.scalar(stmt) or 0)


def get_proposal(uow: UnitOfWork, proposal: int | str) -> ProposalView:
    """One proposal (by id or key) with its evidence quoted and its edits."""
    return _view(uow, _row(uow, proposal), full=True)


def _enum(enum: Any, value: str, name: str) -> str:
    allowed = [e.value for e in enum]
    if value not in allowed:
        raise InvalidInput(f"{name} {value!r} is not one of: {', '.join(allowed)}")
    return value


# ---------------------------------------------------------------------------------- changes


def _start(
    uow: UnitOfWork, proposal: int | str, actor: Actor | None, principal: Principal | None
) -> fm.FactProposalRow:
    if principal is not None:
        require_reviewer(principal)
    if actor is not None:
        act_as(uow.session, actor)
    row = _row(uow, proposal)
    if row.state != ReviewState.UNVERIFIED.value:
        raise Conflict(
            f"fact proposal {row.key} is already {row.state}"
            + (f" as {row.record_kind} {row.record_key!r}" if row.record_key else "")
        )
    return row


def _reviewed(uow: UnitOfWork, row: fm.FactProposalRow, state: ReviewState) -> None:
    row.state = state.value
    row.reviewed_by = session_actor(uow.session).name
    row.reviewed_at = datetime.now(UTC)
    row.version += 1


def reject(
    uow: UnitOfWork,
    proposal: int | str,
    actor: Actor | None = None,
    reason: str | None = None,
    *,
    principal: Principal | None = None,
) -> ProposalView:
    """Mark a proposal rejected, with the reviewer's reason."""
    row = _start(uow, proposal, actor, principal)
    _reviewed(uow, row, ReviewState.REJECTED)
    row.reason = reason
    uow.session.flush()
    return _view(uow, row, full=False)


def edit(
    uow: UnitOfWork,
    proposal: int | str,
    changes: dict[str, str],
    actor: Actor | None = None,
    *,
    principal: Principal | None = None,
) -> ProposalView:
    """Change fields of an unverified proposal (``field=value``; ``entity:NAME=KEY`` maps an
    entity to a registry key and learns its spellings); each change is kept."""
    row = _start(uow, proposal, actor, principal)
    with uow.savepoint():
        _edit(uow, row, changes)
    return _view(uow, row, full=True)


def _edit(uow: UnitOfWork, row: fm.FactProposalRow, changes: dict[str, str]) -> None:
    fields = dict(row.fields)
    for name, raw in changes.items():
        if name.startswith("entity:"):
            _map_entity(uow, row, fields, name.removeprefix("entity:"), raw.strip())
            continue
        old, new = fields.get(name), validate(uow, row, name, raw)
        if old != new:
            fields[name] = new
            _keep_edit(uow, row, name, old, new)
    row.fields = fields
    row.version += 1
    uow.session.flush()


def _keep_edit(uow: UnitOfWork, row: fm.FactProposalRow, name: str, old: Any, new: Any) -> None:
    row.edits.append(
        fm.FactEditRow(
            position=len(row.edits),
            field=name,
            old=old,
            new=new,
            actor=session_actor(uow.session).name,
            at=datetime.now(UTC),
        )
    )


EDITABLE: dict[str, set[str]] = {
    "agreement": {"agreement_type", "status", "scope", "systems", "quantity", "name", "title"},
    "funding": {"funder", "recipient", "status", "systems", "name", "kind"},
    "supply": {"supplier", "recipient", "status", "systems", "quantity"},
    "production": {"status", "systems", "quantity", "location"},
    "meeting": {"name", "location", "kind"},
    "initiative": {"name", "status", "scope", "systems", "record", "title"},
}
ALWAYS = {"parties", "amount", "currency", "date"}


def validate(uow: UnitOfWork, row: fm.FactProposalRow, name: str, raw: str) -> Any:
    """The stored value of ``name=raw`` for this proposal; InvalidInput naming what is wrong."""
    where = f"fact proposal {row.key}: field {name!r}"
    if name not in EDITABLE[row.type] | ALWAYS:
        allowed = ", ".join(sorted(EDITABLE[row.type] | ALWAYS))
        raise InvalidInput(f"{where}: a {row.type} fact has no such field (fields: {allowed})")
    value = raw.strip()
    if value in ("", "null", "none"):
        return [] if name in ("parties", "scope", "systems") else None
    try:
        return _parse(uow, row, name, value)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc.message}") from None


def _parse(uow: UnitOfWork, row: fm.FactProposalRow, name: str, value: str) -> Any:
    items = [v.strip() for v in value.split(",") if v.strip()]
    simple: dict[str, Any] = {
        "agreement_type": AgreementType,
        "status": FactStatus,
        "kind": EventKind if row.type == "meeting" else InstrumentKind,
    }
    if name in simple:
        return _enum(simple[name], value, name)
    if name == "scope":
        return [_enum(Scope, v, "scope") for v in items]
    if name == "systems":
        return [_known(uow, "system", v) for v in items]
    if name == "parties":
        return [_party(uow, row, v) for v in items]
    if name in ("funder", "recipient", "supplier"):
        return _party(uow, row, value)
    if name == "quantity":
        return _count(value)
    if name == "amount":
        return str(parse_amount(value))
    if name == "currency" and not CURRENCY.match(value):
        raise InvalidInput(f"{value!r} is not an ISO 4217 code such as EUR")
    if name == "date" and not DATE.match(value):
        raise InvalidInput(f"{value!r} is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
    if name == "record":
        return _enum_values(("agreement", "project"), value, name)
    return value


def _enum_values(allowed: tuple[str, ...], value: str, name: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"{name} {value!r} is not one of: {', '.join(allowed)}")
    return value


def _count(value: str) -> int:
    return whole_number(value, field="the count")


def _known(uow: UnitOfWork, kind: str, key: str) -> str:
    if not is_known(uow, kind, key):
        raise InvalidInput(f"unknown {kind} {key!r} (give its registry or catalogue key)")
    return key


def _party(uow: UnitOfWork, row: fm.FactProposalRow, value: str) -> str:
    unknown = {e.name for e in row.entities if e.ref is None}
    if value in unknown or is_known(uow, "participant", value):
        return value
    raise InvalidInput(
        f"unknown party {value!r}: give a country code (FR), an organisation or person key, "
        "or the name of one of the proposal's entities"
    )


def _map_entity(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], name: str, key: str
) -> None:
    """``entity:NAME=KEY``: the entity the extractor called NAME is the registry's KEY."""
    entity = next(
        (
            e
            for e in row.entities
            if fold(name) in {fold(e.name), fold(e.ref or "")} | {fold(t) for t in e.mentions}
        ),
        None,
    )
    if entity is None:
        names = ", ".join(repr(e.name) for e in row.entities) or "none"
        raise InvalidInput(f"fact proposal {row.key}: no entity named {name!r} (entities: {names})")
    kind = "system" if entity.type == "system" else "participant"
    if not is_known(uow, kind, key):
        raise InvalidInput(f"fact proposal {row.key}: entity:{name}: unknown key {key!r}")
    old = entity.ref or entity.name
    for list_field in ("parties", "systems"):
        fields[list_field] = list(dict.fromkeys(key if v == old else v for v in fields[list_field]))
    for one in ("funder", "recipient", "supplier"):
        if fields.get(one) == old:
            fields[one] = key
    if entity.name not in entity.mentions:  # the extractor's cleaned name is a spelling too
        entity.mentions = [*entity.mentions, entity.name]
    entity.ref, entity.name = key, canonical_name(uow, entity.type, key)
    _keep_edit(uow, row, f"entity:{name}", old, key)
    learn_aliases(uow, row, [entity])


# ---------------------------------------------------------------------------------- aliases


def canonical_name(uow: UnitOfWork, kind: str, key: str) -> str:
    """The registry name of the organisation, person or system ``key`` (the key itself for a
    country code)."""
    repository: dict[str, Any] = {
        "organisation": uow.organisations,
        "person": uow.people,
        "system": uow.systems,
    }
    found = repository[kind].find_by_key(key) if kind in repository else None
    if found is None and kind == "organisation":
        found = uow.people.find_by_key(key)
    return str(found.name) if found is not None else key


def _known_spellings(uow: UnitOfWork, kind: str, key: str) -> set[str]:
    repository: dict[str, Any] = {
        "organisation": uow.organisations,
        "person": uow.people,
        "system": uow.systems,
    }
    entity = repository[kind].find_by_key(key)
    names = {entity.name, *entity.aliases} if entity is not None else set()
    learned = uow.session.scalars(
        select(fm.LearnedAliasRow.alias).where(fm.LearnedAliasRow.target == key)
    )
    return {fold(n) for n in [*names, *learned]}


def learn_aliases(
    uow: UnitOfWork, row: fm.FactProposalRow, entities: list[fm.FactEntityRow]
) -> list[str]:
    """Store each raw spelling of ``entities`` their registry entity does not know yet."""
    learned: list[str] = []
    for entity in entities:
        if entity.ref is None or entity.type not in ("organisation", "person", "system"):
            continue
        if catalog.is_country_code(entity.ref):
            continue
        kind = entity.type
        if kind == "organisation" and uow.organisations.find_by_key(entity.ref) is None:
            kind = "person"
        if kind == "person" and uow.people.find_by_key(entity.ref) is None:
            continue
        known = _known_spellings(uow, kind, entity.ref)
        # A registry entity outside the catalogue is unknown to the extractor: learn its name.
        names = [entity.name] if not in_catalogue(kind, entity.ref) else []
        for alias in dict.fromkeys([*names, *entity.mentions]):
            if alias.strip() and (alias in names or fold(alias) not in known):
                if _add_alias(uow, row, kind, alias, entity.ref):
                    learned.append(f"{alias} → {entity.ref}")
                known.add(fold(alias))
    return learned


def _add_alias(uow: UnitOfWork, row: fm.FactProposalRow, kind: str, alias: str, key: str) -> bool:
    alias_key = f"{kind}:{fold(alias)}"[:200]
    session = uow.session
    existing = session.scalars(
        select(fm.LearnedAliasRow).where(fm.LearnedAliasRow.key == alias_key)
    ).one_or_none()
    if existing is not None:
        return False
    session.add(
        fm.LearnedAliasRow(
            key=alias_key,
            version=1,
            type=kind,
            alias=alias[:500],
            target=key,
            name=canonical_name(uow, kind, key)[:500],
            learned_from=row.key,
            learned_by=session_actor(session).name,
        )
    )
    session.flush()
    return True


def list_aliases(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every learned alias: the spelling, the entity it names, who confirmed it and where."""
    rows = uow.session.scalars(select(fm.LearnedAliasRow).order_by(fm.LearnedAliasRow.id))
    return [
        {
            "alias": r.alias,
            "type": r.type,
            "target": r.target,
            "name": r.name,
            "learned_from": r.learned_from,
            "learned_by": r.learned_by,
        }
        for r in rows
    ]


# ---------------------------------------------------------------------------------- accept


def accept(
    uow: UnitOfWork,
    proposal: int | str,
    actor: Actor | None = None,
    key: str | None = None,
    *,
    principal: Principal | None = None,
) -> AcceptResult:
    """Turn an unverified proposal into registry records that keep its evidence; ``key`` names
    the record (an existing record of that key gets the evidence added)."""
    row = _start(uow, proposal, actor, principal)
    with uow.savepoint():
        result = _accept(uow, row, key)
    return result


def _accept(uow: UnitOfWork, row: fm.FactProposalRow, key: str | None) -> AcceptResult:
    result = AcceptResult(row.key, None, None)
    fields = dict(row.fields)
    for name in ("parties", "systems"):
        fields[name] = [_resolve(uow, row, v, result) for v in fields.get(name) or []]
    for name in ("funder", "recipient", "supplier"):
        if fields.get(name):
            fields[name] = _resolve(uow, row, fields[name], result)
    row.fields = fields
    kind, record_key = _make_record(uow, row, fields, key)
    row.record_kind, row.record_key = kind, record_key
    result.record_kind, result.record_key = kind, record_key
    result.aliases = learn_aliases(uow, row, list(row.entities))
    _reviewed(uow, row, ReviewState.ACCEPTED)
    uow.session.flush()
    result.message = _accept_message(result, row.type)
    return result


def _accept_message(result: AcceptResult, ftype: str) -> str:
    if result.record_key is None:
        text = (
            f"{result.proposal}: accepted as reviewed; no registry record made "
            f"(a {ftype} fact has no record without an order or a production line)"
        )
    else:
        text = f"{result.proposal}: accepted as {result.record_kind} {result.record_key!r}"
    if result.created:
        text += "; new: " + ", ".join(result.created)
    if result.aliases:
        text += "; learned: " + ", ".join(result.aliases)
    return text


def _resolve(uow: UnitOfWork, row: fm.FactProposalRow, value: str, result: AcceptResult) -> str:
    """The registry key of a party or system value: unknown entities are linked by alias or
    name, or created as organisations (people for persons)."""
    entity = next((e for e in row.entities if e.ref is None and e.name == value), None)
    if entity is None or entity.type == "system":
        return value
    found = _find_by_name(uow, entity.type, value)
    if found is None:
        found = _create(uow, entity)
        result.created.append(f"{entity.type} {found}")
    entity.ref = found
    return found


def _find_by_name(uow: UnitOfWork, kind: str, name: str) -> str | None:
    folded = fold(name)
    learned = uow.session.scalars(
        select(fm.LearnedAliasRow.target).where(
            fm.LearnedAliasRow.key == f"{'person' if kind == 'person' else kind}:{folded}"
        )
    ).first()
    if learned is not None:
        return str(learned)
    repository = uow.people if kind == "person" else uow.organisations
    for entity in repository.list_():
        if folded in {fold(n) for n in [entity.name, *entity.aliases]}:
            return str(entity.key)
    slug = slugify(name)
    return slug if repository.find_by_key(slug) is not None else None


def _create(uow: UnitOfWork, entity: fm.FactEntityRow) -> str:
    key = unique_key(uow.people if entity.type == "person" else uow.organisations, entity.name)
    aliases = [t for t in entity.mentions if fold(t) != fold(entity.name)]
    if entity.type == "person":
        registry.register(uow, d.Person(key=key, name=entity.name, aliases=aliases))
    else:
        org = d.Organisation(key, entity.name, OrganisationKind.COMPANY, aliases=aliases)
        registry.register(uow, org)
    return key


def slugify(text: str) -> str:
    """A key made of the folded words of ``text`` (``Acme Robotics`` → ``acme-robotics``)."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))[:180] or "record"


def unique_key(repository: Any, base: str) -> str:
    """``slugify(base)``, with -2, -3… when the key is taken."""
    slug, n = slugify(base), 1
    key = slug
    while repository.find_by_key(key) is not None:
        n += 1
        key = f"{slug}-{n}"
    return key


# ---------------------------------------------------------------------------------- records


def _make_record(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], key: str | None
) -> tuple[str | None, str | None]:
    if row.type in NO_RECORD:
        if key is not None:
            raise InvalidInput(
                f"fact proposal {row.key}: a {row.type} fact makes no registry record, "
                "so --as cannot name one"
            )
        return None, None
    kind = _record_kind(row.type, fields)
    evidence = [d.Evidence(e.document.key, e.start, e.end, f"fact {row.key}") for e in row.evidence]
    repository = getattr(uow, RECORDS[kind][0])
    if key is not None and repository.find_by_key(key) is not None:
        _add_evidence_to(uow, repository, key, evidence)
        return kind, key
    builder = RECORDS[kind][1]
    record = builder(uow, row, fields, key, evidence)
    registry.register(uow, record)
    return kind, record.key


def _record_kind(ftype: str, fields: dict[str, Any]) -> str:
    if ftype == "agreement":
        return "agreement"
    if ftype == "funding":
        return "funding_instrument"
    if ftype == "meeting":
        return "event"
    chosen = fields.get("record")
    if chosen == "project" or (chosen is None and PROJECT_SCOPES & set(fields.get("scope") or [])):
        return "innovation_project"
    return "agreement"


def _add_evidence_to(uow: UnitOfWork, repository: Any, key: str, evidence: list[Any]) -> None:
    record = repository.get_by_key(key)
    record.evidence = [*record.evidence, *(e for e in evidence if e not in record.evidence)]
    registry.update(uow, record)


def _day(value: Any) -> date | None:
    text = str(value or "")
    return date.fromisoformat(text) if len(text) == 10 else None


def _money(fields: dict[str, Any]) -> Money | None:
    if fields.get("amount") is None or not fields.get("currency"):
        return None
    return Money(Decimal(str(fields["amount"])), str(fields["currency"]))


def _date_note(fields: dict[str, Any]) -> str | None:
    value = fields.get("date")
    return f"reported date {value}" if value and _day(value) is None else None


def _label(values: list[str]) -> str:
    return ", ".join(values) or "unknown parties"


def _agreement(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], key: str | None, ev: Any
) -> d.Agreement:
    kind = AgreementType(fields.get("agreement_type") or "agreement")
    status = STATUS_OF_FACT[FactStatus(fields.get("status") or "signed")]
    parties = list(fields.get("parties") or [])
    systems = list(fields.get("systems") or [])
    words = [*(p.lower() for p in parties), kind.value.replace("_", "-"), *systems[:1]]
    year = str(fields.get("date") or "")[:4]
    title = (
        fields.get("title")
        or fields.get("name")
        or (
            f"{kind.value.replace('_', ' ').capitalize()}: {_label(parties)}"
            + (f" on {', '.join(systems)}" if systems else "")
        )
    )
    return d.Agreement(
        key=key or unique_key(uow.agreements, "-".join([*words, year] if year else words)),
        title=str(title),
        type=kind,
        status=status,
        parties=parties,
        scope=[Scope(s) for s in fields.get("scope") or []],
        systems=systems,
        quantity=fields.get("quantity"),
        value=_money(fields),
        history=[d.StatusChange(status, _day(fields.get("date")))],
        evidence=ev,
        notes=_date_note(fields),
    )


def _instrument(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], key: str | None, ev: Any
) -> d.FundingInstrument:
    pledged = _money(fields)
    if pledged is None:
        raise InvalidInput(
            f"fact proposal {row.key}: a funding instrument needs a pledged amount: "
            f"`coprod review edit {row.id} --set amount=… --set currency=EUR`"
        )
    funder = str(fields.get("funder") or (fields.get("parties") or [""])[0])
    systems = [catalog.systems().get(s) for s in fields.get("systems") or []]
    categories = list(dict.fromkeys(s.category for s in systems if s is not None)) or None
    date_text = str(fields.get("date") or "")
    name = fields.get("name") or f"{funder} funding" + (
        f" for {fields['recipient']}" if fields.get("recipient") else ""
    )
    return d.FundingInstrument(
        key=key or unique_key(uow.instruments, f"{funder}-funding-{date_text[:4]}"),
        name=str(name),
        funder=funder,
        kind=InstrumentKind(fields.get("kind") or InstrumentKind.AID.value),
        pledged=pledged,
        allocated=Money.zero(pledged.currency),
        disbursed=Money.zero(pledged.currency),
        categories=categories,
        first_month=date_text[:7] if len(date_text) >= 7 else None,
        evidence=ev,
    )


def _event_kind(fields: dict[str, Any]) -> EventKind:
    if fields.get("kind"):
        return EventKind(fields["kind"])
    name = fold(str(fields.get("name") or ""))
    for kind in (EventKind.SUMMIT, EventKind.FORUM, EventKind.CONFERENCE, EventKind.VISIT):
        if kind.value in name:
            return kind
    return EventKind.MEETING


def _event(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], key: str | None, ev: Any
) -> d.Event:
    participants = list(fields.get("parties") or [])
    states = [p for p in participants if catalog.is_country_code(p)]
    on = _day(fields.get("date"))
    name = fields.get("name") or f"Meeting of {_label(states or participants)}"
    base = "-".join([slugify(str(name)), on.isoformat() if on else str(fields.get("date") or "")])
    return d.Event(
        key=key or unique_key(uow.events, base.strip("-")),
        name=str(name),
        kind=_event_kind(fields),
        on=on,
        place=fields.get("location"),
        participants=participants,
        evidence=ev,
    )


def _project(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], key: str | None, ev: Any
) -> d.InnovationProject:
    name = fields.get("title") or fields.get("name") or f"Project of {_label(fields['parties'])}"
    return d.InnovationProject(
        key=key or unique_key(uow.projects, str(name)),
        name=str(name),
        partners=list(fields.get("parties") or []),
        funding=_money(fields),
        evidence=ev,
    )


RECORDS: dict[str, tuple[str, Any]] = {
    "agreement": ("agreements", _agreement),
    "funding_instrument": ("instruments", _instrument),
    "event": ("events", _event),
    "innovation_project": ("projects", _project),
}
