"""Any sequence of writes through the use cases (orders, dated status changes, production
reports, deliveries, payments, in euros, pounds and dollars; each kept or refused whole) leaves
``coprod ledger verify`` clean, and every figure the ledger derives equals its recomputation
here from the stored records and rates, in each instrument's currency and in the reporting
currency (issue 11). On SQLite, and on PostgreSQL where ``COPROD_TEST_POSTGRES`` names one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from tests.integration.test_ledger_totals import assert_same_report

from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import InstrumentKind, OrderStatus, OrganisationKind
from coprod.domain.money import Money
from coprod.errors import CoprodError
from coprod.services import ledger, registry
from coprod.services.accounts.access import SYSTEM
from coprod.services.ledger import orders, rates
from coprod.services.registry import plants

S = OrderStatus
# Units of each currency one euro bought, by date (the ECB's layout, as the registry stores).
RATES = {
    "GBP": {date(2026, 1, 2): Decimal("0.85"), date(2026, 3, 2): Decimal("0.86")},
    "USD": {date(2026, 1, 2): Decimal("1.10"), date(2026, 4, 1): Decimal("1.125")},
}
RATES_CSV = "Date,GBP,USD\n2026-01-02,0.85,1.10\n2026-03-02,0.86,\n2026-04-01,,1.125\n"
TODAY = date(2026, 6, 1)
PLACED_ON = date(2026, 1, 5)  # the report's date: a pledge without a window converts at it


def money(amount: int | str, currency: str = "EUR") -> Money:
    return Money(Decimal(amount), currency)


WORLD: list[Any] = [
    d.Organisation("maker-fr", "Maker FR", OrganisationKind.COMPANY, "FR"),
    d.Organisation("maker-ua", "Maker UA", OrganisationKind.COMPANY, "UA"),
    d.System("drone", "Drone", "drones"),
    d.Need("n-drone", "drone", 100, Decimal(1), "2026-06"),
    d.ProductionLine("l-fr", "maker-fr", "drone", "FR", "FR", money(10), 50),
    d.ProductionLine("l-ua", "maker-ua", "drone", "UA", "UA", money(10), 50),
    d.FundingInstrument(
        "f-eur", "Euros", "FR", InstrumentKind.AID, money(3000), money(0), money(0)
    ),
    d.FundingInstrument(
        "f-gbp", "Pounds", "GB", InstrumentKind.GRANT, money(2000, "GBP"), money(0, "GBP"),
        money(0, "GBP"), producer_countries=["UA"], first_month="2026-02",
    ),
]  # fmt: skip

KEYS = st.sampled_from(["o-0", "o-1", "o-2"])
NEW_KEYS = st.sampled_from(["o-2", "o-3"])  # o-0 and o-1 are placed first
STATUSES = st.sampled_from([S.PROPOSED, S.PLACED, S.PLACED, S.IN_PRODUCTION])
MOVES = st.sampled_from([S.PLACED, S.IN_PRODUCTION, S.DELIVERED, S.ACCEPTED, S.CANCELLED])
DAYS = st.sampled_from([date(2026, 2, 2), date(2026, 3, 9), date(2026, 4, 20), None])
MONTHS = st.sampled_from(["2026-02", "2026-03", "2026-05"])
QUANTITIES = st.sampled_from([10, 40, 60])
CURRENCIES = st.sampled_from(["EUR", "GBP", "GBP", "USD"])
AMOUNTS = st.tuples(st.sampled_from(["25", "100.50", "300"]), CURRENCIES)
PRICES = st.sampled_from([5, 20, 40])
LINES = st.sampled_from(["l-ua", "l-ua", "l-fr"])

Write = Callable[[UnitOfWork], None]


def place(key: str, line: str, paid_by: str | None, *rest: Any) -> Write:
    """An order for n-drone: quantity, unit price, status, month; priced in its
    instrument's currency (or, now and then, in the wrong one)."""
    quantity, price, status, month, wrong = rest
    currency = "GBP" if (paid_by == "f-gbp") != wrong else "EUR"
    price_in = money(price, currency)
    order = d.Order(key, "n-drone", line, paid_by, quantity, price_in, month, status)
    order.history = [d.OrderStep(status, PLACED_ON)]  # not today's: no test on the clock
    return lambda uow: registry.register(uow, order)


