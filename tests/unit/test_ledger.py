"""The ledger's figures and rules (``domain/ledger.py``) on small hand-made records: each figure
exactly what its definition says, each rule on its boundary from both sides, with its refusal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from coprod.domain import ledger as lg
from coprod.domain.entities import (
    Delivery,
    FundingInstrument,
    InnovationProject,
    Need,
    Order,
    Payment,
    ProductionLine,
    ProductionReport,
    StageChange,
    System,
)
from coprod.domain.enums import InstrumentKind, MaturityStage, OrderStatus
from coprod.domain.money import Money
from coprod.domain.rates import ExchangeRate, MissingRate, Rates

S = OrderStatus
T = MaturityStage


def eur(amount: str | int) -> Money:
    return Money(Decimal(amount), "EUR")


def order(key: str, status: S, quantity: int = 10, **more: object) -> Order:
    fields: dict[str, object] = {
        "need": "n-1",
        "production_line": "l-1",
        "instrument": "f-1",
        "unit_price": eur("2.5"),
        "month": "2026-02",
        **more,
    }
    return Order(key=key, status=status, quantity=quantity, **fields)  # type: ignore[arg-type]


def fund(key: str = "f-1", funder: str = "DE", **more: object) -> FundingInstrument:
    fields: dict[str, object] = {
        "pledged": eur(100),
        "allocated": eur(0),
        "disbursed": eur(0),
        **more,
    }
    return FundingInstrument(key, key, funder, InstrumentKind.AID, **fields)  # type: ignore[arg-type]


NEED = Need("n-1", "drone", 50, Decimal(1), "2026-06")
LINE = ProductionLine("l-1", "maker", "drone", "FR", "UA", eur(1), 10)
DRONE = System("drone", "Drone", "drones", manufacturer="Maker")
DRONES = System("drones", "drones", "drones")  # a whole category: no maker, lower case


# --- what "ordered" means ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "ordered"),
    [
        (S.PROPOSED, False),
        (S.PLACED, True),
        (S.IN_PRODUCTION, True),
        (S.DELIVERED, True),
        (S.ACCEPTED, True),
        (S.CANCELLED, False),
    ],
)
def test_ordered_means_placed_or_later_and_not_cancelled(status: S, ordered: bool) -> None:
    assert lg.is_ordered(order("o", status)) is ordered


def test_an_orders_cost_is_its_quantity_at_its_unit_price() -> None:
    assert lg.cost(order("o", S.PLACED, 3, unit_price=eur("2.5"))) == Decimal("7.5")


ORDERS = [
    order("o-proposed", S.PROPOSED, 1),
    order("o-placed", S.PLACED, 2),
    order("o-making", S.IN_PRODUCTION, 4),
    order("o-delivered", S.DELIVERED, 8),
    order("o-accepted", S.ACCEPTED, 16),
    order("o-cancelled", S.CANCELLED, 32),
    order("o-other", S.PLACED, 64, need="n-2", instrument="f-2"),
    order("o-unfunded", S.PLACED, 128, need=None, instrument=None),
]


def test_ordered_units_are_summed_per_need() -> None:
    assert lg.ordered_by_need(ORDERS) == {"n-1": 2 + 4 + 8 + 16, "n-2": 64}


def test_allocated_money_is_the_cost_of_ordered_orders_per_instrument() -> None:
    assert lg.allocated_by_instrument(ORDERS) == {
        "f-1": Decimal("2.5") * (2 + 4 + 8 + 16),
        "f-2": Decimal("2.5") * 64,
    }


# --- the figures -------------------------------------------------------------------------------


def test_a_needs_figures_follow_its_orders_and_their_deliveries() -> None:
    deliveries = [
        Delivery("d-1", "o-delivered", 3, date(2026, 3, 1)),
        Delivery("d-2", "o-delivered", 5, date(2026, 3, 2)),
        Delivery("d-3", "o-accepted", 16, date(2026, 3, 3)),
        Delivery("d-4", "o-cancelled", 7, date(2026, 3, 4)),  # not ordered: not counted
        Delivery("d-5", "o-proposed", 1, date(2026, 3, 5)),  # not ordered: not counted
    ]
    other = Need("n-2", "drone", 10, Decimal(1), "2026-07")
    empty = Need("n-3", "drone", 5, Decimal(1), "2026-08")
    figures = lg.need_figures([NEED, other, empty], ORDERS, deliveries)
    assert figures == [
        lg.NeedFigures("n-1", "drone", "2026-06", 50, 1, 30, 3 + 5 + 16, 16),
        lg.NeedFigures("n-2", "drone", "2026-07", 10, 0, 64, 0, 0),
        lg.NeedFigures("n-3", "drone", "2026-08", 5, 0, 0, 0, 0),
    ]
    assert [f.open for f in figures] == [20, 0, 5]
    # The store may give the units per order instead of the records: the same figures.
    sums = lg.delivered_by_order(deliveries)
    assert sums == {"o-delivered": 8, "o-accepted": 16, "o-cancelled": 7, "o-proposed": 1}
    assert lg.need_figures([NEED, other, empty], ORDERS, sums) == figures


def test_a_needs_open_units_never_go_below_zero() -> None:
    assert lg.NeedFigures("n", "s", "2026-01", 5, 0, 7, 0, 0).open == 0
    assert lg.NeedFigures("n", "s", "2026-01", 5, 0, 5, 0, 0).open == 0
    assert lg.NeedFigures("n", "s", "2026-01", 5, 0, 4, 0, 0).open == 1


def test_an_instruments_figures_derive_allocated_from_its_orders() -> None:
    stored = fund("f-1", pledged=eur(500), allocated=eur(999), disbursed=eur(20))
    idle = fund("f-3", "FR", pledged=eur(7), disbursed=eur(1))
    # disbursed is the payments, not the stored total: 12 EUR, and 10 GBP at 0.8 GBP a euro.
    payments = [
        Payment("p-1", "f-1", "o-placed", date(2026, 3, 2), eur(12)),
        Payment("p-2", "f-1", "o-placed", date(2026, 3, 3), Money(Decimal(10), "GBP")),
    ]
    rates = Rates([ExchangeRate("GBP", date(2026, 3, 2), Decimal("0.8"))])
    assert lg.instrument_figures([stored, idle], ORDERS, payments, rates) == [
        lg.InstrumentFigures("f-1", "DE", "EUR", Decimal(500), Decimal(75), Decimal("24.50")),
        lg.InstrumentFigures("f-3", "FR", "EUR", Decimal(7), Decimal(0), Decimal(0)),
    ]


def test_a_funders_figures_sum_its_instruments_per_currency() -> None:
    rows = [
        lg.InstrumentFigures("f-b", "DE", "EUR", Decimal(10), Decimal(3), Decimal(1)),
        lg.InstrumentFigures("f-a", "FR", "EUR", Decimal(5), Decimal(0), Decimal(0)),
        lg.InstrumentFigures("f-c", "DE", "EUR", Decimal(20), Decimal(4), Decimal(2)),
        lg.InstrumentFigures("f-d", "DE", "USD", Decimal(8), Decimal(8), Decimal(8)),
    ]
    assert lg.funder_figures(rows) == [
        lg.FunderFigures("DE", "EUR", ("f-b", "f-c"), Decimal(30), Decimal(7), Decimal(3)),
        lg.FunderFigures("DE", "USD", ("f-d",), Decimal(8), Decimal(8), Decimal(8)),
        lg.FunderFigures("FR", "EUR", ("f-a",), Decimal(5), Decimal(0), Decimal(0)),
    ]
    assert lg.funder_figures([]) == []


def test_the_ledger_gathers_every_figure_from_one_pass_over_the_orders() -> None:
    instrument = fund("f-1", pledged=eur(500))
    book = lg.ledger([NEED], [instrument], iter(ORDERS), [])
    assert book.needs == [lg.NeedFigures("n-1", "drone", "2026-06", 50, 1, 30, 0, 0)]
    assert book.instruments == [
        lg.InstrumentFigures("f-1", "DE", "EUR", Decimal(500), Decimal(75), Decimal(0))
    ]
    assert book.funders == [
        lg.FunderFigures("DE", "EUR", ("f-1",), Decimal(500), Decimal(75), Decimal(0))
    ]


# --- the rules ---------------------------------------------------------------------------------


def test_a_breach_reads_record_field_detail_and_rule() -> None:
    breach = lg.Breach("orders 'o'", "quantity", "a rule", "what is wrong")
    assert str(breach) == "orders 'o': field quantity: what is wrong (rule: a rule)"
    assert breach.figures == ""
    assert lg.label("orders", "o-1") == "orders 'o-1'"


def test_a_generic_system_has_no_maker_and_a_lower_case_name() -> None:
    assert lg.is_generic(DRONES)
    assert not lg.is_generic(DRONE)
    assert not lg.is_generic(System("drones", "Drones", "drones"))


def test_an_orders_line_must_make_the_needs_system() -> None:
    o = order("o", S.PLACED)
    assert lg.line_breach(o, NEED, DRONE, LINE, DRONE) is None
    shell_line = ProductionLine("l-2", "maker", "shell", "FR", "FR", eur(1), 10)
    shell = System("shell", "Shell", "artillery_ammunition", manufacturer="Maker")
    assert lg.line_breach(o, NEED, DRONE, shell_line, shell) == lg.Breach(
        "orders 'o'",
        "production_line",
        "the order's line makes the need's system",
        "line 'l-2' makes 'shell', but need 'n-1' is for 'drone'",
    )


def test_a_need_for_a_category_takes_any_line_of_that_category() -> None:
    o = order("o", S.PLACED)
    need = Need("n-1", "drones", 50, Decimal(1), "2026-06")
    assert lg.line_breach(o, need, DRONES, LINE, DRONE) is None
    shell_line = ProductionLine("l-2", "maker", "shell", "FR", "FR", eur(1), 10)
    shell = System("shell", "Shell", "artillery_ammunition", manufacturer="Maker")
    breach = lg.line_breach(o, need, DRONES, shell_line, shell)
    assert breach is not None
    assert breach.detail == (
        "line 'l-2' makes 'shell', but need 'n-1' is for a system of category 'drones'"
    )
    # A need for a named system takes no other system of its category.
    other = System("drone-2", "Drone 2", "drones", manufacturer="Other")
    assert lg.line_breach(o, NEED, DRONE, shell_line, other) is not None


def test_an_order_is_paid_in_its_instruments_currency() -> None:
    o = order("o", S.PLACED, unit_price=Money(Decimal(1), "USD"))
    assert lg.funding_breach(o, fund(), LINE, "drones") == lg.Breach(
        "orders 'o'",
        "unit_price",
        "an order is paid in its instrument's currency",
        "funding instrument 'f-1' pays in EUR, not USD",
    )


@pytest.mark.parametrize(
    ("rules", "refused", "value"),
    [
        ({"producer_countries": ["UA", "PL"]}, "producer_countries", "a producer of FR"),
        ({"site_countries": ["PL", "DE"]}, "site_countries", "a site in UA"),
        ({"categories": ["shells", "tanks"]}, "categories", "category 'drones'"),
    ],
)
def test_an_instrument_pays_only_for_the_lines_its_rules_admit(
    rules: dict[str, list[str]], refused: str, value: str
) -> None:
    breach = lg.funding_breach(order("o", S.PLACED), fund(**rules), LINE, "drones")
    allowed = ", ".join(next(iter(rules.values())))
    assert breach == lg.Breach(
        "orders 'o'",
        "instrument",
        f"the instrument's {refused} admit the line",
        f"funding instrument 'f-1' pays only for {refused} {allowed}, not {value} (line 'l-1')",
    )


def test_an_instrument_admitting_the_line_in_its_window_pays() -> None:
    admitting = fund(
        producer_countries=["FR"],
        site_countries=["UA"],
        categories=["drones"],
        first_month="2026-02",
        last_month="2026-02",
    )
    assert lg.funding_breach(order("o", S.PLACED), admitting, LINE, "drones") is None


@pytest.mark.parametrize(
    ("first", "last", "window"),
    [("2026-03", None, "2026-03 to any"), (None, "2026-01", "any to 2026-01")],
)
def test_an_instrument_pays_only_in_its_window(
    first: str | None, last: str | None, window: str
) -> None:
    instrument = fund(first_month=first, last_month=last)
    assert lg.funding_breach(order("o", S.PLACED), instrument, LINE, "drones") == lg.Breach(
        "orders 'o'",
        "month",
        "the order's month lies in the instrument's window",
        f"funding instrument 'f-1' pays for months {window}, not 2026-02",
    )


def test_a_need_is_never_over_ordered() -> None:
    assert lg.over_ordered(NEED, 50, "r", "f") is None
    assert lg.over_ordered(NEED, 51, "r", "quantity") == lg.Breach(
        "r",
        "quantity",
        "a need is never over-ordered",
        "need 'n-1' would have more units ordered than it needs",
        "ordered 51, needed 50",
    )


def test_an_instrument_is_never_allocated_past_its_pledge() -> None:
    instrument = fund(pledged=eur(100))
    assert lg.over_allocated(instrument, Decimal(100), "r", "f") is None
    assert lg.over_allocated(instrument, Decimal("100.01"), "r", "quantity") == lg.Breach(
        "r",
        "quantity",
        "an instrument's allocated never exceeds its pledged",
        "the orders paid by funding instrument 'f-1' would cost more than it pledged",
        "allocated 100.01, pledged 100",
    )


def test_an_instrument_never_disburses_more_than_its_orders_cost() -> None:
    instrument = fund(disbursed=eur(40))
    assert lg.under_disbursed(instrument, Decimal(40), "r", "f") is None
    assert lg.under_disbursed(instrument, Decimal("39.99"), "r", "status") == lg.Breach(
        "r",
        "status",
        "disbursed never exceeds allocated",
        "funding instrument 'f-1' would have disbursed more than its orders cost",
        "disbursed 40, allocated 39.99",
    )


FORWARD = [S.PROPOSED, S.PLACED, S.IN_PRODUCTION, S.DELIVERED, S.ACCEPTED]
MOVES = [(a, z) for a in S for z in S]


def allowed_move(before: S, after: S) -> bool:
    """The lifecycle written out independently of the ledger's tables."""
    if before is after:
        return True
    if after is S.CANCELLED:
        return before in (S.PROPOSED, S.PLACED, S.IN_PRODUCTION)
    if before is S.CANCELLED:
        return False
    return FORWARD.index(after) > FORWARD.index(before)


