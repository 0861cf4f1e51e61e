"""The contract plan's bounds: the cut bound's prices and the Lagrangian bound per product."""

from __future__ import annotations

from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_cases import problem_of, random_scenario, tiny, with_contracts
from tests.planning import plan_problem

from coprod.planner import contracts
from coprod.planner.contract_bound import (
    cut_bound,
    lagrangian_bound,
    product_gaps,
    tightened,
)
from coprod.planner.literal import solve_literal_contracts
from coprod.planner.plan import plan_document
from coprod.planner.problem import Problem


def _two_products(budget: float) -> dict[str, Any]:
    """Product 'drone': one need of 10 at 3 a unit, one line of 10 (unit cost 100).
    Product 'shell': needs S1 and S2 of 6 at 1 a unit, one supplier each; lines L1 (9 a
    month) and L2 (3), one month. Shells: S1 from L1 (6), S2 from L1 or L2 (3): 9 at best,
    though the LP (each need split over both lines) makes 12."""
    data = tiny(months=1)
    data["products"].append({"id": "shell", "name": "Shell", "category": "drones"})
    data["needs"][0].update(due="2026-01", priority=3.0)
    data["producers"][0]["capacity"] = 10
    for name in ("S1", "S2"):
        data["needs"].append(
            {
                "id": name,
                "product": "shell",
                "quantity": 6,
                "priority": 1.0,
                "due": "2026-01",
                "max_suppliers": 1,
            }
        )
    for name, capacity in (("L1", 9), ("L2", 3)):
        data["producers"].append(
            dict(data["producers"][0], id=name, product="shell", capacity=capacity, unit_cost=10.0)
        )
    data["instruments"][0]["budget"] = budget
    return data


def test_money_to_spare_the_bound_is_each_product_s_best() -> None:
    problem = problem_of(_two_products(budget=1e9))
    cut = cut_bound(problem)
    assert cut.value == pytest.approx(30.0 + 12.0)  # no cut binds: the shells' LP splits
    assert cut.prices.tolist() == [0.0]  # money is not scarce
    network = lagrangian_bound(problem, cut.prices, deadline=0.0)  # the network LPs only
    assert network.value == pytest.approx(cut.value)
    compact = lagrangian_bound(problem, cut.prices)
    # the shells' compact LP: each need may take 6/6 of L1's or 3/3 of L2's share, 10.5 in all
    assert compact.value == pytest.approx(30.0 + 10.5)
    later = tightened(problem, network, None, [p.product for p in network.products])
    assert later.value == pytest.approx(compact.value)  # the network bound, tightened later
    proven = lagrangian_bound(problem, cut.prices, mip_seconds=10.0)
    assert proven.value == pytest.approx(30.0 + 9.0)
    assert solve_literal_contracts(problem).objective == pytest.approx(39.0)
    shells = proven.of(problem.product_ids.index("shell"))
    assert shells is not None
    assert (shells.network, shells.lp, shells.mip) == pytest.approx((12.0, 10.5, 9.0))


def test_scarce_money_priced_at_the_cut_bound_s_dual() -> None:
    # 1 100 to spend: shells are worth 1 per 10 (0.1 a currency unit), drones 3 per 100
    # (0.03). The LP buys 12 shells (120) and 9.8 drones (980): 41.4; the drones are the
    # margin, so money is priced at 0.03, and a shell is worth 1 - 10 * 0.03 = 0.7 net
    problem = problem_of(_two_products(budget=1100.0))
    cut = cut_bound(problem)
    assert cut.value == pytest.approx(12.0 + 29.4)
    assert cut.prices.tolist() == pytest.approx([0.03])
    network = lagrangian_bound(problem, cut.prices, deadline=0.0)
    assert network.money == pytest.approx(33.0)
    assert network.value == pytest.approx(cut.value)  # LP duality: the same optimum
    # drones net 0 at that price; shells 0.7 a unit: 10.5 units (compact LP), 9 (MIP)
    assert lagrangian_bound(problem, cut.prices).value == pytest.approx(33.0 + 0.7 * 10.5)
    proven = lagrangian_bound(problem, cut.prices, mip_seconds=10.0)
    assert proven.value == pytest.approx(33.0 + 0.7 * 9.0)
    # the best plan: 9 shells (90) and 10 drones (1 000): 39, below the bound 39.3
    assert solve_literal_contracts(problem).objective == pytest.approx(39.0)


