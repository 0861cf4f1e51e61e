"""Rows <-> domain dataclasses, one pair of functions per entity.

``*_to_domain`` reads a row (with its child rows) into the entity; ``fill_*`` writes an entity's
fields into a row, resolving references by key through ``Refs`` (an unknown key is NotFound).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from coprod.db import models as m
from coprod.domain import entities as d
from coprod.domain.enums import (
    AgreementStatus,
    AgreementType,
    EventKind,
    InstrumentKind,
    InvestmentStatus,
    MaturityStage,
    OrderStatus,
    OrganisationKind,
    PlantKind,
    PlantStatus,
    Scope,
    Visibility,
)
from coprod.domain.money import Money
from coprod.errors import NotFound

R = TypeVar("R", bound=m.Entity)
REFS_INFO_KEY = "coprod_refs"


def _usable(row: m.Entity) -> bool:
    # In the session and not deleted: stored (persistent) or added and not yet flushed (pending).
    state = inspect(row)
    return bool(state.persistent or state.pending)


class Refs:
    """Finds the row a key names, within one session (one Refs per session: ``Refs.of``)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # An import resolves the same few keys thousands of times: remember the rows found.
        self._found: dict[tuple[type[m.Entity], str], m.Entity] = {}

    @classmethod
    def of(cls, session: Session) -> Refs:
        """The Refs every repository of ``session`` shares."""
        refs = session.info.get(REFS_INFO_KEY)
        if not isinstance(refs, Refs) or refs.session is not session:
            refs = session.info[REFS_INFO_KEY] = cls(session)
        return refs

    def remember(self, row: m.Entity) -> None:
        """Note a row a repository loaded or added, so that references to it need no query."""
        self._found[(type(row), row.key)] = row

    def one(self, model: type[R], key: str, what: str) -> R:
        """The row of ``model`` with ``key``; NotFound naming ``what`` when there is none."""
        cached = self._found.get((model, key))
        if cached is not None and _usable(cached) and cached.key == key:
            return cached  # type: ignore[return-value]
        row = self.session.scalars(select(model).where(model.key == key)).unique().one_or_none()
        if row is None:
            raise NotFound(f"unknown {what} {key!r}")
        self._found[(model, key)] = row
        return row

    def maybe(self, model: type[R], key: str | None, what: str) -> R | None:
        """Like ``one``, but None stays None."""
        return None if key is None else self.one(model, key, what)


def money(amount: Decimal | None, currency: str | None) -> Money | None:
    """The Money of an amount and currency column pair (None when either is empty)."""
    return None if amount is None or currency is None else Money(amount, currency)


def money_of(amount: Decimal, currency: str) -> Money:
    """The Money of a required amount and currency column pair."""
    return Money(amount, currency)


def evidence_to_domain(rows: list[m.EvidenceRow]) -> list[d.Evidence]:
    """Evidence rows as Evidence values."""
    return [d.Evidence(r.document.key, r.start, r.end, r.note) for r in rows]


def evidence_rows(evidence: list[d.Evidence], refs: Refs) -> list[m.EvidenceRow]:
    """Evidence values as new rows (their owner is set by the relationship)."""
    return [
        m.EvidenceRow(
            position=i,
            document=refs.one(m.SourceDocumentRow, e.document, "source document"),
            start=e.start,
            end=e.end,
            note=e.note,
        )
        for i, e in enumerate(evidence)
    ]


def source_document_to_domain(row: m.SourceDocumentRow) -> d.SourceDocument:
    """A source document row as a SourceDocument."""
    return d.SourceDocument(
        key=row.key,
        name=row.name,
        sha256=row.sha256,
        language=row.language,
        title=row.title,
        published=row.published,
        source=row.source,
        url=row.url,
    )


def fill_source_document(row: m.SourceDocumentRow, doc: d.SourceDocument, _refs: Refs) -> None:
    """Write a SourceDocument into its row."""
    row.key, row.name, row.sha256, row.language = doc.key, doc.name, doc.sha256, doc.language
    row.title, row.published, row.source, row.url = doc.title, doc.published, doc.source, doc.url