def move(key: str, status: OrderStatus, on: date | None) -> Write:
    return lambda uow: orders.move_order(uow, key, status, on)


def report(n: int, line: str, order: str | None, quantity: int) -> Write:
    made = d.ProductionReport(f"r-{n}", line, "2026-03", quantity, order)
    return lambda uow: registry.register(uow, made)


def deliver(n: int, order: str, quantity: int, on: date) -> Write:
    return lambda uow: registry.register(uow, d.Delivery(f"d-{n}", order, quantity, on))


def pay(n: int, paid_by: str, order: str, on: date, amount: tuple[str, str]) -> Write:
    paid = d.Payment(f"p-{n}", paid_by, order, on, money(*amount))
    return lambda uow: registry.register(uow, paid)


def delete(kind: kinds.Kind[Any], key: str) -> Write:
    return lambda uow: registry.delete(uow, kind, key)


N = st.integers(0, 3)
PAID_ON = st.sampled_from([date(2026, 1, 15), date(2026, 3, 2), date(2026, 4, 18)])
PLACES = st.builds(
    place,
    NEW_KEYS,
    LINES,
    st.sampled_from(["f-gbp", "f-eur", None]),
    QUANTITIES,
    PRICES,
    STATUSES,
    MONTHS,
    st.just(False),  # in the instrument's currency (the wrong one: the last write below)
)
# Two orders placed first (one paid in pounds, one in euros), so that most later writes
# meet an order.
START = st.tuples(
    st.builds(place, st.just("o-0"), st.just("l-ua"), st.just("f-gbp"), QUANTITIES, PRICES,
              st.just(S.PLACED), MONTHS, st.just(False)),
    st.builds(place, st.just("o-1"), LINES, st.just("f-eur"), QUANTITIES, PRICES,
              st.just(S.PLACED), MONTHS, st.just(False)),
)  # fmt: skip
WRITES = st.one_of(
    PLACES,
    st.builds(move, KEYS, MOVES, DAYS),
    st.builds(move, KEYS, MOVES, DAYS),
    st.builds(report, N, LINES, st.one_of(KEYS, st.none()), QUANTITIES),
    st.builds(deliver, N, KEYS, QUANTITIES, st.just(date(2026, 4, 1))),
    st.builds(pay, N, st.sampled_from(["f-gbp", "f-eur"]), KEYS, PAID_ON, AMOUNTS),
    st.builds(pay, N, st.sampled_from(["f-gbp", "f-eur"]), KEYS, PAID_ON, AMOUNTS),
    st.builds(delete, st.just(kinds.PAYMENT), st.sampled_from([f"p-{i}" for i in range(4)])),
    st.builds(delete, st.just(kinds.PRODUCTION_REPORT), st.sampled_from(["r-0", "r-1"])),
    st.builds(report, N, st.just("l-ua"), st.just("o-0"), QUANTITIES),
    st.builds(lambda k: place(k, "l-ua", "f-gbp", 10, 3, S.PLACED, "2026-03", True), NEW_KEYS),
)


@pytest.fixture
def world(migrated_url: str) -> Iterator[Engine]:
    """A migrated store (SQLite, and PostgreSQL when configured) with the world and the
    rates, made once per test; each example starts from it with no order (``clear``)."""
    engine = make_engine(migrated_url)
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        for record in WORLD:
            registry.register(uow, record)
        rates.import_rates(uow, SYSTEM, RATES_CSV, "rates.csv")
        uow.commit()
    yield engine
    engine.dispose()


def clear(engine: Engine) -> None:
    """Remove what an example wrote: orders and what hangs on them, the stored totals."""
    with engine.begin() as conn:
        for table in ("payments", "deliveries", "production_reports", "orders"):
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("UPDATE funding_instruments SET allocated_amount = 0"))
        conn.execute(text("UPDATE funding_instruments SET disbursed_amount = 0"))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(start=START, writes=st.lists(WRITES, min_size=4, max_size=12))
