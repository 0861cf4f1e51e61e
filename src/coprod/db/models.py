"""SQLAlchemy models of the registry: one table per entity of ``domain/entities.py``.

Every entity has a surrogate integer ``id``, a unique human-readable ``key`` and a ``version``
used for optimistic concurrency (an UPDATE checks the version it read). Money is an exact
``ExactDecimal(20, 2)`` amount (``db/types.py``) beside a three-letter currency column.
References to one kind of record are foreign keys; references that may name a state or an
organisation (parties, partners, participants, funder, recipient) are stored as the key or
country code, checked by the services.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from coprod.db.base import Base
from coprod.db.types import ExactDecimal

MONEY = ExactDecimal(20, 2)
KEY = String(200)
CHILDREN = "all, delete-orphan"


class Entity(Base):
    """Columns every registry entity has: id, key and version."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(KEY, unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # The UPDATE says WHERE version = <read>; coprod sets the next version itself.
        return {"version_id_col": cls.__table__.c.version, "version_id_generator": False}


class Child(Base):
    """A row of a list that belongs to one parent record, kept in order by ``position``."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class SourceDocumentRow(Entity):
    __tablename__ = "source_documents"

    name: Mapped[str] = mapped_column(String(500))
    # One document per content: two ingests of the same bytes cannot both store it.
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    language: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)


class EvidenceRow(Child):
    """A span of a source document that supports a record (one owner column is set)."""

    __tablename__ = "evidence"
    __table_args__ = (CheckConstraint('"end" >= start', name="span_in_order"),)

    document_id: Mapped[int] = mapped_column(ForeignKey("source_documents.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    funding_instrument_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_instruments.id", ondelete="CASCADE"), index=True
    )
    innovation_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("innovation_projects.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    plant_id: Mapped[int | None] = mapped_column(
        ForeignKey("plants.id", ondelete="CASCADE"), index=True
    )
    ownership_id: Mapped[int | None] = mapped_column(
        ForeignKey("ownerships.id", ondelete="CASCADE"), index=True
    )
    investment_id: Mapped[int | None] = mapped_column(
        ForeignKey("investments.id", ondelete="CASCADE"), index=True
    )

    document: Mapped[SourceDocumentRow] = relationship(lazy="joined")


class OrganisationRow(Entity):
    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(2))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)

    parent: Mapped[OrganisationRow | None] = relationship(remote_side="OrganisationRow.id")


class PersonRow(Entity):
    __tablename__ = "people"

    name: Mapped[str] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(2))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)

    roles: Mapped[list[RoleRow]] = relationship(
        cascade=CHILDREN, order_by="RoleRow.position", lazy="selectin"
    )


class RoleRow(Child):
    __tablename__ = "person_roles"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)

    organisation: Mapped[OrganisationRow | None] = relationship(lazy="joined")


class SystemRow(Entity):
    __tablename__ = "systems"

    name: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(100))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    manufacturer: Mapped[str | None] = mapped_column(String(500))


class AgreementRow(Entity):
    __tablename__ = "agreements"

    title: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    quantity: Mapped[int | None] = mapped_column(Integer)
    value_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    value_currency: Mapped[str | None] = mapped_column(String(3))
    visibility: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)

    parties: Mapped[list[AgreementPartyRow]] = relationship(
        cascade=CHILDREN, order_by="AgreementPartyRow.position", lazy="selectin"
    )
    scope: Mapped[list[AgreementScopeRow]] = relationship(
        cascade=CHILDREN, order_by="AgreementScopeRow.position", lazy="selectin"
    )
    systems: Mapped[list[AgreementSystemRow]] = relationship(
        cascade=CHILDREN, order_by="AgreementSystemRow.position", lazy="selectin"
    )
    history: Mapped[list[StatusChangeRow]] = relationship(
        cascade=CHILDREN, order_by="StatusChangeRow.position", lazy="selectin"
    )
    evidence: Mapped[list[EvidenceRow]] = relationship(
        cascade=CHILDREN, order_by="EvidenceRow.position", lazy="selectin"
    )


class AgreementPartyRow(Child):
    """A state (country code) or organisation (key) party to an agreement."""

    __tablename__ = "agreement_parties"

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    party: Mapped[str] = mapped_column(KEY, index=True)


class AgreementScopeRow(Child):
    __tablename__ = "agreement_scopes"

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[str] = mapped_column(String(40))


class AgreementSystemRow(Child):
    __tablename__ = "agreement_systems"

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id"), index=True)

    system: Mapped[SystemRow] = relationship(lazy="joined")


class StatusChangeRow(Child):
    __tablename__ = "agreement_status_changes"

    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    on: Mapped[date | None] = mapped_column(Date)


class NeedRow(Entity):
    __tablename__ = "needs"

    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    priority: Mapped[Decimal] = mapped_column(ExactDecimal(12, 4))
    due: Mapped[str] = mapped_column(String(7))
    recipient: Mapped[str] = mapped_column(KEY)
    illustrative: Mapped[bool] = mapped_column(default=False)
    max_suppliers: Mapped[int | None] = mapped_column(Integer, nullable=True)

    system: Mapped[SystemRow] = relationship(lazy="joined")


class ProductionLineRow(Entity):
    __tablename__ = "production_lines"

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("systems.id"), index=True)
    company_country: Mapped[str] = mapped_column(String(2))
    site_country: Mapped[str] = mapped_column(String(2))
    unit_cost_amount: Mapped[Decimal] = mapped_column(MONEY)
    unit_cost_currency: Mapped[str] = mapped_column(String(3))
    monthly_capacity: Mapped[int] = mapped_column(Integer)
    lead_time_months: Mapped[int] = mapped_column(Integer, default=0)
    illustrative: Mapped[bool] = mapped_column(default=False)
    lot_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    min_order: Mapped[int | None] = mapped_column(Integer, nullable=True)
    plant_id: Mapped[int | None] = mapped_column(ForeignKey("plants.id"), index=True)
    licence_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    licensor_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)

    organisation: Mapped[OrganisationRow] = relationship(
        lazy="joined", foreign_keys=[organisation_id]
    )
    system: Mapped[SystemRow] = relationship(lazy="joined")
    plant: Mapped[PlantRow | None] = relationship(lazy="joined")
    licence: Mapped[AgreementRow | None] = relationship(lazy="joined")
    licensor: Mapped[OrganisationRow | None] = relationship(
        lazy="joined", foreign_keys=[licensor_id]
    )


class PlantRow(Entity):
    __tablename__ = "plants"

    name: Mapped[str] = mapped_column(String(500))
    operator_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str | None] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    # [{"status": ..., "on": "YYYY-MM-DD" | null}], in order.
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    annual_capacity: Mapped[int | None] = mapped_column(Integer)
    capacity_unit: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)

    operator: Mapped[OrganisationRow] = relationship(lazy="joined")
    evidence: Mapped[list[EvidenceRow]] = relationship(
        cascade=CHILDREN, order_by="EvidenceRow.position", lazy="selectin"
    )


class OwnershipRow(Entity):
    __tablename__ = "ownerships"

    owner_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    owned_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    stake: Mapped[Decimal] = mapped_column(ExactDecimal(5, 2))
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)

    owner: Mapped[OrganisationRow] = relationship(lazy="joined", foreign_keys=[owner_id])
    owned: Mapped[OrganisationRow] = relationship(lazy="joined", foreign_keys=[owned_id])
    evidence: Mapped[list[EvidenceRow]] = relationship(
        cascade=CHILDREN, order_by="EvidenceRow.position", lazy="selectin"
    )


class InvestmentRow(Entity):
    __tablename__ = "investments"

    investor_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    status: Mapped[str] = mapped_column(String(40))
    plant_id: Mapped[int | None] = mapped_column(ForeignKey("plants.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    amount_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    amount_currency: Mapped[str | None] = mapped_column(String(3))
    stake: Mapped[Decimal | None] = mapped_column(ExactDecimal(5, 2))
    on: Mapped[date | None] = mapped_column(Date)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)

    investor: Mapped[OrganisationRow] = relationship(lazy="joined", foreign_keys=[investor_id])
    plant: Mapped[PlantRow | None] = relationship(lazy="joined")
    company: Mapped[OrganisationRow | None] = relationship(lazy="joined", foreign_keys=[company_id])
    agreement: Mapped[AgreementRow | None] = relationship(lazy="joined")
    evidence: Mapped[list[EvidenceRow]] = relationship(
        cascade=CHILDREN, order_by="EvidenceRow.position", lazy="selectin"
    )


class FundingInstrumentRow(Entity):
    __tablename__ = "funding_instruments"

    name: Mapped[str] = mapped_column(String(500))
    funder: Mapped[str] = mapped_column(KEY, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    pledged_amount: Mapped[Decimal] = mapped_column(MONEY)
    pledged_currency: Mapped[str] = mapped_column(String(3))
    allocated_amount: Mapped[Decimal] = mapped_column(MONEY)
    allocated_currency: Mapped[str] = mapped_column(String(3))
    disbursed_amount: Mapped[Decimal] = mapped_column(MONEY)
    disbursed_currency: Mapped[str] = mapped_column(String(3))
    site_countries: Mapped[list[str] | None] = mapped_column(JSON)
    producer_countries: Mapped[list[str] | None] = mapped_column(JSON)
    categories: Mapped[list[str] | None] = mapped_column(JSON)
    first_month: Mapped[str | None] = mapped_column(String(7))
    last_month: Mapped[str | None] = mapped_column(String(7))
    illustrative: Mapped[bool] = mapped_column(default=False)

    evidence: Mapped[list[EvidenceRow]] = relationship(
        cascade=CHILDREN, order_by="EvidenceRow.position", lazy="selectin"
    )


class OrderRow(Entity):
    __tablename__ = "orders"

    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True)
    production_line_id: Mapped[int] = mapped_column(ForeignKey("production_lines.id"), index=True)
    instrument_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_instruments.id"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_amount: Mapped[Decimal] = mapped_column(MONEY)
    unit_price_currency: Mapped[str] = mapped_column(String(3))
    month: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(20), index=True)
    illustrative: Mapped[bool] = mapped_column(default=False, server_default=false())
    # [{"status": ..., "on": "YYYY-MM-DD"}], in order: each status the order reached.
    history: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )

    need: Mapped[NeedRow | None] = relationship(lazy="joined")
    production_line: Mapped[ProductionLineRow] = relationship(lazy="joined")
    instrument: Mapped[FundingInstrumentRow | None] = relationship(lazy="joined")


class DeliveryRow(Entity):
    __tablename__ = "deliveries"
    # Units per order summed from the index alone, never the table's rows (the ledger's, the
    # tracking views' and the alerts' sums over 50 000 deliveries); it serves the order's
    # foreign key too.
    __table_args__ = (Index("ix_deliveries_order_units", "order_id", "quantity"),)

    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    delivered_on: Mapped[date] = mapped_column(Date)
    illustrative: Mapped[bool] = mapped_column(default=False, server_default=false())

    order: Mapped[OrderRow] = relationship(lazy="joined")


class ProductionReportRow(Entity):
    """Units a line made in a month, for an order or none."""

    __tablename__ = "production_reports"

    production_line_id: Mapped[int] = mapped_column(ForeignKey("production_lines.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))
    quantity: Mapped[int] = mapped_column(Integer)
    illustrative: Mapped[bool] = mapped_column(default=False, server_default=false())

    production_line: Mapped[ProductionLineRow] = relationship(lazy="joined")
    order: Mapped[OrderRow | None] = relationship(lazy="joined")


class PaymentRow(Entity):
    """Money an instrument paid for an order on a date, in the payment's currency."""

    __tablename__ = "payments"

    instrument_id: Mapped[int] = mapped_column(ForeignKey("funding_instruments.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    illustrative: Mapped[bool] = mapped_column(default=False, server_default=false())

    instrument: Mapped[FundingInstrumentRow] = relationship(lazy="joined")
    order: Mapped[OrderRow] = relationship(lazy="joined")


class ExchangeRateRow(Entity):
    """A reference rate: on ``on``, one euro bought ``per_euro`` units of ``currency``
    (key ``<currency>-<date>``)."""

    __tablename__ = "exchange_rates"
    __table_args__ = (CheckConstraint("per_euro > 0", name="rate_positive"),)

    currency: Mapped[str] = mapped_column(String(3), index=True)
    on: Mapped[date] = mapped_column(Date)
    per_euro: Mapped[Decimal] = mapped_column(ExactDecimal(20, 6))


class InnovationProjectRow(Entity):
    __tablename__ = "innovation_projects"

    name: Mapped[str] = mapped_column(String(500))
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True)
    funding_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    funding_currency: Mapped[str | None] = mapped_column(String(3))
    notes: Mapped[str | None] = mapped_column(Text)

    need: Mapped[NeedRow | None] = relationship(lazy="joined")
    partners: Mapped[list[ProjectPartnerRow]] = relationship(
        cascade=CHILDREN, order_by="ProjectPartnerRow.position", lazy="selectin"
    )
    stages: Mapped[list[StageChangeRow]] = relationship(
        cascade=CHILDREN, order_by="StageChangeRow.position", lazy="selectin"
    )
    evidence: Mapped[list[EvidenceRow]] = relationship(
        cascade=CHILDREN, order_by="EvidenceRow.position", lazy="selectin"
    )


class ProjectPartnerRow(Child):
    __tablename__ = "innovation_project_partners"

    innovation_project_id: Mapped[int] = mapped_column(
        ForeignKey("innovation_projects.id", ondelete="CASCADE"), index=True
    )
    partner: Mapped[str] = mapped_column(KEY)


class StageChangeRow(Child):
    __tablename__ = "innovation_project_stages"

    innovation_project_id: Mapped[int] = mapped_column(
        ForeignKey("innovation_projects.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(10))
    on: Mapped[date | None] = mapped_column(Date)


class EventRow(Entity):
    __tablename__ = "events"

    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)

    participants: Mapped[list[EventParticipantRow]] = relationship(
        cascade=CHILDREN, order_by="EventParticipantRow.position", lazy="selectin"
    )
    evidence: Mapped[list[EvidenceRow]] = relationship(
        cascade=CHILDREN, order_by="EvidenceRow.position", lazy="selectin"
    )


class EventParticipantRow(Child):
    """A state, organisation or person taking part in an event."""

    __tablename__ = "event_participants"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    participant: Mapped[str] = mapped_column(KEY)


class PublicRecordRow(Base):
    """A registry record marked public: readable without an account (``/public``, the
    ``/api/public`` routes). Its ``key`` is ``<plural>/<record key>``, so the audit trail names
    the marking and its withdrawal like any record's change."""

    __tablename__ = "public_records"
    __table_args__ = (UniqueConstraint("kind", "record_key", name="uq_public_records_record"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(260), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    record_key: Mapped[str] = mapped_column(KEY)
    published_at: Mapped[str] = mapped_column(String(32))  # UTC, ISO 8601 with a Z
    published_by: Mapped[str] = mapped_column(String(120))
