"""From the aggregated solution to a plan: orders, funding, reasons and marginal values.

Orders ``x[p,j,t]`` are recovered per product by matching production (in order of delivery
month) with deliveries to needs (in order of delivery month), first in first out: a unit
reaches a need no later than the model says, so it is never later than ``max_lateness``.
Funding ``y[i,p,t]`` splits each class's money over its line-months in proportion to their
cost, so constraint 3 holds for every line-month and constraint 4 for every instrument.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from coprod.planner.build import Classes, Model
from coprod.planner.problem import FloatArray, IntArray, Problem
from coprod.planner.solve import Solution

ZERO = 1e-9


class Reason(StrEnum):
    """Why a need is not fully met (docs/planner.md defines each)."""

    FULFILLED = "fulfilled"
    NO_PRODUCER = "no_producer"
    LEAD_TIME = "lead_time"
    NO_FUNDING = "no_funding"
    CAPACITY = "capacity"
    BUDGET = "budget"
    OUTRANKED = "outranked"
    MIN_ORDER = "min_order"
    MAX_SUPPLIERS = "max_suppliers"


@dataclass(frozen=True)
class Orders:
    """Units produced by ``producer`` in ``month`` for ``need`` (parallel arrays)."""

    producer: IntArray
    need: IntArray
    month: IntArray
    quantity: FloatArray


@dataclass(frozen=True)
class Funding:
    """Money of ``instrument`` paying ``producer``'s production of ``month`` (parallel arrays)."""

    instrument: IntArray
    producer: IntArray
    month: IntArray
    amount: FloatArray


def recover_orders(model: Model, values: FloatArray) -> Orders:
    """Orders x[p,j,t] from the network solution, product by product."""
    problem = model.problem
    parts = [_product_orders(model, values, g) for g in range(len(problem.product_ids))]
    parts = [part for part in parts if len(part[0])]
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Orders(empty, empty, empty, np.zeros(0))
    producer, need, month, quantity = (
        np.concatenate(column) for column in zip(*parts, strict=True)
    )
    return Orders(producer, need, month, quantity)


