"""``coprod summary``: what the registry holds, in figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from coprod.db.uow import UnitOfWork
from coprod.services.records import ENTITY_TYPES


def counts(uow: UnitOfWork) -> dict[str, int]:
    """How many records of each entity the store holds."""
    return {t.plural: getattr(uow, t.repository).count() for t in ENTITY_TYPES}


def agreements_by(uow: UnitOfWork) -> dict[str, dict[str, int]]:
    """Agreements counted by status and by type."""
    agreements = uow.agreements.list_()
    return {
        "status": dict(sorted(Counter(a.status.value for a in agreements).items())),
        "type": dict(sorted(Counter(a.type.value for a in agreements).items())),
    }


def money_by_currency(uow: UnitOfWork) -> dict[str, dict[str, str]]:
    """Pledged, allocated and disbursed over all instruments, per currency."""
    totals: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"pledged": Decimal(0), "allocated": Decimal(0), "disbursed": Decimal(0)}
    )
    for fi in uow.instruments.list_():
        for name in ("pledged", "allocated", "disbursed"):
            money = getattr(fi, name)
            totals[money.currency][name] += money.amount
    return {cur: {k: str(v) for k, v in t.items()} for cur, t in sorted(totals.items())}


def instruments(uow: UnitOfWork) -> list[dict[str, str]]:
    """Each instrument's pledged, allocated and disbursed money."""
    return [
        {
            "key": fi.key,
            "funder": fi.funder,
            "currency": fi.pledged.currency,
            "pledged": str(fi.pledged.amount),
            "allocated": str(fi.allocated.amount),
            "disbursed": str(fi.disbursed.amount),
        }
        for fi in uow.instruments.list_()
    ]


def needs(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Each need's quantity beside what is ordered for it and delivered against those orders."""
    orders = uow.orders.list_()
    delivered: Counter[str] = Counter()
    for delivery in uow.deliveries.list_():
        delivered[delivery.order] += delivery.quantity
    result = []
    for need in uow.needs.list_():
        mine = [o for o in orders if o.need == need.key and o.status != "cancelled"]
        result.append(
            {
                "key": need.key,
                "system": need.system,
                "due": need.due,
                "needed": need.quantity,
                "ordered": sum(o.quantity for o in mine),
                "delivered": sum(delivered[o.key] for o in mine),
            }
        )
    return result


def summary(uow: UnitOfWork) -> dict[str, Any]:
    """Everything ``coprod summary`` shows, as data."""
    return {
        "counts": counts(uow),
        "agreements": agreements_by(uow),
        "money": money_by_currency(uow),
        "instruments": instruments(uow),
        "needs": needs(uow),
    }