def test_any_writes_leave_verify_clean_and_every_figure_recomputable(
    world: Engine, start: tuple[Write, Write], writes: list[Write]
) -> None:
    clear(world)
    kept = 0
    for write in [*start, *writes]:
        with UnitOfWork(world, access=SYSTEM, write=True) as uow:
            try:
                write(uow)
            except CoprodError:
                continue  # refused whole: the unit of work rolls back
            uow.commit()
            kept += 1
    event(f"writes kept: {min(kept, 8)}{'+' if kept >= 8 else ''}")
    with UnitOfWork(world, access=SYSTEM) as uow:
        assert [str(b) for b in ledger.verify(uow) + plants.verify(uow)] == []
        recomputed(uow)


def rate(currency: str, on: date) -> Decimal:
    """Units of ``currency`` one euro bought on ``on`` (the last quoted on or before it)."""
    if currency == "EUR":
        return Decimal(1)
    quoted = [day for day in RATES[currency] if day <= on]
    return RATES[currency][max(quoted)]


def converted(amount: Decimal, source: str, target: str, on: date) -> Decimal:
    if source == target:
        return amount
    exact = amount * rate(target, on) / rate(source, on)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def month_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:]), 1)


def recomputed(uow: UnitOfWork) -> None:
    """Each figure of the ledger against its recomputation from the stored records."""
    stored = uow.orders.list_()
    ordered = [
        o for o in stored if o.status in {S.PLACED, S.IN_PRODUCTION, S.DELIVERED, S.ACCEPTED}
    ]
    deliveries, reports = uow.deliveries.list_(), uow.production_reports.list_()
    payments, funds = uow.payments.list_(), uow.funding_instruments.list_()
    figures = ledger.read_report(uow, "EUR", TODAY)
    assert_same_report(ledger.read_totals(uow, "EUR", TODAY), figures)  # the store's sums
    (need,) = figures.needs
    delivered = {o.key: sum(x.quantity for x in deliveries if x.order == o.key) for o in stored}
    assert need.ordered == sum(o.quantity for o in ordered)
    assert need.proposed == sum(o.quantity for o in stored if o.status is S.PROPOSED)
    assert need.produced == sum(r.quantity for r in reports if r.order in {o.key for o in ordered})
    assert need.delivered == sum(delivered[o.key] for o in ordered)
    assert need.accepted == sum(delivered[o.key] for o in ordered if o.status is S.ACCEPTED)
    by_key = {i.key: i for i in figures.instruments}
    for fund in funds:
        mine = [o for o in ordered if o.instrument == fund.key]
        paid = [p for p in payments if p.instrument == fund.key]
        currency = fund.pledged.currency
        allocated = sum((o.quantity * o.unit_price.amount for o in mine), Decimal(0))
        disbursed = sum(
            (converted(p.amount.amount, p.amount.currency, currency, p.paid_on) for p in paid),
            Decimal(0),
        )
        own, inline = by_key[fund.key].own, by_key[fund.key].reported
        assert fund.allocated.amount == own.allocated == allocated <= fund.pledged.amount
        assert fund.disbursed.amount == own.disbursed == disbursed <= allocated
        pledged_on = month_day(fund.first_month) if fund.first_month else TODAY
        assert inline.pledged == converted(fund.pledged.amount, currency, "EUR", pledged_on)
        assert inline.allocated == sum(
            (
                converted(o.quantity * o.unit_price.amount, currency, "EUR", month_day(o.month))
                for o in mine
            ),
            Decimal(0),
        )
        assert inline.disbursed == sum(
            (converted(p.amount.amount, p.amount.currency, "EUR", p.paid_on) for p in paid),
            Decimal(0),
        )
    for figure in ("pledged", "allocated", "disbursed"):
        total = sum((getattr(i.reported, figure) for i in figures.instruments), Decimal(0))
        assert getattr(figures.total, figure) == total
    for order in stored:
        made = sum(r.quantity for r in reports if r.order == order.key)
        assert delivered[order.key] <= made <= order.quantity, order
        dated_forward(order)


def dated_forward(order: d.Order) -> None:
    """An order's history: one step at least, forward, dates never going back, ending at
    its status."""
    steps = {S.PROPOSED: 0, S.PLACED: 1, S.IN_PRODUCTION: 2, S.DELIVERED: 3, S.ACCEPTED: 4}
    history = order.history
    assert history and history[-1].status is order.status, order
    for before, after in pairwise(history):
        assert before.on <= after.on, order
        assert after.status is S.CANCELLED or steps[after.status] > steps[before.status], order
        assert before.status is not S.CANCELLED, order
