"""The ledger's orders and payments as sums read in SQL, for a report of a whole registry.

What the ledger counts of an order is its units for a need and its cost for an instrument,
of a payment its money (``domain/ledger``: ``OrderUnits``, ``OrderCost``, ``Paid``). Here
they are summed by the store, each query kept to the caller's rows (the repositories'
``scoped``): units per need and status, with the units produced and delivered on those
orders; cost per instrument, status and currency; payments per instrument and currency. A
record whose money the report converts (another currency than the report's, or for a payment
than its instrument's) stays alone with its month or day, so that it is converted alone, to
the cent, as the ledger converts each record; the rest is summed over months and days
(nothing converts it, and a sum of exact decimals is exact). Which status counts as ordered,
and what is converted at which rate, stays the domain's: the queries group by status and
date, they judge nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Subquery, case, func, select, type_coerce
from sqlalchemy.orm import aliased

from coprod.db import models as m
from coprod.db.repositories import Repository
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import ledger as book
from coprod.domain.enums import OrderStatus
from coprod.domain.money import Money


def _money(amount: ColumnElement[Any]) -> ColumnElement[Decimal]:
    """A sum of amounts read back as exact money (cents on SQLite, NUMERIC elsewhere)."""
    return type_coerce(amount, m.MONEY)


def _per_order(
    records: Repository[Any, Any], row: type[m.DeliveryRow] | type[m.ProductionReportRow]
) -> Subquery:
    """Units per order of the deliveries (or production reports) the caller may see."""
    stmt = select(row.order_id, func.sum(row.quantity).label("units"))
    stmt = stmt.where(row.order_id.is_not(None)).group_by(row.order_id)
    return records.scoped(stmt).subquery()


def order_units(uow: UnitOfWork) -> list[book.OrderUnits]:
    """The caller's orders for a need summed per need and status, with the units produced
    and delivered on them (the reports and deliveries the caller may see)."""
    order, need = m.OrderRow, aliased(m.NeedRow)
    made = _per_order(uow.production_reports, m.ProductionReportRow)
    handed = _per_order(uow.deliveries, m.DeliveryRow)
    stmt = (
        select(
            need.key,
            order.status,
            func.sum(order.quantity),
            func.sum(func.coalesce(made.c.units, 0)),
            func.sum(func.coalesce(handed.c.units, 0)),
        )
        .select_from(order)
        .join(need, need.id == order.need_id)
        .outerjoin(made, made.c.order_id == order.id)
        .outerjoin(handed, handed.c.order_id == order.id)
        .group_by(need.key, order.status)
    )
    return [
        book.OrderUnits(key, OrderStatus(status), int(units), int(produced), int(delivered))
        for key, status, units, produced, delivered in uow.session.execute(uow.orders.scoped(stmt))
    ]


def order_costs(uow: UnitOfWork, currency: str) -> list[book.OrderCost]:
    """The cost of the caller's orders paid by an instrument, summed per instrument, status
    and currency; an order in another currency than ``currency`` alone, with its month."""
    order, instrument = m.OrderRow, aliased(m.FundingInstrumentRow)
    converted = order.unit_price_currency != currency
    month, alone = case((converted, order.month)), case((converted, order.key))
    stmt = (
        select(
            alone,
            instrument.key,
            order.status,
            order.unit_price_currency,
            month,
            _money(func.sum(order.quantity * order.unit_price_amount)),
        )
        .select_from(order)
        .join(instrument, instrument.id == order.instrument_id)
        .group_by(instrument.key, order.status, order.unit_price_currency, month, alone)
    )
    return [
        book.OrderCost(
            key or f"{paid_in} orders {status} paid by {payer}",
            payer,
            OrderStatus(status),
            in_month,
            Money(cost, paid_in),
        )
        for key, payer, status, paid_in, in_month, cost in uow.session.execute(
            uow.orders.scoped(stmt)
        )
    ]


def paid(uow: UnitOfWork, currency: str) -> list[book.Paid]:
    """The caller's payments summed per instrument and currency; a payment in another
    currency than ``currency`` or than its instrument's alone, with its day."""
    payment, instrument = m.PaymentRow, aliased(m.FundingInstrumentRow)
    converted = (payment.currency != currency) | (payment.currency != instrument.pledged_currency)
    day, alone = case((converted, payment.paid_on)), case((converted, payment.key))
    stmt = (
        select(alone, instrument.key, payment.currency, day, _money(func.sum(payment.amount)))
        .select_from(payment)
        .join(instrument, instrument.id == payment.instrument_id)
        .group_by(instrument.key, payment.currency, day, alone)
    )
    return [
        book.Paid(key or f"{paid_in} payments of {payer}", payer, on, Money(amount, paid_in))
        for key, payer, paid_in, on, amount in uow.session.execute(uow.payments.scoped(stmt))
    ]


def needs(uow: UnitOfWork) -> list[d.Need]:
    """The needs the caller may see, in key order (as ``uow.needs.list_()`` gives them),
    read as columns rather than as rows."""
    need, system = m.NeedRow, aliased(m.SystemRow)
    stmt = (
        select(
            need.key, system.key, need.quantity, need.priority, need.due, need.recipient,
            need.illustrative, need.max_suppliers,
        )
        .join(system, system.id == need.system_id)
        .order_by(need.key, need.id)
    )  # fmt: skip
    return [d.Need(*row) for row in uow.session.execute(uow.needs.scoped(stmt))]
