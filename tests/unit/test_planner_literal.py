"""The network LP against the spec's literal LP, and properties of every plan."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_cases import problem_of, random_scenario
from tests.planning import plan_problem

from coprod.planner.check import check_plan
from coprod.planner.greedy import greedy_plan
from coprod.planner.literal import solve_literal
from coprod.planner.plan import plan_document


@pytest.mark.parametrize("seed", range(60))
def test_same_optimum_as_the_literal_formulation(seed: int) -> None:
    problem = problem_of(random_scenario(seed))
    plan = plan_problem(problem)
    literal = solve_literal(problem)
    assert plan.status == "optimal"
    assert literal.status == 0
    assert plan.solution.objective == pytest.approx(literal.objective, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("seed", range(100, 115))
def test_same_optimum_on_larger_random_cases(seed: int) -> None:
    problem = problem_of(random_scenario(seed, needs=14, producers=10, instruments=5, months=7))
    plan = plan_problem(problem)
    assert plan.solution.objective == pytest.approx(
        solve_literal(problem).objective, rel=1e-6, abs=1e-6
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    needs=st.integers(min_value=1, max_value=10),
    producers=st.integers(min_value=0, max_value=8),
    instruments=st.integers(min_value=0, max_value=4),
    months=st.integers(min_value=1, max_value=6),
)
def test_every_plan_is_feasible_and_its_objective_is_recomputed(
    seed: int, needs: int, producers: int, instruments: int, months: int
) -> None:
    problem = problem_of(
        random_scenario(
            seed, needs=needs, producers=producers, instruments=instruments, months=months
        )
    )
    document = plan_document(plan_problem(problem))
    check = check_plan(problem, document)
    assert document["status"] == "optimal"
    assert check.violations == []
    assert check.objective == pytest.approx(document["objective"], rel=1e-9, abs=1e-7)
    assert document["objective"] == pytest.approx(
        solve_literal(problem).objective, rel=1e-6, abs=1e-6
    )
    for row in document["needs"]:
        assert row["planned"] <= row["quantity"] * (1 + 1e-9)
        assert (row["reason"] == "fulfilled") == (row["unmet"] <= 1e-6 * max(1.0, row["quantity"]))


@pytest.mark.parametrize("seed", range(20))
def test_greedy_never_beats_the_optimum(seed: int) -> None:
    problem = problem_of(random_scenario(seed, needs=10, producers=6, instruments=3, months=5))
    optimum = plan_problem(problem).objective
    greedy = greedy_plan(problem)
    assert greedy.objective <= optimum + 1e-6 * max(1.0, abs(optimum))
    assert (greedy.orders.quantity > 0).all()
