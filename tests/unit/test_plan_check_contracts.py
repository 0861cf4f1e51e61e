"""The plan checker's contract rules, shown hand-made plans (no solver): whole units, lots,
minimum orders, suppliers per need and the contracts list, each on its tolerance from both
sides, with the exact breach reported."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from planner_cases import problem_of, tiny

from coprod.planner.check import TOLERANCE, check_plan
from coprod.planner.problem import Problem

Plan = dict[str, Any]
UNIT_COST = {"P1": 100.0, "P2": 10.0}


@pytest.fixture(scope="module")
def problem() -> Problem:
    """P1 makes lots of 2 with a minimum order of 4, P2 neither; N1 takes one supplier at
    most, N2 any number."""
    data = tiny(integral=True)
    data["needs"][0]["quantity"] = 10_000
    data["producers"][0].update(lot_size=2, min_order=4, capacity=10_000)
    data["producers"].append(dict(data["producers"][0], id="P2", unit_cost=10.0))
    del data["producers"][1]["lot_size"], data["producers"][1]["min_order"]
    data["needs"][0]["max_suppliers"] = 1
    data["needs"].append(dict(data["needs"][0], id="N2"))
    del data["needs"][1]["max_suppliers"]
    return problem_of(data)


def order(producer: str, need: str, quantity: float, month: str = "2026-01") -> dict[str, Any]:
    return {"producer": producer, "need": need, "month": month, "quantity": quantity}


def contract(producer: str, need: str, quantity: float) -> dict[str, Any]:
    return {"producer": producer, "need": need, "quantity": quantity}


def plan_of(*orders: dict[str, Any], contracts: list[dict[str, Any]] | None = None) -> Plan:
    """The orders paid in full by I1 and, unless given, the contracts that sum them."""
    paid: dict[tuple[str, str], float] = defaultdict(float)
    listed: dict[tuple[str, str], float] = defaultdict(float)
    for one in orders:
        paid[(one["producer"], one["month"])] += one["quantity"] * UNIT_COST[one["producer"]]
        listed[(one["producer"], one["need"])] += one["quantity"]
    funding = [
        {"instrument": "I1", "producer": p, "month": m, "amount": a} for (p, m), a in paid.items()
    ]
    if contracts is None:
        contracts = [contract(p, n, q) for (p, n), q in listed.items() if q]
    return {"orders": list(orders), "funding": funding, "contracts": contracts}


def breaches(problem: Problem, plan: Plan) -> list[str]:
    return check_plan(problem, plan).violations


def test_a_plan_keeping_every_rule_passes(problem: Problem) -> None:
    # P1: a lot of 4 and one of 2 in two months, 6 for N1 (its only supplier); N2 from both.
    plan = plan_of(
        order("P1", "N1", 4),
        order("P1", "N1", 2, "2026-02"),
        order("P1", "N2", 4, "2026-03"),
        order("P2", "N2", 3),
    )
    assert breaches(problem, plan) == []


def test_minimum_order_counts_a_pair_over_every_month(problem: Problem) -> None:
    # 2 + 2 units in two months make an order of 4, P1's minimum: no breach.
    plan = plan_of(order("P1", "N1", 2), order("P1", "N1", 2, "2026-02"))
    assert breaches(problem, plan) == []


def test_a_pair_below_its_minimum_is_reported_with_its_figures(problem: Problem) -> None:
    plan = plan_of(order("P1", "N1", 2))
    assert breaches(problem, plan) == ["min_order: P1 for N1: 2.0 below 4"]


def test_a_pair_exactly_at_the_minimum_less_the_tolerance_is_no_breach(problem: Problem) -> None:
    at_tolerance = 4 - TOLERANCE
    plan = plan_of(order("P1", "N1", at_tolerance))
    # Whole units judge the quantity with their own (absolute) tolerance; half of it is a
    # whole lot of 2 within the tolerance.
    assert breaches(problem, plan) == [f"orders[0]: {at_tolerance} is not a whole number of units"]


def test_a_pair_of_nothing_before_a_breaching_one_hides_nothing(problem: Problem) -> None:
    plan = plan_of(order("P2", "N1", 0), order("P1", "N1", 2))
    assert breaches(problem, plan) == ["min_order: P1 for N1: 2.0 below 4"]


def test_a_pair_of_exactly_the_tolerance_is_no_supplier(problem: Problem) -> None:
    # TOLERANCE units are within the tolerance of 0 for whole units, lots and the contracts
    # list; the pair is no supplier, so neither P1's minimum nor N1's one supplier applies.
    plan = plan_of(order("P1", "N1", TOLERANCE), order("P2", "N1", 3), contracts=[])
    plan["contracts"] = [contract("P2", "N1", 3)]
    assert breaches(problem, plan) == []


def test_more_suppliers_than_a_need_takes_are_reported(problem: Problem) -> None:
    plan = plan_of(order("P1", "N1", 4), order("P2", "N1", 3))
    assert breaches(problem, plan) == ["max_suppliers: N1: 2 suppliers, at most 1"]


def test_a_need_without_a_supplier_limit_takes_any_number(problem: Problem) -> None:
    plan = plan_of(order("P1", "N2", 4), order("P2", "N2", 3))
    assert breaches(problem, plan) == []


def test_exactly_the_supplier_limit_is_no_breach(problem: Problem) -> None:
    plan = plan_of(order("P2", "N1", 3), order("P2", "N1", 2, "2026-02"))
    assert breaches(problem, plan) == []


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (TOLERANCE, []),  # abs(q - round(q)) is exactly the tolerance
        (1.5 * TOLERANCE, [f"orders[0]: {1.5 * TOLERANCE} is not a whole number of units"]),
        (3.5, ["orders[0]: 3.5 is not a whole number of units"]),
    ],
)
def test_whole_units_on_the_tolerance(problem: Problem, quantity: float, expected: Any) -> None:
    plan = plan_of(order("P2", "N2", quantity))
    # P2's lot is 1: a fraction of a unit is a fraction of a lot too.
    lots = [f"lot: P2 month 0: {quantity} is not a multiple of 1"] if expected else []
    assert breaches(problem, plan) == expected + lots


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [
        (2 * TOLERANCE, []),  # a lot of 2: a fraction of exactly the tolerance of a lot
        (3 * TOLERANCE, [f"lot: P1 month 0: {3 * TOLERANCE} is not a multiple of 2"]),
        (6.0, []),
        (5.0, ["lot: P1 month 0: 5.0 is not a multiple of 2"]),
    ],
)
def test_lots_on_the_tolerance(problem: Problem, quantity: float, expected: Any) -> None:
    plan = plan_of(order("P1", "N2", quantity))
    assert [b for b in breaches(problem, plan) if b.startswith("lot")] == expected


def test_lots_are_judged_per_line_month_over_every_need(problem: Problem) -> None:
    # 1 unit for N1 and 1 for N2 in one month make one lot of 2; 4 each keeps the minimum.
    plan = plan_of(
        order("P1", "N1", 3), order("P1", "N2", 3), order("P1", "N1", 1, "2026-02"),
        order("P1", "N2", 1, "2026-02"),
    )  # fmt: skip
    assert breaches(problem, plan) == []


# --- the contracts list must sum the orders, pair by pair ------------------------------------


def test_an_order_not_listed_is_reported(problem: Problem) -> None:
    plan = plan_of(order("P1", "N1", 4), order("P2", "N2", 3), contracts=[])
    plan["contracts"] = [contract("P1", "N1", 4)]
    assert breaches(problem, plan) == ["contracts: P2 for N2: listed 0.0, ordered 3.0"]


def test_a_contract_not_ordered_is_reported(problem: Problem) -> None:
    plan = plan_of(order("P2", "N1", 3))
    plan["contracts"].append(contract("P1", "N2", 4))
    assert breaches(problem, plan) == ["contracts: P1 for N2: listed 4.0, ordered 0.0"]


def test_one_unit_ordered_and_not_listed_is_reported(problem: Problem) -> None:
    plan = plan_of(order("P2", "N2", 1), contracts=[])
    assert breaches(problem, plan) == ["contracts: P2 for N2: listed 0.0, ordered 1.0"]


def test_a_contract_listed_twice_is_reported(problem: Problem) -> None:
    plan = plan_of(order("P1", "N1", 4))
    plan["contracts"].append(contract("P1", "N1", 4))
    assert breaches(problem, plan) == ["contracts: P1 for N1: listed 8.0, ordered 4.0"]


def test_a_contract_split_in_two_lines_sums_to_its_orders(problem: Problem) -> None:
    plan = plan_of(order("P1", "N1", 4), contracts=[])
    plan["contracts"] = [contract("P1", "N1", 1), contract("P1", "N1", 3)]
    assert breaches(problem, plan) == []


def test_a_wrong_quantity_in_the_list_is_reported(problem: Problem) -> None:
    plan = plan_of(order("P1", "N1", 6), order("P2", "N2", 3))
    plan["contracts"][0]["quantity"] = 4
    assert breaches(problem, plan) == ["contracts: P1 for N1: listed 4.0, ordered 6.0"]


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        # Nothing ordered: the tolerance is absolute.
        (TOLERANCE, []),
        (1.5 * TOLERANCE, [f"contracts: P2 for N2: listed {1.5 * TOLERANCE}, ordered 0.0"]),
    ],
)
def test_a_contract_for_nothing_is_judged_with_the_absolute_tolerance(
    problem: Problem, listed: float, expected: list[str]
) -> None:
    plan = plan_of(order("P1", "N1", 4))
    plan["contracts"].append(contract("P2", "N2", listed))
    assert breaches(problem, plan) == expected


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # 4 000 ordered: the tolerance is relative to it (4 000 x 1e-6 = 0.004 units).
        (0.003, []),
        (0.005, ["contracts: P2 for N2: listed 4000.005, ordered 4000.0"]),
    ],
)
def test_a_large_contract_is_judged_with_a_relative_tolerance(
    problem: Problem, extra: float, expected: list[str]
) -> None:
    plan = plan_of(order("P2", "N2", 4000))
    plan["contracts"][0]["quantity"] = 4000 + extra
    assert breaches(problem, plan) == expected


def test_a_plan_without_a_contracts_list_lists_nothing(problem: Problem) -> None:
    plan = plan_of(order("P1", "N1", 4))
    del plan["contracts"]
    assert breaches(problem, plan) == ["contracts: P1 for N1: listed 0.0, ordered 4.0"]


def test_a_plan_without_orders_has_nothing_to_break(problem: Problem) -> None:
    assert breaches(problem, {"contracts": []}) == []
    assert breaches(problem, {}) == []


def test_a_plan_listing_contracts_without_orders_is_reported(problem: Problem) -> None:
    plan = {"contracts": [contract("P1", "N1", 4)]}
    assert breaches(problem, plan) == ["contracts: P1 for N1: listed 4.0, ordered 0.0"]


@pytest.mark.parametrize(
    ("bound", "expected"),
    [(None, []), ("objective", []), ("below", ["bound"])],
)
def test_the_objective_may_not_exceed_the_bound(
    problem: Problem, bound: str | None, expected: list[str]
) -> None:
    plan = plan_of(order("P1", "N1", 4))
    objective = check_plan(problem, plan).objective
    if bound == "objective":
        plan["bound"] = objective
    elif bound == "below":
        plan["bound"] = objective - 1e-3
    found = breaches(problem, plan)
    if expected:
        assert found == [f"bound: objective {objective} above the bound {objective - 1e-3}"]
    else:
        assert found == []
