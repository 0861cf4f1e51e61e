"""Scenario → model → HiGHS → plan, and the ``coprod.plan/1`` document."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from coprod.planner.build import Model, build_model, sum_by
from coprod.planner.explain import (
    Funding,
    Orders,
    Reason,
    capacity_marginal_values,
    instrument_marginal_values,
    need_reasons,
    order_values,
    recover_funding,
    recover_orders,
)
from coprod.planner.problem import FloatArray, Problem
from coprod.planner.solve import PlanSolver, Solution, SolveStatus

PLAN_SCHEMA = "coprod.plan/1"


@dataclass(frozen=True)
class PlanResult:
    """A solved plan with everything the document and the report show."""

    problem: Problem
    model: Model
    solution: Solution
    orders: Orders
    funding: Funding
    objective: float
    build_seconds: float
    reasons: list[Reason]
    planned: FloatArray
    on_time: FloatArray
    spent: FloatArray
    instrument_value: FloatArray
    capacity_value: FloatArray
    utilisation: FloatArray

    @property
    def status(self) -> SolveStatus:
        """The solver's outcome."""
        return self.solution.status


class Planner:
    """Plans scenarios one after another, re-using the HiGHS object (warm starts)."""

    def __init__(self, *, time_limit: float | None = None) -> None:
        self.time_limit = time_limit
        self.solver: PlanSolver | None = None

    def plan(self, problem: Problem) -> PlanResult:
        """Build, solve (warm when only bounds or costs changed) and explain."""
        started = time.perf_counter()
        model = build_model(problem)
        solver = self.solver_for(model)
        build_seconds = time.perf_counter() - started
        return explain(model, solver.solve(), build_seconds)

    def solver_for(self, model: Model) -> PlanSolver:
        """The solver loaded with ``model``, keeping the basis when the structure is the same."""
        if self.solver is None:
            self.solver = PlanSolver(model, time_limit=self.time_limit)
        else:
            self.solver.update(model)
        return self.solver


def explain(model: Model, solution: Solution, build_seconds: float) -> PlanResult:
    """Orders, funding, reasons and marginal values of a solution."""
    problem = model.problem
    values = solution.col_value
    if solution.status is not SolveStatus.OPTIMAL:
        values = np.zeros(model.num_col)
    orders = recover_orders(model, values)
    funding = recover_funding(model, values, orders)
    n_j, n_p = len(problem.need_ids), len(problem.producer_ids)
    planned = sum_by(orders.need, orders.quantity, n_j)
    delivery = orders.month + problem.lead_time[orders.producer]
    on_time_qty = np.where(delivery <= problem.need_due[orders.need], orders.quantity, 0.0)
    made = sum_by(orders.producer, orders.quantity, n_p)
    capacity = problem.capacity.sum(axis=1)
    return PlanResult(
        problem=problem,
        model=model,
        solution=solution,
        orders=orders,
        funding=funding,
        objective=float(order_values(problem, orders).sum()),
        build_seconds=build_seconds,
        reasons=need_reasons(model, planned),
        planned=planned,
        on_time=sum_by(orders.need, on_time_qty, n_j),
        spent=sum_by(funding.instrument, funding.amount, len(problem.budget)),
        instrument_value=instrument_marginal_values(model, solution),
        capacity_value=capacity_marginal_values(model, solution),
        utilisation=np.divide(made, capacity, out=np.zeros(n_p), where=capacity > 0),
    )


def plan_document(result: PlanResult) -> dict[str, Any]:
    """The ``coprod.plan/1`` document of a plan."""
    problem = result.problem
    return {
        "schema": PLAN_SCHEMA,
        "scenario": problem.scenario.name,
        "status": str(result.status),
        "objective": result.objective,
        "currency": problem.scenario.currency,
        "solver": {
            "name": "highs",
            "build_seconds": round(result.build_seconds, 6),
            "solve_seconds": round(result.solution.solve_seconds, 6),
            "iterations": result.solution.iterations,
            "warm_start": result.solution.warm,
            "model_objective": result.solution.objective,
        },
        "orders": _orders(result),
        "funding": _funding(result),
        "needs": _needs(result),
        "instruments": [
            {
                "id": ident,
                "budget": float(budget),
                "spent": float(spent),
                "marginal_value": float(mv),
            }
            for ident, budget, spent, mv in zip(
                problem.instrument_ids,
                problem.budget,
                result.spent,
                result.instrument_value,
                strict=True,
            )
        ],
        "producers": [
            {"id": ident, "utilisation": float(use), "marginal_value": float(mv)}
            for ident, use, mv in zip(
                problem.producer_ids, result.utilisation, result.capacity_value, strict=True
            )
        ],
    }


def _orders(result: PlanResult) -> list[dict[str, Any]]:
    problem, orders = result.problem, result.orders
    order = np.lexsort((orders.need, orders.month, orders.producer))
    return [
        {
            "producer": problem.producer_ids[p],
            "need": problem.need_ids[j],
            "month": problem.month_label(t),
            "delivery": problem.month_label(t + problem.lead_time[p]),
            "quantity": float(q),
            "cost": float(q * problem.unit_cost[p]),
        }
        for p, j, t, q in zip(
            orders.producer[order],
            orders.need[order],
            orders.month[order],
            orders.quantity[order],
            strict=True,
        )
    ]


def _funding(result: PlanResult) -> list[dict[str, Any]]:
    problem, funding = result.problem, result.funding
    order = np.lexsort((funding.month, funding.producer, funding.instrument))
    return [
        {
            "instrument": problem.instrument_ids[i],
            "producer": problem.producer_ids[p],
            "month": problem.month_label(t),
            "amount": float(a),
        }
        for i, p, t, a in zip(
            funding.instrument[order],
            funding.producer[order],
            funding.month[order],
            funding.amount[order],
            strict=True,
        )
    ]


def _needs(result: PlanResult) -> list[dict[str, Any]]:
    problem = result.problem
    return [
        {
            "id": ident,
            "quantity": float(quantity),
            "planned": float(planned),
            "on_time": float(on_time),
            "late": float(max(planned - on_time, 0.0)),
            "unmet": float(max(quantity - planned, 0.0)),
            "reason": str(reason),
        }
        for ident, quantity, planned, on_time, reason in zip(
            problem.need_ids,
            problem.need_quantity,
            result.planned,
            result.on_time,
            result.reasons,
            strict=True,
        )
    ]
