"""Tiny scenarios solved by hand: objective, orders, funding, reasons and marginal values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from planner_cases import problem_of, tiny
from tests.planning import plan_problem

from coprod.planner.check import check_plan
from coprod.planner.generate import generate_scenario
from coprod.planner.literal import solve_literal
from coprod.planner.plan import plan_document
from coprod.planner.problem import load_scenario


def solve(data: dict[str, Any]) -> dict[str, Any]:
    """Plan a scenario and check the plan before handing it to the test."""
    problem = problem_of(data)
    document = plan_document(plan_problem(problem))
    assert document["status"] == "optimal"
    check = check_plan(problem, document)
    assert check.violations == []
    assert check.objective == pytest.approx(document["objective"], rel=1e-9, abs=1e-9)
    assert document["objective"] == pytest.approx(document["solver"]["model_objective"], rel=1e-9)
    return document


def need(document: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(n for n in document["needs"] if n["id"] == ident)


def test_fulfilled() -> None:
    plan = solve(tiny())
    assert plan["objective"] == pytest.approx(20.0)
    assert need(plan, "N1")["reason"] == "fulfilled"
    assert sum(o["quantity"] for o in plan["orders"]) == pytest.approx(10)
    assert sum(f["amount"] for f in plan["funding"]) == pytest.approx(1000)


def test_no_producer() -> None:
    data = tiny()
    data["products"].append({"id": "shell", "name": "Shell", "category": "artillery_ammunition"})
    data["needs"].append(
        {"id": "N2", "product": "shell", "quantity": 5, "priority": 9.0, "due": "2026-02"}
    )
    plan = solve(data)
    assert need(plan, "N2")["reason"] == "no_producer"
    assert need(plan, "N2")["unmet"] == 5


def test_lead_time_too_long() -> None:
    data = tiny()
    data["producers"][0]["lead_time"] = 3  # earliest delivery 2026-04, due 2026-03
    plan = solve(data)
    assert plan["objective"] == 0
    assert need(plan, "N1")["reason"] == "lead_time"


def test_lead_time_within_max_lateness() -> None:
    data = tiny(max_lateness=1, lateness_penalty=0.25)
    data["producers"][0]["lead_time"] = 3  # delivery 2026-04: one month late
    plan = solve(data)
    assert plan["objective"] == pytest.approx(10 * 2.0 * 0.75)
    assert need(plan, "N1")["late"] == pytest.approx(10)
    assert {o["delivery"] for o in plan["orders"]} == {"2026-04"}


def test_no_funding() -> None:
    data = tiny()
    data["instruments"][0]["producer_countries"] = ["FR"]  # the only line is Ukrainian
    plan = solve(data)
    assert plan["objective"] == 0
    assert need(plan, "N1")["reason"] == "no_funding"


def test_time_windowed_instruments() -> None:
    data = tiny()
    data["producers"][0]["capacity"] = 4
    data["instruments"][0].update(first_month="2026-02", last_month="2026-02")
    data["instruments"].append(
        {"id": "I2", "funder": "DE", "kind": "loan", "budget": 1e6, "first_month": "2026-03"}
    )
    plan = solve(data)  # nobody pays for January's production
    months = {(f["instrument"], f["month"]): f["amount"] for f in plan["funding"]}
    assert months == {
        ("I1", "2026-02"): pytest.approx(400.0),
        ("I2", "2026-03"): pytest.approx(400.0),
    }
    assert plan["objective"] == pytest.approx(2.0 * 8)
    assert need(plan, "N1")["reason"] == "capacity"
    assert plan["producers"][0]["marginal_value"] == pytest.approx(2.0 * 2 / 3)


def test_ramp_up_capacity() -> None:
    data = tiny()
    data["needs"][0]["quantity"] = 20
    data["producers"][0]["capacity"] = [0, 3, 6]
    plan = solve(data)
    assert plan["objective"] == pytest.approx(18.0)
    assert {o["month"]: o["quantity"] for o in plan["orders"]} == {"2026-02": 3, "2026-03": 6}
    assert need(plan, "N1")["reason"] == "capacity"
    assert plan["producers"][0]["utilisation"] == pytest.approx(1.0)


def test_budget_bound() -> None:
    data = tiny()
    data["instruments"][0]["budget"] = 500.0
    plan = solve(data)
    assert plan["objective"] == pytest.approx(10.0)
    assert need(plan, "N1")["reason"] == "budget"
    instrument = plan["instruments"][0]
    assert instrument["spent"] == pytest.approx(500.0)
    assert instrument["marginal_value"] == pytest.approx(2.0 / 100.0)
    assert plan["producers"][0]["marginal_value"] == pytest.approx(0.0)


def test_capacity_bound() -> None:
    data = tiny()
    data["producers"][0]["capacity"] = 2
    plan = solve(data)
    assert plan["objective"] == pytest.approx(12.0)
    assert need(plan, "N1")["reason"] == "capacity"
    assert plan["producers"][0]["marginal_value"] == pytest.approx(2.0)
    assert plan["instruments"][0]["marginal_value"] == pytest.approx(0.0)


def test_outranked() -> None:
    data = tiny(months=2)
    data["producers"][0]["capacity"] = 5
    data["needs"] = [
        {"id": "N1", "product": "drone", "quantity": 10, "priority": 2.0, "due": "2026-02"},
        {"id": "N2", "product": "drone", "quantity": 10, "priority": 1.0, "due": "2026-02"},
    ]
    plan = solve(data)
    assert need(plan, "N1")["planned"] == pytest.approx(10)
    assert need(plan, "N2")["planned"] == pytest.approx(0)
    assert need(plan, "N2")["reason"] == "outranked"


def test_lateness_penalty() -> None:
    data = tiny(lateness_penalty=0.1, max_lateness=2)
    data["needs"][0].update(quantity=15, due="2026-01")
    data["producers"][0]["capacity"] = 5
    plan = solve(data)
    assert plan["objective"] == pytest.approx(2.0 * (5 + 4.5 + 4.0))
    assert need(plan, "N1")["on_time"] == pytest.approx(5)
    assert need(plan, "N1")["late"] == pytest.approx(10)


def test_early_production_counts_as_on_time() -> None:
    data = tiny()
    data["producers"][0]["capacity"] = [4, 4, 4]
    plan = solve(data)  # 10 units due in March, 4 a month: two months early
    assert need(plan, "N1")["on_time"] == pytest.approx(10)


def test_cost_weight_can_make_production_not_worth_it() -> None:
    plan = solve(tiny(cost_weight=0.05))  # a unit is worth 2 and costs 0.05 * 100 = 5
    assert plan["objective"] == 0
    assert plan["orders"] == []


def test_cheaper_line_preferred_with_cost_weight() -> None:
    data = tiny(cost_weight=0.001)
    data["producers"].append(dict(data["producers"][0], id="P2", unit_cost=50.0))
    plan = solve(data)
    assert {o["producer"] for o in plan["orders"]} == {"P2"}
    assert plan["objective"] == pytest.approx(10 * (2.0 - 0.05))


def test_instrument_only_pays_eligible_lines() -> None:
    data = tiny()
    data["producers"].append(dict(data["producers"][0], id="P2", country="FR", site_country="FR"))
    data["producers"][0]["capacity"] = [3, 0, 0]
    data["instruments"] = [
        {
            "id": "UA-only",
            "funder": "DK",
            "kind": "partner_financed",
            "budget": 1e6,
            "producer_countries": ["UA"],
        },
        {
            "id": "FR-only",
            "funder": "FR",
            "kind": "direct_order_fund",
            "budget": 500.0,
            "producer_countries": ["FR"],
            "site_countries": ["FR"],
        },
    ]
    plan = solve(data)
    paid = {(f["instrument"], f["producer"]) for f in plan["funding"]}
    assert paid == {("UA-only", "P1"), ("FR-only", "P2")}
    assert need(plan, "N1")["planned"] == pytest.approx(8)


def test_seed_scenario_matches_the_literal_formulation() -> None:
    problem = load_scenario(Path(__file__).parent.parent / "data" / "seed-scenario.json")
    document = plan_document(plan_problem(problem))
    assert check_plan(problem, document).violations == []
    assert document["objective"] == pytest.approx(solve_literal(problem).objective, rel=1e-9)
    reasons = {n["id"]: n["reason"] for n in document["needs"]}
    assert reasons["drones-spring"] == "fulfilled"
    assert reasons["shells-155"] == "budget"


def test_time_limit_is_a_status_not_an_exception() -> None:
    problem = problem_of(generate_scenario(2000, 400, 30, 24, seed=1))
    result = plan_problem(problem, time_limit=1e-4)
    assert result.status == "time_limit"
    document = plan_document(result)
    assert document["status"] == "time_limit"
    assert document["orders"] == []
    assert len(document["needs"]) == 2000
