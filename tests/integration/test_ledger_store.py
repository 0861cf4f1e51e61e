"""The ledger's rules over the store (``services/ledger``), each write path's check on its
boundary with the exact refusal: a record written through the registry's use cases, the orders
a written line, need or instrument holds to the rules again, the stored allocated kept in step,
who confirms acceptance, and ``verify`` on a registry written before the rules held."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import (
    AccountRole,
    InstrumentKind,
    MaturityStage,
    OrderStatus,
    OrganisationKind,
)
from coprod.domain.kinds import Kind
from coprod.domain.money import Money
from coprod.errors import Forbidden, RuleViolation
from coprod.services import ledger, registry
from coprod.services.accounts.access import SYSTEM, Principal

S = OrderStatus


def eur(amount: int | str) -> Money:
    return Money(Decimal(amount), "EUR")


def fund(key: str, pledged: int, allocated: int = 0, disbursed: int = 0, **rules: Any) -> Any:
    return d.FundingInstrument(
        key, key.upper(), "FR", InstrumentKind.AID, eur(pledged), eur(allocated), eur(disbursed),
        **rules,
    )  # fmt: skip


WORLD: list[Any] = [
    d.Organisation("maker-fr", "Maker FR", OrganisationKind.COMPANY, "FR"),
    d.Organisation("maker-ua", "Maker UA", OrganisationKind.COMPANY, "UA"),
    d.System("drone", "Drone", "drones", manufacturer="maker-fr"),
    d.System("shell", "Shell", "artillery_ammunition", manufacturer="maker-fr"),
    d.Need("n-drone", "drone", 100, Decimal(1), "2026-06"),
    d.Need("n-shell", "shell", 50, Decimal(1), "2026-06"),
    d.ProductionLine("l-drone-fr", "maker-fr", "drone", "FR", "FR", eur(10), 50),
    d.ProductionLine("l-drone-ua", "maker-ua", "drone", "UA", "UA", eur(10), 50),
    d.ProductionLine("l-shell-fr", "maker-fr", "shell", "FR", "FR", eur(10), 50),
    fund("f-any", 1000),
    fund("f-two", 1000),
    fund("f-ua", 500, producer_countries=["UA"], first_month="2026-01", last_month="2026-03"),
    d.InnovationProject(
        "p-1", "Project", ["maker-ua"],
        stages=[d.StageChange(MaturityStage.TRL3, date(2026, 1, 1))],
    ),
]  # fmt: skip


def order(key: str, quantity: int = 10, **fields: Any) -> d.Order:
    values: dict[str, Any] = {
        "need": "n-drone",
        "production_line": "l-drone-fr",
        "instrument": "f-any",
        "unit_price": eur(10),
        "month": "2026-02",
    }
    values.update(fields)
    return d.Order(key, quantity=quantity, **values)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ledger-store") / "world.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for record in WORLD:
            registry.register(uow, record)
        uow.commit()
    engine.dispose()
    return path


@pytest.fixture
def engine(template: Path, tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "run.db"
    path.write_bytes(template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def write(engine: Engine, *changes: Any, access: Principal = SYSTEM) -> None:
    """Each change through the registry's use cases, in one committed unit of work."""
    with UnitOfWork(engine, access=access) as uow:
        for change in changes:
            change(uow)
        uow.commit()


def register(record: Any) -> Any:
    return lambda uow: registry.register(uow, record)


def update(record: Any) -> Any:
    return lambda uow: registry.update(uow, record)


def refusal(engine: Engine, *changes: Any, access: Principal = SYSTEM) -> str:
    """The message of the RuleViolation the changes meet (nothing is kept)."""
    with pytest.raises(RuleViolation) as info:
        write(engine, *changes, access=access)
    return info.value.message


def stored(engine: Engine, kind: Kind[Any], key: str) -> Any:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return uow.records(kind).get_by_key(key)


def allocated(engine: Engine, key: str) -> Decimal:
    amount: Decimal = stored(engine, kinds.FUNDING_INSTRUMENT, key).allocated.amount
    return amount


