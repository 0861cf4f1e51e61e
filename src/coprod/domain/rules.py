"""The registry's rules, checked before anything is stored."""

from __future__ import annotations

from collections.abc import Iterable

from coprod.domain.bounds import check_fields, check_key, check_month
from coprod.domain.entities import (
    Agreement,
    Delivery,
    Evidence,
    FundingInstrument,
    Need,
    Order,
    ProductionLine,
)
from coprod.domain.ledger import ordered_by_need, over_ordered
from coprod.domain.lifecycle import check_history
from coprod.errors import InvalidInput, RuleViolation

__all__ = ["check_key", "check_month", "check_record"]


def check_record(record: object) -> None:
    """The bounds and syntax of every field of ``record`` (``domain/bounds.py``)."""
    check_fields(record)


def check_evidence(evidence: Iterable[Evidence]) -> None:
    """Evidence spans: 0 ≤ start ≤ end."""
    for i, span in enumerate(evidence):
        if span.start < 0 or span.end < span.start:
            raise InvalidInput(
                f"evidence.{i}: the span must have 0 <= start <= end, not {span.start}..{span.end}"
            )


def check_agreement(agreement: Agreement) -> None:
    """An agreement's lifecycle history, quantity and value."""
    check_record(agreement)
    check_history(agreement.history, agreement.status)
    if not agreement.parties:
        raise InvalidInput("parties must name at least one state or organisation")


def check_funding_instrument(instrument: FundingInstrument) -> None:
    """disbursed ≤ allocated ≤ pledged, in one currency; months well formed and in order."""
    check_record(instrument)
    currencies = {
        m.currency for m in (instrument.pledged, instrument.allocated, instrument.disbursed)
    }
    if len(currencies) > 1:
        raise InvalidInput(
            f"pledged, allocated and disbursed must share one currency, not {sorted(currencies)}"
        )
    if instrument.allocated.amount > instrument.pledged.amount:
        raise RuleViolation(
            f"allocated ({instrument.allocated}) exceeds pledged ({instrument.pledged})"
        )
    if instrument.disbursed.amount > instrument.allocated.amount:
        raise RuleViolation(
            f"disbursed ({instrument.disbursed}) exceeds allocated ({instrument.allocated})"
        )
    check_window(instrument.first_month, instrument.last_month)


def check_window(first: str | None, last: str | None) -> None:
    """The months of a time window in order (``check_record`` has checked that each is one)."""
    if first is not None and last is not None and first > last:
        raise InvalidInput(f"first_month {first} is after last_month {last}")


def check_need(need: Need) -> None:
    """A need's quantity (at least one unit), priority and due month."""
    check_record(need)


def check_production_line(line: ProductionLine) -> None:
    """A production line's capacity, lead time and unit cost."""
    check_record(line)


def check_order(order: Order) -> None:
    """An order's quantity, price and month."""
    check_record(order)


def check_delivered(order: Order, deliveries: Iterable[Delivery]) -> None:
    """The quantities delivered against ``order`` do not exceed what was ordered."""
    delivered = sum(d.quantity for d in deliveries)
    if delivered > order.quantity:
        raise RuleViolation(
            f"order {order.key}: delivered {delivered} exceeds ordered {order.quantity}"
        )


def check_ordered(need: Need, orders: Iterable[Order]) -> None:
    """What is ordered for ``need`` (placed or later, not cancelled: ``domain/ledger``) does
    not exceed it; the refusal names no quantity (other organisations' orders count)."""
    breach = over_ordered(need, ordered_by_need(orders).get(need.key, 0), f"need {need.key}", "")
    if breach is not None:
        raise RuleViolation(f"need {need.key}: {breach.detail} (rule: {breach.rule})")


def check_delivery(delivery: Delivery) -> None:
    """A delivery's quantity."""
    check_record(delivery)
