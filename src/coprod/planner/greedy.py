"""A priority-first greedy baseline: what a planner without optimisation would do.

Needs are served one by one, most valuable unit first (priority, then due month). Each need
takes, in order of lateness and then unit cost, the line-months able to deliver it in time
and paid for by an eligible, active instrument with money left; an instrument admitting
fewer line-months pays first, to keep broad money for later needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coprod.planner.build import Classes, funding_classes
from coprod.planner.explain import Orders, order_values
from coprod.planner.problem import FloatArray, IntArray, Problem

ZERO = 1e-9


@dataclass
class _State:
    capacity: FloatArray  # remaining, per line-month (flat)
    budget: list[float]  # remaining, per instrument (a list: read one at a time, fast)
    payers: list[list[int]]  # per class: its instruments, narrowest first
    klass: list[int]  # per line-month (flat): its funding class


@dataclass(frozen=True)
class GreedyPlan:
    """The greedy's orders and their value under the spec's objective."""

    orders: Orders
    objective: float


def greedy_plan(problem: Problem) -> GreedyPlan:
    """Serve needs in priority order with whatever capacity and money is left."""
    classes = funding_classes(problem)
    state = _State(
        problem.capacity.reshape(-1).copy(),
        problem.budget.tolist(),
        _payers(classes),
        classes.of_line_month.reshape(-1).tolist(),
    )
    order = np.lexsort((np.arange(len(problem.need_ids)), problem.need_due, -problem.need_priority))
    routes = _product_routes(problem, classes)
    taken: list[tuple[int, int, int, float]] = []
    for j in order:
        taken += _serve(problem, state, int(j), routes[problem.need_product[j]])
    index = np.array([row[:3] for row in taken], dtype=np.int64).reshape(-1, 3)
    quantity = np.array([row[3] for row in taken], dtype=np.float64)
    orders = Orders(index[:, 0], index[:, 1], index[:, 2], quantity)
    return GreedyPlan(orders, float(order_values(problem, orders).sum()))


def _payers(classes: Classes) -> list[list[int]]:
    breadth = classes.instruments.sum(axis=0)
    return [
        sorted((int(i) for i in np.nonzero(row)[0]), key=lambda i: (breadth[i], i))
        for row in classes.instruments
    ]


@dataclass(frozen=True)
class _Routes:
    """A product's funded line-months, by delivery month."""

    flat: IntArray  # p * months + t
    arrival: IntArray
    cost: FloatArray


def _product_routes(problem: Problem, classes: Classes) -> list[_Routes]:
    n_t = problem.months
    funded = classes.of_line_month.reshape(-1) >= 0
    result = []
    for g in range(len(problem.product_ids)):
        lines = np.nonzero(problem.producer_product == g)[0]
        flat = (lines[:, None] * n_t + np.arange(n_t)[None, :]).reshape(-1)
        flat = flat[funded[flat]]
        arrival = flat % n_t + problem.lead_time[flat // n_t]
        order = np.argsort(arrival, kind="stable")
        flat, arrival = flat[order], arrival[order]
        result.append(_Routes(flat, arrival, problem.unit_cost[flat // n_t]))
    return result


def _routes(problem: Problem, routes: _Routes, state: _State, j: int) -> IntArray:
    """Line-months (flat p*H+t) able to serve need j with value, best first."""
    due = int(problem.need_due[j])
    end = int(np.searchsorted(routes.arrival, due + problem.max_lateness, "right"))
    flat, cost = routes.flat[:end], routes.cost[:end]
    late = np.maximum(0, routes.arrival[:end] - due)
    value = problem.need_priority[j] * (1 - problem.lateness_penalty * late)
    usable = (state.capacity[flat] > ZERO) & (value - problem.cost_weight * cost > 0)
    flat, late, cost = flat[usable], late[usable], cost[usable]
    best_first: IntArray = flat[np.lexsort((flat, cost, late))]
    return best_first


def _serve(
    problem: Problem, state: _State, j: int, routes: _Routes
) -> list[tuple[int, int, int, float]]:
    remaining = float(problem.need_quantity[j])
    taken = []
    n_t = problem.months
    for flat in _routes(problem, routes, state, j).tolist():
        if remaining <= ZERO:
            break
        p = flat // n_t
        payers = state.payers[state.klass[flat]]
        money = sum(state.budget[i] for i in payers)
        cost = float(problem.unit_cost[p])
        units = min(remaining, float(state.capacity[flat]), money / cost)
        if units <= ZERO:
            continue
        _pay(state, payers, units * cost)
        state.capacity[flat] -= units
        remaining -= units
        taken.append((p, j, flat % n_t, units))
    return taken


def _pay(state: _State, payers: list[int], amount: float) -> None:
    for i in payers:
        part = min(amount, state.budget[i])
        state.budget[i] -= part
        amount -= part
        if amount <= 0:
            return