def forced(engine: Engine, *records: Any) -> None:
    """Records written straight into the store, past the rules (a registry from before)."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for record in records:
            repository = uow.records(kinds.kind_of(record))
            if repository.exists(record.key):
                repository.update(record)
            else:
                repository.add(record)
        uow.commit()


# --- an order's own rules -------------------------------------------------------------------


def test_an_order_keeps_its_instrument_allocated_in_step(engine: Engine) -> None:
    write(engine, register(order("o-1", 10)), register(order("o-2", 5, unit_price=eur(7))))
    assert allocated(engine, "f-any") == Decimal(135)
    write(engine, update(order("o-1", 20)))
    assert allocated(engine, "f-any") == Decimal(235)


def test_an_order_on_a_line_of_another_system_is_refused(engine: Engine) -> None:
    assert refusal(engine, register(order("o-1", production_line="l-shell-fr"))) == (
        "orders 'o-1': field production_line: line 'l-shell-fr' makes 'shell', but need "
        "'n-drone' is for 'drone' (rule: the order's line makes the need's system)"
    )


def test_an_order_its_instrument_may_not_pay_is_refused(engine: Engine) -> None:
    message = refusal(engine, register(order("o-1", instrument="f-ua")))
    assert message.startswith("orders 'o-1': field instrument: ")
    assert "FR" in message


def test_an_order_outside_its_instrument_window_is_refused(engine: Engine) -> None:
    message = refusal(
        engine, register(order("o-1", production_line="l-drone-ua", instrument="f-ua",
                               month="2026-04"))
    )  # fmt: skip
    assert message.startswith("orders 'o-1': field month: ")


def test_an_order_without_need_or_instrument_is_held_to_nothing_else(engine: Engine) -> None:
    write(engine, register(order("o-1", 500, need=None, instrument=None)))
    assert stored(engine, kinds.ORDER, "o-1").quantity == 500
    assert allocated(engine, "f-any") == 0


@pytest.mark.parametrize(("quantity", "kept"), [(100, True), (101, False)])
def test_a_need_is_never_over_ordered(engine: Engine, quantity: int, kept: bool) -> None:
    changes = [register(order("o-1", 60, instrument=None)),
               register(order("o-2", quantity - 60, instrument=None))]  # fmt: skip
    if kept:
        write(engine, *changes)
        return
    assert refusal(engine, *changes) == (
        "orders 'o-2': field quantity: need 'n-drone' would have more units ordered than it "
        "needs (rule: a need is never over-ordered)"
    )


@pytest.mark.parametrize(("quantity", "kept"), [(100, True), (101, False)])
def test_an_instrument_is_never_allocated_past_its_pledge(
    engine: Engine, quantity: int, kept: bool
) -> None:
    changes = [register(order("o-1", quantity, need=None))]
    if kept:
        write(engine, *changes)
        assert allocated(engine, "f-any") == Decimal(1000)
        return
    assert refusal(engine, *changes) == (
        "orders 'o-1': field instrument: the orders paid by funding instrument 'f-any' would "
        "cost more than it pledged (rule: an instrument's allocated never exceeds its pledged)"
    )


def test_a_status_moves_forward_only(engine: Engine) -> None:
    write(engine, register(order("o-1", status=S.IN_PRODUCTION)))
    message = refusal(engine, update(order("o-1", status=S.PLACED)))
    assert message.startswith("orders 'o-1': field status: ")
    write(engine, update(order("o-1", status=S.IN_PRODUCTION)))  # unchanged: no breach
    write(engine, update(order("o-1", status=S.DELIVERED)))
    assert stored(engine, kinds.ORDER, "o-1").status is S.DELIVERED


def test_a_cancelled_order_frees_its_instrument(engine: Engine) -> None:
    write(engine, register(order("o-1", 30)))
    write(engine, update(order("o-1", 30, status=S.CANCELLED)))
    assert allocated(engine, "f-any") == 0


def test_an_order_moved_to_another_instrument_leaves_the_first_in_step(engine: Engine) -> None:
    write(engine, register(order("o-1", 30)), register(order("o-2", 5)))
    write(engine, update(order("o-1", 30, instrument="f-two")))
    assert allocated(engine, "f-any") == Decimal(50)
    assert allocated(engine, "f-two") == Decimal(300)


def test_an_order_moved_off_every_instrument_leaves_the_first_in_step(engine: Engine) -> None:
    write(engine, register(order("o-1", 30)))
    write(engine, update(order("o-1", 30, instrument=None)))
    assert allocated(engine, "f-any") == 0


def test_an_order_moved_may_not_leave_its_instrument_paid_past_its_orders(
    engine: Engine,
) -> None:
    write(engine, register(order("o-1", 30)))
    write(engine, register(d.Payment("p-1", "f-any", "o-1", date(2026, 3, 1), eur(300))))
    assert stored(engine, kinds.FUNDING_INSTRUMENT, "f-any").disbursed == eur(300)  # kept in step
    message = refusal(engine, update(order("o-1", 30, instrument="f-two")))
    assert message == (
        "funding_instruments 'f-any': field disbursed: funding instrument 'f-any' would have "
        "disbursed more than its orders cost (rule: disbursed never exceeds allocated)"
    )
    assert allocated(engine, "f-any") == Decimal(300)
    assert allocated(engine, "f-two") == 0


def test_an_order_deleted_leaves_its_instrument_in_step(engine: Engine) -> None:
    write(engine, register(order("o-1", 30)), register(order("o-2", 2)))
    write(engine, lambda uow: registry.delete(uow, kinds.ORDER, "o-1"))
    assert allocated(engine, "f-any") == Decimal(20)


# --- a written line, need or instrument holds its orders to the rules again -------------------


def test_a_line_changed_to_another_system_is_refused_for_its_orders(engine: Engine) -> None:
    write(engine, register(order("o-1")))
    line = stored(engine, kinds.PRODUCTION_LINE, "l-drone-fr")
    assert refusal(engine, update(dataclasses.replace(line, system="shell"))) == (
        "production_lines 'l-drone-fr': orders 'o-1': field production_line: line "
        "'l-drone-fr' makes 'shell', but need 'n-drone' is for 'drone' (rule: the order's "
        "line makes the need's system)"
    )


def test_a_line_changed_beside_a_cancelled_order_is_kept(engine: Engine) -> None:
    write(engine, register(order("o-1")))
    write(engine, update(order("o-1", status=S.CANCELLED)))
    line = stored(engine, kinds.PRODUCTION_LINE, "l-drone-fr")
    write(engine, update(dataclasses.replace(line, system="shell")))
    assert stored(engine, kinds.PRODUCTION_LINE, "l-drone-fr").system == "shell"


def test_a_line_moved_abroad_is_refused_by_the_instruments_paying_it(engine: Engine) -> None:
    write(engine, register(order("o-1", production_line="l-drone-ua", instrument="f-ua")))
    line = stored(engine, kinds.PRODUCTION_LINE, "l-drone-ua")
    message = refusal(engine, update(dataclasses.replace(line, company_country="PL")))
    assert message.startswith("production_lines 'l-drone-ua': orders 'o-1': field instrument: ")


def test_a_need_changed_to_another_system_is_refused_for_its_orders(engine: Engine) -> None:
    write(engine, register(order("o-1")))
    need = stored(engine, kinds.NEED, "n-drone")
    message = refusal(engine, update(dataclasses.replace(need, system="shell")))
    assert message.startswith("needs 'n-drone': orders 'o-1': field production_line: ")


@pytest.mark.parametrize(("quantity", "kept"), [(40, True), (39, False)])
def test_a_need_lowered_below_its_orders_is_refused(
    engine: Engine, quantity: int, kept: bool
) -> None:
    write(engine, register(order("o-1", 40)))
    need = dataclasses.replace(stored(engine, kinds.NEED, "n-drone"), quantity=quantity)
    if kept:
        write(engine, update(need))
        return
    assert refusal(engine, update(need)) == (
        "needs 'n-drone': field quantity: need 'n-drone' would have more units ordered than "
        "it needs (rule: a need is never over-ordered)"
    )


def test_an_instrument_narrowed_is_refused_for_the_orders_it_pays(engine: Engine) -> None:
    write(engine, register(order("o-1")))
    narrowed = dataclasses.replace(
        stored(engine, kinds.FUNDING_INSTRUMENT, "f-any"), producer_countries=["UA"]
    )
    message = refusal(engine, update(narrowed))
    assert message.startswith("funding_instruments 'f-any': orders 'o-1': field instrument: ")


def test_a_pledge_lowered_below_its_stored_allocated_is_refused_as_a_record(
    engine: Engine,
) -> None:
    write(engine, register(order("o-1", 10)))
    lowered = dataclasses.replace(
        stored(engine, kinds.FUNDING_INSTRUMENT, "f-any"), pledged=eur(99)
    )
    assert refusal(engine, update(lowered)) == (
        "funding_instruments 'f-any': allocated (100.00 EUR) exceeds pledged (99.00 EUR)"
    )


@pytest.mark.parametrize(("pledged", "kept"), [(100, True), (99, False)])
def test_a_pledge_lowered_below_the_cost_of_its_orders_is_refused(
    engine: Engine, pledged: int, kept: bool
) -> None:
    # The stored allocated is out of step (0, from before the rules): the record's own rule
    # (allocated <= pledged) passes, the ledger weighs the orders' cost of 100.
    write(engine, register(order("o-1", 10)))
    forced(engine, fund("f-any", 1000, allocated=0))
    lowered = fund("f-any", pledged)
    if kept:
        write(engine, update(lowered))
        return
    assert refusal(engine, update(lowered)) == (
        "funding_instruments 'f-any': field pledged: the orders paid by funding instrument "
        "'f-any' would cost more than it pledged (rule: an instrument's allocated never "
        "exceeds its pledged)"
    )


def test_a_pledge_changed_leaves_an_out_of_step_allocated_to_verify(engine: Engine) -> None:
    # Written before the rules: 70 allocated by no order, 40 disbursed. Raising the pledge is
    # not refused for it (only an order's write brings allocated in step); verify reports it.
    forced(engine, fund("f-any", 1000, allocated=70, disbursed=40))
    write(engine, update(fund("f-any", 2000, allocated=70, disbursed=40)))
    assert allocated(engine, "f-any") == Decimal(70)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        found = [(b.record, b.field) for b in ledger.verify(uow)]
    assert found == [
        ("funding_instruments 'f-any'", "allocated"),
        ("funding_instruments 'f-any'", "disbursed"),
    ]


def test_allocated_is_never_set_by_hand(engine: Engine) -> None:
    write(engine, register(order("o-1", 10)))
    typed = dataclasses.replace(
        stored(engine, kinds.FUNDING_INSTRUMENT, "f-any"), allocated=eur(50)
    )
    assert refusal(engine, update(typed)) == (
        "funding_instruments 'f-any': field allocated: allocated cannot be changed by hand: "
        "place, change or cancel orders instead (rule: allocated is the cost of the "
        "instrument's orders, never typed in)"
    )
    write(engine, update(dataclasses.replace(typed, allocated=eur(100))))  # unchanged


def test_allocated_out_of_step_may_be_set_to_the_cost_of_its_orders(engine: Engine) -> None:
    write(engine, register(order("o-1", 10)))
    forced(engine, fund("f-any", 1000, allocated=70))
    write(engine, update(fund("f-any", 1000, allocated=100)))
    assert allocated(engine, "f-any") == Decimal(100)
    message = refusal(engine, update(fund("f-any", 1000, allocated=70)))
    assert message.startswith("funding_instruments 'f-any': field allocated: ")


def test_a_new_instrument_may_come_with_its_allocated(engine: Engine) -> None:
    # No stored version: nothing was typed over (a new instrument has no orders yet, and the
    # over-allocation rule still weighs it).
    write(engine, register(fund("f-new", 1000, allocated=0)))
    assert allocated(engine, "f-new") == 0


# --- stages and acceptance ------------------------------------------------------------------


def test_a_project_stage_moves_forward_only(engine: Engine) -> None:
    project = stored(engine, kinds.INNOVATION_PROJECT, "p-1")
    back = d.StageChange(MaturityStage.TRL2, date(2026, 2, 1))
    message = refusal(engine, update(dataclasses.replace(project, stages=[*project.stages, back])))
    assert message == (
        "innovation_projects 'p-1': field stages.1: trl2 after trl3 "
        "(rule: maturity stages move forward only, with dates)"
    )
    ahead = d.StageChange(MaturityStage.TRL4, date(2026, 2, 1))
    write(engine, update(dataclasses.replace(project, stages=[*project.stages, ahead])))


def caller(role: AccountRole, organisation: str = "maker-fr") -> Principal:
    return Principal("someone", role, organisation)


@pytest.mark.parametrize("role", [AccountRole.MANUFACTURER])
def test_only_the_ministry_confirms_acceptance(engine: Engine, role: AccountRole) -> None:
    write(engine, register(order("o-1", status=S.DELIVERED)))
    with pytest.raises(Forbidden) as info:
        write(engine, update(order("o-1", status=S.ACCEPTED)), access=caller(role))
    assert info.value.message == (
        f"orders 'o-1': field status: a {role.value} account may not confirm acceptance "
        "(the ministry does)"
    )
    assert stored(engine, kinds.ORDER, "o-1").status is S.DELIVERED


@pytest.mark.parametrize("role", [AccountRole.MINISTRY, AccountRole.ADMIN])
def test_the_ministry_and_an_admin_confirm_acceptance(engine: Engine, role: AccountRole) -> None:
    write(engine, register(order("o-1", status=S.DELIVERED)))
    write(engine, update(order("o-1", status=S.ACCEPTED)), access=caller(role))
    assert stored(engine, kinds.ORDER, "o-1").status is S.ACCEPTED


def test_a_maker_may_rewrite_an_order_already_accepted(engine: Engine) -> None:
    write(engine, register(order("o-1", status=S.ACCEPTED)))
    write(
        engine, update(order("o-1", 9, status=S.ACCEPTED)), access=caller(AccountRole.MANUFACTURER)
    )
    assert stored(engine, kinds.ORDER, "o-1").quantity == 9


def test_a_maker_moves_its_own_order_through_production(engine: Engine) -> None:
    write(engine, register(order("o-1")))
    maker = caller(AccountRole.MANUFACTURER)
    write(engine, update(order("o-1", status=S.DELIVERED)), access=maker)
    assert stored(engine, kinds.ORDER, "o-1").status is S.DELIVERED


def test_a_maker_may_not_place_an_order_accepted(engine: Engine) -> None:
    with pytest.raises(Forbidden):
        write(engine, register(order("o-1", status=S.ACCEPTED, instrument=None)),
              access=caller(AccountRole.MANUFACTURER))  # fmt: skip


# --- several records written at once (an import) ---------------------------------------------


def test_records_written_together_are_checked_together(engine: Engine) -> None:
    need = d.Need("n-new", "drone", 5, Decimal(1), "2026-06")
    written = [need, order("o-1", 5, need="n-new", instrument=None),
               order("o-2", 1, need="n-new", instrument=None)]  # fmt: skip
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.needs.add(need)
        uow.orders.add(written[1])
        uow.orders.add(written[2])
        # The need, written with its orders, is named as itself (not through an order).
        with pytest.raises(RuleViolation) as info:
            ledger.check_writes(uow, written)
    assert info.value.message.startswith("needs 'n-new': field quantity: ")


def test_an_order_written_with_its_line_is_named_as_itself(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        line = d.ProductionLine("l-new", "maker-fr", "shell", "FR", "FR", eur(10), 50)
        wrong = order("o-1", production_line="l-new")
        for record in (line, wrong):
            uow.production_lines.add(record) if record is line else uow.orders.add(record)
        with pytest.raises(RuleViolation) as info:
            ledger.check_writes(uow, [line, wrong])
    assert info.value.message.startswith("orders 'o-1': field production_line: ")


def test_many_needs_written_at_once_are_each_checked(engine: Engine) -> None:
    # More than one query's worth of keys (500 a query): the last need counts too.
    needs = [d.Need(f"n-{i:04}", "drone", 10, Decimal(1), "2026-06") for i in range(501)]
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for need in needs:
            uow.needs.add(need)
        uow.orders.add(order("o-1", 10, need="n-0000", instrument=None))
        uow.orders.add(order("o-2", 11, need="n-0500", instrument=None))
        with pytest.raises(RuleViolation) as info:
            ledger.check_writes(uow, needs)
    assert info.value.message.startswith("needs 'n-0500': field quantity: ")


# --- verify: a registry written before the rules held ----------------------------------------


def test_verify_finds_nothing_in_a_registry_kept_by_the_rules(engine: Engine) -> None:
    write(engine, register(order("o-1", 10)), register(order("o-2", 5, status=S.CANCELLED)))
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert ledger.verify(uow) == []


def test_verify_reports_every_kind_of_breach(engine: Engine) -> None:
    forced(
        engine,
        order("o-line", 10, production_line="l-shell-fr", instrument=None),
        order("o-pay", 10, production_line="l-drone-fr", instrument="f-ua", need=None),
        order("o-big", 120, instrument=None, need="n-shell", production_line="l-shell-fr"),
        order("o-gone", 10, production_line="l-shell-fr", status=S.CANCELLED),
        fund("f-two", 50, allocated=70, disbursed=90),
        fund("f-ua", 500, allocated=100, producer_countries=["UA"]),  # in step with o-pay
        order("o-two", 6, need=None, instrument="f-two"),
        d.Delivery("dl-1", "o-pay", 11, date(2026, 3, 1)),
        d.InnovationProject("p-2", "Back", ["maker-ua"], stages=[
            d.StageChange(MaturityStage.TRL4, date(2026, 1, 1)),
            d.StageChange(MaturityStage.TRL2, date(2026, 2, 1)),
        ]),
    )  # fmt: skip
    with UnitOfWork(engine, access=SYSTEM) as uow:
        found = [(b.record, b.field, b.figures) for b in ledger.verify(uow)]
    assert found == [
        ("orders 'o-line'", "production_line", ""),
        ("orders 'o-pay'", "instrument", ""),
        ("needs 'n-shell'", "quantity", "ordered 120, needed 50"),
        ("funding_instruments 'f-two'", "pledged", "allocated 60.00, pledged 50.00"),
        ("funding_instruments 'f-two'", "allocated", "stored 70.00, orders 60.00"),
        ("funding_instruments 'f-two'", "disbursed", "stored 90.00, payments 0"),
        ("orders 'o-pay'", "quantity", "delivered 11, ordered 10"),
        ("orders 'o-pay'", "deliveries", "delivered 11, produced 0"),
        ("innovation_projects 'p-2'", "stages.1", ""),
    ]
    with UnitOfWork(engine, access=SYSTEM) as uow:
        typed = [str(b) for b in ledger.verify(uow) if b.field == "allocated"]
    assert typed == [
        "funding_instruments 'f-two': field allocated: the stored allocated differs from the "
        "cost of its orders (rule: allocated is the cost of the instrument's orders, never "
        "typed in)"
    ]


def test_verify_sums_the_deliveries_of_an_order(engine: Engine) -> None:
    forced(
        engine,
        order("o-1", 10, instrument=None),
        d.ProductionReport("r-1", "l-drone-fr", "2026-02", 10, "o-1"),
        d.Delivery("dl-1", "o-1", 6, date(2026, 3, 1)),
        d.Delivery("dl-2", "o-1", 4, date(2026, 3, 2)),
    )
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert ledger.verify(uow) == []
    forced(engine, d.Delivery("dl-3", "o-1", 1, date(2026, 3, 3)))
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert [str(b) for b in ledger.verify(uow)] == [
            "orders 'o-1': field quantity: more is delivered than ordered "
            "(rule: delivered never exceeds ordered)",
            "orders 'o-1': field deliveries: order 'o-1' would have more units delivered than "
            "reported produced (report the production first) (rule: delivered never exceeds "
            "produced)",
        ]


# --- the figures ----------------------------------------------------------------------------


def test_the_ledger_document_gives_every_figure_as_stored(engine: Engine) -> None:
    write(
        engine,
        register(order("o-1", 10, status=S.DELIVERED)),
        register(order("o-2", 4, need="n-shell", production_line="l-shell-fr", instrument=None)),
    )
    write(engine, register(d.Payment("p-1", "f-any", "o-1", date(2026, 3, 1), eur(60))))
    with UnitOfWork(engine, access=SYSTEM) as uow:
        document = ledger.ledger_document(ledger.read_ledger(uow))
    assert document["funders"] == [
        {
            "funder": "FR",
            "currency": "EUR",
            "instruments": ["f-any", "f-two", "f-ua"],
            "pledged": "2500.00",
            "allocated": "100.00",
            "disbursed": "60.00",
        }
    ]
    assert document["instruments"][0] == {
        "key": "f-any", "funder": "FR", "currency": "EUR",
        "pledged": "1000.00", "allocated": "100.00", "disbursed": "60.00",
    }  # fmt: skip
    drone = next(n for n in document["needs"] if n["key"] == "n-drone")
    assert (drone["ordered"], drone["delivered"], drone["open"]) == (10, 0, 90)


def test_a_proposed_order_for_a_need_of_nothing_orders_nothing(engine: Engine) -> None:
    # A need stored with 0 units (before a need had to be for at least one): a proposed order
    # for it counts as nothing ordered, so nothing is over-ordered.
    forced(engine, d.Need("n-none", "drone", 0, Decimal(1), "2026-06"))
    write(engine, register(order("o-1", 5, need="n-none", instrument=None, status=S.PROPOSED)))
    assert stored(engine, kinds.ORDER, "o-1").status is S.PROPOSED
    message = refusal(engine, update(order("o-1", 5, need="n-none", instrument=None)))
    assert message.startswith("orders 'o-1': field quantity: need 'n-none' would have more ")