@pytest.mark.parametrize(("before", "after"), MOVES)
def test_an_order_status_moves_forward_only_or_to_cancelled_before_delivery(
    before: S, after: S
) -> None:
    breach = lg.status_breach(order("o", after), before)
    if allowed_move(before, after):
        assert breach is None
    else:
        assert breach == lg.Breach(
            "orders 'o'",
            "status",
            "order statuses go placed → in_production → delivered → accepted, forward only, "
            "or cancelled before delivery",
            f"cannot go from {before.value} to {after.value}",
        )


def project(*stages: tuple[T, date | None]) -> InnovationProject:
    return InnovationProject("p", "P", ["UA"], stages=[StageChange(s, on) for s, on in stages])


RULE = "maturity stages move forward only, with dates"
JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)


def test_stages_moving_forward_with_dates_in_order_are_kept() -> None:
    assert lg.stages_breach(project(), None) is None
    kept = project((T.TRL1, JAN), (T.TRL2, None), (T.TRL3, JAN), (T.TRL4, FEB))
    assert lg.stages_breach(kept, None) is None
    assert lg.stages_breach(kept, project((T.TRL4, JAN))) is None
    assert lg.stages_breach(kept, project()) is None
    assert lg.stages_breach(project(), project((T.TRL9, JAN))) is None


