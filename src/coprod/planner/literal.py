"""The spec's LP written literally (``x[p,j,t]``, ``y[i,p,t]``), for checking on small cases.

Solved with ``scipy.optimize.linprog``; only for small scenarios (it pairs every producer
with every need of its product).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from coprod.planner.problem import FloatArray, IntArray, Problem

_linprog: Any = linprog


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
