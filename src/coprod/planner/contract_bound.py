"""Proven upper bounds on the contract plan's value: the cut bound and a Lagrangian bound.

Products share nothing but money: a line makes one product, a need wants one, and every
contract rule (whole units, lots, minimum orders, suppliers per need) speaks of one line or
one need. The budget rows are the only rows that tie products together. Relaxing them with
prices ``λ_i ≥ 0`` per currency unit of instrument ``i`` (the Lagrangian relaxation), every
plan meeting every rule satisfies::

    value(plan) ≤ value(plan) + Σ_i λ_i (budget_i − spent_i)            (spent_i ≤ budget_i)
                = Σ_i λ_i budget_i + Σ_g [value_g(plan) − Σ_i λ_i spent_{i,g}]
                ≤ Σ_i λ_i budget_i + Σ_g max over product g's plans (no budgets, money priced)

so the right-hand side, with each product's maximum replaced by any proven upper bound on
it (HiGHS's MIP dual bound, or its LP's optimum), bounds every contract plan. Each product's
problem is its own compact MIP (:func:`coprod.planner.mip.build_contract_model`, every pair)
with the budget rows left open and each money column costing its instrument's price; its
needs are capped at what their largest allowed lines can make in their window (a cut every
plan meets, :func:`strengthened_problem`). The prices are the budget duals of the cut
bound's LP, with which the bound starts at or below the cut bound and falls by what each
product's integers cost.

The difference between the bound and a plan splits exactly into one non-negative part per
product (its bound less its priced value in the plan) and the priced money the plan leaves
unspent: :func:`product_gaps` says where the room is.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import highspy
import numpy as np

from coprod.planner.build import INF, Model, build_model, funding_classes
from coprod.planner.contract_search import contract_money, product_problem, products_by_value
from coprod.planner.mip import ContractModel, build_contract_model, reachable
from coprod.planner.problem import FloatArray, Problem
from coprod.planner.solve import MIP_BOUND_KEPT, PlanSolver, SolveStatus, to_highs_lp

WHOLE = 1e-6
_HIGHS: Any = highspy.Highs


@dataclass(frozen=True)
class CutBound:
    """The cut bound's LP: its optimum and its budget rows' duals (≥ 0, per currency unit)."""

    value: float
    prices: FloatArray


@dataclass(frozen=True)
class ProductBound:
    """Product ``product``'s priced problem: proven upper bounds on its best priced value
    (its network LP's, its compact MIP's LP's, HiGHS's MIP bound; the smallest counts)."""

    product: int
    network: float
    lp: float = INF  # INF: not solved (time)
    mip: float = INF

    @property
    def bound(self) -> float:
        """The product's proven upper bound."""
        return min(self.network, self.lp, self.mip)


@dataclass(frozen=True)
class LagrangianBound:
    """The bound: the priced budgets plus every product's proven bound."""

    prices: FloatArray
    money: float  # Σ_i λ_i budget_i
    products: tuple[ProductBound, ...]
    seconds: float

    @property
    def value(self) -> float:
        """The proven upper bound on every contract plan's value."""
        return self.money + sum(p.bound for p in self.products)

    def of(self, product: int) -> ProductBound | None:
        """The bound of one product (None when it has no lines or no needs)."""
        return next((p for p in self.products if p.product == product), None)


