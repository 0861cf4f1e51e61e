"""The spec's LP written literally (``x[p,j,t]``, ``y[i,p,t]``), for checking on small cases.

Solved with ``scipy.optimize.linprog``; only for small scenarios (it pairs every producer
with every need of its product). :func:`solve_literal_contracts` writes the contract MIP
the same way (``scipy.optimize.milp``), every pair with a binary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from coprod.planner.problem import FloatArray, IntArray, Problem

_linprog: Any = linprog
_milp: Any = milp


@dataclass(frozen=True)
class LiteralResult:
    """Outcome of the literal LP: scipy's status code (0 = optimal) and the optimum."""

    status: int
    objective: float
    x_index: IntArray  # rows (p, j, t)
    x_value: FloatArray


def literal_x(problem: Problem) -> tuple[IntArray, FloatArray]:
    """Every (p, j, t) the spec allows and its objective coefficient."""
    triples: list[tuple[int, int, int]] = []
    for p in range(len(problem.producer_ids)):
        needs = np.nonzero(problem.need_product == problem.producer_product[p])[0]
        for t in range(problem.months):
            late = np.maximum(0, t + problem.lead_time[p] - problem.need_due[needs])
            for j in needs[late <= problem.max_lateness]:
                triples.append((p, int(j), t))
    index = np.array(triples, dtype=np.int64).reshape(-1, 3)
    line, need, month = index[:, 0], index[:, 1], index[:, 2]
    late = np.maximum(0, month + problem.lead_time[line] - problem.need_due[need])
    value = problem.need_priority[need] * (1 - problem.lateness_penalty * late)
    return index, value - problem.cost_weight * problem.unit_cost[line]


def solve_literal(problem: Problem) -> LiteralResult:
    """Solve the literal formulation of the spec."""
    x_index, x_cost = literal_x(problem)
    if len(x_index) == 0:
        return LiteralResult(0, 0.0, x_index, np.zeros(0))
    y_index = np.argwhere(problem.eligible[:, :, None] & problem.active[:, None, :])
    n_x, n_y = len(x_index), len(y_index)
    n_p, n_t = len(problem.producer_ids), problem.months
    p, j, t = x_index[:, 0], x_index[:, 1], x_index[:, 2]
    pt_x = p * n_t + t
    pt_y = y_index[:, 1] * n_t + y_index[:, 2]
    x_cols = np.arange(n_x)
    y_cols = n_x + np.arange(n_y)
    ones_x, ones_y = np.ones(n_x), np.ones(n_y)
    capacity = sp.coo_array((ones_x, (pt_x, x_cols)), shape=(n_p * n_t, n_x + n_y))
    demand = sp.coo_array((ones_x, (j, x_cols)), shape=(len(problem.need_ids), n_x + n_y))
    budget = sp.coo_array((ones_y, (y_index[:, 0], y_cols)), shape=(len(problem.budget), n_x + n_y))
    paid = sp.coo_array(
        (
            np.concatenate([ones_y, -problem.unit_cost[p]]),
            (np.concatenate([pt_y, pt_x]), np.concatenate([y_cols, x_cols])),
        ),
        shape=(n_p * n_t, n_x + n_y),
    )
    result = _linprog(  # scipy-stubs do not admit sparse matrices, which linprog takes
        c=-np.concatenate([x_cost, np.zeros(n_y)]),
        A_ub=sp.vstack([capacity, demand, budget]).tocsc(),
        b_ub=np.concatenate([problem.capacity.reshape(-1), problem.need_quantity, problem.budget]),
        A_eq=paid.tocsc(),
        b_eq=np.zeros(n_p * n_t),
        bounds=(0, None),
        method="highs",
    )
    values = result.x[:n_x] if result.x is not None else np.zeros(n_x)
    objective = -float(result.fun) if result.fun is not None else float("nan")
    return LiteralResult(int(result.status), objective, x_index, values)


def solve_literal_contracts(problem: Problem) -> LiteralResult:
    """Solve the contract MIP literally: whole x[p,j,t], lot counts n[p,t] = Σ_j x / lot, and
    a binary b[p,j] for every pair with a minimum order or a supplier limit (scipy's HiGHS)."""
    x_index, x_cost = literal_x(problem)
    if len(x_index) == 0:
        return LiteralResult(0, 0.0, x_index, np.zeros(0))
    y_index = np.argwhere(problem.eligible[:, :, None] & problem.active[:, None, :])
    pairs = np.unique(x_index[:, :2], axis=0)
    n_x, n_y, n_t = len(x_index), len(y_index), problem.months
    n_pt = len(problem.producer_ids) * n_t
    n_b = len(pairs)
    width = n_x + n_y + n_pt + n_b  # x, y, n (lot counts), b
    base = _literal_rows(problem, x_index, y_index, width)
    rules = _literal_rule_rows(problem, x_index, pairs, width)
    constraints = [LinearConstraint(matrix, low, high) for matrix, low, high in (*base, *rules)]
    upper = np.concatenate(
        [np.full(n_x + n_y, np.inf), np.floor(problem.capacity.reshape(-1)), np.ones(n_b)]
    )
    integrality = np.concatenate([np.ones(n_x), np.zeros(n_y), np.ones(n_pt + n_b)])
    result = _milp(
        c=-np.concatenate([x_cost, np.zeros(width - n_x)]),
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(np.zeros(width), upper),
        options={"mip_rel_gap": 1e-9},
    )
    values = result.x[:n_x] if result.x is not None else np.zeros(n_x)
    objective = -float(result.fun) if result.fun is not None else float("nan")
    return LiteralResult(int(result.status), objective, x_index, values)


