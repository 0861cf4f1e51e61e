"""Where the next million, or the next production line, adds the most value.

The duals give the first-order answer; the few most promising candidates are then re-solved
exactly, warm-started from the optimal basis (one more million in an instrument; a second
line identical to an existing one, i.e. its capacity doubled).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from coprod.planner.build import build_model
from coprod.planner.greedy import greedy_plan
from coprod.planner.plan import Planner, PlanResult
from coprod.planner.problem import Problem
from coprod.planner.solve import SolveStatus

MILLION = 1_000_000.0


@dataclass(frozen=True)
class Gain:
    """The value gained by one change, estimated from duals and re-solved exactly."""

    id: str
    marginal_value: float
    estimate: float
    exact: float | None


@dataclass(frozen=True)
class Insights:
    """Next-million and next-line gains, and the greedy baseline."""

    next_million: list[Gain]
    next_line: list[Gain]
    greedy_objective: float
    optimum: float

    @property
    def greedy_ratio(self) -> float:
        """Greedy value over the optimum (1 when the optimum is 0)."""
        return self.greedy_objective / self.optimum if self.optimum else 1.0


def insights(planner: Planner, result: PlanResult, top: int = 5) -> Insights:
    """Gains of the most promising extra million and extra line, and the greedy baseline."""
    problem = result.problem
    greedy = greedy_plan(problem)
    optimum = _base(result)
    money = _money_gains(planner, result, top)
    lines = _line_gains(planner, result, top)
    planner.solver_for(result.model)  # leave the solver on the original model
    return Insights(money, lines, greedy.objective, optimum)


def _base(result: PlanResult) -> float:
    """What exact gains are measured from: the optimum, or for a contract plan (whose
    re-solves are of its LP relaxation, warm) the relaxation's optimum."""
    if result.contract is not None:
        return result.contract.relaxation
    return result.solution.objective


def _money_gains(planner: Planner, result: PlanResult, top: int) -> list[Gain]:
    problem = result.problem
    best = np.argsort(-result.instrument_value, kind="stable")[:top]
    gains = []
    for i in best:
        budget = problem.budget.copy()
        budget[i] += MILLION
        exact = _objective(planner, replace(problem, budget=budget))
        estimate = float(result.instrument_value[i]) * MILLION
        gains.append(
            _gain(problem.instrument_ids[i], result.instrument_value[i], estimate, exact, result)
        )
    return sorted(gains, key=lambda g: -(g.exact if g.exact is not None else g.estimate))


def _line_gains(planner: Planner, result: PlanResult, top: int) -> list[Gain]:
    problem = result.problem
    best = np.argsort(-result.capacity_value, kind="stable")[:top]
    # the production columns come first in the LP and in the contract MIP alike
    duals = result.solution.col_dual[: result.model.hold_start].reshape(-1, problem.months)
    gains = []
    for p in best:
        capacity = problem.capacity.copy()
        capacity[p] *= 2
        exact = _objective(planner, replace(problem, capacity=capacity))
        estimate = float(np.maximum(duals[p], 0.0) @ problem.capacity[p])
        gains.append(
            _gain(problem.producer_ids[p], result.capacity_value[p], estimate, exact, result)
        )
    return sorted(gains, key=lambda g: -(g.exact if g.exact is not None else g.estimate))


def _gain(
    ident: str, marginal: float, estimate: float, exact: float | None, result: PlanResult
) -> Gain:
    delta = None if exact is None else exact - _base(result)
    return Gain(ident, float(marginal), estimate, delta)


def _objective(planner: Planner, problem: Problem) -> float | None:
    solution = planner.solver_for(build_model(problem)).solve()
    return solution.objective if solution.status is SolveStatus.OPTIMAL else None