def test_the_room_per_product_adds_up_to_the_gap() -> None:
    problem = problem_of(_two_products(budget=1100.0))
    result = plan_problem(problem)
    outcome = result.contract.outcome if result.contract else None
    assert outcome is not None
    bound = lagrangian_bound(problem, cut_bound(problem).prices, mip_seconds=10.0)
    rooms, unspent = product_gaps(outcome.model, outcome.values, bound)
    value = float(outcome.model.cost @ outcome.values)
    assert sum(rooms.values()) + unspent == pytest.approx(bound.value - value, abs=1e-6)
    assert min(rooms.values()) >= -1e-6
    assert unspent >= -1e-6


def _three_products(data: dict[str, Any], seed: int) -> dict[str, Any]:
    """The scenario with its needs and lines spread over three products."""
    rng = np.random.default_rng(seed)
    data["products"] = [
        {"id": f"g{k}", "name": f"G{k}", "category": ["drones", "air_defence"][k % 2]}
        for k in range(3)
    ]
    for record in (*data["needs"], *data["producers"]):
        record["product"] = f"g{rng.integers(3)}"
    return data


def _random_problem(seed: int, needs: int, producers: int, months: int) -> Problem:
    data = random_scenario(seed, needs=needs, producers=producers, instruments=2, months=months)
    return problem_of(with_contracts(_three_products(data, seed), seed))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    needs=st.integers(min_value=1, max_value=6),
    producers=st.integers(min_value=1, max_value=5),
    months=st.integers(min_value=1, max_value=3),
    scale=st.floats(min_value=0.0, max_value=2.0),
)
def test_the_lagrangian_bound_is_never_below_the_literal_optimum(
    seed: int, needs: int, producers: int, months: int, scale: float
) -> None:
    problem = _random_problem(seed, needs, producers, months)
    literal = solve_literal_contracts(problem)
    assert literal.status == 0
    cut = cut_bound(problem)
    at_cut = lagrangian_bound(problem, cut.prices, mip_seconds=5.0)
    assert at_cut.value >= literal.objective - 1e-6 * max(1.0, abs(literal.objective))
    assert at_cut.value <= cut.value * (1 + 1e-9) + 1e-9
    network = lagrangian_bound(problem, cut.prices, deadline=0.0)
    assert network.value == pytest.approx(cut.value, rel=1e-7, abs=1e-6)
    # any prices >= 0 give a bound, however poor
    drawn = np.random.default_rng(seed).uniform(0, scale * (cut.prices.max(initial=0) + 0.01), 2)
    anywhere = lagrangian_bound(problem, drawn[: len(problem.budget)], mip_seconds=5.0)
    assert anywhere.value >= literal.objective - 1e-6 * max(1.0, abs(literal.objective))


def test_a_plan_on_candidate_pairs_reports_the_lagrangian_bound() -> None:
    problem = _random_problem(11, 6, 5, 2)
    with mock.patch.object(contracts, "PAIR_LIMIT", 0):  # every model counts as large
        document = plan_document(plan_problem(problem, time_limit=30))
    found = document["mip"]["lagrangian_bound"]
    assert document["mip"]["pairs_from_relaxation_only"]
    assert found is not None
    assert document["bound"] <= min(found["value"], document["mip"]["cut_bound"]) + 1e-9
    assert document["objective"] <= document["bound"] * (1 + 1e-9) + 1e-9
    rooms = sum(p["room"] for p in found["products"])
    assert rooms + found["unspent_priced"] == pytest.approx(
        found["value"] - document["objective"], rel=1e-6, abs=1e-5
    )