def _literal_rows(
    problem: Problem, x_index: IntArray, y_index: IntArray, width: int
) -> list[tuple[Any, FloatArray, FloatArray]]:
    """Constraints 1–4 of the spec, literally."""
    n_x, n_y, n_t = len(x_index), len(y_index), problem.months
    n_pt = len(problem.producer_ids) * n_t
    p, j, t = x_index[:, 0], x_index[:, 1], x_index[:, 2]
    pt_x, pt_y = p * n_t + t, y_index[:, 1] * n_t + y_index[:, 2]
    x_cols, y_cols = np.arange(n_x), n_x + np.arange(n_y)
    ones_x, ones_y = np.ones(n_x), np.ones(n_y)
    capacity = sp.coo_array((ones_x, (pt_x, x_cols)), shape=(n_pt, width))
    demand = sp.coo_array((ones_x, (j, x_cols)), shape=(len(problem.need_ids), width))
    budget = sp.coo_array((ones_y, (y_index[:, 0], y_cols)), shape=(len(problem.budget), width))
    paid = sp.coo_array(
        (
            np.concatenate([ones_y, -problem.unit_cost[p]]),
            (np.concatenate([pt_y, pt_x]), np.concatenate([y_cols, x_cols])),
        ),
        shape=(n_pt, width),
    )
    upper = np.concatenate([problem.capacity.reshape(-1), problem.need_quantity, problem.budget])
    stacked = sp.vstack([capacity, demand, budget]).tocsr()
    return [
        (stacked, np.full(len(upper), -np.inf), upper),
        (paid.tocsr(), np.zeros(n_pt), np.zeros(n_pt)),
    ]


def _literal_rule_rows(
    problem: Problem, x_index: IntArray, pairs: IntArray, width: int
) -> list[tuple[Any, FloatArray, FloatArray]]:
    """Lots (Σ_j x = lot·n), minimum orders and supplier limits through the binaries b."""
    n_x, n_t = len(x_index), problem.months
    n_pt = len(problem.producer_ids) * n_t
    n_y = width - n_x - n_pt - len(pairs)
    p, t = x_index[:, 0], x_index[:, 2]
    lots = problem.lots().astype(np.float64)
    n_cols = n_x + n_y + np.arange(n_pt)
    lot_rows = sp.coo_array(
        (
            np.concatenate([np.ones(n_x), -np.repeat(lots, n_t)]),
            (
                np.concatenate([p * n_t + t, np.arange(n_pt)]),
                np.concatenate([np.arange(n_x), n_cols]),
            ),
        ),
        shape=(n_pt, width),
    )
    pair_of = {(int(a), int(b)): k for k, (a, b) in enumerate(pairs)}
    pair_x = np.array([pair_of[(int(a), int(b))] for a, b in x_index[:, :2]], dtype=np.int64)
    b_cols = n_x + n_y + n_pt + np.arange(len(pairs))
    big = problem.need_quantity[pairs[:, 1]]
    minimum = problem.minimum_orders()[pairs[:, 0]].astype(np.float64)
    total = sp.coo_array((np.ones(n_x), (pair_x, np.arange(n_x))), shape=(len(pairs), width))
    link_upper = total - sp.coo_array((big, (np.arange(len(pairs)), b_cols)), shape=total.shape)
    link_lower = total - sp.coo_array((minimum, (np.arange(len(pairs)), b_cols)), shape=total.shape)
    limit = problem.supplier_limits()
    ruled = np.nonzero(limit > 0)[0]
    row_of = {int(j): k for k, j in enumerate(ruled)}
    members = [k for k, need in enumerate(pairs[:, 1]) if int(need) in row_of]
    suppliers = sp.coo_array(
        (
            np.ones(len(members)),
            ([row_of[int(pairs[k, 1])] for k in members], [b_cols[k] for k in members]),
        ),
        shape=(len(ruled), width),
    )
    n_b = len(pairs)
    return [
        (lot_rows.tocsr(), np.zeros(n_pt), np.zeros(n_pt)),
        (link_upper.tocsr(), np.full(n_b, -np.inf), np.zeros(n_b)),
        (link_lower.tocsr(), np.zeros(n_b), np.full(n_b, np.inf)),
        (suppliers.tocsr(), np.full(len(ruled), -np.inf), limit[ruled].astype(np.float64)),
    ]
