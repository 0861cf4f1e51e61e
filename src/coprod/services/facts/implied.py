"""Plants, ownerships and investments an accepted fact implies, proposed for review.

Accepting a fact whose parties are now registry keys may imply records the fact itself does
not make (``docs/review.md``):

| the accepted fact                                   | proposes                                |
|-----------------------------------------------------|-----------------------------------------|
| scope ``localisation``: a partner's company         | a plant of that company in Ukraine      |
| producing in Ukraine, or a Ukrainian company in a   | (or in the partner's country)           |
| partner's country; a production fact of a Ukrainian |                                         |
| company and one partner state                       |                                         |
| scope ``investment`` with a company among its       | an investment by that company in the    |
| parties                                             | other company named, else in the plant  |
|                                                     | proposed beside it                      |
| type ``joint_venture`` with companies among its     | an ownership of the joint venture per   |
| parties                                             | company (its stake for the reviewer)    |

Each proposal is unverified, carries the fact's evidence and the key of the fact it comes from
(``from``); accepting it registers the record through ``registry.register`` (or, with ``--as``
an existing record, adds the evidence and moves its status forward through
``registry.update``), so the registry's rules hold as on every other write path.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from coprod import catalog
from coprod.db import fact_models as fm
from coprod.db.uow import UnitOfWork
from coprod.domain.enums import (
    FactStatus,
    FactType,
    InvestmentStatus,
    PlantKind,
    PlantStatus,
    ReviewState,
    Scope,
)

UKRAINE = "UA"
PLANT_STATUS = {
    FactStatus.PLANNED: PlantStatus.ANNOUNCED,
    FactStatus.REQUESTED: PlantStatus.ANNOUNCED,
    FactStatus.SIGNED: PlantStatus.ANNOUNCED,
    FactStatus.ONGOING: PlantStatus.OPERATING,
    FactStatus.DELIVERED: PlantStatus.OPERATING,
}
INVESTMENT_STATUS = {
    FactStatus.PLANNED: InvestmentStatus.ANNOUNCED,
    FactStatus.REQUESTED: InvestmentStatus.ANNOUNCED,
    FactStatus.SIGNED: InvestmentStatus.COMMITTED,
    FactStatus.ONGOING: InvestmentStatus.COMMITTED,
    FactStatus.DELIVERED: InvestmentStatus.COMPLETED,
}


@dataclass(frozen=True)
class Company:
    """An organisation among the accepted fact's parties, with its country."""

    key: str
    name: str
    country: str | None


@dataclass
class Implied:
    """A record the fact implies: the proposal's type, fields and what tells it apart."""

    type: FactType
    fields: dict[str, Any]
    tells_apart: str


def propose_implied(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], agreement: str | None
) -> list[str]:
    """Store the proposals the accepted fact ``row`` (its ``fields`` resolved to registry
    keys) implies, unverified, with its evidence; their keys. ``agreement``: the agreement
    the fact became, if it became one."""
    if row.type in IMPLIED_TYPES:
        return []  # an implied record implies nothing further
    companies = _companies(uow, fields)
    states = [p for p in fields.get("parties") or [] if catalog.is_country_code(p)]
    status = FactStatus(fields.get("status") or FactStatus.SIGNED.value)
    if status is FactStatus.CANCELLED:
        return []
    found: list[Implied] = []
    plant = _plant(row.type, fields, companies, states, status)
    if plant is not None:
        found.append(plant)
    plant_key = proposal_key(row.key, plant) if plant is not None else None
    found += _investment(fields, companies, status, agreement, plant_key)
    found += _ownerships(fields, companies, states)
    return [_store(uow, row, implied) for implied in found]


IMPLIED_TYPES = {FactType.PLANT.value, FactType.OWNERSHIP.value, FactType.INVESTMENT.value}


def _companies(uow: UnitOfWork, fields: dict[str, Any]) -> list[Company]:
    """The organisations the fact names (parties, then funder and supplier), in order."""
    names = [*(fields.get("parties") or []), fields.get("funder"), fields.get("supplier")]
    found: dict[str, Company] = {}
    for key in names:
        if not key or catalog.is_country_code(key) or key in found:
            continue
        organisation = uow.organisations.find_by_key(key)
        if organisation is not None:
            found[key] = Company(key, organisation.name, organisation.country)
    return list(found.values())


def _scope(fields: dict[str, Any]) -> set[str]:
    return set(fields.get("scope") or [])


