"""The scenario generator: valid, deterministic, realistic; and the greedy baseline on it."""

from __future__ import annotations

import numpy as np
import pytest
from tests.planning import plan_problem

from coprod.planner.check import check_plan
from coprod.planner.generate import generate_scenario
from coprod.planner.greedy import greedy_plan
from coprod.planner.plan import plan_document
from coprod.planner.problem import parse_scenario


def test_generated_scenario_is_valid_and_deterministic() -> None:
    first = generate_scenario(120, 30, 10, 12, seed=11)
    assert first == generate_scenario(120, 30, 10, 12, seed=11)
    assert first != generate_scenario(120, 30, 10, 12, seed=12)
    problem = parse_scenario(first)
    assert (len(problem.need_ids), len(problem.producer_ids), len(problem.instrument_ids)) == (
        120,
        30,
        10,
    )


def test_generated_scenario_is_realistic() -> None:
    data = generate_scenario(200, 80, 10, 12, seed=2)
    places = {(p["country"] == "UA", p["site_country"] == "UA") for p in data["producers"]}
    assert places == {(True, True), (True, False), (False, True), (False, False)}
    assert {i["kind"] for i in data["instruments"]} == {
        "direct_order_fund",
        "partner_financed",
        "grant",
        "loan",
        "aid",
    }
    assert any("first_month" in i for i in data["instruments"])
    assert any(isinstance(p["capacity"], list) and p["capacity"][0] == 0 for p in data["producers"])
    assert len({p["category"] for p in data["products"]}) >= 4


def test_generated_plan_is_feasible_and_beats_greedy() -> None:
    problem = parse_scenario(generate_scenario(300, 60, 12, 12, seed=8))
    result = plan_problem(problem)
    document = plan_document(result)
    check = check_plan(problem, document)
    assert check.violations == []
    assert check.objective == pytest.approx(document["objective"], rel=1e-9)
    greedy = greedy_plan(problem)
    assert 0.5 < greedy.objective / result.objective <= 1 + 1e-9
    made = np.zeros_like(problem.capacity)
    np.add.at(made, (greedy.orders.producer, greedy.orders.month), greedy.orders.quantity)
    assert (made <= problem.capacity + 1e-6).all()


def test_free_eligibility_changes_only_the_instruments_rules_and_splits_the_money() -> None:
    plain = generate_scenario(300, 60, 12, 12, 5)
    free = generate_scenario(300, 60, 12, 12, 5, free=True)
    rules = ("producer_countries", "site_countries", "categories", "first_month", "last_month")
    assert free["name"].endswith("-free")
    for record in free["instruments"]:
        if "first_month" in record:  # whole half-years from a half-year (2026-01, 2026-07)
            first, last = (int(record[k][:4]) * 12 + int(record[k][5:]) - 1 for k in rules[3:])
            assert first % 6 == 0 and (last - first + 1) % 6 == 0, record
    strip = [{k: v for k, v in i.items() if k not in rules} for i in free["instruments"]]
    assert strip == [{k: v for k, v in i.items() if k not in rules} for i in plain["instruments"]]
    assert {k: v for k, v in free.items() if k not in ("name", "instruments")} == {
        k: v for k, v in plain.items() if k not in ("name", "instruments")
    }
    plain_plan, free_plan = (plan_problem(parse_scenario(s)) for s in (plain, free))
    assert check_plan(free_plan.problem, plan_document(free_plan)).violations == []
    # freer rules: each line-month payable by more instruments (a denser money side)
    dense = [p.model.classes.instruments.sum(axis=1).mean() for p in (plain_plan, free_plan)]
    assert dense[1] > 1.5 * dense[0], dense
