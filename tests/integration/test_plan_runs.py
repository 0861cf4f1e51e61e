"""A plan run owns its transactions: it reads the registry, solves with no transaction open
(other writers go on meanwhile), then stores the plan briefly, and only if the registry still
gives the scenario it solved."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Engine

from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.domain import entities as d
from coprod.domain.enums import OrganisationKind
from coprod.errors import Conflict
from coprod.planner.plan import Planner, PlanResult
from coprod.planner.problem import Problem
from coprod.services import registry
from coprod.services.accounts.access import SYSTEM
from coprod.services.planning import plan_runs
from coprod.services.records import importing

WAIT_S = 20  # only a guard against a hang: a write blocked by the plan never finishes in time


@pytest.fixture
def store(initialised_url: str, sample_records: dict[str, Any]) -> Iterator[Engine]:
    """The sample registry: one need, one line, instruments to pay for it."""
    engine = make_engine(initialised_url)
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        parsed = importing.read_document("records.json", sample_records)
        importing.write(uow, "records.json", parsed)
        uow.commit()
    yield engine
    engine.dispose()


def add_organisation(engine: Engine) -> None:
    """A change that has nothing to do with planning."""
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        registry.register(uow, d.Organisation("new-maker", "New Maker", OrganisationKind.COMPANY))
        uow.commit()


def double_the_need(engine: Engine) -> None:
    """A change to what the plan solves."""
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        need = uow.needs.get_by_key("need-drones")
        registry.update(uow, replace(need, quantity=need.quantity * 2))
        uow.commit()


def solve_while(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, change: Callable[[Engine], None]
) -> list[str]:
    """While the planner solves, ``change`` runs in another thread (its own connection); the
    solve goes on once it is done. Returns what happened, in order."""
    seen: list[str] = []
    solve = Planner.plan

    def plan_while_another_writes(planner: Planner, problem: Problem) -> PlanResult:
        def write() -> None:
            try:
                change(engine)
                seen.append("written")
            except Exception as exc:  # reported by the test, not lost in the thread
                seen.append(f"failed: {exc}")

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(WAIT_S)
        seen.append("solved")
        return solve(planner, problem)

    monkeypatch.setattr(Planner, "plan", plan_while_another_writes)
    return seen


def proposed(engine: Engine) -> list[d.Order]:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return [o for o in uow.orders.list_() if o.key.startswith("plan-")]


def test_a_write_completes_while_a_plan_solves(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = solve_while(monkeypatch, store, add_organisation)
    done = plan_runs.run_plan(UnitsOfWork(store, SYSTEM), start="2026-01", months=6)
    assert seen == ["written", "solved"]  # the other writer never waited for the plan
    assert done.stored_orders > 0 and len(proposed(store)) == done.stored_orders
    with UnitOfWork(store, access=SYSTEM) as uow:
        assert uow.organisations.get_by_key("new-maker").name == "New Maker"


def test_a_plan_of_a_registry_changed_while_it_solved_is_not_stored(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = plan_runs.run_plan(UnitsOfWork(store, SYSTEM), start="2026-01", months=6)
    before = {o.key for o in proposed(store)}
    with UnitOfWork(store, access=SYSTEM) as uow:
        allocated = {i.key: i.allocated for i in uow.funding_instruments.list_()}
    seen = solve_while(monkeypatch, store, double_the_need)
    with pytest.raises(Conflict, match="changed while the plan was being solved"):
        plan_runs.run_plan(UnitsOfWork(store, SYSTEM), start="2026-01", months=6)
    assert seen == ["written", "solved"]
    assert first.stored_orders > 0 and {o.key for o in proposed(store)} == before
    # the earlier plan and its money are kept as they were
    with UnitOfWork(store, access=SYSTEM) as uow:
        assert {i.key: i.allocated for i in uow.funding_instruments.list_()} == allocated


def test_planning_again_replaces_the_plan_with_the_same_money(store: Engine) -> None:
    # The second run reads the budgets as if the first plan were released, as storing does.
    first = plan_runs.run_plan(UnitsOfWork(store, SYSTEM), start="2026-01", months=6)
    second = plan_runs.run_plan(UnitsOfWork(store, SYSTEM), start="2026-01", months=6)
    assert second.document["objective"] == pytest.approx(first.document["objective"])
    assert second.released_orders == first.stored_orders
    assert len(proposed(store)) == second.stored_orders
