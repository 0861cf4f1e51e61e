"""Changing an unverified fact proposal: edit its fields (validated against the vocabulary;
every edit kept; ``entity:NAME=KEY`` maps an extracted entity to a registry key and learns its
spellings) or reject it with a reason."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from coprod.db import fact_models as fm
from coprod.db.audit_models import Actor, session_actor
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.bounds import whole_number
from coprod.domain.enums import (
    AgreementType,
    EventKind,
    FactStatus,
    InstrumentKind,
    InvestmentStatus,
    PlantKind,
    PlantStatus,
    ReviewState,
    Scope,
)
from coprod.domain.kinds import Catalogue, Reference
from coprod.domain.money import parse_amount
from coprod.domain.text import fold
from coprod.errors import InvalidInput
from coprod.services.accounts.access import Principal
from coprod.services.facts.aliases import canonical_name, learn_aliases
from coprod.services.facts.proposals import (
    ProposalView,
    mark_reviewed,
    one_of,
    open_for_review,
    proposal_view,
)
from coprod.services.registry.references import A_PARTICIPANT, A_SYSTEM, is_known

DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


def reject(
    uow: UnitOfWork,
    proposal: int | str,
    actor: Actor | None = None,
    reason: str | None = None,
    *,
    principal: Principal | None = None,
) -> ProposalView:
    """Mark a proposal rejected, with the reviewer's reason."""
    row = open_for_review(uow, proposal, actor, principal)
    mark_reviewed(uow, row, ReviewState.REJECTED)
    row.reason = reason
    uow.session.flush()
    return proposal_view(uow, row, full=False)


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
    row = open_for_review(uow, proposal, actor, principal)
    with uow.savepoint():
        _edit(uow, row, changes)
    return proposal_view(uow, row, full=True)


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
    "plant": {"name", "operator", "country", "city", "kind", "status", "systems"},
    "ownership": {"owner", "owned", "owned_country", "stake"},
    "investment": {"investor", "company", "plant", "status", "stake", "agreement"},
}
# What the fields of the implied kinds name (services/facts/implied.py).
ORGANISATION_FIELDS = {"operator", "owner", "investor", "company"}
COUNTRY_FIELDS = {"country", "owned_country"}
ALWAYS = {"parties", "amount", "currency", "date"}


def validate(uow: UnitOfWork, row: fm.FactProposalRow, name: str, raw: str) -> Any:
    """The stored value of ``name=raw`` for this proposal; InvalidInput naming what is wrong."""
    where = f"fact proposal {row.key}: field {name!r}"
    if name not in EDITABLE[row.type] | ALWAYS:
        allowed = ", ".join(sorted(EDITABLE[row.type] | ALWAYS))
        article = "an" if row.type[0] in "aeiou" else "a"
        raise InvalidInput(
            f"{where}: {article} {row.type} fact has no such field (fields: {allowed})"
        )
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
        "status": STATUSES.get(row.type, FactStatus),
        "kind": KINDS.get(row.type, InstrumentKind),
    }
    if name in simple:
        return one_of(simple[name], value, name)
    if name in ORGANISATION_FIELDS:
        return _known(uow, kinds.to("organisation", name), value)
    if name in COUNTRY_FIELDS:
        return _known(uow, kinds.code(Catalogue.COUNTRY, name), value)
    if name in ("plant", "agreement"):
        return _known(uow, kinds.to(name, name), value)
    if name == "stake":
        return str(_stake(value))
    if name == "scope":
        return [one_of(Scope, v, "scope") for v in items]
    if name == "systems":
        return [_known(uow, A_SYSTEM, v) for v in items]
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


STATUSES: dict[str, Any] = {"plant": PlantStatus, "investment": InvestmentStatus}
KINDS: dict[str, Any] = {"meeting": EventKind, "plant": PlantKind}


def _stake(value: str) -> Decimal:
    try:
        stake = Decimal(value.removesuffix("%").strip())
    except InvalidOperation:
        raise InvalidInput(f"{value!r} is not a percentage such as 51 or 12.5") from None
    if not 0 < stake <= 100:
        raise InvalidInput(f"{value!r}: a stake is more than 0 and at most 100 (percent)")
    return stake


def _enum_values(allowed: tuple[str, ...], value: str, name: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"{name} {value!r} is not one of: {', '.join(allowed)}")
    return value


def _count(value: str) -> int:
    return whole_number(value, field="the count")


def _known(uow: UnitOfWork, reference: Reference, key: str) -> str:
    if not is_known(uow, reference, key):
        raise InvalidInput(
            f"unknown {reference.words} {key!r} (give its registry or catalogue key)"
        )
    return key


def _party(uow: UnitOfWork, row: fm.FactProposalRow, value: str) -> str:
    unknown = {e.name for e in row.entities if e.ref is None}
    if value in unknown or is_known(uow, A_PARTICIPANT, value):
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
    reference = A_SYSTEM if entity.type == "system" else A_PARTICIPANT
    if not is_known(uow, reference, key):
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
