"""Races on one record, shared by the concurrency tests and ``benchmarks/reliability/races.py``.

Each race starts ``n`` threads, each with its own unit of work (its own connection), lines them
up on a barrier at the moment of conflict, and returns what each one got. The checks that
follow (exactly one winner, nothing over-ordered, no allocation lost) read the store afresh."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine

from coprod.db import migrate
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.money import Money
from coprod.errors import Conflict, CoprodError, RuleViolation, StaleVersion
from coprod.services import registry
from coprod.services.accounts.access import SYSTEM
from coprod.services.records import importing

NEED_QUANTITY = 100
ORDER_QUANTITY = 30
PLEDGED = Decimal(1000)
ALLOCATION = Decimal(300)

WORLD: dict[str, Any] = {
    "schema": "coprod.records/1",
    "organisations": [
        {"key": "race-maker", "name": "Race Maker", "kind": "company", "country": "UA"}
    ],
    "systems": [{"key": "race-drone", "name": "Race drone", "category": "drones"}],
    "needs": [
        {
            "key": "race-need",
            "system": "race-drone",
            "quantity": NEED_QUANTITY,
            "priority": "1",
            "due": "2026-06",
        }
    ],
    "production_lines": [
        {
            "key": "race-line",
            "organisation": "race-maker",
            "system": "race-drone",
            "company_country": "UA",
            "site_country": "UA",
            "unit_cost": {"amount": "10", "currency": "EUR"},
            "monthly_capacity": 1000,
        }
    ],
    "funding_instruments": [
        {
            "key": "race-fund",
            "name": "Race fund",
            "funder": "FR",
            "kind": "grant",
            "pledged": {"amount": str(PLEDGED), "currency": "EUR"},
            "allocated": {"amount": "0", "currency": "EUR"},
            "disbursed": {"amount": "0", "currency": "EUR"},
        }
    ],
}


def prepare(engine: Engine) -> None:
    """Migrate the store and add the need, line and instrument the races fight over."""
    migrate.upgrade(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        importing.write(uow, "world", importing.read_document("world", WORLD))
        uow.commit()


def reset(engine: Engine) -> None:
    """Remove the orders of earlier rounds (which gives the instrument its money back)."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for order in uow.orders.list_():
            registry.delete(uow, kinds.ORDER, order.key)
        uow.commit()


def outcome_of(exc: BaseException | None) -> str:
    """A short name for how one racer ended."""
    if exc is None:
        return "won"
    if isinstance(exc, StaleVersion):
        return "stale"
    if isinstance(exc, RuleViolation):
        return "refused"
    if isinstance(exc, Conflict):
        return "conflict"
    if isinstance(exc, CoprodError):
        return type(exc).__name__
    return f"ERROR {type(exc).__name__}: {str(exc).splitlines()[0][:100]}"


def race(n: int, racer: Callable[[int, threading.Barrier], None]) -> Counter[str]:
    """Run ``racer(i, barrier)`` in ``n`` threads; count the outcomes."""
    barrier = threading.Barrier(n, timeout=60)
    outcomes: list[str] = []

    def run(i: int) -> None:
        try:
            racer(i, barrier)
            outcomes.append(outcome_of(None))
        except BaseException as exc:
            outcomes.append(outcome_of(exc))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return Counter(outcomes)


def update_race(
    engine: Engine, n: int, round_: int = 0, *, write: bool = True
) -> tuple[Counter[str], int]:
    """``n`` updates of one need sent with the same version (as n clients that read it, then
    PUT with If-Match): the outcomes and how many versions the need gained."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        start = uow.needs.version_of("race-need")

    def racer(i: int, barrier: threading.Barrier) -> None:
        if write:
            barrier.wait()
        # write=False: every racer reads inside its transaction before anyone writes.
        with UnitOfWork(engine, access=SYSTEM, write=write) as uow:
            need = uow.needs.get_by_key("race-need")
            if not write:
                barrier.wait()
            changed = replace(need, priority=Decimal(1000 * round_ + i + 2))
            registry.update(uow, changed, expected_version=start)
            uow.commit()

    outcomes = race(n, racer)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return outcomes, uow.needs.version_of("race-need") - start


def order_race(
    engine: Engine, n: int, round_: int, *, write: bool = True
) -> tuple[Counter[str], int]:
    """``n`` orders of 30 on a need of 100 at once: outcomes and the quantity ordered."""

    def racer(i: int, barrier: threading.Barrier) -> None:
        order = d.Order(
            key=f"race-{round_}-{i}",
            need="race-need",
            production_line="race-line",
            instrument=None,
            quantity=ORDER_QUANTITY,
            unit_price=Money(Decimal(10), "EUR"),
            month="2026-03",
        )
        barrier.wait()
        with UnitOfWork(engine, access=SYSTEM, write=write) as uow:
            registry.record_order(uow, order)
            uow.commit()

    outcomes = race(n, racer)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        orders = uow.orders.list_({"need_id": uow.needs.id_of("race-need")})
    return outcomes, sum(o.quantity for o in orders)


def allocation_race(engine: Engine, n: int, *, write: bool = True) -> tuple[Counter[str], Decimal]:
    """``n`` orders of 300 (30 at 10) at once on an instrument pledging 1000, each raising its
    allocated: outcomes and the stored allocation (300 × winners: no increment lost, and never
    past the pledge)."""

    def racer(i: int, barrier: threading.Barrier) -> None:
        order = d.Order(
            key=f"allocation-{i}",
            need=None,
            production_line="race-line",
            instrument="race-fund",
            quantity=ORDER_QUANTITY,
            unit_price=Money(ALLOCATION / ORDER_QUANTITY, "EUR"),
            month="2026-03",
        )
        if write:
            barrier.wait()
        with UnitOfWork(engine, access=SYSTEM, write=write) as uow:
            # write=False: every racer reads the instrument before anyone writes.
            uow.funding_instruments.get_by_key("race-fund")
            if not write:
                barrier.wait()
            registry.record_order(uow, order)
            uow.commit()

    outcomes = race(n, racer)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return outcomes, uow.funding_instruments.get_by_key("race-fund").allocated.amount