def test_a_stage_equal_to_or_below_the_one_before_is_refused() -> None:
    same = project((T.TRL2, None), (T.TRL3, None), (T.TRL3, None))
    assert lg.stages_breach(same, None) == lg.Breach(
        "innovation_projects 'p'", "stages.2", RULE, "trl3 after trl3"
    )
    lower = project((T.TRL3, None), (T.TRL2, None))
    assert lg.stages_breach(lower, None) == lg.Breach(
        "innovation_projects 'p'", "stages.1", RULE, "trl2 after trl3"
    )


def test_a_stage_dated_before_the_last_dated_stage_is_refused() -> None:
    # The undated stage between them does not reset the last date.
    backwards = project((T.TRL1, FEB), (T.TRL2, None), (T.TRL3, JAN))
    assert lg.stages_breach(backwards, None) == lg.Breach(
        "innovation_projects 'p'", "stages.2.on", RULE, "2026-01-01 is before 2026-02-01"
    )


def test_a_change_never_lowers_the_recorded_stage() -> None:
    now = project((T.TRL1, None), (T.TRL3, None))
    before = project((T.TRL2, None), (T.TRL4, None))
    assert lg.stages_breach(now, before) == lg.Breach(
        "innovation_projects 'p'", "stages", RULE, "trl3 is below the recorded trl4"
    )
    assert lg.stages_breach(now, project((T.TRL3, None))) is None


