"""The registry's rules, checked before anything is stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import pairwise

from coprod.domain import rulebook as rb
from coprod.domain.bounds import check_fields, check_key, check_month
from coprod.domain.entities import (
    Agreement,
    Delivery,
    Evidence,
    FundingInstrument,
    Investment,
    Need,
    Order,
    Ownership,
    Plant,
    ProductionLine,
)
from coprod.domain.enums import InvestmentStatus, PlantStatus
from coprod.domain.ledger import Breach, label, ordered_by_need, over_ordered
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
                f"evidence.{i}: the span must have 0 <= start <= end, not {span.start}..{span.end}",
                code="evidence.span",
                field=f"evidence.{i}.end" if span.start >= 0 else f"evidence.{i}.start",
                params={"start": str(span.start), "end": str(span.end)},
            )


def check_agreement(agreement: Agreement) -> None:
    """An agreement's lifecycle history, quantity and value."""
    check_record(agreement)
    check_history(agreement.history, agreement.status)
    if not agreement.parties:
        raise InvalidInput(
            "parties must name at least one state or organisation",
            code="agreement.no_parties",
            field="parties",
        )


def check_funding_instrument(instrument: FundingInstrument) -> None:
    """disbursed ≤ allocated ≤ pledged, in one currency; months well formed and in order."""
    check_record(instrument)
    currencies = {
        m.currency for m in (instrument.pledged, instrument.allocated, instrument.disbursed)
    }
    if len(currencies) > 1:
        raise InvalidInput(
            f"pledged, allocated and disbursed must share one currency, not {sorted(currencies)}",
            code="instrument.one_currency",
            field="pledged.currency",
            params={"value": ", ".join(sorted(currencies))},
        )
    if instrument.allocated.amount > instrument.pledged.amount:
        raise RuleViolation(
            f"allocated ({instrument.allocated}) exceeds pledged ({instrument.pledged})",
            code=rb.ALLOCATED_WITHIN_PLEDGED.code,
            field="allocated",
            params={"rule": rb.ALLOCATED_WITHIN_PLEDGED},
        )
    if instrument.disbursed.amount > instrument.allocated.amount:
        raise RuleViolation(
            f"disbursed ({instrument.disbursed}) exceeds allocated ({instrument.allocated})",
            code=rb.DISBURSED_WITHIN_ALLOCATED.code,
            field="disbursed",
            params={"rule": rb.DISBURSED_WITHIN_ALLOCATED},
        )
    check_window(instrument.first_month, instrument.last_month)


def check_window(first: str | None, last: str | None) -> None:
    """The months of a time window in order (``check_record`` has checked that each is one)."""
    if first is not None and last is not None and first > last:
        raise InvalidInput(
            f"first_month {first} is after last_month {last}",
            code="window.order",
            field="last_month",
            params={"first": first, "last": last},
        )


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
            f"order {order.key}: delivered {delivered} exceeds ordered {order.quantity}",
            code=rb.DELIVERED_WITHIN_ORDERED.code,
            field="quantity",
            params={"rule": rb.DELIVERED_WITHIN_ORDERED},
        )


def check_ordered(need: Need, orders: Iterable[Order]) -> None:
    """What is ordered for ``need`` (placed or later, not cancelled: ``domain/ledger``) does
    not exceed it; the refusal names no quantity (other organisations' orders count)."""
    breach = over_ordered(need, ordered_by_need(orders).get(need.key, 0), f"need {need.key}", "")
    if breach is not None:
        raise RuleViolation(
            f"need {need.key}: {breach.detail} (rule: {breach.rule})",
            code=breach.code,
            field="quantity",
            params={"rule": breach.rule},
        )


def check_delivery(delivery: Delivery) -> None:
    """A delivery's quantity."""
    check_record(delivery)


# ------------------------------------------------------------ plants, owners and investments

PLANT_ORDER = list(PlantStatus)  # announced → under construction → operating → closed
INVESTMENT_ORDER = list(InvestmentStatus)
STAKES_RULE = rb.STAKES_WITHIN_WHOLE
SITE_RULE = rb.LINES_IN_PLANT_COUNTRY
FORWARD_RULE = rb.PLANT_FORWARD


def _refuse(breach: Breach | None) -> None:
    """RuleViolation naming the field and the rule (the caller names the record)."""
    if breach is not None:
        raise RuleViolation(
            f"field {breach.field}: {breach.detail} (rule: {breach.rule})",
            code=breach.code,
            field=breach.field,
            params={"rule": breach.rule},
        )


