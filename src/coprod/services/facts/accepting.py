"""Accepting a fact proposal: its unknown parties are linked to registry entities (by learned
alias or name) or created, the record it states is made or extended with its evidence
(``fact_records``), and the aliases the reviewer confirmed are learned."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from coprod.db import fact_models as fm
from coprod.db.audit_models import FACT_ACCEPTANCE, Actor, channel_of
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import FactType, OrganisationKind, ReviewState
from coprod.domain.text import fold
from coprod.services import registry
from coprod.services.accounts.access import Principal
from coprod.services.facts.aliases import learn_aliases
from coprod.services.facts.fact_records import make_record, slugify, unique_key
from coprod.services.facts.implied import propose_implied
from coprod.services.facts.proposals import mark_reviewed, open_for_review


@dataclass
class AcceptResult:
    """What accepting a proposal made: the record (if any), organisations, learned aliases."""

    proposal: str
    record_kind: str | None
    record_key: str | None
    created: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    message: str = ""
    proposed: list[str] = field(default_factory=list)  # plants, ownerships, investments implied


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
    row = open_for_review(uow, proposal, actor, principal)
    # The trail records the changes as made by accepting this proposal, by the reviewer.
    with uow.savepoint(), uow.through(channel_of(FACT_ACCEPTANCE, row.key)):
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
    if row.type == FactType.OWNERSHIP.value and fields.get("owned"):
        fields["owned"] = _venture(uow, fields, result)
    row.fields = fields
    kind, record_key = make_record(uow, row, fields, key)
    row.record_kind, row.record_key = kind, record_key
    result.record_kind, result.record_key = kind, record_key
    result.aliases = learn_aliases(uow, row, list(row.entities))
    mark_reviewed(uow, row, ReviewState.ACCEPTED)
    agreement = record_key if kind == kinds.AGREEMENT.name else None
    result.proposed = propose_implied(uow, row, fields, agreement)
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
    if result.proposed:
        text += "; proposed for review: " + ", ".join(result.proposed)
    return text


def _venture(uow: UnitOfWork, fields: dict[str, Any], result: AcceptResult) -> str:
    """The key of the company an ownership proposal owns: a stored organisation by key or
    name, else a new company of that name (in ``owned_country``, when given)."""
    owned = str(fields["owned"])
    if uow.organisations.find_by_key(owned) is not None:
        return owned
    found = _find_by_name(uow, "organisation", owned)
    if found is not None:
        return found
    key = unique_key(uow.organisations, owned)
    country = fields.get("owned_country")
    registry.register(uow, d.Organisation(key, owned, OrganisationKind.COMPANY, country))
    result.created.append(f"organisation {key}")
    return key


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
