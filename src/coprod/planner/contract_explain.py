"""From the contract MIP's columns to a plan: orders, contracts, reasons, marginal values.

Orders come out first in first out, as for the LP (:mod:`coprod.planner.explain`): a line
with its own pool hands its production, in month order, to its contracts' deliveries and to
what it spills into the product pool; the product pool then serves the needs without a
supplier limit. Every amount is whole, so every order is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coprod.planner.explain import Orders, Reason, fifo_match
from coprod.planner.mip import ContractModel, reachable
from coprod.planner.problem import FloatArray, IntArray, Problem

ZERO = 1e-9


@dataclass(frozen=True)
class Contracts:
    """One contract per (line, need) with a positive total (parallel arrays, months as lists)."""

    producer: IntArray
    need: IntArray
    quantity: FloatArray
    cost: FloatArray
    months: list[list[int]]


def contract_orders(model: ContractModel, values: FloatArray) -> Orders:
    """Orders x[p,j,t] of a contract solution, merged per (line, need, month)."""
    pieces: list[tuple[IntArray, IntArray, IntArray, FloatArray]] = []
    spills = _line_pool_orders(model, values, pieces)
    for g in range(len(model.problem.product_ids)):
        pieces.append(_product_pool_orders(model, values, g, spills))
    return _merged(model.problem, pieces)


def _line_pool_orders(
    model: ContractModel,
    values: FloatArray,
    pieces: list[tuple[IntArray, IntArray, IntArray, FloatArray]],
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Orders of each line with its own pool; returns its spills (line, month, entry, units)."""
    problem, n_t = model.problem, model.problem.months
    production = model.production(values)
    w = values[model.cols["w"].range]
    w_line = model.pairs.line[model.pair_col_pair]
    w_need = model.pairs.need[model.pair_col_pair]
    w_index = model.pair_col_month - problem.lead_time[w_line]
    spill_values = values[model.cols["s"].range].reshape(-1, n_t)
    spill_row = {int(p): k for k, p in enumerate(_spill_lines(model))}
    by_line = np.argsort(w_line, kind="stable")
    bounds = np.searchsorted(w_line[by_line], model.pair_lines)
    ends = np.searchsorted(w_line[by_line], model.pair_lines, side="right")
    spilled: list[tuple[int, int, int, float]] = []
    for p, lo, hi in zip(model.pair_lines.tolist(), bounds.tolist(), ends.tolist(), strict=True):
        cols = by_line[lo:hi]
        cols = cols[w[cols] > ZERO]
        index, amount, need = w_index[cols], w[cols], w_need[cols]
        if p in spill_row:
            row = spill_values[spill_row[p]]
            months = np.nonzero(row > ZERO)[0]
            index = np.concatenate([index, months])
            amount = np.concatenate([amount, row[months]])
            need = np.concatenate([need, np.full(len(months), -1, dtype=np.int64)])
        order = np.argsort(index, kind="stable")
        index, amount, need = index[order], amount[order], need[order]
        made = np.nonzero(production[p] > ZERO)[0]
        lot, demand, quantity = fifo_match(production[p][made], amount)
        month, target = made[lot], need[demand]
        to_need = target >= 0
        line = np.full(int(to_need.sum()), p, dtype=np.int64)
        pieces.append((line, target[to_need], month[to_need], quantity[to_need]))
        lead = int(problem.lead_time[p])
        for t, entry, q in zip(
            month[~to_need].tolist(),
            (index[demand][~to_need] + lead).tolist(),
            quantity[~to_need].tolist(),
            strict=True,
        ):
            spilled.append((p, t, entry, q))
    columns = list(zip(*spilled, strict=True)) if spilled else [(), (), (), ()]
    return (
        np.asarray(columns[0], dtype=np.int64),
        np.asarray(columns[1], dtype=np.int64),
        np.asarray(columns[2], dtype=np.int64),
        np.asarray(columns[3], dtype=np.float64),
    )


def _spill_lines(model: ContractModel) -> IntArray:
    minimum = model.problem.minimum_orders()
    return np.asarray(model.pair_lines[minimum[model.pair_lines] == 0], dtype=np.int64)


def _product_pool_orders(
    model: ContractModel,
    values: FloatArray,
    g: int,
    spills: tuple[IntArray, IntArray, IntArray, FloatArray],
) -> tuple[IntArray, IntArray, IntArray, FloatArray]:
    """Orders served from product ``g``'s pool: free lines' production and spills."""
    problem, n_t = model.problem, model.problem.months
    own = np.zeros(len(problem.producer_ids), dtype=bool)
    own[model.pair_lines] = True
    lines = np.nonzero((problem.producer_product == g) & ~own)[0]
    production = model.production(values)[lines]
    p_idx, t_idx = np.nonzero(production > ZERO)
    supply_line = np.concatenate(
        [lines[p_idx], spills[0][problem.producer_product[spills[0]] == g]]
    )
    of_g = problem.producer_product[spills[0]] == g
    supply_month = np.concatenate([t_idx, spills[1][of_g]])
    entry = np.concatenate([t_idx + problem.lead_time[lines[p_idx]], spills[2][of_g]])
    amount = np.concatenate([production[p_idx, t_idx], spills[3][of_g]])
    order = np.lexsort((supply_month, supply_line, entry))
    u = values[model.cols["u"].range]
    cols = np.nonzero((problem.need_product[model.need_col_need] == g) & (u > ZERO))[0]
    cols = cols[np.lexsort((model.need_col_need[cols], model.need_col_month[cols]))]
    lot, demand, quantity = fifo_match(amount[order], u[cols])
    del n_t
    return (
        supply_line[order][lot],
        model.need_col_need[cols][demand],
        supply_month[order][lot],
        quantity,
    )