def organisation_to_domain(row: m.OrganisationRow) -> d.Organisation:
    """An organisation row as an Organisation."""
    return d.Organisation(
        key=row.key,
        name=row.name,
        kind=OrganisationKind(row.kind),
        country=row.country,
        # parent_id first: a row without a parent skips the lazy loader (~15 µs a row).
        parent=row.parent.key if row.parent_id is not None and row.parent else None,
        aliases=list(row.aliases or []),
    )


def fill_organisation(row: m.OrganisationRow, org: d.Organisation, refs: Refs) -> None:
    """Write an Organisation into its row."""
    row.key, row.name, row.kind, row.country = org.key, org.name, org.kind.value, org.country
    row.parent = refs.maybe(m.OrganisationRow, org.parent, "organisation")
    row.aliases = list(org.aliases)


def person_to_domain(row: m.PersonRow) -> d.Person:
    """A person row as a Person with their roles."""
    roles = [
        d.Role(r.title, r.organisation.key if r.organisation else None, r.start, r.end)
        for r in row.roles
    ]
    return d.Person(row.key, row.name, row.country, list(row.aliases or []), roles)


def fill_person(row: m.PersonRow, person: d.Person, refs: Refs) -> None:
    """Write a Person into its row."""
    row.key, row.name, row.country = person.key, person.name, person.country
    row.aliases = list(person.aliases)
    row.roles = [
        m.RoleRow(
            position=i,
            title=r.title,
            start=r.start,
            end=r.end,
            organisation=refs.maybe(m.OrganisationRow, r.organisation, "organisation"),
        )
        for i, r in enumerate(person.roles)
    ]


def system_to_domain(row: m.SystemRow) -> d.System:
    """A system row as a System."""
    return d.System(row.key, row.name, row.category, list(row.aliases or []), row.manufacturer)


def fill_system(row: m.SystemRow, system: d.System, _refs: Refs) -> None:
    """Write a System into its row."""
    row.key, row.name, row.category = system.key, system.name, system.category
    row.aliases, row.manufacturer = list(system.aliases), system.manufacturer


def agreement_to_domain(row: m.AgreementRow) -> d.Agreement:
    """An agreement row as an Agreement with its parties, scope, systems, history, evidence."""
    return d.Agreement(
        key=row.key,
        title=row.title,
        type=AgreementType(row.type),
        status=AgreementStatus(row.status),
        parties=[p.party for p in row.parties],
        scope=[Scope(s.scope) for s in row.scope],
        systems=[s.system.key for s in row.systems],
        quantity=row.quantity,
        value=money(row.value_amount, row.value_currency),
        history=[d.StatusChange(AgreementStatus(h.status), h.on) for h in row.history],
        evidence=evidence_to_domain(row.evidence),
        visibility=Visibility(row.visibility),
        notes=row.notes,
    )


def fill_agreement(row: m.AgreementRow, a: d.Agreement, refs: Refs) -> None:
    """Write an Agreement into its row and child rows."""
    row.key, row.title, row.type, row.status = a.key, a.title, a.type.value, a.status.value
    row.quantity, row.visibility, row.notes = a.quantity, a.visibility.value, a.notes
    row.value_amount = a.value.amount if a.value else None
    row.value_currency = a.value.currency if a.value else None
    row.parties = [m.AgreementPartyRow(position=i, party=p) for i, p in enumerate(a.parties)]
    row.scope = [m.AgreementScopeRow(position=i, scope=s.value) for i, s in enumerate(a.scope)]
    row.systems = [
        m.AgreementSystemRow(position=i, system=refs.one(m.SystemRow, s, "system"))
        for i, s in enumerate(a.systems)
    ]
    row.history = [
        m.StatusChangeRow(position=i, status=h.status.value, on=h.on)
        for i, h in enumerate(a.history)
    ]
    row.evidence = evidence_rows(a.evidence, refs)


def need_to_domain(row: m.NeedRow) -> d.Need:
    """A need row as a Need."""
    return d.Need(
        row.key,
        row.system.key,
        row.quantity,
        row.priority,
        row.due,
        row.recipient,
        row.illustrative,
        row.max_suppliers,
    )


def fill_need(row: m.NeedRow, need: d.Need, refs: Refs) -> None:
    """Write a Need into its row."""
    row.key, row.quantity, row.priority, row.due = need.key, need.quantity, need.priority, need.due
    row.system = refs.one(m.SystemRow, need.system, "system")
    row.recipient, row.illustrative = need.recipient, need.illustrative
    row.max_suppliers = need.max_suppliers


