"""Alerts: what needs someone's attention today, read from the ledger's figures.

Five kinds, each naming one record (its kind's plural and key), why, since when and how
severe. "Today" is always a parameter (a clock), never read here.

- ``delivery_overdue`` (orders): placed or later, its expected month (``tracking.
  expected_month``: its month plus its line's lead time, the planner's timing) before this
  month, its deliveries short of its quantity; since the month after the expected one. High
  once 3 months late or with nothing delivered.
- ``need_past_due`` (needs): due before this month with less delivered than needed; since the
  month after its due month. High while part of it is not even ordered.
- ``window_closing`` (funding instruments): its window's last month is this month or one of
  the next ``horizon - 1``, with part of its pledge not allocated; since ``horizon - 1``
  months before its last month. High in its last month.
- ``agreement_stalled`` (agreements): at a stage of the pipeline before the end
  (``tracking.stage``, ``is_stalled``: the tracking views' own rule) with its last dated step
  more than ``horizon`` months ago; since that step. An undated history cannot stall.
- ``ledger_breach``: a record that breaks a ledger rule (what ``coprod ledger verify`` or an
  upgrade found, left by a migration or a restore, and no write has fixed since); since: the
  day it was found. Always high.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from coprod.domain import ledger as book
from coprod.domain import months, tracking
from coprod.domain.bounds import Range
from coprod.domain.entities import StatusChange
from coprod.domain.enums import AgreementStatus, AgreementType, OrderStatus

HORIZON = Range(Decimal(1), Decimal(60))  # months ahead (windows) and behind (stalled steps)
PAGING = Range(Decimal(1), Decimal(500))  # alerts asked for at once
POSITION = Range(Decimal(0), Decimal(10**9))  # where in the list a page starts
DEFAULT_HORIZON = tracking.STALLED_MONTHS
# An overdue order is high once it is this many months late (or nothing has arrived).
LATE_MONTHS_HIGH = 3


class AlertKind(StrEnum):
    """What an alert is about."""

    DELIVERY_OVERDUE = "delivery_overdue"
    NEED_PAST_DUE = "need_past_due"
    WINDOW_CLOSING = "window_closing"
    AGREEMENT_STALLED = "agreement_stalled"
    LEDGER_BREACH = "ledger_breach"


class Severity(StrEnum):
    """How soon someone should look: high first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


RANK = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}

# The English words of each kind's reason, filled from the alert's details (the pages write
# the same details in the reader's language).
WHY = {
    AlertKind.DELIVERY_OVERDUE: (
        "expected delivered by {expected}, {late} month(s) ago; {delivered} of {ordered} units "
        "delivered"
    ),
    AlertKind.NEED_PAST_DUE: (
        "due {due}; {delivered} of {needed} units delivered, {ordered} ordered"
    ),
    AlertKind.WINDOW_CLOSING: (
        "its window closes at the end of {last_month}; {unallocated} {currency} of its pledge "
        "is not allocated"
    ),
    AlertKind.AGREEMENT_STALLED: (
        "at the {stage} stage ({status}) since {since}, {months} months without a next step"
    ),
    AlertKind.LEDGER_BREACH: "field {field}: {detail} (rule: {rule})",
}


@dataclass(frozen=True, slots=True)
class OrderProgress:
    """An order as the alerts weigh it: its month, status and units, its line's lead time,
    and the units delivered on it (the ledger's delivered per order)."""

    key: str
    month: str
    status: OrderStatus
    quantity: int
    lead_time_months: int
    delivered: int


@dataclass(frozen=True, slots=True)
class NeedProgress:
    """A need as the alerts weigh it: due month, units needed, and the ledger's ordered and
    delivered units for it."""

    key: str
    due: str
    needed: int
    ordered: int
    delivered: int

    @property
    def open(self) -> int:
        """Units needed and not yet ordered."""
        return max(self.needed - self.ordered, 0)

    @classmethod
    def of(cls, figures: book.NeedFigures) -> NeedProgress:
        """A need's progress from the ledger's figures for it."""
        return cls(figures.key, figures.due, figures.needed, figures.ordered, figures.delivered)


@dataclass(frozen=True, slots=True)
class InstrumentMoney:
    """An instrument's window end and its money in its own currency: pledged, and allocated
    (the ledger's: the cost of its orders placed or later, not cancelled)."""

    key: str
    currency: str
    pledged: Decimal
    allocated: Decimal
    last_month: str | None


@dataclass(frozen=True, slots=True)
class AgreementSteps:
    """An agreement's type, status and dated steps: what places it in the pipeline."""

    key: str
    type: AgreementType
    status: AgreementStatus
    history: list[StatusChange]


@dataclass(frozen=True)
class Alert:
    """One alert: the record it names (kind plural and key), why, since when, how severe."""

    kind: AlertKind
    record: str  # the record kind's plural: "orders", "needs", ...
    key: str
    severity: Severity
    since: str | None  # a month YYYY-MM or a date YYYY-MM-DD; None: not known
    details: Mapping[str, str | int] = field(default_factory=dict)
    watched: bool = False

    @property
    def why(self) -> str:
        """The reason, in English."""
        return WHY[self.kind].format(**self.details)