def strengthened_problem(problem: Problem) -> Problem:
    """The problem with two cuts every contract plan meets, as an LP's data: each line-month's
    capacity down to whole lots, and each need whose suppliers are limited to ``k`` capped at
    what its ``k`` largest able lines can make in its window (whole lots, funded months)."""
    lots = problem.lots().astype(np.float64)[:, None]
    classes = funding_classes(problem)
    capacity = np.floor(problem.capacity / lots + WHOLE) * lots
    funded = np.where(classes.of_line_month >= 0, capacity, 0.0)
    cumulative = np.concatenate([np.zeros((len(funded), 1)), np.cumsum(funded, axis=1)], axis=1)
    line, need = reachable(problem)
    last = problem.need_due[need] + problem.max_lateness - problem.lead_time[line]
    window = cumulative[line, np.clip(last + 1, 0, problem.months)]
    limit = problem.supplier_limits()
    reach = np.full(len(problem.need_ids), np.inf)
    ruled = np.nonzero(limit > 0)[0]
    order = np.lexsort((-window, need))
    sorted_need, sorted_window = need[order], window[order]
    rank = np.arange(len(order)) - np.searchsorted(sorted_need, sorted_need)
    top = rank < limit[sorted_need]
    most = np.bincount(sorted_need[top], weights=sorted_window[top], minlength=len(reach))
    reach[ruled] = most[ruled]
    quantity = np.minimum(problem.need_quantity, reach)
    return replace(problem, capacity=capacity, need_quantity=quantity)


def cut_bound(problem: Problem) -> CutBound:
    """The optimum of :func:`strengthened_problem`'s LP and its budget prices (infinite and
    zero when it is not solved)."""
    model = build_model(strengthened_problem(problem))
    solution = PlanSolver(model).solve()
    if solution.status is not SolveStatus.OPTIMAL:
        return CutBound(float("inf"), np.zeros(len(problem.instrument_ids)))
    duals = solution.row_dual[model.budget_row_start :]
    return CutBound(solution.objective, np.asarray(np.maximum(duals, 0.0), dtype=np.float64))


def priced_product_model(problem: Problem, g: int, prices: FloatArray) -> ContractModel:
    """Product ``g``'s own compact MIP (every pair; needs capped at their lines' reach) with
    the budget rows open and each currency unit of instrument ``i`` costing ``prices[i]``."""
    sub, _, _ = product_problem(strengthened_problem(problem), g, problem.budget)
    model = build_contract_model(sub)
    return replace(model, **_priced(model, prices, model.rows["budget"].range))


def priced_product_lp(problem: Problem, g: int, prices: FloatArray) -> Model:
    """Product ``g``'s network LP of :func:`strengthened_problem`, priced the same way."""
    sub, _, _ = product_problem(strengthened_problem(problem), g, problem.budget)
    model = build_model(sub)
    budget = slice(model.budget_row_start, model.num_row)
    return replace(model, **_priced(model, prices, budget))


def _priced(model: Model | ContractModel, prices: FloatArray, budget: slice) -> dict[str, Any]:
    cost = model.cost.copy()
    cost[model.money_start :] = -prices[model.money_instrument]
    row_upper = model.row_upper.copy()
    row_upper[budget] = INF
    return {"cost": cost, "row_upper": row_upper}


def lagrangian_bound(
    problem: Problem,
    prices: FloatArray,
    deadline: float | None = None,
    *,
    mip_seconds: float = 0.0,
    order: list[int] | None = None,
) -> LagrangianBound:
    """The bound at ``prices`` (≥ 0; others are clipped to 0). Each product gets its network
    LP (always), then, while ``deadline`` (a ``perf_counter`` time) is not past, its compact
    MIP's LP and, with ``mip_seconds`` > 0, HiGHS's MIP for that long; products in ``order``
    (default: most valuable first)."""
    started = time.perf_counter()
    prices = np.maximum(np.asarray(prices, dtype=np.float64), 0.0)
    products = order if order is not None else products_by_value(problem)
    found = tuple(
        ProductBound(g, solve_lp(priced_product_lp(problem, g, prices))) for g in products
    )
    network = LagrangianBound(prices, float(prices @ problem.budget), found, 0.0)
    bound = tightened(problem, network, deadline, products, mip_seconds=mip_seconds)
    return replace(bound, seconds=time.perf_counter() - started)


