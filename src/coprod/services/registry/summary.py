"""``coprod summary``: what the registry holds, in figures (money and quantities are the
ledger's: ``domain/ledger``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, extract, func, select

from coprod.db import models as m
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain import ledger as book
from coprod.domain.enums import AgreementStatus, AgreementType
from coprod.domain.rates import REPORTING
from coprod.services.accounts.access import caller
from coprod.services.ledger import read_totals


def counts(uow: UnitOfWork) -> dict[str, int]:
    """How many records of each entity the store holds."""
    return {t.plural: uow.records(t).count() for t in kinds.KINDS}


def agreements_by(uow: UnitOfWork) -> dict[str, dict[str, int]]:
    """Agreements counted by status and by type (aggregate queries)."""
    by: dict[str, dict[str, int]] = {}
    for name, column in (("status", m.AgreementRow.status), ("type", m.AgreementRow.type)):
        stmt = uow.agreements.scoped(select(column, func.count()).group_by(column))
        by[name] = dict(sorted((str(v), int(n)) for v, n in uow.session.execute(stmt)))
    return by


def money(report: book.Report) -> dict[str, dict[str, str]]:
    """Pledged, allocated and disbursed over all instruments in the reporting currency (the
    ledger's: each pledge, order and payment at the rate of its date)."""
    total = report.total
    return {
        report.currency: {
            "pledged": str(total.pledged),
            "allocated": str(total.allocated),
            "disbursed": str(total.disbursed),
        }
    }


def instruments(report: book.Report) -> list[dict[str, str]]:
    """Each instrument's pledged, allocated (the cost of its orders) and disbursed money in
    the reporting currency, and in its own currency (``own_currency``, ``own_pledged``, …)."""
    return [
        {
            "key": fi.key,
            "funder": fi.funder,
            "currency": fi.reported.currency,
            "pledged": str(fi.reported.pledged),
            "allocated": str(fi.reported.allocated),
            "disbursed": str(fi.reported.disbursed),
            "own_currency": fi.own.currency,
            "own_pledged": str(fi.own.pledged),
            "own_allocated": str(fi.own.allocated),
            "own_disbursed": str(fi.own.disbursed),
        }
        for fi in report.instruments
    ]


def needs(figures: book.Report | book.Ledger) -> list[dict[str, Any]]:
    """Each need's quantity beside what is proposed, ordered (placed or later, not cancelled),
    delivered against those orders and accepted."""
    return [
        {
            "key": n.key,
            "system": n.system,
            "due": n.due,
            "needed": n.needed,
            "proposed": n.proposed,
            "ordered": n.ordered,
            "delivered": n.delivered,
            "accepted": n.accepted,
        }
        for n in figures.needs
    ]


def summary(uow: UnitOfWork, currency: str = REPORTING) -> dict[str, Any]:
    """Everything ``coprod summary`` shows, as data; money in the reporting ``currency``."""
    report = read_totals(uow, currency)
    return {
        "counts": counts(uow),
        "agreements": agreements_by(uow),
        "currency": report.currency,
        "money": money(report),
        "rates": [str(rate) for rate in report.total.rates],
        "instruments": instruments(report),
        "needs": needs(report),
    }


# The kinds the dashboard counts, in the order it shows them.
COUNTED: tuple[kinds.Kind[Any], ...] = (
    kinds.AGREEMENT,
    kinds.FUNDING_INSTRUMENT,
    kinds.NEED,
    kinds.PRODUCTION_LINE,
    kinds.ORDER,
    kinds.DELIVERY,
)


@dataclass(frozen=True)
class Overview:
    """What a dashboard draws, as far as the caller may see: counts and sums worked out by
    the store (aggregate queries over the caller's rows), and the ledger's figures."""

    counts: dict[str, int]  # kind (plural) -> records the caller may see
    # (year of the first dated step or None, agreement type) -> agreements
    agreements_by_year: dict[tuple[int | None, AgreementType], int]
    agreements_by_status: dict[AgreementStatus, int]
    instrument_names: dict[str, str]
    production: dict[str, tuple[int, int]]  # system key -> (units ordered, units delivered)
    ledger: book.Ledger
    report: book.Report  # the ledger in the reporting currency


def _agreements_by_year(uow: UnitOfWork) -> dict[tuple[int | None, AgreementType], int]:
    change = m.StatusChangeRow
    first = (
        select(change.agreement_id, func.min(change.on).label("first"))
        .where(change.on.is_not(None))
        .group_by(change.agreement_id)
        .subquery()
    )
    year = extract("year", first.c.first)
    stmt = uow.agreements.scoped(
        select(year, m.AgreementRow.type, func.count())
        .select_from(m.AgreementRow)
        .outerjoin(first, first.c.agreement_id == m.AgreementRow.id)
        .group_by(year, m.AgreementRow.type)
    )
    return {
        (None if y is None else int(y), AgreementType(t)): int(n)
        for y, t, n in uow.session.execute(stmt)
    }


def _agreements_by_status(uow: UnitOfWork) -> dict[AgreementStatus, int]:
    status = m.AgreementRow.status
    stmt = uow.agreements.scoped(select(status, func.count()).group_by(status))
    return {AgreementStatus(s): int(n) for s, n in uow.session.execute(stmt)}


def _ordered(uow: UnitOfWork, stmt: Select[Any]) -> Select[Any]:
    # Orders placed or later, not cancelled (``domain/ledger.ORDERED``), on lines the caller
    # sees, both kinds kept to the caller's rows.
    stmt = stmt.where(m.OrderRow.status.in_([s.value for s in book.ORDERED]))
    return uow.production_lines.scoped(uow.orders.scoped(stmt))


def _production(uow: UnitOfWork) -> dict[str, tuple[int, int]]:
    """Units ordered and delivered per system, in one query: the deliveries summed per order
    first (from their index), then the orders per system (not 50 000 deliveries joined to
    their orders one by one)."""
    system, line, order = m.SystemRow.key, m.ProductionLineRow, m.OrderRow
    d = m.DeliveryRow
    per_order = select(d.order_id, func.sum(d.quantity).label("units")).group_by(d.order_id)
    handed = uow.deliveries.scoped(per_order).subquery()
    stmt = _ordered(
        uow,
        select(system, func.sum(order.quantity), func.sum(func.coalesce(handed.c.units, 0)))
        .select_from(order)
        .join(line, line.id == order.production_line_id)
        .join(m.SystemRow, m.SystemRow.id == line.system_id)
        .outerjoin(handed, handed.c.order_id == order.id)
        .group_by(system),
    )
    return {key: (int(n or 0), int(came or 0)) for key, n, came in uow.session.execute(stmt)}


def overview(uow: UnitOfWork, currency: str = REPORTING) -> Overview:
    """What the caller's dashboard draws, over the records it may see (the unit of work's
    scope leaves out the others): counts, agreements by year, type and status, units ordered
    and delivered per system, each one aggregate query; and the ledger, its money in the
    reporting ``currency``."""
    caller(uow)
    report = read_totals(uow, currency)
    names = uow.funding_instruments.scoped(
        select(m.FundingInstrumentRow.key, m.FundingInstrumentRow.name)
    )
    return Overview(
        counts={kind.plural: uow.records(kind).count() for kind in COUNTED},
        agreements_by_year=_agreements_by_year(uow),
        agreements_by_status=_agreements_by_status(uow),
        instrument_names={str(k): str(n) for k, n in uow.session.execute(names).tuples()},
        production=_production(uow),
        ledger=report.ledger,
        report=report,
    )