def overdue_bounds(today: date) -> tuple[int, int]:
    """The month numbers (``months.number``) an order's expected month must come before to
    be overdue on ``today``, and to be high whatever it delivered (``LATE_MONTHS_HIGH``
    late): ``overdue_orders``' boundaries, which a query uses as they are."""
    now = months.number(months.of(today))
    return now, now - LATE_MONTHS_HIGH + 1


def overdue_orders(orders: Iterable[OrderProgress], today: date) -> list[Alert]:
    """Orders placed or later whose expected month has passed with their deliveries short
    of their quantity."""
    late_before, high_before = overdue_bounds(today)
    found = []
    for order in orders:
        if order.status not in book.ORDERED or order.delivered >= order.quantity:
            continue
        expected = tracking.expected_month(order.month, order.lead_time_months)
        number = months.number(expected)
        if number >= late_before:
            continue
        late = late_before - number
        high = number < high_before or order.delivered == 0
        details: dict[str, str | int] = {
            "expected": expected,
            "late": late,
            "delivered": order.delivered,
            "ordered": order.quantity,
        }
        found.append(
            Alert(
                AlertKind.DELIVERY_OVERDUE,
                "orders",
                order.key,
                Severity.HIGH if high else Severity.MEDIUM,
                months.shift(expected, 1),
                details,
            )
        )
    return found


def past_due_needs(needs: Iterable[NeedProgress], today: date) -> list[Alert]:
    """Needs due before this month with less delivered than needed: high while part of the
    need is not even ordered."""
    now = past_due_before(today)
    return [
        Alert(
            AlertKind.NEED_PAST_DUE,
            "needs",
            need.key,
            Severity.HIGH if need.open > 0 else Severity.MEDIUM,
            months.shift(need.due, 1),
            {
                "due": need.due,
                "needed": need.needed,
                "ordered": need.ordered,
                "delivered": need.delivered,
            },
        )
        for need in needs
        if need.due < now and need.delivered < need.needed
    ]


def past_due_before(today: date) -> str:
    """The month (``YYYY-MM``) a need must be due before to be past due on ``today``."""
    return months.of(today)


def closing_windows(
    instruments: Iterable[InstrumentMoney], today: date, horizon: int
) -> list[Alert]:
    """Instruments whose window ends this month or within the next ``horizon - 1`` months
    with money pledged and not allocated: high in its last month."""
    now = months.of(today)
    found = []
    for money in instruments:
        last = money.last_month
        if last is None:
            continue
        unallocated = money.pledged - money.allocated
        remaining = months.between(now, last)
        if unallocated <= 0 or not 0 <= remaining < horizon:
            continue
        found.append(
            Alert(
                AlertKind.WINDOW_CLOSING,
                "funding_instruments",
                money.key,
                Severity.HIGH if remaining == 0 else Severity.MEDIUM,
                months.shift(last, 1 - horizon),
                {
                    "last_month": last,
                    "unallocated": str(unallocated.quantize(Decimal("0.01"))),
                    "currency": money.currency,
                    "months_left": remaining,
                },
            )
        )
    return found


def stalled_agreements(
    agreements: Iterable[AgreementSteps], today: date, horizon: int
) -> list[Alert]:
    """Agreements at a stage before the end of the pipeline whose last dated step is more
    than ``horizon`` months before today (the tracking views' rule; undated: no alert)."""
    found = []
    for agreement in agreements:
        at = tracking.stage(agreement.type, agreement.status)
        since = tracking.stage_times(agreement.history).since
        if since is None or not tracking.is_stalled(at, since, today, horizon):
            continue
        details: dict[str, str | int] = {
            "stage": at.value,
            "status": agreement.status.value,
            "since": since.isoformat(),
            "months": int(tracking.months_between(since, today)),
        }
        found.append(
            Alert(
                AlertKind.AGREEMENT_STALLED,
                "agreements",
                agreement.key,
                Severity.LOW,
                since.isoformat(),
                details,
            )
        )
    return found


def breaches(found: Iterable[tuple[str, str, book.Breach, str | None]]) -> list[Alert]:
    """Ledger rule breaches (record kind plural, key, breach, the day it was found) as
    alerts: always high."""
    return [
        Alert(
            AlertKind.LEDGER_BREACH,
            plural,
            key,
            Severity.HIGH,
            since,
            {"field": breach.field, "detail": breach.detail, "rule": breach.rule},
        )
        for plural, key, breach, since in found
    ]


def ordered(alerts: Iterable[Alert], watched: set[tuple[str, str]]) -> list[Alert]:
    """The alerts, those on watched records (plural, key) marked and first, then by
    severity, oldest first, kind and key."""
    marked = [_marked(a, (a.record, a.key) in watched) for a in alerts]
    return sorted(marked, key=order)


def _marked(alert: Alert, watched: bool) -> Alert:
    return alert if alert.watched is watched else replace(alert, watched=watched)


def order(alert: Alert) -> tuple[bool, int, str, str, str]:
    """Where an alert sorts: watched first, then by severity, oldest first, kind and key."""
    return (
        not alert.watched,
        RANK[alert.severity],
        alert.since or "~",
        alert.kind.value,
        alert.key,
    )
