"""The records tracking reads, as far as one principal may see them, aggregated in SQL.

A registry of 10 000 orders and 50 000 deliveries is read in a few GROUP BY queries: the
orders the ledger counts as ordered (``domain/ledger.ORDERED``) summed per group of the view,
currency and month, with the units produced and delivered on them; payments per group,
currency and day; deliveries per month; needs per system. Each table of a query carries the
caller's scope (``access.visible_rows``), so a figure never includes a record the caller may
not see. Sums stay in each record's own currency: ``figures`` converts them as the ledger
converts its transactions (an order's money at its month's rate, a payment at its day's).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    case,
    cast,
    extract,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import aliased

from coprod.db import models as m
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain import ledger as book
from coprod.domain.enums import (
    AgreementStatus,
    AgreementType,
    InstrumentKind,
    PlantKind,
    PlantStatus,
)
from coprod.domain.kinds import Kind
from coprod.domain.money import Money
from coprod.services.accounts.access import Principal

ORDERED = [status.value for status in sorted(book.ORDERED)]
Dims = Sequence[ColumnElement[Any]]


def _scoped(stmt: Select[Any], principal: Principal, kind: Kind[Any]) -> Select[Any]:
    condition: ColumnElement[bool] | None = principal.scope(kind)
    return stmt if condition is None else stmt.where(condition)


def _money(amount: ColumnElement[Any]) -> ColumnElement[Decimal]:
    """A sum of amounts read back as exact money (cents on SQLite, NUMERIC elsewhere)."""
    return type_coerce(amount, m.MONEY)


@dataclass(frozen=True, slots=True)
class OrderGroup:
    """Orders placed or later, not cancelled (the ledger's "ordered"), of one group, one
    currency and one month: how many, their units, cost, and units produced and delivered
    with their value at the orders' prices (in that currency)."""

    keys: tuple[Any, ...]
    currency: str
    month: str | None  # None: money in the reporting currency, summed over the months
    orders: int
    ordered: int
    cost: Decimal
    produced: int
    produced_value: Decimal
    delivered: int
    delivered_value: Decimal


class Columns:
    """The columns tracking groups orders by (the query's tables, aliased once)."""

    order = m.OrderRow
    line = m.ProductionLineRow
    producer = m.OrganisationRow
    system = m.SystemRow
    instrument = m.FundingInstrumentRow
    licensed = (m.ProductionLineRow.licence_id.is_not(None)) | (
        m.ProductionLineRow.licensor_id.is_not(None)
    )


def _per_order(row: Any, kind: Kind[Any], principal: Principal, *where: Any) -> Any:
    """Units per order of deliveries or production reports the principal may see."""
    stmt = select(row.order_id, func.sum(row.quantity).label("units")).where(*where)
    return _scoped(stmt.group_by(row.order_id), principal, kind).subquery()


def _ordered_orders(stmt: Select[Any], principal: Principal) -> Select[Any]:
    c = Columns
    stmt = (
        stmt.join(c.line, c.line.id == c.order.production_line_id)
        .join(c.producer, c.producer.id == c.line.organisation_id)
        .join(c.system, c.system.id == c.line.system_id)
        .outerjoin(c.instrument, c.instrument.id == c.order.instrument_id)
        .where(c.order.status.in_(ORDERED))
    )
    return _scoped(stmt, principal, kinds.ORDER)


def apart(currency: Any, reporting: str, id_: Any) -> Any:
    """A grouping term that keeps each record in another currency than ``reporting`` apart
    (so it is converted alone, to the cent, as the ledger converts each transaction) and
    sums the records in ``reporting`` together (nothing to convert: their sum is exact)."""
    return case((currency == reporting, None), else_=id_)


def only_converted(currency: Any, reporting: str, when: Any) -> Any:
    """A grouping term: ``when`` (a month, a day) for what is converted at its rate, nothing
    for money already in ``reporting`` (its sum needs no rate)."""
    return case((currency == reporting, None), else_=when)


def order_groups(
    uow: UnitOfWork,
    principal: Principal,
    dims: Dims,
    reporting: str,
    *,
    units: bool = True,
    months: bool = False,
) -> list[OrderGroup]:
    """The ordered orders the principal may see, summed in SQL per ``dims`` and currency (an
    order in another currency than ``reporting`` alone, with its month; per month for all
    when ``months``), with the units produced and delivered on them (reports and deliveries
    it may see; 0 unless ``units``)."""
    o = Columns.order
    made = _per_order(
        m.ProductionReportRow, kinds.PRODUCTION_REPORT, principal,
        m.ProductionReportRow.order_id.is_not(None),
    )  # fmt: skip
    handed = _per_order(m.DeliveryRow, kinds.DELIVERY, principal)
    produced: Any = func.coalesce(made.c.units, 0) if units else literal(0)
    delivered: Any = func.coalesce(handed.c.units, 0) if units else literal(0)
    price = o.unit_price_amount
    month = o.month if months else only_converted(o.unit_price_currency, reporting, o.month)
    stmt = select(
        *dims,
        o.unit_price_currency,
        month,
        func.count(o.id),
        func.sum(o.quantity),
        _money(func.sum(o.quantity * price)),
        func.sum(produced),
        _money(func.sum(produced * price)),
        func.sum(delivered),
        _money(func.sum(delivered * price)),
    ).select_from(o)
    stmt = _ordered_orders(stmt, principal)
    if units:
        stmt = stmt.outerjoin(made, made.c.order_id == o.id)
        stmt = stmt.outerjoin(handed, handed.c.order_id == o.id)
    alone = apart(o.unit_price_currency, reporting, o.id)
    stmt = stmt.group_by(*dims, o.unit_price_currency, month, alone)
    n = len(dims)
    return [
        OrderGroup(tuple(row[:n]), row[n], row[n + 1], *map(_number, row[n + 2 :]))
        for row in uow.session.execute(stmt)
    ]


def _number(value: Any) -> Any:
    """A sum as SQL gave it: money stays Decimal, units become int (None: 0)."""
    if value is None:
        return 0
    return value if isinstance(value, Decimal) else int(value)


@dataclass(frozen=True, slots=True)
class PaymentGroup:
    """Payments of one group, currency and day, summed."""

    keys: tuple[Any, ...]
    currency: str
    paid_on: date | None  # None: money in the reporting currency, summed over the days
    amount: Decimal


def payment_groups(
    uow: UnitOfWork, principal: Principal, dims: Dims, reporting: str, *, days: bool = False
) -> list[PaymentGroup]:
    """The payments the principal may see, summed in SQL per ``dims``, currency and day (a
    payment in another currency than ``reporting`` alone); ``dims`` over the paying
    instrument and the paid order's line, producer and system."""
    c, p = Columns, m.PaymentRow
    day = p.paid_on if days else only_converted(p.currency, reporting, p.paid_on)
    stmt = (
        select(*dims, p.currency, day, _money(func.sum(p.amount)))
        .select_from(p)
        .join(c.order, c.order.id == p.order_id)
        .join(c.line, c.line.id == c.order.production_line_id)
        .join(c.producer, c.producer.id == c.line.organisation_id)
        .join(c.system, c.system.id == c.line.system_id)
        .join(c.instrument, c.instrument.id == p.instrument_id)
        .group_by(*dims, p.currency, day, apart(p.currency, reporting, p.id))
    )
    n = len(dims)
    return [
        PaymentGroup(tuple(row[:n]), row[n], row[n + 1], row[n + 2])
        for row in uow.session.execute(_scoped(stmt, principal, kinds.PAYMENT))
    ]


@dataclass(frozen=True, slots=True)
class DeliveryMonth:
    """Units delivered in one month on ordered orders of one currency and order month, and
    their value at the orders' prices."""

    month: str
    currency: str
    order_month: str
    delivered: int
    value: Decimal


def delivery_months(uow: UnitOfWork, principal: Principal) -> list[DeliveryMonth]:
    """Deliveries on ordered orders the principal may see, summed in SQL per month of
    delivery, currency and order month."""
    o, row = Columns.order, m.DeliveryRow
    month = month_of(uow, row.delivered_on)
    stmt = (
        select(
            month, o.unit_price_currency, o.month, func.sum(row.quantity),
            _money(func.sum(row.quantity * o.unit_price_amount)),
        )
        .select_from(row)
        .join(o, o.id == row.order_id)
        .where(o.status.in_(ORDERED))
        .group_by(month, o.unit_price_currency, o.month)
    )  # fmt: skip
    return [
        DeliveryMonth(delivered_in, currency, ordered_in, int(units), value)
        for delivered_in, currency, ordered_in, units, value in uow.session.execute(
            _scoped(stmt, principal, kinds.DELIVERY)
        )
    ]


def month_of(uow: UnitOfWork, day: Any) -> Any:
    """SQL for the ``YYYY-MM`` month of a date column (one call per row, on each backend)."""
    if uow.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", day)
    return func.to_char(day, "YYYY-MM")


@dataclass(frozen=True, slots=True)
class Punctuality:
    """How many orders of one producer were delivered in full ``delay`` months after their
    expected month (0: on time)."""

    producer: str
    delay: int
    orders: int


def _month_number(year: Any, month: Any) -> Any:
    return year * 12 + month


def punctuality(uow: UnitOfWork, principal: Principal) -> list[Punctuality]:
    """Per producer, its ordered orders delivered in full counted in SQL by delay: the months
    from the expected month (the order's month plus its line's lead time,
    ``domain/tracking.expected_month``) to the month of the last delivery, 0 when on time."""
    c, row = Columns, m.DeliveryRow
    handed = _scoped(
        select(
            row.order_id,
            func.sum(row.quantity).label("units"),
            func.max(row.delivered_on).label("last"),
        ).group_by(row.order_id),
        principal,
        kinds.DELIVERY,
    ).subquery()
    last = _month_number(extract("year", handed.c.last), extract("month", handed.c.last))
    ordered_in = _month_number(
        cast(func.substr(c.order.month, 1, 4), Integer),
        cast(func.substr(c.order.month, 6, 2), Integer),
    )
    late = last - ordered_in - c.line.lead_time_months
    delay = case((late > 0, late), else_=0)
    stmt = (
        select(c.producer.key, delay, func.count())
        .select_from(c.order)
        .join(handed, handed.c.order_id == c.order.id)
        .where(handed.c.units >= c.order.quantity)
    )
    stmt = _ordered_orders(stmt, principal).group_by(c.producer.key, delay)
    return [Punctuality(p, int(months), int(n)) for p, months, n in uow.session.execute(stmt)]


def instruments(uow: UnitOfWork, principal: Principal) -> list[d.FundingInstrument]:
    """The funding instruments the principal may see (the ledger derives their allocated and
    disbursed: the stored totals are not read)."""
    row = m.FundingInstrumentRow
    stmt = select(
        row.key, row.name, row.funder, row.kind, row.pledged_amount, row.pledged_currency,
        row.first_month, row.last_month,
    )  # fmt: skip
    found = []
    for key, name, funder, kind, amount, currency, first, last in uow.session.execute(
        _scoped(stmt, principal, kinds.FUNDING_INSTRUMENT)
    ):
        nothing = Money(Decimal(0), currency)
        found.append(
            d.FundingInstrument(
                key, name, funder, InstrumentKind(kind), Money(amount, currency), nothing,
                nothing, first_month=first, last_month=last,
            )
        )  # fmt: skip
    return found


def needed(uow: UnitOfWork, principal: Principal, dim: ColumnElement[Any]) -> dict[str, int]:
    """Units needed per ``dim`` (the system's key or category) of the needs the principal
    may see, summed in SQL."""
    row, system = m.NeedRow, m.SystemRow
    stmt = select(dim, func.sum(row.quantity)).join(system, system.id == row.system_id)
    stmt = _scoped(stmt.group_by(dim), principal, kinds.NEED)
    return {key: int(units) for key, units in uow.session.execute(stmt)}


# --- agreements and the geography of production ----------------------------------------------


@dataclass(frozen=True, slots=True)
class AgreementFacts:
    """An agreement's type, status and dated history."""

    key: str
    title: str
    type: AgreementType
    status: AgreementStatus
    history: list[d.StatusChange]


def agreements(uow: UnitOfWork, principal: Principal) -> list[AgreementFacts]:
    """The agreements the principal may see, with their status histories (two queries)."""
    row, step = m.AgreementRow, m.StatusChangeRow
    stmt = select(row.id, row.key, row.title, row.type, row.status)
    visible = list(uow.session.execute(_scoped(stmt, principal, kinds.AGREEMENT)))
    ids = select(row.id)
    steps: dict[int, list[d.StatusChange]] = defaultdict(list)
    history = select(step.agreement_id, step.status, step.on).order_by(
        step.agreement_id, step.position
    )
    history = history.where(step.agreement_id.in_(_scoped(ids, principal, kinds.AGREEMENT)))
    for agreement, status, on in uow.session.execute(history):
        steps[agreement].append(d.StatusChange(AgreementStatus(status), on))
    return [
        AgreementFacts(key, title, AgreementType(kind), AgreementStatus(status), steps[id_])
        for id_, key, title, kind, status in visible
    ]


@dataclass(frozen=True, slots=True)
class OwnershipFacts:
    """A stake of one organisation in another, with both countries."""

    owner: str
    owner_country: str | None
    owned: str
    owned_country: str | None
    stake: Decimal
    start: date | None
    end: date | None


def ownerships(uow: UnitOfWork, principal: Principal) -> list[OwnershipFacts]:
    """The ownerships the principal may see, with the owner's and the owned's countries."""
    row = m.OwnershipRow
    owner, owned = aliased(m.OrganisationRow), aliased(m.OrganisationRow)
    stmt = (
        select(owner.key, owner.country, owned.key, owned.country, row.stake, row.start, row.end)
        .join(owner, owner.id == row.owner_id)
        .join(owned, owned.id == row.owned_id)
        .order_by(owned.key, owner.key)
    )
    return [
        OwnershipFacts(*r) for r in uow.session.execute(_scoped(stmt, principal, kinds.OWNERSHIP))
    ]


@dataclass(frozen=True, slots=True)
class PlantFacts:
    """A plant with its operator's country."""

    key: str
    name: str
    operator: str
    operator_country: str | None
    country: str
    kind: PlantKind
    status: PlantStatus


def plants(uow: UnitOfWork, principal: Principal) -> list[PlantFacts]:
    """The plants the principal may see, with their operators' countries."""
    row, org = m.PlantRow, m.OrganisationRow
    stmt = (
        select(row.key, row.name, org.key, org.country, row.country, row.kind, row.status)
        .join(org, org.id == row.operator_id)
        .order_by(row.key)
    )
    return [
        PlantFacts(key, name, op, op_country, country, PlantKind(kind), PlantStatus(status))
        for key, name, op, op_country, country, kind, status in uow.session.execute(
            _scoped(stmt, principal, kinds.PLANT)
        )
    ]
