"""Scenario → model → HiGHS → plan, and the ``coprod.plan/1`` document."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from coprod.planner.build import INF, Model, build_model, sum_by
from coprod.planner.check import check_plan
from coprod.planner.contract_bound import product_gaps
from coprod.planner.contract_explain import (
    Contracts,
    contract_marginal_values,
    contract_orders,
    contract_reasons,
    contracts_of,
)
from coprod.planner.contract_workers import default_workers
from coprod.planner.contracts import MipOutcome, PreviousPlan, solve_contracts
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
    split_funding,
)
from coprod.planner.problem import FloatArray, Problem
from coprod.planner.solve import PlanSolver, Solution, SolveStatus, max_violation

PLAN_SCHEMA = "coprod.plan/1"
CONTRACT_TIME_LIMIT = 60.0  # seconds, when a contract plan is asked for without a limit
FINISH_MIN, FINISH_SHARE, FINISH_FACTOR = 0.5, 0.05, 4.0  # see finishing_seconds
MARGINAL_BASIS = "lp_with_signed_contracts_fixed"


@dataclass(frozen=True)
class ContractResult:
    """What a contract plan adds: the MIP's outcome, the contracts, the proven bound and gap."""

    outcome: MipOutcome
    contracts: Contracts
    bound: float
    gap: float

    @property
    def relaxation(self) -> float:
        """The LP relaxation's optimum (the plan without contract fields)."""
        return self.outcome.relaxation


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
    contract: ContractResult | None = None

    @property
    def status(self) -> SolveStatus:
        """The solver's outcome."""
        return self.solution.status


class Planner:
    """Plans scenarios one after another, re-using the HiGHS object (warm starts)."""

    def __init__(
        self,
        *,
        time_limit: float | None = None,
        started: float | None = None,
        workers: int | None = None,
    ) -> None:
        self.time_limit = time_limit
        # processes for a large contract plan's products' phase (default_workers when None)
        self.workers = default_workers() if workers is None else max(1, workers)
        self.started = started  # the first plan's clock (``perf_counter``): the process's start
        self.solver: PlanSolver | None = None
        self.previous_contracts: PreviousPlan | None = None

    def plan(self, problem: Problem) -> PlanResult:
        """Build, solve (warm when only bounds or costs changed) and explain."""
        started = time.perf_counter()
        clock, self.started = (started if self.started is None else self.started), None
        model = build_model(problem)
        solver = self.solver_for(model)
        build_seconds = time.perf_counter() - started
        if problem.contracts:
            return self._plan_contracts(model, solver.solve(), build_seconds, clock)
        return explain(model, solver.solve(), build_seconds)

    def _plan_contracts(
        self, model: Model, relaxed: Solution, build_seconds: float, clock: float
    ) -> PlanResult:
        """The contract plan, started from the relaxation and the previous contract plan, done
        by ``clock`` + the time limit: the search stops early enough for what follows it
        (:func:`finishing_seconds`)."""
        limit = CONTRACT_TIME_LIMIT if self.time_limit is None else self.time_limit
        deadline = clock + limit - finishing_seconds(limit, build_seconds + relaxed.solve_seconds)
        outcome = solve_contracts(
            model,
            relaxed,
            deadline=deadline,
            previous=self.previous_contracts,
            workers=self.workers,
        )
        self.previous_contracts = PreviousPlan.of(outcome)
        return explain_contracts(model, outcome, build_seconds)

    def solver_for(self, model: Model) -> PlanSolver:
        """The solver loaded with ``model``, keeping the basis when the structure is the same."""
        if self.solver is None:
            self.solver = PlanSolver(model, time_limit=self.time_limit)
        else:
            self.solver.update(model)
        return self.solver


def finishing_seconds(limit: float, first_seconds: float) -> float:
    """Time kept after a contract plan's search, out of its ``limit``, for the fixed LPs, the
    explanation, the check and writing: a share of the limit and a multiple of what building
    and solving the relaxation took (``first_seconds``: both grow with the scenario and
    with the machine's load)."""
    return max(FINISH_MIN, FINISH_SHARE * limit) + FINISH_FACTOR * first_seconds


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