def test_every_order_of_a_need_counts_whatever_comes_before_it() -> None:
    orders = [
        order("o-free", S.PLACED, 5, need=None),  # an order for no need is passed over
        order("o-p1", S.PROPOSED, 3),
        order("o-p2", S.PROPOSED, 4),
        order("o-a1", S.ACCEPTED, 6),
        order("o-a2", S.ACCEPTED, 7),
    ]
    deliveries = [
        Delivery("d-1", "o-a1", 6, date(2026, 3, 1)),
        Delivery("d-2", "o-a2", 2, date(2026, 3, 2)),
        Delivery("d-3", "o-free", 5, date(2026, 3, 3)),
    ]
    assert lg.need_figures([NEED], orders, deliveries) == [
        lg.NeedFigures("n-1", "drone", "2026-06", 50, 3 + 4, 6 + 7, 6 + 2, 6 + 2)
    ]


# --- production reports, payments, rates -------------------------------------------------------


def test_produced_counts_the_reports_on_ordered_orders_only() -> None:
    orders = [order("o-1", S.PLACED, 40), order("o-2", S.PROPOSED, 5), order("o-3", S.CANCELLED)]
    reports = [
        ProductionReport("r-1", "l-1", "2026-03", 12, "o-1"),
        ProductionReport("r-2", "l-1", "2026-04", 8, "o-1"),
        ProductionReport("r-3", "l-1", "2026-04", 3, "o-3"),
        ProductionReport("r-4", "l-1", "2026-04", 99, None),
    ]
    (figures,) = lg.need_figures([NEED], orders, [], reports)
    assert (figures.ordered, figures.produced, figures.proposed) == (40, 20, 5)
    assert lg.produced_by_order(reports) == {"o-1": 20, "o-3": 3}