def _merged(
    problem: Problem, pieces: list[tuple[IntArray, IntArray, IntArray, FloatArray]]
) -> Orders:
    pieces = [part for part in pieces if len(part[0])]
    if not pieces:
        empty = np.zeros(0, dtype=np.int64)
        return Orders(empty, empty, empty, np.zeros(0))
    p, j, t, q = (np.concatenate(column) for column in zip(*pieces, strict=True))
    n_j, n_t = len(problem.need_ids), problem.months
    key = (p * n_j + j) * n_t + t
    unique, inverse = np.unique(key, return_inverse=True)
    total = np.bincount(inverse, weights=q, minlength=len(unique))
    keep = total > ZERO
    unique, total = unique[keep], total[keep]
    return Orders(
        unique // (n_j * n_t), unique // n_t % n_j, unique % n_t, total.astype(np.float64)
    )


def contracts_of(problem: Problem, orders: Orders) -> Contracts:
    """One contract per (line, need) with a positive total: quantity, months, cost."""
    n_j = len(problem.need_ids)
    key = orders.producer * n_j + orders.need
    unique, inverse = np.unique(key, return_inverse=True)
    quantity = np.bincount(inverse, weights=orders.quantity, minlength=len(unique))
    months: list[list[int]] = [[] for _ in unique]
    for k, t in zip(inverse.tolist(), orders.month.tolist(), strict=True):
        months[k].append(t)
    producer = (unique // n_j).astype(np.int64)
    return Contracts(
        producer=producer,
        need=(unique % n_j).astype(np.int64),
        quantity=quantity.astype(np.float64),
        cost=quantity * problem.unit_cost[producer],
        months=[sorted(set(m)) for m in months],
    )


def contract_reasons(
    model: ContractModel, orders: Orders, planned: FloatArray, base: list[Reason]
) -> list[Reason]:
    """The LP's reasons, with ``max_suppliers`` or ``min_order`` where a rule holds a need back.

    For an unmet need whose reason would be capacity, budget or outranked:
    ``max_suppliers`` when it has as many suppliers as it may and another able line has
    spare capacity in its window; else ``min_order`` when an able line it does not use has
    spare capacity in its window but its minimum order is above what the need still lacks or
    above that spare capacity.
    """
    problem = model.problem
    spare = _spare_before(model, orders)
    used = set(zip(orders.producer.tolist(), orders.need.tolist(), strict=True))
    suppliers = np.bincount(
        np.array([j for _, j in used], dtype=np.int64), minlength=len(problem.need_ids)
    )
    limit, minimum = problem.supplier_limits(), problem.minimum_orders()
    line, need = reachable(problem)
    reasons = list(base)
    soft = {Reason.CAPACITY, Reason.BUDGET, Reason.OUTRANKED}
    for p, j in zip(line.tolist(), need.tolist(), strict=True):
        if reasons[j] not in soft or (p, j) in used:
            continue
        last = int(problem.need_due[j]) + problem.max_lateness - int(problem.lead_time[p])
        free = float(spare[p, min(max(last + 1, 0), problem.months)])
        if free < 1:
            continue
        if limit[j] and suppliers[j] >= limit[j]:
            reasons[j] = Reason.MAX_SUPPLIERS
        elif minimum[p] > 0 and (
            minimum[p] > problem.need_quantity[j] - planned[j] or minimum[p] > free
        ):
            reasons[j] = Reason.MIN_ORDER
    return reasons


def _spare_before(model: ContractModel, orders: Orders) -> FloatArray:
    """Per line: spare funded capacity (whole lots) in months before each month (cumulative)."""
    problem, n_t = model.problem, model.problem.months
    lots = problem.lots()[:, None]
    funded = np.where(model.classes.of_line_month >= 0, problem.capacity, 0.0)
    whole = np.floor(funded / lots) * lots
    made = np.zeros_like(whole)
    np.add.at(made, (orders.producer, orders.month), orders.quantity)
    spare = np.maximum(whole - made, 0.0)
    return np.concatenate([np.zeros((len(spare), 1)), np.cumsum(spare, axis=1)], axis=1)[
        :, : n_t + 1
    ]


def contract_marginal_values(
    model: ContractModel, duals: FloatArray, row_duals: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """(per instrument, per line) marginal values of the LP with the signed contracts fixed."""
    problem, n_t = model.problem, model.problem.months
    budget = np.maximum(row_duals[model.rows["budget"].range], 0.0)
    per_unit = duals[model.cols["z"].range].reshape(-1, n_t).copy()
    if len(model.lot_lines):
        counts = duals[model.cols["n"].range].reshape(-1, n_t)
        per_unit[model.lot_lines] = counts / problem.lots()[model.lot_lines][:, None]
    funded = model.classes.of_line_month >= 0
    gain = np.where(funded, np.maximum(per_unit, 0.0), 0.0)
    capacity = gain.mean(axis=1) if n_t else np.zeros(len(gain))
    return budget.astype(np.float64), np.asarray(capacity, dtype=np.float64)