def _plant(
    ftype: str,
    fields: dict[str, Any],
    companies: list[Company],
    states: list[str],
    status: FactStatus,
) -> Implied | None:
    """A partner's company producing in Ukraine, or a Ukrainian company in a partner's
    country (localisation; a production fact of a Ukrainian company and one partner state)."""
    partners = [s for s in states if s != UKRAINE]
    localised = Scope.LOCALISATION.value in _scope(fields)
    foreign = [c for c in companies if c.country not in (None, UKRAINE)]
    ukrainian = [c for c in companies if c.country == UKRAINE]
    if localised and foreign:
        operator, country = foreign[0], UKRAINE
    elif (localised or ftype == FactType.PRODUCTION.value) and ukrainian and len(partners) == 1:
        operator, country = ukrainian[0], partners[0]
    else:
        return None
    repair = Scope.MAINTENANCE_REPAIR.value in _scope(fields)
    kind = PlantKind.REPAIR_MAINTENANCE if repair else PlantKind.PRODUCTION
    place = catalog.countries()[country].name
    words = "repair centre" if repair else "plant"
    plant = {
        "name": f"{operator.name} {words} in {place}",
        "operator": operator.key,
        "country": country,
        "city": fields.get("location"),
        "kind": kind.value,
        "status": PLANT_STATUS[status].value,
        "parties": [operator.key, country],
        "systems": list(fields.get("systems") or []),
        "date": fields.get("date"),
    }
    return Implied(FactType.PLANT, plant, f"{operator.key} in {country}")


def _investment(
    fields: dict[str, Any],
    companies: list[Company],
    status: FactStatus,
    agreement: str | None,
    plant_proposal: str | None,
) -> list[Implied]:
    """An investment by the first company named (the funder when it is one) in the other
    company named, else in the plant proposed beside it."""
    if Scope.INVESTMENT.value not in _scope(fields) or not companies:
        return []
    funder = next((c for c in companies if c.key == fields.get("funder")), companies[0])
    others = [c for c in companies if c is not funder]
    investment = {
        "investor": funder.key,
        "company": others[0].key if others else None,
        "plant": None,
        "status": INVESTMENT_STATUS[status].value,
        "amount": fields.get("amount"),
        "currency": fields.get("currency"),
        "stake": None,
        "agreement": agreement,
        "parties": [funder.key, *(c.key for c in others[:1])],
        "date": fields.get("date"),
    }
    if not others and plant_proposal is not None:
        investment["plant_proposal"] = plant_proposal  # its plant, once accepted
    target = others[0].key if others else plant_proposal or "a target to name"
    return [Implied(FactType.INVESTMENT, investment, f"{funder.key} in {target}")]


def _ownerships(
    fields: dict[str, Any], companies: list[Company], states: list[str]
) -> list[Implied]:
    """One ownership of the joint venture per company the fact names."""
    if fields.get("agreement_type") != "joint_venture" or not companies:
        return []
    venture = fields.get("name") or "Joint venture of " + " and ".join(c.name for c in companies)
    countries = {*states, *(c.country for c in companies)}
    found = []
    for company in companies:
        ownership = {
            "owner": company.key,
            "owned": venture,
            "owned_country": UKRAINE if UKRAINE in countries else company.country,
            "stake": None,
            "parties": [company.key],
            "date": fields.get("date"),
        }
        found.append(Implied(FactType.OWNERSHIP, ownership, f"{company.key} in {venture}"))
    return found


def _identity(source: str, implied: Implied) -> str:
    return f"{implied.type.value} implied by {source}: {implied.tells_apart}"


def proposal_key(source: str, implied: Implied) -> str:
    """The key of the proposal of ``implied`` that the fact ``source`` makes."""
    match = hashlib.sha256(_identity(source, implied).encode("utf-8")).hexdigest()
    return f"fact-{match[:12]}"


def _store(uow: UnitOfWork, row: fm.FactProposalRow, implied: Implied) -> str:
    identity = _identity(row.key, implied)
    match = hashlib.sha256(identity.encode("utf-8")).hexdigest()
    proposal = fm.FactProposalRow(
        key=proposal_key(row.key, implied),
        version=1,
        type=implied.type.value,
        state=ReviewState.UNVERIFIED.value,
        match_key=match,
        identity=identity,
        fields={**implied.fields, "from": row.key},
        confidence=row.confidence,
    )
    for position, evidence in enumerate(row.evidence):
        proposal.evidence.append(
            fm.FactEvidenceRow(
                position=position,
                document=evidence.document,
                start=evidence.start,
                end=evidence.end,
                confidence=evidence.confidence,
            )
        )
    uow.session.add(proposal)
    return proposal.key