def test_a_report_names_its_orders_line_and_an_ordered_order() -> None:
    placed = order("o-1", S.PLACED)
    assert lg.report_breach(ProductionReport("r", "l-1", "2026-03", 1, "o-1"), placed) is None
    assert lg.report_breach(ProductionReport("r", "l-1", "2026-03", 1), None) is None
    other = lg.report_breach(ProductionReport("r", "l-2", "2026-03", 1, "o-1"), placed)
    assert other is not None and other.field == "order" and "on line 'l-1'" in other.detail
    proposed = lg.report_breach(ProductionReport("r", "l-1", "2026-03", 1), order("o", S.PROPOSED))
    assert proposed is not None and "is proposed" in proposed.detail


def test_produced_delivered_and_paid_on_their_boundaries() -> None:
    placed = order("o-1", S.PLACED, 10)  # costs 25 EUR
    assert lg.over_produced(placed, 10, "r", "quantity") is None
    breach = lg.over_produced(placed, 11, "r", "quantity")
    assert breach is not None and breach.rule == "produced never exceeds ordered"
    assert "11" not in breach.detail and breach.figures == "produced 11, ordered 10"
    assert lg.over_delivered(placed, 6, 6, "d", "quantity") is None
    late = lg.over_delivered(placed, 7, 6, "d", "quantity")
    assert late is not None and late.rule == "delivered never exceeds produced"
    assert lg.over_paid(placed, Decimal("25.00"), "p", "amount") is None
    over = lg.over_paid(placed, Decimal("25.01"), "p", "amount")
    assert over is not None and over.rule == "the payments on an order never exceed its cost"
    cancelled = order("o-2", S.CANCELLED, 10)
    assert lg.over_paid(cancelled, Decimal(0), "p", "amount") is None
    assert lg.over_paid(cancelled, Decimal("0.01"), "p", "amount") is not None


def test_a_payment_is_made_by_its_orders_instrument_for_an_ordered_order() -> None:
    paid = Payment("p", "f-1", "o-1", date(2026, 3, 1), eur(1))
    assert lg.payment_breach(paid, order("o-1", S.PLACED)) is None
    other = lg.payment_breach(paid, order("o-1", S.PLACED, instrument="f-2"))
    assert other is not None and other.field == "instrument"
    proposal = lg.payment_breach(paid, order("o-1", S.PROPOSED))
    assert proposal is not None and proposal.field == "order"


def test_rates_convert_at_the_latest_rate_on_or_before_the_date() -> None:
    rates = Rates(
        [
            ExchangeRate("USD", date(2026, 3, 2), Decimal("1.10")),
            ExchangeRate("USD", date(2026, 3, 6), Decimal("1.05")),
            ExchangeRate("GBP", date(2026, 3, 2), Decimal("0.85")),
        ]
    )
    # A Saturday takes Friday's rate; a date before the first rate has none.
    on_saturday = rates.convert(Decimal(110), "USD", "EUR", date(2026, 3, 7))
    assert (on_saturday.amount, on_saturday.rate_on) == (Decimal("104.76"), date(2026, 3, 6))
    assert rates.convert(Decimal(110), "USD", "EUR", date(2026, 3, 5)).amount == Decimal("100.00")
    cross = rates.convert(Decimal(100), "GBP", "USD", date(2026, 3, 3))
    assert cross.amount == Decimal("129.41") and cross.rate_on == date(2026, 3, 2)
    same = rates.convert(Decimal(7), "EUR", "EUR", date(2026, 1, 1))
    assert (same.amount, same.rate, same.rate_on) == (Decimal(7), Decimal(1), None)
    with pytest.raises(MissingRate, match="no exchange rate of USD against EUR on or before"):
        rates.convert(Decimal(1), "USD", "EUR", date(2026, 3, 1))