def tightened(
    problem: Problem,
    bound: LagrangianBound,
    deadline: float | None,
    order: list[int],
    *,
    mip_seconds: float = 0.0,
) -> LagrangianBound:
    """``bound`` with the compact MIP's LP (and, with ``mip_seconds``, HiGHS's MIP bound) of
    the products in ``order`` not done yet, while ``deadline`` is not past."""
    started = time.perf_counter()
    parts = {p.product: p for p in bound.products}
    for g in order:
        if _past(deadline):
            break
        part = parts.get(g)
        if part is None or part.lp < INF:
            continue
        model = priced_product_model(problem, g, bound.prices)
        lp = solve_lp(model, _seconds_to(deadline))
        mip = INF
        if mip_seconds > 0 and not _past(deadline):
            mip = _mip_bound(model, min(mip_seconds, _seconds_to(deadline) or mip_seconds))
        parts[g] = replace(part, lp=lp, mip=mip)
    products = tuple(parts[p.product] for p in bound.products)
    spent = time.perf_counter() - started
    return replace(bound, products=products, seconds=bound.seconds + spent)


def _seconds_to(deadline: float | None) -> float | None:
    return None if deadline is None else max(deadline - time.perf_counter(), 0.1)


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.perf_counter() >= deadline


def solve_lp(model: Model | ContractModel, seconds: float | None = None) -> float:
    """The LP's optimum (dual simplex), or infinity when it is not solved (in ``seconds``)."""
    highs = _HIGHS()
    highs.silent()
    highs.setOptionValue("solver", "simplex")
    if seconds is not None:
        highs.setOptionValue("time_limit", float(seconds))
    highs.passModel(to_highs_lp(model))
    highs.run()
    if highs.getModelStatus() not in (
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kModelEmpty,
    ):
        return INF
    return float(model.cost @ np.asarray(highs.getSolution().col_value, dtype=np.float64))


def _mip_bound(model: ContractModel, seconds: float) -> float:
    """HiGHS's proven bound on the model's MIP after at most ``seconds`` (infinity if none)."""
    highs = _HIGHS()
    highs.silent()
    lp = to_highs_lp(model)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if whole else highspy.HighsVarType.kContinuous
        for whole in model.integer
    ]
    highs.passModel(lp)
    highs.setOptionValue("mip_rel_gap", 1e-9)
    highs.setOptionValue("time_limit", float(seconds))
    highs.run()
    if highs.getModelStatus() not in MIP_BOUND_KEPT:
        return INF
    bound = float(highs.getInfo().mip_dual_bound)
    return bound if np.isfinite(bound) else INF


def priced_values(model: ContractModel, values: FloatArray, prices: FloatArray) -> FloatArray:
    """Per product: a plan's value (``values``, a point of ``model``) less its money at
    ``prices``: the plan's part of each product's term of the bound."""
    problem = model.problem
    gain = model.cost * values
    per_product = np.zeros(len(problem.product_ids))
    line = np.repeat(np.arange(len(problem.producer_ids)), problem.months)
    np.add.at(per_product, problem.producer_product[line], gain[model.cols["z"].range])
    np.add.at(per_product, problem.need_product[model.need_col_need], gain[model.cols["u"].range])
    pair_need = model.pairs.need[model.pair_col_pair]
    np.add.at(per_product, problem.need_product[pair_need], gain[model.cols["w"].range])
    spent = contract_money(model, values)  # instruments x products
    return np.asarray(per_product - prices @ spent, dtype=np.float64)


def product_gaps(
    model: ContractModel, values: FloatArray, bound: LagrangianBound
) -> tuple[dict[int, float], float]:
    """Where the room is: per product, its proven bound less its priced value in the plan;
    and the priced money the plan leaves unspent. They add up to the bound less the plan's
    value (each is ≥ 0 up to the solver's tolerances)."""
    priced = priced_values(model, values, bound.prices)
    gaps = {p.product: p.bound - float(priced[p.product]) for p in bound.products}
    spent = np.bincount(
        model.money_instrument,
        weights=values[model.cols["y"].range],
        minlength=len(model.problem.instrument_ids),
    )
    unspent = float(bound.prices @ (model.problem.budget - spent))
    return gaps, unspent
