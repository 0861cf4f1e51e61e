"""Filling a contract plan: new contracts on the capacity and money a first plan leaves idle.

The dive of :mod:`coprod.planner.contracts` signs contracts among the pairs the relaxation's
plan used; lines whose pairs were all left unsigned stand idle while needs that may still take
another supplier go short. This pass takes the first plan's point (integers fixed, an LP
optimum), and, most valuable need first, gives each need with a supplier left and units
missing the able line with the most idle, funded capacity in its window, when that is at
least the line's minimum order: capacity (whole lots) and the money of instruments with
budget left are taken as it goes, so the first plan plus the new contracts still meets every
row. The new pairs are then signed in a model that holds them (see ``contracts``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from coprod.planner.mip import ContractModel
from coprod.planner.problem import FloatArray, IntArray, Problem

WHOLE = 1e-6


@dataclass
class _Idle:
    """What a plan leaves free: capacity per line-month (whole lots) and money per instrument."""

    capacity: FloatArray  # producers x months
    money: FloatArray  # per instrument
    classes: IntArray  # producers x months: funding class, -1 when none
    payers: list[IntArray]  # per class: its instruments


def idle_of(model: ContractModel, values: FloatArray) -> _Idle:
    """The capacity and money left by the point ``values`` of ``model``."""
    problem = model.problem
    klass = model.classes.of_line_month
    lots = problem.lots().astype(np.float64)
    funded = np.where(klass >= 0, problem.capacity, 0.0)
    whole = np.floor(funded / lots[:, None] + WHOLE) * lots[:, None]
    made = model.production(values)
    capacity = np.floor(np.maximum(whole - made, 0.0) / lots[:, None] + WHOLE) * lots[:, None]
    spent = np.bincount(
        model.money_instrument,
        weights=values[model.cols["y"].range],
        minlength=len(problem.instrument_ids),
    )
    payers = [np.nonzero(row)[0] for row in model.classes.instruments]
    return _Idle(capacity, np.maximum(problem.budget - spent, 0.0), klass, payers)


def fill_pairs(model: ContractModel, values: FloatArray, signed: FloatArray) -> IntArray:
    """Keys (``line · needs + need``) of new contracts on what ``values`` leaves idle."""
    problem = model.problem
    idle = idle_of(model, values)
    pairs = model.pairs
    n_needs = len(problem.need_ids)
    taken = set((pairs.line[signed > 0.5] * n_needs + pairs.need[signed > 0.5]).tolist())
    suppliers = np.bincount(pairs.need, weights=signed, minlength=n_needs)
    limit = problem.supplier_limits()
    room = np.where(limit > 0, limit - suppliers, np.inf)
    got = _delivered(model, values)
    missing = np.floor(problem.need_quantity - got + WHOLE)
    keys: list[int] = []
    for j in np.lexsort((problem.need_due, -problem.need_priority)):
        if room[j] < 1 or missing[j] < 1:
            continue
        line = _best_line(problem, idle, int(j), taken | pooled(model, int(j)), missing[j])
        if line is None:
            continue
        p, amount = line
        if amount >= max(float(problem.minimum_orders()[p]), 1.0):
            _take(problem, idle, p, int(j), amount)
            keys.append(p * n_needs + int(j))
            taken.add(p * n_needs + int(j))
    return np.asarray(sorted(keys), dtype=np.int64)


def pooled(model: ContractModel, j: int) -> set[int]:
    """Keys of need ``j``'s pairs that need no contract: it may take from their lines' pools
    (its suppliers are not limited and the line has no minimum order)."""
    problem = model.problem
    if model.ruled_needs[j]:
        return set()
    free = np.nonzero(
        (problem.producer_product == problem.need_product[j]) & (problem.minimum_orders() == 0)
    )[0]
    return set((free * len(problem.need_ids) + j).tolist())


def _delivered(model: ContractModel, values: FloatArray) -> FloatArray:
    """Units each need receives at ``values`` (pair contracts and product pools)."""
    n_needs = len(model.problem.need_ids)
    pair = np.bincount(model.pairs.need, weights=values[model.cols["v"].range], minlength=n_needs)
    pool = np.bincount(
        model.need_col_need, weights=values[model.cols["u"].range], minlength=n_needs
    )
    return np.asarray(pair + pool, dtype=np.float64)


def _window(problem: Problem, p: int, j: int) -> tuple[int, int]:
    """Last production month of line ``p`` for need ``j`` and its last on-time month."""
    lead = int(problem.lead_time[p])
    last = min(int(problem.need_due[j]) + problem.max_lateness - lead, problem.months - 1)
    return last, int(problem.need_due[j]) - lead


def _affordable(problem: Problem, idle: _Idle, p: int, last: int) -> float:
    """Units line ``p`` could make up to month ``last`` and have paid (whole lots)."""
    classes = idle.classes[p, : last + 1]
    funded = classes >= 0
    if not funded.any():
        return 0.0
    payers = np.unique(np.concatenate([idle.payers[k] for k in np.unique(classes[funded])]))
    lot = float(problem.lots()[p])
    paid = np.floor(idle.money[payers].sum() / float(problem.unit_cost[p]) / lot + WHOLE) * lot
    return float(min(idle.capacity[p, : last + 1][funded].sum(), paid))


def _best_line(
    problem: Problem, idle: _Idle, j: int, taken: set[int], wanted: float
) -> tuple[int, float] | None:
    """The able line that can make and have paid the most of ``wanted`` units in need
    ``j``'s window (an upper estimate first, then the months walked through)."""
    n_needs = len(problem.need_ids)
    found: list[tuple[float, int]] = []
    for p in np.nonzero(problem.producer_product == problem.need_product[j])[0].tolist():
        last, _ = _window(problem, p, j)
        if last < 0 or p * n_needs + j in taken:
            continue
        found.append((_affordable(problem, idle, p, last), p))
    best: tuple[int, float] | None = None
    for estimate, p in sorted(found, reverse=True):
        if best is not None and estimate <= best[1]:
            break
        units = _take(problem, idle, p, j, wanted, commit=False)
        if best is None or units > best[1]:
            best = (p, units)
    return best


def _take(
    problem: Problem, idle: _Idle, p: int, j: int, amount: float, *, commit: bool = True
) -> float:
    """Use up to ``amount`` units of line ``p`` for need ``j`` (on-time months latest first,
    then late months, each paid by its class's instruments with the most money left); the
    units it could take. With ``commit`` false, only count them."""
    last, on_time = _window(problem, p, j)
    early = list(range(min(on_time, last), -1, -1))
    months = early + list(range(max(on_time + 1, 0), last + 1))
    price, lot = float(problem.unit_cost[p]), float(problem.lots()[p])
    money = idle.money if commit else idle.money.copy()
    left = amount
    for t in months:
        if left < 1:
            break
        k = int(idle.classes[p, t])
        if k < 0:
            continue
        payers = idle.payers[k]
        units = min(idle.capacity[p, t], np.floor(money[payers].sum() / price / lot + WHOLE) * lot)
        units = min(units, np.ceil(left / lot - WHOLE) * lot)
        if units <= 0:
            continue
        if commit:
            idle.capacity[p, t] -= units
        _pay(money, payers, units * price)
        left -= units
    return amount - left


def _pay(money: FloatArray, payers: IntArray, cost: float) -> None:
    """Take ``cost`` from the payers, those with the most money left first."""
    for i in payers[np.argsort(-money[payers])].tolist():
        part = min(cost, float(money[i]))
        money[i] -= part
        cost -= part
        if cost <= 0:
            return
