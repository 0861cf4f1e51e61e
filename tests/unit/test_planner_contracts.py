"""Contract plans: validation, one hand-solved case per rule, the literal MIP, properties."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_cases import problem_of, random_scenario, tiny, with_contracts
from tests.planning import plan_problem

from coprod.cli.plan import process_seconds
from coprod.errors import InvalidInput
from coprod.planner import contracts
from coprod.planner.check import check_plan
from coprod.planner.contract_bound import strengthened_problem
from coprod.planner.contract_fill import fill_pairs
from coprod.planner.generate import generate_scenario
from coprod.planner.literal import solve_literal_contracts
from coprod.planner.mip import build_contract_model
from coprod.planner.plan import Planner, finishing_seconds, plan_document
from coprod.planner.problem import load_scenario

SPEC = Path(__file__).parents[2] / "tests" / "data" / "seed-scenario-contracts.json"


def solve(data: dict[str, Any]) -> dict[str, Any]:
    """Plan a contract scenario, check every rule, and hand the plan to the test."""
    problem = problem_of(data)
    document = plan_document(plan_problem(problem))
    check = check_plan(problem, document)
    assert check.violations == []
    assert check.objective == pytest.approx(document["objective"], rel=1e-9, abs=1e-9)
    assert document["objective"] <= document["bound"] + 1e-9 * max(1.0, document["bound"])
    assert document["bound"] <= document["relaxation"] * (1 + 1e-9) + 1e-9
    return document


def need(document: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(n for n in document["needs"] if n["id"] == ident)


def refused(data: dict[str, Any]) -> str:
    with pytest.raises(InvalidInput) as info:
        problem_of(data)
    return str(info.value)


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("list_name", "field", "value", "message"),
    [
        ("producers", "lot_size", 0, "producers[0] (id 'P1'): field 'lot_size'"),
        ("producers", "lot_size", 2.5, "producers[0] (id 'P1'): field 'lot_size'"),
        ("producers", "min_order", -1, "producers[0] (id 'P1'): field 'min_order'"),
        ("producers", "min_order", "5", "producers[0] (id 'P1'): field 'min_order'"),
        ("needs", "max_suppliers", 0, "needs[0] (id 'N1'): field 'max_suppliers'"),
        ("needs", "max_suppliers", True, "needs[0] (id 'N1'): field 'max_suppliers'"),
    ],
)
def test_bad_contract_fields_name_the_record(
    list_name: str, field: str, value: object, message: str
) -> None:
    data = tiny()
    data[list_name][0][field] = value
    assert message in refused(data)


def test_bad_top_level_contract_fields() -> None:
    assert "field 'mip_gap'" in refused(tiny(mip_gap=0))
    assert "field 'integral'" in refused(tiny(integral="yes"))
    data = tiny(integral=False)
    data["producers"][0]["lot_size"] = 5
    assert "scenario: field 'integral': false, but a contract field" in refused(data)


def test_whole_numbers_where_integral_holds() -> None:
    data = tiny(integral=True)
    data["needs"][0]["quantity"] = 10.5
    data["producers"][0]["capacity"] = [1, 2.5, 3]
    message = refused(data)
    assert "needs[0] (id 'N1'): field 'quantity': 10.5 is not a whole number" in message
    assert "producers[0] (id 'P1'): field 'capacity': 2.5 is not a whole number" in message
    data = tiny()
    data["needs"][0]["quantity"] = 10.5
    assert not problem_of(data).contracts  # fractional quantities are fine without integral


def test_a_scenario_without_contract_fields_is_planned_as_an_lp() -> None:
    problem = problem_of(tiny())
    document = plan_document(plan_problem(problem))
    assert not problem.contracts
    assert problem.lot_size is None and problem.min_order is None
    assert {"bound", "gap", "contracts"}.isdisjoint(document)


def test_any_contract_field_implies_whole_units() -> None:
    data = tiny()
    data["needs"][0]["max_suppliers"] = 3
    problem = problem_of(data)
    assert problem.contracts
    assert problem.mip_gap == pytest.approx(1e-4)


# --- one hand-solved case per rule ----------------------------------------------------------


def test_whole_units() -> None:
    # the budget buys 2.5 units: the LP plans 2.5 (value 5), a contract plan 2 (value 4)
    data = tiny(integral=True)
    data["instruments"][0]["budget"] = 250.0
    plan = solve(data)
    assert plan["relaxation"] == pytest.approx(5.0)
    assert plan["objective"] == pytest.approx(4.0)
    assert plan["status"] == "optimal"
    assert [o["quantity"] for o in plan["orders"]] == [2.0]
    assert plan["contracts"] == [
        {"producer": "P1", "need": "N1", "quantity": 2.0, "months": ["2026-01"], "cost": 200.0}
    ]


def test_lot_size() -> None:
    # 10 units needed, made in lots of 4 and nothing made may go unused: 8 units
    data = tiny()
    data["producers"][0]["lot_size"] = 4
    plan = solve(data)
    assert plan["objective"] == pytest.approx(16.0)
    made: dict[str, float] = {}
    for order in plan["orders"]:
        made[order["month"]] = made.get(order["month"], 0.0) + order["quantity"]
    assert all(q % 4 == 0 for q in made.values())
    assert need(plan, "N1")["planned"] == pytest.approx(8.0)


def test_min_order() -> None:
    # N2 wants 3 units, the line takes no order under 5: N2 is held back by the minimum order
    data = tiny()
    data["needs"].append(
        {"id": "N2", "product": "drone", "quantity": 3, "priority": 1.0, "due": "2026-03"}
    )
    data["producers"][0]["min_order"] = 5
    plan = solve(data)
    assert need(plan, "N1")["planned"] == pytest.approx(10.0)
    assert need(plan, "N2")["planned"] == 0.0
    assert need(plan, "N2")["reason"] == "min_order"
    assert plan["objective"] == pytest.approx(20.0)
    assert plan["relaxation"] == pytest.approx(23.0)


def test_max_suppliers() -> None:
    # two lines of 6 a month, one month, 10 wanted from one supplier only: 6 units
    data = tiny(months=1)
    data["needs"][0]["due"] = "2026-01"
    data["needs"][0]["max_suppliers"] = 1
    second = dict(data["producers"][0], id="P2", unit_cost=90.0)
    data["producers"][0]["capacity"] = 6
    second["capacity"] = 6
    data["producers"].append(second)
    plan = solve(data)
    assert plan["objective"] == pytest.approx(12.0)
    assert plan["relaxation"] == pytest.approx(20.0)
    assert len(plan["contracts"]) == 1
    assert need(plan, "N1")["reason"] == "max_suppliers"


def test_mip_gap_and_status() -> None:
    plan = solve(tiny(mip_gap=0.5, integral=True))
    assert plan["mip_gap"] == 0.5
    assert plan["gap"] <= 0.5
    assert plan["status"] == "optimal"


def test_spec_example_is_proven_optimal_and_meets_every_rule() -> None:
    problem = load_scenario(SPEC)
    document = plan_document(plan_problem(problem))
    assert check_plan(problem, document).violations == []
    assert document["status"] == "optimal"
    assert document["gap"] <= 1e-4
    assert document["objective"] == pytest.approx(
        solve_literal_contracts(problem).objective, rel=1e-4
    )
    spring = [c for c in document["contracts"] if c["need"] == "drones-spring"]
    assert len(spring) == 1  # max_suppliers 1


# --- the literal MIP, and properties ---------------------------------------------------------


@pytest.mark.parametrize("seed", range(25))
def test_same_optimum_as_the_literal_mip(seed: int) -> None:
    problem = problem_of(with_contracts(random_scenario(seed), seed))
    document = plan_document(plan_problem(problem))
    literal = solve_literal_contracts(problem)
    assert literal.status == 0
    assert document["status"] == "optimal"
    assert check_plan(problem, document).violations == []
    assert document["objective"] == pytest.approx(literal.objective, rel=1e-6, abs=1e-6)


def test_generated_contract_scenario_keeps_the_rest_of_the_file() -> None:
    plain = generate_scenario(40, 15, 4, 6, 3)
    signed = generate_scenario(40, 15, 4, 6, 3, contracts=True)
    assert signed["integral"] is True
    assert all("max_suppliers" in n for n in signed["needs"])
    assert any("min_order" in p for p in signed["producers"])
    for record in signed["producers"]:
        record.pop("lot_size", None)
        record.pop("min_order", None)
    for record in signed["needs"]:
        record.pop("max_suppliers")
    assert {k: v for k, v in signed.items() if k not in ("integral", "name")} == {
        k: v for k, v in plain.items() if k != "name"
    }


@pytest.mark.parametrize("large", [False, True], ids=["full", "candidates"])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    needs=st.integers(min_value=1, max_value=6),
    producers=st.integers(min_value=0, max_value=5),
    instruments=st.integers(min_value=0, max_value=3),
    months=st.integers(min_value=1, max_value=4),
)
def test_every_contract_plan_meets_every_rule(
    large: bool, *, seed: int, needs: int, producers: int, instruments: int, months: int
) -> None:
    # large: every model counts as large (contracts product by product, on candidate pairs)
    data = random_scenario(
        seed, needs=needs, producers=producers, instruments=instruments, months=months
    )
    problem = problem_of(with_contracts(data, seed, gap=1e-4))
    with mock.patch.object(contracts, "PAIR_LIMIT", 0 if large else contracts.PAIR_LIMIT):
        document = plan_document(plan_problem(problem))
    check = check_plan(problem, document)
    assert check.violations == []
    assert document["status"] in ("optimal", "feasible")
    assert document["objective"] <= document["bound"] * (1 + 1e-9) + 1e-9
    assert document["bound"] <= document["relaxation"] * (1 + 1e-9) + 1e-9
    assert document["gap"] >= 0
    for row in document["needs"]:
        assert row["planned"] <= row["quantity"]


# --- the checker refuses a plan that breaks a rule --------------------------------------------


def _broken(edit: str) -> list[str]:
    data = tiny(integral=True)
    data["producers"][0]["lot_size"] = 2
    data["producers"][0]["min_order"] = 4
    data["needs"][0]["max_suppliers"] = 1
    data["producers"].append(dict(data["producers"][0], id="P2"))
    problem = problem_of(data)
    plan = plan_document(plan_problem(problem))
    order = plan["orders"][0]
    if edit == "whole":
        plan["orders"].append(dict(order, month="2026-02", quantity=0.5, cost=50.0))
    elif edit == "lot":
        plan["orders"].append(dict(order, month="2026-02", quantity=1.0, cost=100.0))
    elif edit == "min_order":
        plan["orders"] = [dict(order, quantity=2.0, cost=200.0)]
    elif edit == "max_suppliers":
        plan["orders"].append(dict(order, producer="P2", quantity=4.0, cost=400.0))
    elif edit == "bound":
        plan["bound"] = plan["objective"] / 2
    elif edit == "contracts":
        plan["contracts"] = []
    return check_plan(problem, plan).violations


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("whole", "is not a whole number"),
        ("lot", "is not a multiple of 2"),
        ("min_order", "min_order: P1 for N1: 2.0 below 4"),
        ("max_suppliers", "max_suppliers: N1: 2 suppliers, at most 1"),
        ("bound", "above the bound"),
        ("contracts", "contracts: P1 for N1: listed 0.0"),
    ],
)
def test_checker_refuses_a_plan_that_breaks_a_rule(edit: str, expected: str) -> None:
    assert any(expected in v for v in _broken(edit)), _broken(edit)


def test_a_what_if_re_plan_starts_from_the_previous_contract_plan() -> None:
    problem = problem_of(with_contracts(random_scenario(7, needs=8, producers=6), 7))
    planner = Planner()
    first = planner.plan(problem)
    assert not first.solution.warm
    budget = problem.budget * 0.8
    edited = replace(problem, budget=budget)
    again = planner.plan(edited)
    cold = plan_problem(edited)
    assert again.solution.warm  # same structure: the previous plan was one of the starts
    assert again.objective == pytest.approx(cold.objective, rel=1e-6, abs=1e-6)
    assert check_plan(edited, plan_document(again)).violations == []


# --- the tighter bound and the fill pass ----------------------------------------------------


def test_cut_bound_floors_lots_and_caps_a_limited_need_at_its_largest_lines() -> None:
    # lines of 7 and 6 a month (lots of 3 and 1), one month; N1 may have one supplier
    data = tiny(months=1)
    data["needs"][0].update(due="2026-01", max_suppliers=1, quantity=20)
    data["producers"][0].update(capacity=7, lot_size=3)
    data["producers"].append(dict(data["producers"][0], id="P2", capacity=6, lot_size=1))
    data["needs"].append(
        {"id": "N2", "product": "drone", "quantity": 20, "priority": 1.0, "due": "2026-01"}
    )
    cut = strengthened_problem(problem_of(data))
    assert cut.capacity.tolist() == [[6.0], [6.0]]  # 7 down to two lots of 3
    assert cut.need_quantity.tolist() == [6.0, 20.0]  # N1: the larger line's 6; N2 as it was
    plan = solve(data)
    # N1 takes 6 at 2 from one line, N2 the other line's 6 at 1: 18, and no plan does better
    assert plan["objective"] == pytest.approx(18.0)
    assert plan["bound"] == pytest.approx(18.0)
    assert plan["mip"]["cut_bound"] == pytest.approx(18.0)
    assert plan["relaxation"] == pytest.approx(2 * 13.0)
    assert plan["status"] == "optimal"


def test_fill_signs_idle_lines_for_needs_with_a_supplier_left() -> None:
    # nothing made yet: N1 (worth more) gets the line that can make most of it in its window,
    # N2 the line left, never under its minimum order; N3 (3 units) fits no minimum order
    data = tiny(months=2)
    data["needs"] = [
        {"id": "N1", "product": "drone", "quantity": 12, "priority": 3.0, "due": "2026-02"},
        {"id": "N2", "product": "drone", "quantity": 12, "priority": 2.0, "due": "2026-02"},
        {"id": "N3", "product": "drone", "quantity": 3, "priority": 1.0, "due": "2026-02"},
    ]
    for need_ in data["needs"]:
        need_["max_suppliers"] = 1
    data["producers"][0].update(capacity=5, min_order=4)
    data["producers"].append(dict(data["producers"][0], id="P2", capacity=4))
    problem = problem_of(data)
    model = build_contract_model(problem)
    keys = fill_pairs(model, np.zeros(model.num_col), np.zeros(len(model.pairs.line)))
    n = len(problem.need_ids)
    assert sorted(keys.tolist()) == [0 * n + 0, 1 * n + 1]  # (P1, N1), (P2, N2)


# --- the time limit covers the whole process ------------------------------------------------


def test_a_plan_whose_clock_ran_out_before_it_started_still_meets_every_rule() -> None:
    # the clock started long ago (a process that spent its time before planning): no search
    # time is left, and the plan is still one that meets every rule, with a truthful gap
    problem = problem_of(with_contracts(random_scenario(3, needs=6, producers=5), 3))
    planner = Planner(time_limit=5.0, started=time.perf_counter() - 1000.0)
    document = plan_document(planner.plan(problem))
    assert check_plan(problem, document).violations == []
    assert document["status"] in ("optimal", "feasible")
    assert document["objective"] <= document["bound"] * (1 + 1e-9) + 1e-9
    assert planner.started is None  # the next plan's clock starts when it is asked for


def test_the_time_kept_to_finish_grows_with_the_limit_and_the_first_solve() -> None:
    assert finishing_seconds(1.0, 0.0) == pytest.approx(0.5)
    assert finishing_seconds(120.0, 0.5) == pytest.approx(6.0 + 2.0)
    assert finishing_seconds(120.0, 1.0) > finishing_seconds(120.0, 0.5)


def test_the_process_age_is_read_from_proc() -> None:
    age = process_seconds()
    assert 0.0 < age < time.monotonic() + 1.0  # started after the machine did
