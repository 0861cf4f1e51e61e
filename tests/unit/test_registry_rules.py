"""The registry's domain rules: lifecycle, quantities, money, months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from coprod.domain.bounds import is_web_url
from coprod.domain.entities import (
    Agreement,
    Delivery,
    Evidence,
    FundingInstrument,
    Need,
    Order,
    ProductionLine,
    SourceDocument,
    StatusChange,
)
from coprod.domain.enums import AgreementStatus, AgreementType, InstrumentKind, OrderStatus
from coprod.domain.lifecycle import advance, can_advance, check_history
from coprod.domain.money import Money
from coprod.domain.rules import (
    check_agreement,
    check_delivered,
    check_evidence,
    check_funding_instrument,
    check_key,
    check_month,
    check_need,
    check_ordered,
    check_record,
)
from coprod.errors import InvalidInput, RuleViolation

S = AgreementStatus


def agreement(status: S = S.PLANNED, history: list[StatusChange] | None = None) -> Agreement:
    return Agreement(
        key="a",
        title="t",
        type=AgreementType.CONTRACT,
        status=status,
        parties=["UA"],
        history=history or [],
    )


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def instrument(pledged: str, allocated: str, disbursed: str) -> FundingInstrument:
    return FundingInstrument(
        key="f",
        name="f",
        funder="FR",
        kind=InstrumentKind.GRANT,
        pledged=eur(pledged),
        allocated=eur(allocated),
        disbursed=eur(disbursed),
    )


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.PLANNED, S.SIGNED, True),
        (S.SIGNED, S.IN_FORCE, True),
        (S.IN_FORCE, S.COMPLETED, True),
        (S.PLANNED, S.CANCELLED, True),
        (S.SIGNED, S.CANCELLED, True),
        (S.IN_FORCE, S.CANCELLED, True),
        (S.PLANNED, S.IN_FORCE, False),
        (S.SIGNED, S.PLANNED, False),
        (S.COMPLETED, S.CANCELLED, False),
        (S.CANCELLED, S.SIGNED, False),
        (S.COMPLETED, S.IN_FORCE, False),
    ],
)
def test_lifecycle_steps(current: S, target: S, allowed: bool) -> None:
    assert can_advance(current, target) is allowed


def test_advance_records_the_dated_step() -> None:
    a = agreement(S.PLANNED, [StatusChange(S.PLANNED, date(2025, 5, 1))])
    advance(a, S.SIGNED, date(2025, 6, 5))
    assert a.status is S.SIGNED
    assert a.history[-1] == StatusChange(S.SIGNED, date(2025, 6, 5))


def test_advance_refuses_a_skipped_step() -> None:
    with pytest.raises(RuleViolation, match="from planned to completed"):
        advance(agreement(S.PLANNED), S.COMPLETED, date(2025, 1, 1))


def test_advance_refuses_a_date_before_the_last_step() -> None:
    a = agreement(S.SIGNED, [StatusChange(S.SIGNED, date(2025, 6, 5))])
    with pytest.raises(RuleViolation, match="earlier than"):
        advance(a, S.IN_FORCE, date(2025, 6, 1))


def test_history_dates_must_not_go_backwards() -> None:
    history = [StatusChange(S.PLANNED, date(2025, 6, 1)), StatusChange(S.SIGNED, date(2025, 5, 1))]
    with pytest.raises(RuleViolation, match="backwards"):
        check_history(history, S.SIGNED)


def test_history_must_end_at_the_status() -> None:
    with pytest.raises(RuleViolation, match="history ends with planned"):
        check_agreement(agreement(S.SIGNED, [StatusChange(S.PLANNED, None)]))


def test_history_with_a_forbidden_step_is_refused() -> None:
    history = [StatusChange(S.PLANNED, None), StatusChange(S.COMPLETED, None)]
    with pytest.raises(RuleViolation):
        check_history(history, S.COMPLETED)


def test_money_amounts_within_an_instrument() -> None:
    check_funding_instrument(instrument("100", "100", "40.50"))
    with pytest.raises(RuleViolation, match="allocated"):
        check_funding_instrument(instrument("100", "100.01", "0"))
    with pytest.raises(RuleViolation, match="disbursed"):
        check_funding_instrument(instrument("100", "50", "50.01"))


def test_instrument_money_in_one_currency() -> None:
    fi = instrument("100", "10", "0")
    fi.allocated = Money(Decimal(10), "USD")
    with pytest.raises(InvalidInput, match="one currency"):
        check_funding_instrument(fi)


def test_money_refuses_floats() -> None:
    with pytest.raises(InvalidInput, match="exact"):
        Money(0.1, "EUR")  # type: ignore[arg-type]
    assert Money(Decimal("0.1"), "EUR") + Money(Decimal("0.2"), "EUR") == eur("0.3")


def order(quantity: int, need: str | None = "n") -> Order:
    return Order(
        key="o",
        need=need,
        production_line="l",
        instrument=None,
        quantity=quantity,
        unit_price=eur("1"),
        month="2025-01",
    )


def test_delivered_must_not_exceed_ordered() -> None:
    deliveries = [
        Delivery("d1", "o", 60, date(2025, 1, 1)),
        Delivery("d2", "o", 40, date(2025, 2, 1)),
    ]
    check_delivered(order(100), deliveries)
    with pytest.raises(RuleViolation, match="delivered 101 exceeds ordered 100"):
        check_delivered(order(100), [*deliveries, Delivery("d3", "o", 1, date(2025, 3, 1))])


def test_orders_must_not_exceed_the_need() -> None:
    need = Need("n", "drones", 100, Decimal(1), "2026-01")
    check_ordered(need, [order(60), order(40)])
    cancelled = order(500)
    cancelled.status = OrderStatus.CANCELLED
    check_ordered(need, [order(100), cancelled])
    with pytest.raises(RuleViolation, match="more units ordered than it needs"):
        check_ordered(need, [order(60), order(41)])


@pytest.mark.parametrize("month", ["2025-13", "2025-1", "25-01", "2025/01", "2025-00", ""])
def test_bad_months_are_refused(month: str) -> None:
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        check_month(month)


def test_need_due_month_is_checked() -> None:
    assert check_month("2026-12") == "2026-12"
    with pytest.raises(InvalidInput, match="due"):
        check_need(Need("n", "drones", 1, Decimal(1), "December"))


@pytest.mark.parametrize("key", ["", "with space", "x" * 201, "tab\there"])
def test_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(InvalidInput, match="key"):
        check_key(key)


def test_evidence_spans_run_forwards() -> None:
    check_evidence([Evidence("doc", 0, 0), Evidence("doc", 5, 10)])
    with pytest.raises(InvalidInput, match=r"evidence\.1"):
        check_evidence([Evidence("doc", 0, 1), Evidence("doc", 10, 5)])
    with pytest.raises(InvalidInput):
        check_evidence([Evidence("doc", -1, 5)])


@pytest.mark.parametrize(
    "key", ["a/b", "a\x00b", "zero\u200bwidth", "..", ".hidden", "é", "a:b", "a%2Fb", "x" * 201]
)
def test_keys_are_ascii_slugs(key: str) -> None:
    with pytest.raises(InvalidInput, match="key must"):
        check_record(Need(key, "drones", 1, Decimal(1), "2026-01"))


@pytest.mark.parametrize("key", ["fr-ua-loi-drones-2025", "A_1.2", "x" * 200, "0"])
def test_slug_keys_are_taken(key: str) -> None:
    check_key(key)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JAVASCRIPT:x",
        "data:text/html,x",
        "//host/x",
        "http://",
        "https://ex ample.org",
        "ftp://example.org/x",
        "http://x.org/" + "a" * 2000,
    ],
)
def test_only_http_and_https_links_are_taken(url: str) -> None:
    assert not is_web_url(url)
    with pytest.raises(InvalidInput, match="url"):
        check_record(SourceDocument("d", "d", "a" * 64, url=url))


def test_web_links_are_taken() -> None:
    check_record(SourceDocument("d", "d", "a" * 64, url="https://www.example.org/a?b=c#d"))
    check_record(SourceDocument("d", "d", "a" * 64, url="HTTP://example.org"))


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (Need("n", "drones", 0, Decimal(1), "2026-01"), "quantity"),
        (Need("n", "drones", 10**9 + 1, Decimal(1), "2026-01"), "quantity"),
        (Need("n", "drones", 1, Decimal("1e30"), "2026-01"), "priority"),
        (Need("n", "drones", 1, Decimal("NaN"), "2026-01"), "priority"),
        (Need("n", "drones", 1, Decimal("0.00001"), "2026-01"), "priority"),
        (Need("n", "drones", 1, Decimal(1), "0001-01"), "due"),
        (ProductionLine("l", "o", "s", "FR", "UA", eur("1"), 1, 121), "lead_time_months"),
        (ProductionLine("l", "o", "s", "FR", "UA", eur("1e16"), 1), "unit_cost.amount"),
        (Delivery("d", "o", 1, date(1, 1, 1)), "delivered_on"),
        (Agreement("a", "t" * 20_001, AgreementType.CONTRACT, S.PLANNED, ["UA"]), "title"),
        (Agreement("a", "t", AgreementType.CONTRACT, S.PLANNED, ["UA"] * 1001), "parties"),
        (Agreement("a", "t", AgreementType.CONTRACT, S.PLANNED, ["U\x00A"]), "parties.0"),
        (SourceDocument("d", "d", "not-a-digest"), "sha256"),
    ],
)
def test_values_outside_the_domain_bounds_are_refused(record: object, field: str) -> None:
    with pytest.raises(InvalidInput, match=field):
        check_record(record)


def _numeric_fields() -> list[tuple[type[Any], str]]:
    import dataclasses
    import typing

    from coprod.domain import entities

    found = []
    for cls in vars(entities).values():
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            continue
        if cls.__module__ != entities.__name__:  # Money: its amount is bounded by AMOUNT
            continue
        for name, hint in typing.get_type_hints(cls).items():
            if {int, Decimal} & {hint, *typing.get_args(hint)}:
                found.append((cls, name))
    return found


def test_every_number_of_every_record_has_bounds() -> None:
    # A field added without a range would take any number again (finding 1 of issue 15).
    from coprod.domain.bounds import NUMBERS

    fields = _numeric_fields()
    assert len(fields) >= 10
    assert [field for field in fields if field not in NUMBERS] == []