def production_line_to_domain(row: m.ProductionLineRow) -> d.ProductionLine:
    """A production line row as a ProductionLine."""
    return d.ProductionLine(
        key=row.key,
        organisation=row.organisation.key,
        system=row.system.key,
        company_country=row.company_country,
        site_country=row.site_country,
        unit_cost=money_of(row.unit_cost_amount, row.unit_cost_currency),
        monthly_capacity=row.monthly_capacity,
        lead_time_months=row.lead_time_months,
        illustrative=row.illustrative,
        lot_size=row.lot_size,
        min_order=row.min_order,
        plant=row.plant.key if row.plant else None,
        licence=row.licence.key if row.licence else None,
        licensor=row.licensor.key if row.licensor else None,
    )


def fill_production_line(row: m.ProductionLineRow, line: d.ProductionLine, refs: Refs) -> None:
    """Write a ProductionLine into its row."""
    row.key = line.key
    row.organisation = refs.one(m.OrganisationRow, line.organisation, "organisation")
    row.system = refs.one(m.SystemRow, line.system, "system")
    row.company_country, row.site_country = line.company_country, line.site_country
    row.unit_cost_amount, row.unit_cost_currency = line.unit_cost.amount, line.unit_cost.currency
    row.monthly_capacity, row.lead_time_months = line.monthly_capacity, line.lead_time_months
    row.illustrative = line.illustrative
    row.lot_size, row.min_order = line.lot_size, line.min_order
    row.plant = refs.maybe(m.PlantRow, line.plant, "plant")
    row.licence = refs.maybe(m.AgreementRow, line.licence, "agreement")
    row.licensor = refs.maybe(m.OrganisationRow, line.licensor, "organisation")


def plant_to_domain(row: m.PlantRow) -> d.Plant:
    """A plant row as a Plant with its history and evidence."""
    return d.Plant(
        key=row.key,
        name=row.name,
        operator=row.operator.key,
        country=row.country,
        kind=PlantKind(row.kind),
        status=PlantStatus(row.status),
        city=row.city,
        history=[
            d.PlantStep(PlantStatus(s["status"]), date.fromisoformat(s["on"]) if s["on"] else None)
            for s in row.history
        ],
        annual_capacity=row.annual_capacity,
        capacity_unit=row.capacity_unit,
        evidence=evidence_to_domain(row.evidence),
        notes=row.notes,
    )


def _step(step: d.PlantStep) -> dict[str, Any]:
    return {"status": step.status.value, "on": step.on.isoformat() if step.on else None}


def fill_plant(row: m.PlantRow, plant: d.Plant, refs: Refs) -> None:
    """Write a Plant into its row."""
    row.key, row.name, row.country, row.city = plant.key, plant.name, plant.country, plant.city
    row.operator = refs.one(m.OrganisationRow, plant.operator, "organisation")
    row.kind, row.status = plant.kind.value, plant.status.value
    row.history = [_step(s) for s in plant.history]
    row.annual_capacity, row.capacity_unit = plant.annual_capacity, plant.capacity_unit
    row.notes = plant.notes
    row.evidence = evidence_rows(plant.evidence, refs)


def ownership_to_domain(row: m.OwnershipRow) -> d.Ownership:
    """An ownership row as an Ownership."""
    return d.Ownership(
        key=row.key,
        owner=row.owner.key,
        owned=row.owned.key,
        stake=row.stake,
        start=row.start,
        end=row.end,
        evidence=evidence_to_domain(row.evidence),
    )


def fill_ownership(row: m.OwnershipRow, ownership: d.Ownership, refs: Refs) -> None:
    """Write an Ownership into its row."""
    row.key, row.stake = ownership.key, ownership.stake
    row.owner = refs.one(m.OrganisationRow, ownership.owner, "organisation")
    row.owned = refs.one(m.OrganisationRow, ownership.owned, "organisation")
    row.start, row.end = ownership.start, ownership.end
    row.evidence = evidence_rows(ownership.evidence, refs)


