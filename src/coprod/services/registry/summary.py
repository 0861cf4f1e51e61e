"""``coprod summary``: what the registry holds, in figures (money and quantities are the
ledger's: ``domain/ledger``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain import ledger as book
from coprod.services.accounts.access import caller
from coprod.services.ledger import read_ledger


def counts(uow: UnitOfWork) -> dict[str, int]:
    """How many records of each entity the store holds."""
    return {t.plural: uow.records(t).count() for t in kinds.KINDS}


def agreements_by(uow: UnitOfWork) -> dict[str, dict[str, int]]:
    """Agreements counted by status and by type."""
    agreements = uow.agreements.list_()
    return {
        "status": dict(sorted(Counter(a.status.value for a in agreements).items())),
        "type": dict(sorted(Counter(a.type.value for a in agreements).items())),
    }


def money_by_currency(figures: book.Ledger) -> dict[str, dict[str, str]]:
    """Pledged, allocated and disbursed over all instruments, per currency (the ledger's)."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"pledged": Decimal(0), "allocated": Decimal(0), "disbursed": Decimal(0)}
    )
    for fi in figures.instruments:
        for name in ("pledged", "allocated", "disbursed"):
            totals[fi.currency][name] += getattr(fi, name)
    return {cur: {k: str(v) for k, v in t.items()} for cur, t in sorted(totals.items())}


def instruments(figures: book.Ledger) -> list[dict[str, str]]:
    """Each instrument's pledged, allocated (the cost of its orders) and disbursed money."""
    return [
        {
            "key": fi.key,
            "funder": fi.funder,
            "currency": fi.currency,
            "pledged": str(fi.pledged),
            "allocated": str(fi.allocated),
            "disbursed": str(fi.disbursed),
        }
        for fi in figures.instruments
    ]


def needs(figures: book.Ledger) -> list[dict[str, Any]]:
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


def summary(uow: UnitOfWork) -> dict[str, Any]:
    """Everything ``coprod summary`` shows, as data."""
    figures = read_ledger(uow)
    return {
        "counts": counts(uow),
        "agreements": agreements_by(uow),
        "money": money_by_currency(figures),
        "instruments": instruments(figures),
        "needs": needs(figures),
    }


@dataclass(frozen=True)
class Overview:
    """The records a dashboard draws, as far as the caller may see, and their ledger."""

    agreements: list[d.Agreement]
    instruments: list[d.FundingInstrument]
    needs: list[d.Need]
    lines: list[d.ProductionLine]
    orders: list[d.Order]
    deliveries: list[d.Delivery]
    ledger: book.Ledger


def overview(uow: UnitOfWork) -> Overview:
    """What the caller's dashboard draws: every record it may see of the kinds it charts
    (the unit of work's scope leaves out what it may not see)."""
    caller(uow)
    agreements = uow.agreements.list_()
    instruments = uow.funding_instruments.list_()
    needs, orders = uow.needs.list_(), uow.orders.list_()
    lines = uow.production_lines.list_()
    deliveries = uow.deliveries.list_()
    figures = read_ledger(uow)
    return Overview(agreements, instruments, needs, lines, orders, deliveries, figures)
