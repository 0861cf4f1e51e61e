"""Registry records made from accepted facts (``docs/review.md``):


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
| plant       | Plant: operator, country, city, kind, status with its date (proposed by |
|             | an accepted fact: ``implied.py``)                                       |
| ownership   | Ownership: owner, owned (the joint venture, created when new), stake    |
| investment  | Investment: investor, plant or company, amount, stake, status, date,    |
|             | the agreement it follows from                                           |

With ``key`` naming a stored record, the fact's evidence is added to it, and a plant's or an
investment's status moves forward to the fact's (never back: the registry's rules hold).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from coprod import catalog
from coprod.db import fact_models as fm
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import (
    AgreementStatus,
    AgreementType,
    EventKind,
    FactStatus,
    FactType,
    InstrumentKind,
    InvestmentStatus,
    PlantKind,
    PlantStatus,
    ReviewState,
    Scope,
)
from coprod.domain.kinds import Kind
from coprod.domain.money import Money
from coprod.domain.rules import INVESTMENT_ORDER, PLANT_ORDER
from coprod.domain.text import fold
from coprod.errors import InvalidInput
from coprod.services import registry

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


def make_record(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], key: str | None
) -> tuple[str | None, str | None]:
    """Register the record the accepted fact states (or add its evidence to the record ``key``);
    its kind and key, or (None, None) for a fact that makes no record."""
    if row.type in NO_RECORD:
        if key is not None:
            raise InvalidInput(
                f"fact proposal {row.key}: a {row.type} fact makes no registry record, "
                "so --as cannot name one"
            )
        return None, None
    kind = _record_kind(row.type, fields)
    evidence = [d.Evidence(e.document.key, e.start, e.end, f"fact {row.key}") for e in row.evidence]
    repository = uow.records(kind)
    if key is not None and repository.find_by_key(key) is not None:
        _add_evidence_to(uow, repository, key, evidence, fields)
        return kind.name, key
    record = RECORDS[kind](uow, row, fields, key, evidence)
    registry.register(uow, record)
    return kind.name, record.key


IMPLIED_KINDS: dict[str, Kind[Any]] = {
    FactType.PLANT.value: kinds.PLANT,
    FactType.OWNERSHIP.value: kinds.OWNERSHIP,
    FactType.INVESTMENT.value: kinds.INVESTMENT,
}


def _record_kind(ftype: str, fields: dict[str, Any]) -> Kind[Any]:
    if ftype in IMPLIED_KINDS:
        return IMPLIED_KINDS[ftype]
    if ftype == "agreement":
        return kinds.AGREEMENT
    if ftype == "funding":
        return kinds.FUNDING_INSTRUMENT
    if ftype == "meeting":
        return kinds.EVENT
    chosen = fields.get("record")
    if chosen == "project" or (chosen is None and PROJECT_SCOPES & set(fields.get("scope") or [])):
        return kinds.INNOVATION_PROJECT
    return kinds.AGREEMENT


def _add_evidence_to(
    uow: UnitOfWork, repository: Any, key: str, evidence: list[Any], fields: dict[str, Any]
) -> None:
    record = repository.get_by_key(key)
    record.evidence = [*record.evidence, *(e for e in evidence if e not in record.evidence)]
    if isinstance(record, d.Plant) and fields.get("status"):
        status = PlantStatus(fields["status"])
        if PLANT_ORDER.index(status) > PLANT_ORDER.index(record.status):
            record.status = status
            record.history = [*record.history, d.PlantStep(status, _day(fields.get("date")))]
    if isinstance(record, d.Investment) and fields.get("status"):
        moved = InvestmentStatus(fields["status"])
        if INVESTMENT_ORDER.index(moved) > INVESTMENT_ORDER.index(record.status):
            record.status = moved
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
        key=key or unique_key(uow.funding_instruments, f"{funder}-funding-{date_text[:4]}"),
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
        key=key or unique_key(uow.innovation_projects, str(name)),
        name=str(name),
        partners=list(fields.get("parties") or []),
        funding=_money(fields),
        evidence=ev,
    )


def _required(row: fm.FactProposalRow, fields: dict[str, Any], name: str, what: str) -> str:
    value = fields.get(name)
    if not value:
        raise InvalidInput(
            f"fact proposal {row.key}: {what} is missing: "
            f"`coprod review edit {row.id} --set {name}=…`"
        )
    return str(value)


def _plant(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], key: str | None, ev: Any
) -> d.Plant:
    operator = _required(row, fields, "operator", "the plant's operator (an organisation key)")
    country = _required(row, fields, "country", "the plant's country (a country code)")
    kind = PlantKind(fields.get("kind") or PlantKind.PRODUCTION.value)
    status = PlantStatus(fields.get("status") or PlantStatus.ANNOUNCED.value)
    return d.Plant(
        key=key or unique_key(uow.plants, f"{operator}-{kind.value}-{country}"),
        name=str(fields.get("name") or f"{operator} {kind.value.replace('_', ' ')} {country}"),
        operator=operator,
        country=country,
        kind=kind,
        status=status,
        city=fields.get("city"),
        history=[d.PlantStep(status, _day(fields.get("date")))],
        evidence=ev,
        notes=_date_note(fields),
    )


def _ownership(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], key: str | None, ev: Any
) -> d.Ownership:
    owner = _required(row, fields, "owner", "the owner (an organisation key)")
    owned = _required(row, fields, "owned", "the company owned")
    stake = _required(row, fields, "stake", "the owner's stake in percent")
    return d.Ownership(
        key=key or unique_key(uow.ownerships, f"{owner}-in-{owned}"),
        owner=owner,
        owned=owned,
        stake=Decimal(stake),
        start=_day(fields.get("date")),
        evidence=ev,
    )


def _investment(
    uow: UnitOfWork, row: fm.FactProposalRow, fields: dict[str, Any], key: str | None, ev: Any
) -> d.Investment:
    investor = _required(row, fields, "investor", "the investor (an organisation key)")
    plant, company = fields.get("plant"), fields.get("company")
    if plant is None and company is None and fields.get("plant_proposal"):
        plant = _accepted_plant(uow, row, str(fields["plant_proposal"]))
    year = str(fields.get("date") or "")[:4]
    words = [investor, "in", str(plant or company or "target"), *([year] if year else [])]
    return d.Investment(
        key=key or unique_key(uow.investments, "-".join(words)),
        investor=investor,
        status=InvestmentStatus(fields.get("status") or InvestmentStatus.ANNOUNCED.value),
        plant=plant,
        company=company,
        amount=_money(fields),
        stake=Decimal(str(fields["stake"])) if fields.get("stake") is not None else None,
        on=_day(fields.get("date")),
        agreement=fields.get("agreement"),
        evidence=ev,
        notes=_date_note(fields),
    )


def _accepted_plant(uow: UnitOfWork, row: fm.FactProposalRow, proposal: str) -> str:
    """The plant the proposal ``proposal`` became; InvalidInput while it is not accepted."""
    stmt = select(fm.FactProposalRow).where(fm.FactProposalRow.key == proposal)
    plant = uow.session.scalars(stmt).one_or_none()
    accepted = plant is not None and plant.state == ReviewState.ACCEPTED.value
    if not accepted or plant is None or plant.record_kind != kinds.PLANT.name:
        raise InvalidInput(
            f"fact proposal {row.key}: the investment goes to the plant proposed as {proposal}: "
            f"accept that proposal first, or name the target: `coprod review edit {row.id} "
            "--set plant=KEY` (or company=KEY)"
        )
    return str(plant.record_key)


# The kinds of record an accepted fact may become (its ``record_kind`` is the kind's name).
RECORDS: dict[Kind[Any], Callable[..., Any]] = {
    kinds.AGREEMENT: _agreement,
    kinds.FUNDING_INSTRUMENT: _instrument,
    kinds.EVENT: _event,
    kinds.INNOVATION_PROJECT: _project,
    kinds.PLANT: _plant,
    kinds.OWNERSHIP: _ownership,
    kinds.INVESTMENT: _investment,
}