def investment_to_domain(row: m.InvestmentRow) -> d.Investment:
    """An investment row as an Investment."""
    return d.Investment(
        key=row.key,
        investor=row.investor.key,
        status=InvestmentStatus(row.status),
        plant=row.plant.key if row.plant else None,
        company=row.company.key if row.company else None,
        amount=money(row.amount_amount, row.amount_currency),
        stake=row.stake,
        on=row.on,
        agreement=row.agreement.key if row.agreement else None,
        evidence=evidence_to_domain(row.evidence),
        notes=row.notes,
    )


def fill_investment(row: m.InvestmentRow, investment: d.Investment, refs: Refs) -> None:
    """Write an Investment into its row."""
    row.key, row.status = investment.key, investment.status.value
    row.investor = refs.one(m.OrganisationRow, investment.investor, "organisation")
    row.plant = refs.maybe(m.PlantRow, investment.plant, "plant")
    row.company = refs.maybe(m.OrganisationRow, investment.company, "organisation")
    amount = investment.amount
    row.amount_amount = amount.amount if amount else None
    row.amount_currency = amount.currency if amount else None
    row.stake, row.on, row.notes = investment.stake, investment.on, investment.notes
    row.agreement = refs.maybe(m.AgreementRow, investment.agreement, "agreement")
    row.evidence = evidence_rows(investment.evidence, refs)


def _copy(values: list[str] | None) -> list[str] | None:
    return None if values is None else list(values)


def funding_instrument_to_domain(row: m.FundingInstrumentRow) -> d.FundingInstrument:
    """A funding instrument row as a FundingInstrument."""
    return d.FundingInstrument(
        key=row.key,
        name=row.name,
        funder=row.funder,
        kind=InstrumentKind(row.kind),
        pledged=money_of(row.pledged_amount, row.pledged_currency),
        allocated=money_of(row.allocated_amount, row.allocated_currency),
        disbursed=money_of(row.disbursed_amount, row.disbursed_currency),
        site_countries=_copy(row.site_countries),
        producer_countries=_copy(row.producer_countries),
        categories=_copy(row.categories),
        first_month=row.first_month,
        last_month=row.last_month,
        evidence=evidence_to_domain(row.evidence),
        illustrative=row.illustrative,
    )


def fill_funding_instrument(
    row: m.FundingInstrumentRow, fi: d.FundingInstrument, refs: Refs
) -> None:
    """Write a FundingInstrument into its row."""
    row.key, row.name, row.funder, row.kind = fi.key, fi.name, fi.funder, fi.kind.value
    row.pledged_amount, row.pledged_currency = fi.pledged.amount, fi.pledged.currency
    row.allocated_amount, row.allocated_currency = fi.allocated.amount, fi.allocated.currency
    row.disbursed_amount, row.disbursed_currency = fi.disbursed.amount, fi.disbursed.currency
    row.site_countries = _copy(fi.site_countries)
    row.producer_countries = _copy(fi.producer_countries)
    row.categories = _copy(fi.categories)
    row.first_month, row.last_month, row.illustrative = (
        fi.first_month,
        fi.last_month,
        (fi.illustrative),
    )
    row.evidence = evidence_rows(fi.evidence, refs)


def order_to_domain(row: m.OrderRow) -> d.Order:
    """An order row as an Order."""
    return d.Order(
        key=row.key,
        need=row.need.key if row.need else None,
        production_line=row.production_line.key,
        instrument=row.instrument.key if row.instrument else None,
        quantity=row.quantity,
        unit_price=money_of(row.unit_price_amount, row.unit_price_currency),
        month=row.month,
        status=OrderStatus(row.status),
        illustrative=row.illustrative,
        history=[
            d.OrderStep(OrderStatus(s["status"]), date.fromisoformat(s["on"]))
            for s in row.history or []
        ],
    )


def fill_order(row: m.OrderRow, order: d.Order, refs: Refs) -> None:
    """Write an Order into its row."""
    row.key, row.quantity, row.month = order.key, order.quantity, order.month
    row.need = refs.maybe(m.NeedRow, order.need, "need")
    row.production_line = refs.one(m.ProductionLineRow, order.production_line, "production line")
    row.instrument = refs.maybe(m.FundingInstrumentRow, order.instrument, "funding instrument")
    row.unit_price_amount = order.unit_price.amount
    row.unit_price_currency = order.unit_price.currency
    row.status, row.illustrative = order.status.value, order.illustrative
    row.history = [{"status": s.status.value, "on": s.on.isoformat()} for s in order.history]


