"""The plan checker, shown broken plans: each breaks one constraint or rule of the spec and
must be reported with exactly that breach (every "the plan is feasible" assertion of the
planner tests rests on this checker)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from planner_cases import problem_of, tiny

from coprod.planner.check import TOLERANCE, check_plan
from coprod.planner.problem import Problem

Plan = dict[str, Any]


def scenario() -> dict[str, Any]:
    """Two products, three needs, two lines, three instruments with rules and windows."""
    return tiny(
        months=3,
        max_lateness=1,
        lateness_penalty=0.25,
        cost_weight=0.001,
        products=[
            {"id": "drone", "name": "Drone", "category": "drones"},
            {"id": "shell", "name": "Shell", "category": "artillery_ammunition"},
        ],
        needs=[
            {"id": "N1", "product": "drone", "quantity": 12, "priority": 2.0, "due": "2026-02"},
            {"id": "N2", "product": "shell", "quantity": 5, "priority": 3.0, "due": "2026-03"},
            {"id": "N3", "product": "drone", "quantity": 1, "priority": 1.0, "due": "2026-12"},
        ],
        producers=[
            {"id": "P1", "country": "UA", "site_country": "UA", "product": "drone",
             "unit_cost": 100.0, "capacity": 10, "lead_time": 1},
            {"id": "P2", "country": "FR", "site_country": "FR", "product": "shell",
             "unit_cost": 50.0, "capacity": 5, "lead_time": 0},
        ],
        instruments=[
            {"id": "I1", "funder": "FR", "kind": "grant", "budget": 1100,
             "producer_countries": ["UA"], "first_month": "2026-01", "last_month": "2026-02"},
            {"id": "I2", "funder": "DE", "kind": "grant", "budget": 250,
             "categories": ["artillery_ammunition"], "first_month": "2026-02"},
            {"id": "I3", "funder": "PL", "kind": "aid", "budget": 10_000},
        ],
    )  # fmt: skip


def order(producer: str, need: str, month: str, quantity: float) -> dict[str, Any]:
    return {"producer": producer, "need": need, "month": month, "quantity": quantity}


def pay(instrument: str, producer: str, month: str, amount: float) -> dict[str, Any]:
    return {"instrument": instrument, "producer": producer, "month": month, "amount": amount}


def valid_plan() -> Plan:
    """Feasible, with every limit met exactly: P1's January capacity, N1 and N2 in full, I1's
    and I2's budgets, I1's last month, one month late where one is allowed."""
    return {
        "orders": [
            order("P1", "N1", "2026-01", 10),  # delivered 2026-02, on time
            order("P1", "N1", "2026-02", 2),  # delivered 2026-03, one month late
            order("P2", "N2", "2026-03", 5),
        ],
        "funding": [
            pay("I1", "P1", "2026-01", 900),
            pay("I3", "P1", "2026-01", 100),
            pay("I1", "P1", "2026-02", 200),
            pay("I2", "P2", "2026-03", 250),
        ],
    }


@pytest.fixture(scope="module")
def problem() -> Problem:
    return problem_of(scenario())


def test_the_valid_plan_passes_with_its_objective_recomputed(problem: Problem) -> None:
    check = check_plan(problem, valid_plan())
    assert check.violations == []
    assert check.feasible
    on_time = 10 * (2.0 - 0.001 * 100)
    late = 2 * (2.0 * (1 - 0.25) - 0.001 * 100)
    shells = 5 * (3.0 - 0.001 * 50)
    assert check.objective == pytest.approx(on_time + late + shells, rel=1e-12)


def _edit(plan: Plan, change: Callable[[Plan], None]) -> Plan:
    broken = copy.deepcopy(plan)
    change(broken)
    return broken


def _set(section: str, index: int, **values: Any) -> Callable[[Plan], None]:
    return lambda plan: plan[section][index].update(values)


def _both(*changes: Callable[[Plan], None]) -> Callable[[Plan], None]:
    def change(plan: Plan) -> None:
        for one in changes:
            one(plan)

    return change


def _append(section: str, line: dict[str, Any]) -> Callable[[Plan], None]:
    return lambda plan: plan[section].append(line)


def _remove(section: str, index: int) -> Callable[[Plan], None]:
    return lambda plan: plan[section].pop(index)


# Each broken plan keeps every other constraint met (payments still equal costs, and so on),
# so that the one breach it makes is the only one reported.
BROKEN: dict[str, tuple[Callable[[Plan], None], list[str]]] = {
    "over capacity": (
        _both(
            _set("orders", 0, quantity=11),
            _set("orders", 1, quantity=1),
            _set("funding", 1, amount=200),
            _set("funding", 2, amount=100),
        ),
        ["capacity: P1 month 0: 11.0"],
    ),
    "over capacity by less than a unit": (
        _both(
            _set("orders", 0, quantity=10.01),
            _set("orders", 1, quantity=1.99),
            _set("funding", 1, amount=101),
            _set("funding", 2, amount=199),
        ),
        ["capacity: P1 month 0: 10.01"],
    ),
    "over demand": (
        _both(_set("orders", 1, quantity=3), _append("funding", pay("I3", "P1", "2026-02", 100))),
        ["demand: N1: 13.0"],
    ),
    "over budget": (
        _both(_set("funding", 0, amount=1000), _remove("funding", 1)),
        ["budget: I1: 1200.0"],
    ),
    "paid less than the cost": (
        _set("funding", 1, amount=50),
        ["payment: P1 month 0: cost 1000.0, paid 950.0"],
    ),
    "paid more than the cost": (
        _set("funding", 1, amount=150),
        ["payment: P1 month 0: cost 1000.0, paid 1050.0"],
    ),
    "paid for nothing made": (
        _append("funding", pay("I3", "P2", "2026-02", 10)),
        ["payment: P2 month 1: cost 0.0, paid 10.0"],
    ),
    "made and not paid": (
        _remove("funding", 3),
        ["payment: P2 month 2: cost 250.0, paid 0.0"],
    ),
    "later than the lateness allowed": (
        _both(
            _set("orders", 1, month="2026-03"),
            _set("funding", 2, instrument="I3", month="2026-03"),
        ),
        ["orders[1]: 2 months late"],
    ),
    "a line that makes another product": (
        _both(
            _set("orders", 1, producer="P2"),
            _set("funding", 2, instrument="I3", producer="P2", amount=100),
        ),
        ["orders[1]: producer makes another product"],
    ),
    "one month past the horizon": (
        _both(
            _append("orders", order("P1", "N3", "2026-04", 1)),
            _append("funding", pay("I3", "P1", "2026-04", 100)),
        ),
        [
            "orders[3]: month outside the horizon",
            "funding[4]: month outside the instrument's window",
        ],
    ),
    "one month before the horizon": (
        _both(
            _append("orders", order("P1", "N3", "2025-12", 1)),
            _append("funding", pay("I3", "P1", "2025-12", 100)),
        ),
        [
            "orders[3]: month outside the horizon",
            "funding[4]: month outside the instrument's window",
        ],
    ),
    "a month that is no month": (
        _append("orders", order("P1", "N3", "2026-13", 0)),
        ["orders[3]: month outside the horizon"],
    ),
    "an instrument's category rule": (
        _both(
            _set("funding", 2, instrument="I2"),
            _set("funding", 3, amount=50),
            _append("funding", pay("I3", "P2", "2026-03", 200)),
        ),
        ["funding[2]: instrument may not pay this producer"],
    ),
    "an instrument's country rule": (
        _both(
            _set("funding", 0, amount=650),
            _set("funding", 1, amount=350),
            _set("funding", 3, instrument="I1", month="2026-02"),
            _set("orders", 2, month="2026-02"),
        ),
        ["funding[3]: instrument may not pay this producer"],
    ),
    "after an instrument's last month": (
        _both(
            _set("funding", 0, amount=800),
            _set("funding", 1, amount=200),
            _append("orders", order("P1", "N3", "2026-03", 1)),
            _append("funding", pay("I1", "P1", "2026-03", 100)),
        ),
        ["funding[4]: month outside the instrument's window"],
    ),
    "before an instrument's first month": (
        _both(_set("orders", 2, month="2026-01"), _set("funding", 3, month="2026-01")),
        ["funding[3]: month outside the instrument's window"],
    ),
    "a negative quantity": (
        _both(_set("orders", 0, quantity=11), _append("orders", order("P1", "N1", "2026-01", -1))),
        ["orders[3]: negative quantity"],
    ),
    "a negative amount": (
        _both(_set("funding", 1, amount=200), _append("funding", pay("I3", "P1", "2026-01", -100))),
        ["funding[4]: negative amount"],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_plan_is_reported(problem: Problem, case: str) -> None:
    change, expected = BROKEN[case]
    check = check_plan(problem, _edit(valid_plan(), change))
    assert check.violations == expected
    assert not check.feasible


def test_a_rounding_error_within_the_tolerance_is_no_breach(problem: Problem) -> None:
    plan = valid_plan()
    plan["orders"][0]["quantity"] = 10 + 1e-7  # a solver's rounding, not a breach
    plan["funding"][1]["amount"] = 100 + 1e-5
    plan["funding"][3]["amount"] = 250 + 1e-7
    assert check_plan(problem, plan).violations == []


def test_an_empty_plan_is_feasible_and_worth_nothing(problem: Problem) -> None:
    check = check_plan(problem, {})
    assert check.violations == [] and check.objective == 0.0


def test_lines_of_nothing_are_no_breach(problem: Problem) -> None:
    plan = valid_plan()
    plan["orders"].append(order("P1", "N3", "2026-03", 0))
    plan["funding"].append(pay("I3", "P1", "2026-03", 0))
    assert check_plan(problem, plan).violations == []


def test_a_quantity_exactly_at_the_tolerance_is_no_breach(problem: Problem) -> None:
    plan = valid_plan()
    at_tolerance = 10.0 + TOLERANCE * 10.0  # capacity 10, tolerance relative to it
    plan["orders"][0]["quantity"] = at_tolerance
    plan["funding"][1]["amount"] = at_tolerance * 100 - 900
    assert check_plan(problem, plan).violations == []


def test_below_one_unit_the_tolerance_is_absolute(problem: Problem) -> None:
    # N3 needs 1: the tolerance is TOLERANCE itself, not twice it.
    quantity = 1 + 1.5 * TOLERANCE
    plan = valid_plan()
    plan["orders"].append(order("P1", "N3", "2026-03", quantity))
    plan["funding"].append(pay("I3", "P1", "2026-03", quantity * 100))
    assert check_plan(problem, plan).violations == [f"demand: N3: {quantity}"]


def test_an_order_outside_the_horizon_hides_no_other_breach(problem: Problem) -> None:
    plan = valid_plan()
    plan["orders"].insert(0, order("P1", "N3", "2026-04", 0))
    plan["orders"][1]["quantity"] = 11  # P1's January capacity is 10
    plan["orders"][2]["quantity"] = 1
    plan["funding"][1]["amount"] = 200
    plan["funding"][2]["amount"] = 100
    assert check_plan(problem, plan).violations == [
        "orders[0]: month outside the horizon",
        "capacity: P1 month 0: 11.0",
    ]


@pytest.mark.parametrize(
    ("paid", "expected"),
    [
        (TOLERANCE, []),  # within the absolute tolerance (nothing made: no cost to scale it)
        (1.5 * TOLERANCE, [f"payment: P2 month 1: cost 0.0, paid {1.5 * TOLERANCE}"]),
    ],
)
def test_a_payment_for_nothing_is_judged_with_the_absolute_tolerance(
    problem: Problem, paid: float, expected: list[str]
) -> None:
    plan = valid_plan()
    plan["funding"].append(pay("I3", "P2", "2026-02", paid))
    assert check_plan(problem, plan).violations == expected
