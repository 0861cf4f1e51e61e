"""Planning helpers of the tests."""

from __future__ import annotations

from coprod.planner.plan import Planner, PlanResult
from coprod.planner.problem import Problem


def plan_problem(problem: Problem, *, time_limit: float | None = None) -> PlanResult:
    """Plan one scenario from scratch."""
    return Planner(time_limit=time_limit).plan(problem)
