"""The registry's entities as plain dataclasses.

Every entity has a ``key``: a stable, human-readable identifier (``fr-ua-loi-drones-2025``) used
in import files, URLs and references between records. Countries are ISO 3166-1 alpha-2 codes.
A ``party`` of an agreement is either a country code (a state) or an organisation key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

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


@dataclass(frozen=True)
class Evidence:
    """Where a record's claim is stated: a source document and a character span in its text."""

    document: str
    start: int
    end: int
    note: str | None = None


@dataclass
class SourceDocument:
    """An article or other document that records and facts point into."""

    key: str
    name: str
    sha256: str
    language: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None


@dataclass
class Organisation:
    key: str
    name: str
    kind: OrganisationKind
    country: str | None = None
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Role:
    """A position a person holds in an organisation over a period."""

    title: str
    organisation: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass
class Person:
    key: str
    name: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)


@dataclass
class System:
    """A weapon system or product, or a category of them (``category`` from the catalogue)."""

    key: str
    name: str
    category: str
    aliases: list[str] = field(default_factory=list)
    manufacturer: str | None = None


@dataclass(frozen=True)
class StatusChange:
    status: AgreementStatus
    on: date | None


@dataclass
class Agreement:
    key: str
    title: str
    type: AgreementType
    status: AgreementStatus
    parties: list[str]
    scope: list[Scope] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    quantity: int | None = None
    value: Money | None = None
    history: list[StatusChange] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    visibility: Visibility = Visibility.PUBLIC
    notes: str | None = None


@dataclass
class Need:
    """A quantity of a product the armed forces need by a month, with the value of one unit."""

    key: str
    system: str
    quantity: int
    priority: Decimal
    due: str  # "YYYY-MM"
    recipient: str = "UA"
    illustrative: bool = False
    max_suppliers: int | None = None  # contract plans: at most this many lines serve it


@dataclass(frozen=True)
class PlantStep:
    """A plant reaching a status, on a date when known."""

    status: PlantStatus
    on: date | None = None


@dataclass
class Plant:
    """A site where an organisation makes, repairs or tests materiel, in one country."""

    key: str
    name: str
    operator: str  # the organisation that runs it
    country: str
    kind: PlantKind
    status: PlantStatus
    city: str | None = None
    history: list[PlantStep] = field(default_factory=list)
    annual_capacity: int | None = None  # units a year, of ``capacity_unit``
    capacity_unit: str | None = None  # "155mm shells", "tonnes of rocket fuel"
    evidence: list[Evidence] = field(default_factory=list)
    notes: str | None = None


@dataclass
class Ownership:
    """An organisation's stake in another over a period (``start`` to ``end``, both days
    included; open where unset): a joint venture is a company with its owners named."""

    key: str
    owner: str
    owned: str
    stake: Decimal  # percent of the owned company, 0 < stake ≤ 100
    start: date | None = None
    end: date | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Investment:
    """Money an organisation puts into a plant or a company (one of them)."""

    key: str
    investor: str
    status: InvestmentStatus
    plant: str | None = None
    company: str | None = None
    amount: Money | None = None
    stake: Decimal | None = None  # percent of the company acquired
    on: date | None = None
    agreement: str | None = None  # the agreement it follows from
    evidence: list[Evidence] = field(default_factory=list)
    notes: str | None = None


@dataclass
class ProductionLine:
    """A producer's capacity for one product at one site (at a plant, under a licence, where
    named)."""

    key: str
    organisation: str
    system: str
    company_country: str
    site_country: str
    unit_cost: Money
    monthly_capacity: int
    lead_time_months: int = 0
    illustrative: bool = False
    lot_size: int | None = None  # contract plans: monthly output in whole lots of this size
    min_order: int | None = None  # contract plans: no contract for a need under this
    plant: str | None = None  # the plant it is at (in the plant's country)
    licence: str | None = None  # the licence or transfer agreement it rests on
    licensor: str | None = None  # the organisation whose design it makes under licence


@dataclass
class FundingInstrument:
    """A partner's money for production, with who and what it may pay for, and when."""

    key: str
    name: str
    funder: str
    kind: InstrumentKind
    pledged: Money
    allocated: Money
    disbursed: Money
    site_countries: list[str] | None = None
    producer_countries: list[str] | None = None
    categories: list[str] | None = None
    first_month: str | None = None
    last_month: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    illustrative: bool = False


@dataclass(frozen=True)
class OrderStep:
    """An order reaching a status on a date."""

    status: OrderStatus
    on: date


@dataclass
class Order:
    key: str
    need: str | None
    production_line: str
    instrument: str | None
    quantity: int
    unit_price: Money
    month: str  # production month "YYYY-MM"
    status: OrderStatus = OrderStatus.PLACED
    illustrative: bool = False
    # Each status it reached, dated; kept by the ledger (services/ledger.check_change).
    history: list[OrderStep] = field(default_factory=list)


@dataclass
class Delivery:
    key: str
    order: str
    quantity: int
    delivered_on: date
    illustrative: bool = False


@dataclass
class ProductionReport:
    """Units a line made in a month, for one order or (``order`` None) for no order yet."""

    key: str
    production_line: str
    month: str  # "YYYY-MM"
    quantity: int
    order: str | None = None
    illustrative: bool = False


@dataclass
class Payment:
    """Money an instrument paid for an order on a date (an advance included), in the
    payment's own currency."""

    key: str
    instrument: str
    order: str
    paid_on: date
    amount: Money
    illustrative: bool = False


@dataclass(frozen=True)
class StageChange:
    stage: MaturityStage
    on: date | None


@dataclass
class InnovationProject:
    key: str
    name: str
    partners: list[str]
    need: str | None = None
    stages: list[StageChange] = field(default_factory=list)
    funding: Money | None = None
    evidence: list[Evidence] = field(default_factory=list)
    notes: str | None = None


@dataclass
class Event:
    key: str
    name: str
    kind: EventKind
    on: date | None
    place: str | None = None
    participants: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    notes: str | None = None
