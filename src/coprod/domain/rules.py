"""The registry's rules, checked before anything is stored."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coprod.domain.entities import (
    Agreement,
    Delivery,
    Evidence,
    FundingInstrument,
    Need,
    Order,
    ProductionLine,
)
from coprod.domain.lifecycle import check_history
from coprod.domain.money import Money
from coprod.errors import InvalidInput, RuleViolation

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_month(value: str, *, field: str = "month") -> str:
    """A month string ``YYYY-MM``; InvalidInput otherwise."""
    if not isinstance(value, str) or not MONTH.match(value):
        raise InvalidInput(f"{field} must be a month written YYYY-MM, not {value!r}")
    return value


def check_non_negative(value: int | None, *, field: str) -> None:
    """Refuse a negative count."""
    if value is not None and value < 0:
        raise InvalidInput(f"{field} must not be negative, not {value}")


def check_money(value: Money | None, *, field: str) -> None:
    """Refuse a negative amount."""
    if value is not None and value.amount < 0:
        raise InvalidInput(f"{field} must not be negative, not {value.amount}")


KEY_LENGTH = 200


def check_key(key: str) -> None:
    """A record key: not empty, at most 200 characters, no surrounding or inner whitespace."""
    if not key or len(key) > KEY_LENGTH or any(c.isspace() for c in key):
        raise InvalidInput(f"key must be 1 to {KEY_LENGTH} characters without spaces, not {key!r}")


def check_evidence(evidence: Iterable[Evidence]) -> None:
    """Evidence spans: 0 ≤ start ≤ end."""
    for i, span in enumerate(evidence):
        if span.start < 0 or span.end < span.start:
            raise InvalidInput(
                f"evidence.{i}: the span must have 0 <= start <= end, not {span.start}..{span.end}"
            )


def check_agreement(agreement: Agreement) -> None:
    """An agreement's lifecycle history, quantity and value."""
    check_history(agreement.history, agreement.status)
    check_non_negative(agreement.quantity, field="quantity")
    check_money(agreement.value, field="value")
    if not agreement.parties:
        raise InvalidInput("parties must name at least one state or organisation")


def check_instrument(instrument: FundingInstrument) -> None:
    """disbursed ≤ allocated ≤ pledged, in one currency; months well formed and in order."""
    for name in ("pledged", "allocated", "disbursed"):
        check_money(getattr(instrument, name), field=name)
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
    """Months of a time window: well formed, the first not after the last."""
    if first is not None:
        check_month(first, field="first_month")
    if last is not None:
        check_month(last, field="last_month")
    if first is not None and last is not None and first > last:
        raise InvalidInput(f"first_month {first} is after last_month {last}")


def check_need(need: Need) -> None:
    """A need's quantity, priority and due month."""
    check_month(need.due, field="due")
    check_non_negative(need.quantity, field="quantity")
    if need.priority < 0:
        raise InvalidInput(f"priority must not be negative, not {need.priority}")


def check_line(line: ProductionLine) -> None:
    """A production line's capacity, lead time and unit cost."""
    check_non_negative(line.monthly_capacity, field="monthly_capacity")
    check_non_negative(line.lead_time_months, field="lead_time_months")
    check_money(line.unit_cost, field="unit_cost")


def check_order(order: Order) -> None:
    """An order's quantity, price and month."""
    check_month(order.month, field="month")
    check_non_negative(order.quantity, field="quantity")
    check_money(order.unit_price, field="unit_price")


def check_delivered(order: Order, deliveries: Iterable[Delivery]) -> None:
    """The quantities delivered against ``order`` do not exceed what was ordered."""
    delivered = sum(d.quantity for d in deliveries)
    if delivered > order.quantity:
        raise RuleViolation(
            f"order {order.key}: delivered {delivered} exceeds ordered {order.quantity}"
        )


def check_ordered(need: Need, orders: Iterable[Order]) -> None:
    """The quantities ordered for ``need`` (cancelled orders aside) do not exceed it."""
    ordered = sum(o.quantity for o in orders if o.status != "cancelled")
    if ordered > need.quantity:
        raise RuleViolation(f"need {need.key}: ordered {ordered} exceeds needed {need.quantity}")


def check_delivery(delivery: Delivery) -> None:
    """A delivery's quantity."""
    check_non_negative(delivery.quantity, field="quantity")
