"""Any sequence of writes through the registry's use cases (each kept or refused whole) leaves
``coprod ledger verify`` clean: no need over-ordered, no instrument allocated past its pledge or
paid past its orders, every stored allocated equal to the cost of its orders, every order on a
line that makes its need's system and paid by an instrument that admits it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from tests.stores import sqlite_template

from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import InstrumentKind, OrderStatus, OrganisationKind
from coprod.domain.money import Money
from coprod.errors import CoprodError
from coprod.services import ledger, registry
from coprod.services.accounts.access import SYSTEM


def eur(amount: int | str) -> Money:
    return Money(Decimal(amount), "EUR")


WORLD: list[Any] = [
    d.Organisation("maker-fr", "Maker FR", OrganisationKind.COMPANY, "FR"),
    d.Organisation("maker-ua", "Maker UA", OrganisationKind.COMPANY, "UA"),
    d.System("drone", "Drone", "drones"),
    d.System("shell", "Shell", "artillery_ammunition"),
    d.Need("n-drone", "drone", 100, Decimal(1), "2026-06"),
    d.Need("n-shell", "shell", 100, Decimal(1), "2026-06"),
    d.ProductionLine("l-drone-fr", "maker-fr", "drone", "FR", "FR", eur(10), 50),
    d.ProductionLine("l-drone-ua", "maker-ua", "drone", "UA", "UA", eur(10), 50),
    d.ProductionLine("l-shell-fr", "maker-fr", "shell", "FR", "FR", eur(10), 50),
    d.FundingInstrument(
        "f-any", "Any", "FR", InstrumentKind.AID, eur(3000), eur(0), eur(0)
    ),
    d.FundingInstrument(
        "f-ua", "UA only", "DE", InstrumentKind.PARTNER_FINANCED, eur(2000), eur(0), eur(0),
        producer_countries=["UA"], first_month="2026-01", last_month="2026-03",
    ),
]  # fmt: skip

NEEDS = st.sampled_from(["n-drone", "n-drone", "n-shell", None])  # most writes meet a cap
LINES = st.sampled_from(["l-drone-ua", "l-drone-fr", "l-drone-ua", "l-shell-fr"])
INSTRUMENTS = st.sampled_from(["f-any", "f-ua", None])
STATUSES = st.sampled_from([OrderStatus.PLACED, *OrderStatus])
KEYS = st.sampled_from([f"o-{i}" for i in range(4)])
MONTHS = st.sampled_from(["2026-01", "2026-03", "2026-05"])
# Quantities and prices that reach the caps in a few writes (integers() favours small ones).
QUANTITIES = st.sampled_from([60, 40, 70, 10, 0])
PRICES = st.sampled_from([1, 10, 40])

# A write gets its unit of work and its place in the sequence (a new order's key: o-0, o-1…).
Write = Callable[[UnitOfWork, int], None]


def place(*parts: Any) -> Write:
    """Place an order: need, line, instrument, quantity, unit price, status, month."""
    need, line, paid_by, quantity, price, status, month = parts

    def write(uow: UnitOfWork, step: int) -> None:
        order = d.Order(f"o-{step % 4}", need, line, paid_by, quantity, eur(price), month, status)
        registry.register(uow, order)

    return write


def change(key: str, **changes: Any) -> Write:
    def write(uow: UnitOfWork, _step: int) -> None:
        registry.update(uow, dataclasses.replace(uow.orders.get_by_key(key), **changes))

    return write


def delete(key: str) -> Write:
    return lambda uow, _step: registry.delete(uow, kinds.ORDER, key)


def need_quantity(key: str, quantity: int) -> Write:
    def write(uow: UnitOfWork, _step: int) -> None:
        registry.update(uow, dataclasses.replace(uow.needs.get_by_key(key), quantity=quantity))

    return write


def instrument(key: str, field: str, amount: int) -> Write:
    def write(uow: UnitOfWork, _step: int) -> None:
        stored = uow.funding_instruments.get_by_key(key)
        registry.update(uow, dataclasses.replace(stored, **{field: eur(amount)}))

    return write


PLACES = st.builds(
    place,
    NEEDS,
    LINES,
    INSTRUMENTS,
    QUANTITIES,
    PRICES,
    STATUSES,
    MONTHS,
)
# Placing orders is most of what happens: it is what reaches the caps.
WRITES = st.one_of(
    PLACES,
    PLACES,
    PLACES,
    st.builds(lambda k, s: change(k, status=s), KEYS, STATUSES),
    st.builds(lambda k, q: change(k, quantity=q), KEYS, QUANTITIES),
    st.builds(lambda k, i: change(k, instrument=i), KEYS, INSTRUMENTS),
    st.builds(lambda k, line: change(k, production_line=line), KEYS, LINES),
    st.builds(delete, KEYS),
    st.builds(need_quantity, st.sampled_from(["n-drone", "n-shell"]), st.integers(1, 150)),
    st.builds(
        instrument, st.sampled_from(["f-any", "f-ua"]), st.just("pledged"), st.integers(0, 4000)
    ),
    st.builds(
        instrument, st.sampled_from(["f-any", "f-ua"]), st.just("disbursed"), st.integers(0, 500)
    ),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory, "ledger-properties", fill)


def fill(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for record in WORLD:
            registry.register(uow, record)
        uow.commit()


SEQUENCES = given(writes=st.lists(WRITES, min_size=4, max_size=12))
# Each example costs about half a second of CPU: the default suite tries a few sequences, the
# slow part (make test-slow, in CI) many more of the same.
FEW = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MANY = settings(FEW, max_examples=100)


@FEW
@SEQUENCES
def test_any_writes_through_the_use_cases_leave_the_ledger_clean(
    template: Path, tmp_path: Path, writes: list[Write]
) -> None:
    writes_hold(template, tmp_path, writes)


@pytest.mark.slow
@MANY
@SEQUENCES
def test_many_more_writes_through_the_use_cases_leave_the_ledger_clean(
    template: Path, tmp_path: Path, writes: list[Write]
) -> None:
    writes_hold(template, tmp_path, writes)


def writes_hold(template: Path, tmp_path: Path, writes: list[Write]) -> None:
    """``writes`` on a copy of the world, each kept or refused whole, leave ``verify`` clean
    and the ledger held to its rules."""
    path = tmp_path / "run.db"
    path.write_bytes(template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    kept = 0
    try:
        for step, write in enumerate(writes):
            with UnitOfWork(engine, access=SYSTEM) as uow:
                try:
                    write(uow, step)
                except CoprodError:
                    continue  # refused whole: the unit of work rolls back
                uow.commit()
                kept += 1
        event(f"writes kept: {min(kept, 5)}{'+' if kept >= 5 else ''}")
        with UnitOfWork(engine, access=SYSTEM) as uow:
            assert [str(b) for b in ledger.verify(uow)] == []
            held_to_the_rules(uow)
    finally:
        engine.dispose()


def held_to_the_rules(uow: UnitOfWork) -> None:
    """The rules recomputed here from the stored records, independently of the ledger's code."""
    orders = [
        o
        for o in uow.orders.list_()
        if o.status not in (OrderStatus.PROPOSED, OrderStatus.CANCELLED)
    ]
    lines = {line.key: line for line in uow.production_lines.list_()}
    for need in uow.needs.list_():
        assert sum(o.quantity for o in orders if o.need == need.key) <= need.quantity
    for fund in uow.funding_instruments.list_():
        paid = [o for o in orders if o.instrument == fund.key]
        cost = sum((o.quantity * o.unit_price.amount for o in paid), Decimal(0))
        assert fund.allocated.amount == cost <= fund.pledged.amount, fund.key
        assert fund.disbursed.amount <= cost, fund.key
    for o in uow.orders.list_():
        if o.status is OrderStatus.CANCELLED:
            continue
        line = lines[o.production_line]
        assert o.need is None or uow.needs.get_by_key(o.need).system == line.system
        if o.instrument == "f-ua":
            assert line.company_country == "UA" and "2026-01" <= o.month <= "2026-03"