def explain_contracts(model: Model, outcome: MipOutcome, build_seconds: float) -> PlanResult:
    """Orders, funding, contracts, reasons and marginal values of a contract plan, checked."""
    problem, mip = model.problem, outcome.model
    orders = contract_orders(mip, outcome.values)
    money = (mip.money_class, mip.money_instrument, outcome.values[mip.money_start :])
    funding = split_funding(problem, mip.classes, money, orders)
    n_j, n_p = len(problem.need_ids), len(problem.producer_ids)
    planned = sum_by(orders.need, orders.quantity, n_j)
    objective = float(order_values(problem, orders).sum())
    bound = min(outcome.relaxation, outcome.cut_bound)
    if outcome.mip_bound is not None:
        bound = min(bound, outcome.mip_bound)
    if outcome.lagrangian is not None:
        bound = min(bound, outcome.lagrangian.value)
    bound = max(bound, objective)  # equal within the solver's tolerance when proven
    gap = (bound - objective) / max(1.0, abs(bound))
    status = SolveStatus.OPTIMAL if gap <= problem.mip_gap else SolveStatus.FEASIBLE
    instrument_value, capacity_value = contract_marginal_values(
        mip, outcome.duals.col_dual, outcome.duals.row_dual
    )
    seconds = outcome.seconds
    solution = Solution(
        status=status,
        objective=float(mip.cost @ outcome.values),
        col_value=outcome.values,
        col_dual=outcome.duals.col_dual,
        row_dual=outcome.duals.row_dual,
        solve_seconds=seconds["relaxation"]
        + seconds["heuristic"]
        + seconds["mip"]
        + seconds["fixed"],
        iterations=outcome.iterations,
        warm=outcome.warm,
        max_violation=max_violation(mip, outcome.values),
    )
    delivery = orders.month + problem.lead_time[orders.producer]
    on_time_qty = np.where(delivery <= problem.need_due[orders.need], orders.quantity, 0.0)
    made = sum_by(orders.producer, orders.quantity, n_p)
    capacity = problem.capacity.sum(axis=1)
    result = PlanResult(
        problem=problem,
        model=model,
        solution=solution,
        orders=orders,
        funding=funding,
        objective=objective,
        build_seconds=build_seconds + seconds["build"],
        reasons=contract_reasons(mip, orders, planned, need_reasons(model, planned)),
        planned=planned,
        on_time=sum_by(orders.need, on_time_qty, n_j),
        spent=sum_by(funding.instrument, funding.amount, len(problem.budget)),
        instrument_value=instrument_value,
        capacity_value=capacity_value,
        utilisation=np.divide(made, capacity, out=np.zeros(n_p), where=capacity > 0),
        contract=ContractResult(outcome, contracts_of(problem, orders), bound, gap),
    )
    return _checked(result)


def _checked(result: PlanResult) -> PlanResult:
    """The plan with status ``not_feasible`` when it breaks a constraint or a contract rule."""
    check = check_plan(result.problem, plan_document(result))
    if check.feasible:
        return result
    solution = replace(result.solution, status=SolveStatus.NOT_FEASIBLE)
    return replace(result, solution=solution)


def plan_document(result: PlanResult) -> dict[str, Any]:
    """The ``coprod.plan/1`` document of a plan."""
    document = _lp_document(result)
    if result.contract is not None:
        document.update(_contract_fields(result, result.contract))
    return document


def _contract_fields(result: PlanResult, contract: ContractResult) -> dict[str, Any]:
    problem, found, outcome = result.problem, contract.contracts, contract.outcome
    return {
        "bound": contract.bound,
        "gap": contract.gap,
        "mip_gap": problem.mip_gap,
        "relaxation": contract.relaxation,
        "marginal_values": MARGINAL_BASIS,
        "contracts": [
            {
                "producer": problem.producer_ids[p],
                "need": problem.need_ids[j],
                "quantity": float(q),
                "months": [problem.month_label(t) for t in months],
                "cost": float(c),
            }
            for p, j, q, c, months in zip(
                found.producer, found.need, found.quantity, found.cost, found.months, strict=True
            )
        ],
        "mip": {
            "pairs": len(outcome.model.pairs.line),
            "pairs_from_relaxation_only": outcome.model.restricted,
            "integer_columns": int(outcome.model.integer.sum()),
            "status": outcome.highs_status,
            "nodes": outcome.nodes,
            "first_plan": outcome.heuristic,
            "previous_contracts_carried": outcome.carried,
            "workers": outcome.workers,
            "worker_peak_mib": round(outcome.worker_peak_mib, 1),
            "cut_bound": outcome.cut_bound,
            "lagrangian_bound": _lagrangian_fields(outcome),
            "seconds": {k: round(v, 6) for k, v in outcome.seconds.items()},
        },
    }


def _lagrangian_fields(outcome: MipOutcome) -> dict[str, Any] | None:
    """The Lagrangian bound, each product's part and where the room is (bound less the plan's
    priced value per product, and the priced money left unspent)."""
    found = outcome.lagrangian
    if found is None:
        return None
    problem = outcome.model.problem
    rooms, unspent = product_gaps(outcome.model, outcome.values, found)
    return {
        "value": found.value,
        "priced_budgets": found.money,
        "unspent_priced": unspent,
        "seconds": round(found.seconds, 6),
        "products": [
            {
                "product": problem.product_ids[p.product],
                "bound": p.bound,
                "network_lp": p.network,
                "compact_lp": None if p.lp == INF else p.lp,
                "mip": None if p.mip == INF else p.mip,
                "room": rooms[p.product],
            }
            for p in found.products
        ],
    }


def _lp_document(result: PlanResult) -> dict[str, Any]:
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
