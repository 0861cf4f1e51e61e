"""The alert rules of ``domain/alerts.py`` on hand-made records, each on both sides of its
boundary, with "today" given (never the machine's clock)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from coprod.domain import alerts as rules
from coprod.domain import entities as d
from coprod.domain import ledger as book
from coprod.domain import months, tracking
from coprod.domain.alerts import AlertKind, Severity
from coprod.domain.enums import AgreementStatus, AgreementType, OrderStatus

EUR = "EUR"


def _overdue(
    today: date,
    delivered: int = 0,
    status: OrderStatus = OrderStatus.PLACED,
    quantity: int = 50,
) -> list[rules.Alert]:
    # Made in 2026-01 on a line with 2 months' lead time: expected in 2026-03.
    order = rules.OrderProgress("o-1", "2026-01", status, quantity, 2, delivered)
    return rules.overdue_orders([order], today)


def test_month_arithmetic() -> None:
    assert months.text(months.number("2026-12") + 1) == "2027-01"
    assert months.shift("2026-01", -1) == "2025-12"
    assert months.between("2026-11", "2027-02") == 3
    assert months.add(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert months.add(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert months.of(date(2026, 12, 6)) == "2026-12"


def test_an_order_is_expected_in_its_month_plus_the_lead_time() -> None:
    # The tracking views' timing (the planner's): made in month t, delivered in t + lead time.
    assert _overdue(date(2026, 3, 31), delivered=10, quantity=250) == []
    [alert] = _overdue(date(2026, 4, 1), delivered=10, quantity=250)
    assert alert.details["expected"] == "2026-03"


def test_an_order_is_overdue_from_the_month_after_its_expected_delivery() -> None:
    assert _overdue(date(2026, 3, 31), delivered=10) == []
    [alert] = _overdue(date(2026, 4, 1), delivered=10)
    assert (alert.kind, alert.record, alert.key) == (AlertKind.DELIVERY_OVERDUE, "orders", "o-1")
    assert alert.since == "2026-04"
    assert alert.severity is Severity.MEDIUM
    assert alert.details == {"expected": "2026-03", "late": 1, "delivered": 10, "ordered": 50}
    assert "expected delivered by 2026-03" in alert.why


def test_an_overdue_order_is_high_when_nothing_arrived_or_three_months_late() -> None:
    assert _overdue(date(2026, 4, 1))[0].severity is Severity.HIGH
    assert _overdue(date(2026, 5, 31), delivered=10)[0].severity is Severity.MEDIUM
    assert _overdue(date(2026, 6, 1), delivered=10)[0].severity is Severity.HIGH


@pytest.mark.parametrize(
    ("status", "delivered"),
    [
        (OrderStatus.PROPOSED, 0),
        (OrderStatus.CANCELLED, 0),
        (OrderStatus.DELIVERED, 50),
        (OrderStatus.IN_PRODUCTION, 50),
    ],
)
def test_no_overdue_alert_for_proposals_cancellations_or_full_deliveries(
    status: OrderStatus, delivered: int
) -> None:
    assert _overdue(date(2027, 1, 1), delivered=delivered, status=status) == []


def test_delivered_status_with_deliveries_short_still_alerts() -> None:
    [alert] = _overdue(date(2027, 1, 1), delivered=49, status=OrderStatus.DELIVERED)
    assert alert.details["delivered"] == 49


def _need(delivered: int, ordered: int = 500) -> rules.NeedProgress:
    return rules.NeedProgress("n-1", "2026-03", 500, ordered, delivered)


def test_a_need_is_past_due_from_the_month_after_its_due_month() -> None:
    assert rules.past_due_needs([_need(100)], date(2026, 3, 31)) == []
    [alert] = rules.past_due_needs([_need(100)], date(2026, 4, 1))
    assert (alert.kind, alert.record, alert.key, alert.since) == (
        AlertKind.NEED_PAST_DUE,
        "needs",
        "n-1",
        "2026-04",
    )
    assert alert.severity is Severity.MEDIUM  # all of it ordered
    assert rules.past_due_needs([_need(100, ordered=400)], date(2026, 4, 1))[0].severity is (
        Severity.HIGH
    )


def test_a_need_fully_delivered_is_not_past_due() -> None:
    assert rules.past_due_needs([_need(500)], date(2027, 1, 1)) == []
    assert rules.past_due_needs([_need(499)], date(2027, 1, 1)) != []


def _windows(today: date, allocated: int = 400, last: str | None = "2027-02") -> list[rules.Alert]:
    money = rules.InstrumentMoney("fund", EUR, Decimal(1000), Decimal(allocated), last)
    return rules.closing_windows([money], today, 3)


def test_a_window_closing_within_the_horizon_with_money_left_alerts() -> None:
    assert _windows(date(2026, 11, 30)) == []  # ends in 3 months: beyond a 3-month horizon
    [alert] = _windows(date(2026, 12, 1))
    assert (alert.record, alert.key, alert.since) == ("funding_instruments", "fund", "2026-12")
    assert alert.severity is Severity.MEDIUM
    assert alert.details["unallocated"] == "600.00"
    assert alert.details["months_left"] == 2
    assert _windows(date(2027, 2, 28))[0].severity is Severity.HIGH  # its last month
    assert _windows(date(2027, 3, 1)) == []  # closed


def test_no_window_alert_when_all_is_allocated_or_there_is_no_window() -> None:
    assert _windows(date(2027, 1, 1), allocated=1000) == []
    assert _windows(date(2027, 1, 1), allocated=999) != []
    assert _windows(date(2027, 1, 1), last=None) == []


def _agreement(status: AgreementStatus, on: date | None) -> rules.AgreementSteps:
    return rules.AgreementSteps(
        "a-1",
        AgreementType.MEMORANDUM_OF_UNDERSTANDING,
        status,
        [
            d.StatusChange(AgreementStatus.PLANNED, date(2025, 1, 1)),
            d.StatusChange(status, on),
        ],
    )


def test_an_agreement_stalls_after_more_than_the_horizon_at_its_stage() -> None:
    # The tracking views' rule: more than 3 months of 30.44 days (91.3 days) since the step.
    signed = _agreement(AgreementStatus.SIGNED, date(2026, 6, 6))
    assert rules.stalled_agreements([signed], date(2026, 9, 5), 3) == []  # 91 days
    [alert] = rules.stalled_agreements([signed], date(2026, 9, 6), 3)  # 92 days
    assert (alert.kind, alert.record, alert.key) == (
        AlertKind.AGREEMENT_STALLED,
        "agreements",
        "a-1",
    )
    assert alert.since == "2026-06-06"
    assert alert.details == {
        "stage": "memorandum",
        "status": "signed",
        "since": "2026-06-06",
        "months": 3,
    }


def test_an_agreement_in_force_stalls_too_but_not_a_final_one() -> None:
    in_force = _agreement(AgreementStatus.IN_FORCE, date(2020, 1, 1))
    assert rules.stalled_agreements([in_force], date(2026, 12, 6), 3) != []


@pytest.mark.parametrize("status", [AgreementStatus.COMPLETED, AgreementStatus.CANCELLED])
def test_final_agreements_never_stall(status: AgreementStatus) -> None:
    assert (
        rules.stalled_agreements([_agreement(status, date(2020, 1, 1))], date(2026, 12, 6), 3) == []
    )


def test_an_agreement_with_no_dated_step_cannot_stall() -> None:
    undated = _agreement(AgreementStatus.SIGNED, None)
    undated.history[0] = d.StatusChange(AgreementStatus.PLANNED, None)
    assert rules.stalled_agreements([undated], date(2030, 1, 1), 3) == []
    # The last dated step counts when the latest is undated (the tracking views' rule).
    assert rules.stalled_agreements([_agreement(AgreementStatus.SIGNED, None)], date(2030, 1, 1), 3)


def test_breaches_are_high_and_name_their_record() -> None:
    breach = book.Breach("orders 'o-1'", "quantity", "delivered never exceeds ordered", "too many")
    [alert] = rules.breaches([("orders", "o-1", breach, "2026-12-01")])
    assert (alert.severity, alert.record, alert.key, alert.since) == (
        Severity.HIGH,
        "orders",
        "o-1",
        "2026-12-01",  # the day a verify found it
    )
    assert alert.why == "field quantity: too many (rule: delivered never exceeds ordered)"


def test_watched_records_come_first_then_severity_then_oldest() -> None:
    def alert(key: str, severity: Severity, since: str) -> rules.Alert:
        return rules.Alert(AlertKind.NEED_PAST_DUE, "needs", key, severity, since)

    found = [
        alert("a", Severity.HIGH, "2026-05"),
        alert("b", Severity.LOW, "2026-01"),
        alert("c", Severity.HIGH, "2026-02"),
        alert("d", Severity.MEDIUM, "2026-01"),
    ]
    sorted_ = rules.ordered(found, {("needs", "b")})
    assert [a.key for a in sorted_] == ["b", "c", "a", "d"]
    assert [a.watched for a in sorted_] == [True, False, False, False]


@pytest.mark.parametrize("horizon", [1, 3, 6, 12, 60])
@pytest.mark.parametrize("today", [date(2026, 12, 6), date(2024, 2, 29), date(2027, 3, 1)])
def test_the_stalled_boundary_as_a_day_is_the_rules(today: date, horizon: int) -> None:
    # The query keeps agreements whose last step is on or before stalled_by (the database
    # judges 10 000 agreements at once); the rule must agree on both sides of that day.
    by = tracking.stalled_by(today, horizon)
    at = tracking.Stage.MEMORANDUM
    assert tracking.is_stalled(at, by, today, horizon)
    assert not tracking.is_stalled(at, by + timedelta(days=1), today, horizon)


def test_final_statuses_are_those_whose_stage_ends_the_pipeline() -> None:
    assert {AgreementStatus.COMPLETED, AgreementStatus.CANCELLED} == tracking.FINAL_STATUSES