def _product_orders(
    model: Model, values: FloatArray, g: int
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    problem = model.problem
    n_t = problem.months
    production = values[: model.hold_start].reshape(-1, n_t)
    lines = np.nonzero(problem.producer_product == g)[0]
    p_idx, t_idx = np.nonzero(production[lines] > ZERO)
    p_idx = lines[p_idx]
    arrival = t_idx + problem.lead_time[p_idx]
    supply_order = np.lexsort((t_idx, p_idx, arrival))
    p_idx, t_idx = p_idx[supply_order], t_idx[supply_order]
    supply = production[p_idx, t_idx]
    delivered = values[model.need_start : model.money_start]
    cols = np.nonzero((problem.need_product[model.need_col_need] == g) & (delivered > ZERO))[0]
    cols = cols[np.lexsort((model.need_col_need[cols], model.need_col_month[cols]))]
    lot, demand, quantity = fifo_match(supply, delivered[cols])
    need = model.need_col_need[cols][demand]
    p_out, t_out = p_idx[lot], t_idx[lot]
    late = t_out + problem.lead_time[p_out] - problem.need_due[need]
    keep = (quantity > ZERO) & (late <= problem.max_lateness)
    return p_out[keep], need[keep], t_out[keep], quantity[keep]


def fifo_match(supply: FloatArray, demand: FloatArray) -> tuple[IntArray, IntArray, FloatArray]:
    """First-in-first-out pairing of two sequences of amounts: (supply lot, demand lot, amount)."""
    empty = np.zeros(0, dtype=np.int64)
    if len(supply) == 0 or len(demand) == 0:
        return empty, empty, np.zeros(0)
    supply_end, demand_end = np.cumsum(supply), np.cumsum(demand)
    total = min(supply_end[-1], demand_end[-1])
    points = np.unique(np.concatenate([[0.0], supply_end, demand_end]))
    points = points[points <= total]
    if len(points) < 2:
        return empty, empty, np.zeros(0)
    middle = (points[:-1] + points[1:]) / 2
    lot = np.minimum(np.searchsorted(supply_end, middle), len(supply) - 1)
    need = np.minimum(np.searchsorted(demand_end, middle), len(demand) - 1)
    return lot.astype(np.int64), need.astype(np.int64), np.diff(points)


def recover_funding(model: Model, values: FloatArray, orders: Orders) -> Funding:
    """Funding y[i,p,t]: each class's money shared over its line-months by their cost."""
    money = values[model.money_start :]
    return split_funding(
        model.problem, model.classes, (model.money_class, model.money_instrument, money), orders
    )


def split_funding(
    problem: Problem,
    classes: Classes,
    money_columns: tuple[IntArray, IntArray, FloatArray],
    orders: Orders,
) -> Funding:
    """Funding y[i,p,t] from the money columns (class, instrument, amount) of a solution."""
    money_class, money_instrument, money = money_columns
    n_t = problem.months
    made = np.bincount(
        orders.producer * n_t + orders.month,
        weights=orders.quantity,
        minlength=len(problem.producer_ids) * n_t,
    )
    line_month = np.nonzero(made > 0)[0]
    klass = classes.of_line_month.reshape(-1)[line_month]
    line_month, klass = line_month[klass >= 0], klass[klass >= 0]
    n_class = len(classes.instruments)
    count = np.bincount(money_class, minlength=n_class)
    first = np.cumsum(count) - count
    total = np.bincount(money_class, weights=money, minlength=n_class)
    share = np.where(
        total[money_class] > 0,
        money / np.where(total > 0, total, 1.0)[money_class],
        1.0 / np.maximum(count[money_class], 1),
    )
    entry = np.repeat(np.arange(len(line_month)), count[klass])
    column = np.repeat(first[klass], count[klass]) + _ranks(count[klass])
    producer, month = line_month[entry] // n_t, line_month[entry] % n_t
    amount = share[column] * problem.unit_cost[producer] * made[line_month[entry]]
    keep = amount > 0
    return Funding(money_instrument[column][keep], producer[keep], month[keep], amount[keep])


def _ranks(counts: IntArray) -> IntArray:
    """0..c-1 for every c in ``counts``, concatenated."""
    return np.arange(counts.sum(), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)


def order_values(problem: Problem, orders: Orders) -> FloatArray:
    """Objective contribution of each order, recomputed from the spec."""
    delivery = orders.month + problem.lead_time[orders.producer]
    late = np.maximum(0, delivery - problem.need_due[orders.need])
    unit_value = problem.need_priority[orders.need] * (1 - problem.lateness_penalty * late)
    net = unit_value - problem.cost_weight * problem.unit_cost[orders.producer]
    return np.asarray(orders.quantity * net, dtype=np.float64)


def instrument_marginal_values(model: Model, solution: Solution) -> FloatArray:
    """Objective gained per extra currency unit in each instrument's budget."""
    duals = solution.row_dual[model.budget_row_start :]
    return np.asarray(np.maximum(duals, 0.0), dtype=np.float64)


def capacity_marginal_values(model: Model, solution: Solution) -> FloatArray:
    """Objective gained per extra unit of monthly capacity at each line, averaged over months."""
    n_t = model.problem.months
    duals = solution.col_dual[: model.hold_start].reshape(-1, n_t)
    funded = model.classes.of_line_month >= 0
    gain = np.where(funded, np.maximum(duals, 0.0), 0.0)
    return np.asarray(gain.mean(axis=1) if n_t else np.zeros(len(gain)), dtype=np.float64)


def need_reasons(model: Model, planned: FloatArray) -> list[Reason]:
    """Each need's reason (fulfilled, or why not)."""
    problem = model.problem
    reasons = [Reason.FULFILLED] * len(problem.need_ids)
    unmet = problem.need_quantity - planned > 1e-6 * np.maximum(1.0, problem.need_quantity)
    for g in np.unique(problem.need_product[unmet]):
        needs = np.nonzero(unmet & (problem.need_product == g))[0]
        for j, reason in zip(needs, _product_reasons(model, int(g), needs), strict=True):
            reasons[j] = reason
    return reasons


def _product_reasons(model: Model, g: int, needs: IntArray) -> list[Reason]:
    """Reasons of unmet needs of product ``g``, from what each could get on its own."""
    problem = model.problem
    lines = np.nonzero(problem.producer_product == g)[0]
    if len(lines) == 0:
        return [Reason.NO_PRODUCER] * len(needs)
    arrival = (np.arange(problem.months)[None, :] + problem.lead_time[lines][:, None]).reshape(-1)
    klass = model.classes.of_line_month[lines].reshape(-1)
    capacity = problem.capacity[lines].reshape(-1)
    cost = np.repeat(problem.unit_cost[lines], problem.months)
    order = np.argsort(arrival, kind="stable")
    arrival, klass, capacity, cost = arrival[order], klass[order], capacity[order], cost[order]
    funded = klass >= 0
    in_time = np.searchsorted(arrival, problem.need_due[needs] + problem.max_lateness, "right")
    funded_count = np.concatenate([[0], np.cumsum(funded)])[in_time]
    capacity_alone = np.concatenate([[0.0], np.cumsum(np.where(funded, capacity, 0.0))])[in_time]
    money_alone = _affordable_units(model, klass, cost)[in_time]
    quantity = problem.need_quantity[needs] * (1 - 1e-9)
    reasons = []
    for k in range(len(needs)):
        if in_time[k] == 0:
            reasons.append(Reason.LEAD_TIME)
        elif funded_count[k] == 0:
            reasons.append(Reason.NO_FUNDING)
        elif min(capacity_alone[k], money_alone[k]) >= quantity[k]:
            reasons.append(Reason.OUTRANKED)
        elif capacity_alone[k] <= money_alone[k]:
            reasons.append(Reason.CAPACITY)
        else:
            reasons.append(Reason.BUDGET)
    return reasons


def _affordable_units(model: Model, klass: IntArray, cost: FloatArray) -> FloatArray:
    """Per prefix of routes: units all admitting budgets buy at their cheapest admitted route."""
    budget = model.problem.budget
    pays = np.zeros((len(klass), len(budget)), dtype=bool)
    pays[klass >= 0] = model.classes.instruments[klass[klass >= 0]]
    price = np.minimum.accumulate(np.where(pays, cost[:, None], np.inf), axis=0)
    units = np.where(np.isfinite(price), budget[None, :] / price, 0.0).sum(axis=1)
    return np.concatenate([[0.0], units])