def delivery_to_domain(row: m.DeliveryRow) -> d.Delivery:
    """A delivery row as a Delivery."""
    return d.Delivery(row.key, row.order.key, row.quantity, row.delivered_on, row.illustrative)


def fill_delivery(row: m.DeliveryRow, delivery: d.Delivery, refs: Refs) -> None:
    """Write a Delivery into its row."""
    row.key, row.quantity, row.delivered_on = delivery.key, delivery.quantity, delivery.delivered_on
    row.order = refs.one(m.OrderRow, delivery.order, "order")
    row.illustrative = delivery.illustrative


def innovation_project_to_domain(row: m.InnovationProjectRow) -> d.InnovationProject:
    """An innovation project row as an InnovationProject."""
    return d.InnovationProject(
        key=row.key,
        name=row.name,
        partners=[p.partner for p in row.partners],
        need=row.need.key if row.need else None,
        stages=[d.StageChange(MaturityStage(s.stage), s.on) for s in row.stages],
        funding=money(row.funding_amount, row.funding_currency),
        evidence=evidence_to_domain(row.evidence),
        notes=row.notes,
    )


def fill_innovation_project(
    row: m.InnovationProjectRow, p: d.InnovationProject, refs: Refs
) -> None:
    """Write an InnovationProject into its row and child rows."""
    row.key, row.name, row.notes = p.key, p.name, p.notes
    row.need = refs.maybe(m.NeedRow, p.need, "need")
    row.funding_amount = p.funding.amount if p.funding else None
    row.funding_currency = p.funding.currency if p.funding else None
    row.partners = [m.ProjectPartnerRow(position=i, partner=k) for i, k in enumerate(p.partners)]
    row.stages = [
        m.StageChangeRow(position=i, stage=s.stage.value, on=s.on) for i, s in enumerate(p.stages)
    ]
    row.evidence = evidence_rows(p.evidence, refs)


def event_to_domain(row: m.EventRow) -> d.Event:
    """An event row as an Event."""
    return d.Event(
        key=row.key,
        name=row.name,
        kind=EventKind(row.kind),
        on=row.on,
        place=row.place,
        participants=[p.participant for p in row.participants],
        evidence=evidence_to_domain(row.evidence),
        notes=row.notes,
    )


def fill_event(row: m.EventRow, event: d.Event, refs: Refs) -> None:
    """Write an Event into its row and child rows."""
    row.key, row.name, row.kind, row.on = event.key, event.name, event.kind.value, event.on
    row.place, row.notes = event.place, event.notes
    row.participants = [
        m.EventParticipantRow(position=i, participant=k) for i, k in enumerate(event.participants)
    ]
    row.evidence = evidence_rows(event.evidence, refs)


def report_to_domain(row: m.ProductionReportRow) -> d.ProductionReport:
    """A production report row as a ProductionReport."""
    return d.ProductionReport(
        key=row.key,
        production_line=row.production_line.key,
        month=row.month,
        quantity=row.quantity,
        order=row.order.key if row.order_id is not None and row.order else None,
        illustrative=row.illustrative,
    )


def fill_report(row: m.ProductionReportRow, report: d.ProductionReport, refs: Refs) -> None:
    """Write a ProductionReport into its row."""
    row.key, row.month, row.quantity = report.key, report.month, report.quantity
    row.production_line = refs.one(m.ProductionLineRow, report.production_line, "production line")
    row.order = refs.maybe(m.OrderRow, report.order, "order")
    row.illustrative = report.illustrative


def payment_to_domain(row: m.PaymentRow) -> d.Payment:
    """A payment row as a Payment."""
    return d.Payment(
        key=row.key,
        instrument=row.instrument.key,
        order=row.order.key,
        paid_on=row.paid_on,
        amount=money_of(row.amount, row.currency),
        illustrative=row.illustrative,
    )


def fill_payment(row: m.PaymentRow, payment: d.Payment, refs: Refs) -> None:
    """Write a Payment into its row."""
    row.key, row.paid_on = payment.key, payment.paid_on
    row.instrument = refs.one(m.FundingInstrumentRow, payment.instrument, "funding instrument")
    row.order = refs.one(m.OrderRow, payment.order, "order")
    row.amount, row.currency = payment.amount.amount, payment.amount.currency
    row.illustrative = payment.illustrative