def plant_history_breach(plant: Plant) -> Breach | None:
    """A plant's history goes forward (no status repeated or gone back to, dates never
    earlier) and ends at its status; None when it does. A step out of order is named by its
    row and field (``history.2.status``, ``history.2.on``), as an agreement's is, so the form
    says it on that row and the API's detail names it."""
    where = label("plants", plant.key)
    for row, (before, after) in enumerate(pairwise(plant.history), start=1):
        if PLANT_ORDER.index(after.status) <= PLANT_ORDER.index(before.status):
            detail = f"{after.status.value} cannot follow {before.status.value}"
            return Breach(where, f"history.{row}.status", FORWARD_RULE, detail)
        if before.on is not None and after.on is not None and after.on < before.on:
            detail = (
                f"{after.status.value} on {after.on} is before {before.status.value} on {before.on}"
            )
            return Breach(where, f"history.{row}.on", FORWARD_RULE, detail)
    if plant.history and plant.history[-1].status is not plant.status:
        detail = (
            f"status is {plant.status.value} but the history ends with "
            f"{plant.history[-1].status.value}"
        )
        return Breach(where, "status", FORWARD_RULE, detail)
    return None


def plant_step_back(plant: Plant, stored: PlantStatus | None) -> Breach | None:
    """A stored plant's status only moves forward (announced → … → closed)."""
    if stored is None or PLANT_ORDER.index(plant.status) >= PLANT_ORDER.index(stored):
        return None
    detail = f"the plant is {stored.value}: it cannot go back to {plant.status.value}"
    return Breach(label("plants", plant.key), "status", FORWARD_RULE, detail)


def investment_step_back(investment: Investment, stored: InvestmentStatus | None) -> Breach | None:
    """A stored investment's status only moves forward (announced → committed → completed)."""
    if stored is None or INVESTMENT_ORDER.index(investment.status) >= INVESTMENT_ORDER.index(
        stored
    ):
        return None
    detail = f"the investment is {stored.value}: it cannot go back to {investment.status.value}"
    rule = rb.INVESTMENT_FORWARD
    return Breach(label("investments", investment.key), "status", rule, detail)


def check_plant(plant: Plant) -> None:
    """A plant's fields and its history (forward, ending at its status)."""
    check_record(plant)
    _refuse(plant_history_breach(plant))


def check_ownership(ownership: Ownership) -> None:
    """An ownership's stake (0 < stake ≤ 100), its period in order, no company owning itself."""
    check_record(ownership)
    where = label("ownerships", ownership.key)
    if ownership.owner == ownership.owned:
        _refuse(Breach(where, "owner", rb.NOT_OWN_ITSELF, "owner is owned"))
    start, end = ownership.start, ownership.end
    if start is not None and end is not None and end < start:
        detail = f"end {end} is before start {start}"
        _refuse(Breach(where, "end", rb.OWNERSHIP_DATES, detail))


def check_investment(investment: Investment) -> None:
    """An investment names one target (a plant or a company); a stake only in a company."""
    check_record(investment)
    where = label("investments", investment.key)
    rule = rb.INVESTMENT_TARGET
    if (investment.plant is None) == (investment.company is None):
        detail = "name either plant or company, not both or neither"
        _refuse(Breach(where, "plant", rule, detail))
    if investment.stake is not None and investment.company is None:
        detail = "a stake is acquired in a company: name the company"
        _refuse(Breach(where, "stake", rb.STAKE_IN_COMPANY, detail))


def _holds_on(ownership: Ownership, day: date | None) -> bool:
    """Whether ``ownership`` holds on ``day`` (None: before every dated start)."""
    if day is None:
        return ownership.start is None
    started = ownership.start is None or ownership.start <= day
    return started and (ownership.end is None or day <= ownership.end)


def stakes_breach(owned: str, ownerships: Iterable[Ownership], where: str) -> Breach | None:
    """The first date on which the stakes held in ``owned`` sum to over 100 %; None if none.

    The sum can only rise where a holding starts, so its starts are the dates to weigh."""
    held = [o for o in ownerships if o.owned == owned]
    starts = sorted({o.start for o in held}, key=lambda day: (day is not None, day))
    for day in starts:
        total = sum((o.stake for o in held if _holds_on(o, day)), Decimal(0))
        if total > 100:
            when = f"on {day}" if day is not None else "from the start"
            detail = f"the stakes in {owned!r} sum to {total} % {when}"
            return Breach(where, "stake", STAKES_RULE, detail)
    return None


def site_breach(line: ProductionLine, plant: Plant, where: str, field: str) -> Breach | None:
    """A line at ``plant`` is in the plant's country; None when it is."""
    if line.site_country == plant.country:
        return None
    detail = (
        f"production line {line.key!r} is sited in {line.site_country} but plant "
        f"{plant.key!r} is in {plant.country}"
    )
    return Breach(where, field, SITE_RULE, detail)
