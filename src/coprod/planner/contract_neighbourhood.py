"""A large-neighbourhood search over the suppliers of the needs with a supplier limit.

The local search of :mod:`coprod.planner.contract_search` signs, swaps or drops one pair per
move; when no such move gains, a better plan may still need several at once (two needs
trading their lines, a line's small contracts dropped so a limited need can take it). This
pass picks a few of those moves together: a *neighbourhood* is the :data:`SEEDS` limited
needs that lose most against the model's LP relaxation (their value there less their value
in the plan), every pair of those needs and, on the :data:`LINES` lines the relaxation sends
each of them most from, every pair of the needs with a contract there (a need may give up its
line and take another of those lines). Those pairs' binaries are left free, every
other contract is fixed as signed, and HiGHS solves that small MIP (whole units relaxed, as in
the local search; the plan given as a start; :data:`SECONDS` at most). Its contracts are kept
when the LP with them fixed (re-solved warm) is worth more than the plan: each kept plan is
better than the last and, its contracts fixed, meets every rule. Neighbourhoods are visited
in order of loss, each need a seed once per pass; the pass stops at ``stop`` or when every
losing need has been one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from coprod.planner.contract_search import simplex_highs
from coprod.planner.mip import ContractModel
from coprod.planner.problem import BoolArray, FloatArray, IntArray
from coprod.planner.solve import to_highs_lp

SEEDS = 2  # limited needs per neighbourhood, those losing most first
LINES = 6  # of each seed's lines, those the relaxation sends it most from
SECONDS = 1.0  # HiGHS's limit per neighbourhood
MIN_SECONDS = 0.3  # no neighbourhood is started with less time left
SHARE = 0.0  # of a product's time kept from the local search for the neighbourhoods
_HIGHS: Any = highspy.Highs
_OPTIMAL = highspy.HighsModelStatus.kOptimal
_INTEGER, _CONTINUOUS = highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous


@dataclass(frozen=True)
class Outcome:
    """What a pass did: neighbourhoods solved, those kept, and the LP's gain."""

    tried: int
    kept: int
    gain: float


class Neighbourhoods:
    """A product's model with its contracts fixed (a warm LP) and the neighbourhoods tried."""

    def __init__(self, model: ContractModel, signed: FloatArray) -> None:
        self.model, self.signed = model, signed.copy()
        self.b_cols = np.arange(model.cols["b"].start, model.cols["b"].stop, dtype=np.int64)
        self.highs: Any = simplex_highs(to_highs_lp(model))
        self.objective = -np.inf
        self.point = np.zeros(model.num_col)
        self.relaxed_value = np.zeros(len(model.problem.need_ids))
        self.relaxed_flow = np.zeros(len(model.pairs.line))

    def start(self) -> bool:
        """Solve the relaxation (binaries free), then the LP with the given contracts; False
        when either has no optimum."""
        if not self._solve():
            return False
        relaxed = self._values()
        self.relaxed_value = self._need_values(relaxed)
        self.relaxed_flow = relaxed[self.model.cols["v"].range]
        self._fix(self.b_cols, self.signed)
        if not self._solve():
            return False
        self.objective, self.point = self._value(), self._values()
        return True

    def run(self, stop: float | None) -> Outcome:
        """Neighbourhoods, the needs losing most first, until each losing need has been a
        seed or ``stop``."""
        first, seeded = self.objective, np.zeros(len(self.relaxed_value), dtype=bool)
        tried = kept = 0
        while True:
            seconds = SECONDS if stop is None else min(SECONDS, stop - time.perf_counter())
            if seconds < MIN_SECONDS:
                break
            seeds = self._seeds(seeded)
            if not len(seeds):
                break
            seeded[seeds] = True
            tried += 1
            found = self._small_mip(self._free(seeds), seconds)
            if found is not None and self._try(found):
                kept += 1
        return Outcome(tried, kept, float(self.objective - first))

    def values(self) -> FloatArray:
        """The LP's point with the contracts signed now."""
        return self.point.copy()

    def _seeds(self, seeded: BoolArray) -> IntArray:
        """The :data:`SEEDS` limited needs not yet seeds that lose most (ties: first)."""
        loss = self.relaxed_value - self._need_values(self.point)
        scale = 1e-9 * max(1.0, abs(self.objective))
        open_ = self.model.ruled_needs & ~seeded & (loss > scale)
        candidates = np.nonzero(open_)[0]
        order = candidates[np.argsort(-loss[candidates], kind="stable")]
        return np.asarray(order[:SEEDS], dtype=np.int64)

    def _free(self, seeds: IntArray) -> BoolArray:
        """Pairs left free: every pair of the seeds and, on the lines the relaxation sends
        each seed most from, every pair of the needs with a contract there (so such a need
        may give its line to a seed and take another of those lines)."""
        pairs = self.model.pairs
        lines: list[int] = []
        for j in seeds:
            mine = np.nonzero(pairs.need == j)[0]
            widest = mine[np.argsort(-self.relaxed_flow[mine], kind="stable")][:LINES]
            lines.extend(int(p) for p in pairs.line[widest])
        on_lines = np.isin(pairs.line, lines)
        others = np.unique(pairs.need[on_lines & (self.signed > 0.5)])
        theirs = on_lines & np.isin(pairs.need, others)
        return np.asarray(np.isin(pairs.need, seeds) | theirs, dtype=bool)

    def _small_mip(self, free: BoolArray, seconds: float) -> FloatArray | None:
        """The binaries HiGHS finds with only ``free`` pairs open (the plan as a start), or
        None when it returns no point."""
        model = self.model
        lp = to_highs_lp(model)
        lower, upper = model.col_lower.copy(), model.col_upper.copy()
        held = self.b_cols[~free]
        lower[held], upper[held] = self.signed[~free], self.signed[~free]
        lp.col_lower_, lp.col_upper_ = lower, upper
        integer = np.zeros(model.num_col, dtype=bool)
        integer[self.b_cols[free]] = True
        lp.integrality_ = [_INTEGER if whole else _CONTINUOUS for whole in integer]
        highs: Any = _HIGHS()
        highs.silent()
        highs.passModel(lp)
        highs.setOptionValue("time_limit", float(seconds))
        highs.setOptionValue("mip_rel_gap", 1e-6)
        start = highspy.HighsSolution()
        start.col_value = list(self.point)
        highs.setSolution(start)
        highs.run()
        values = np.asarray(highs.getSolution().col_value, dtype=np.float64)
        if len(values) != model.num_col:
            return None
        found = np.clip(np.round(values[self.b_cols]), 0.0, 1.0)
        return None if np.array_equal(found, self.signed) else found

    def _try(self, signed: FloatArray) -> bool:
        """Fix the contracts ``signed`` in the warm LP; kept when its optimum rises (the
        HiGHS point is only a proposal: the LP decides, so a point that breaks a row by a
        hair is never kept)."""
        changed = np.nonzero(signed != self.signed)[0]
        self._fix(self.b_cols[changed], signed[changed])
        if self._solve():
            value = self._value()
            if value > self.objective + 1e-7 * max(1.0, abs(self.objective)):
                self.signed, self.objective, self.point = signed, value, self._values()
                return True
        self._fix(self.b_cols[changed], self.signed[changed])
        return False

    def _need_values(self, values: FloatArray) -> FloatArray:
        """Each need's value in a point: its deliveries times their unit values."""
        model = self.model
        worth = np.zeros(len(model.problem.need_ids))
        u, w = model.cols["u"].range, model.cols["w"].range
        np.add.at(worth, model.need_col_need, model.cost[u] * values[u])
        np.add.at(worth, model.pairs.need[model.pair_col_pair], model.cost[w] * values[w])
        return worth

    def _fix(self, cols: IntArray, at: FloatArray) -> None:
        self.highs.changeColsBounds(len(cols), cols, at, at)

    def _solve(self) -> bool:
        self.highs.run()
        return bool(self.highs.getModelStatus() == _OPTIMAL)

    def _value(self) -> float:
        return float(self.highs.getInfo().objective_function_value)

    def _values(self) -> FloatArray:
        return np.asarray(self.highs.getSolution().col_value, dtype=np.float64)


def search_stop(started: float, stop: float | None) -> float | None:
    """When the local search of a product started at ``started`` stops to leave the
    neighbourhoods :data:`SHARE` of its time (they also take what it leaves)."""
    return None if stop is None else started + (1.0 - SHARE) * (stop - started)


def improved(
    model: ContractModel,
    signed: FloatArray,
    values: FloatArray,
    objective: float,
    stop: float | None,
) -> tuple[FloatArray, FloatArray, float]:
    """The contracts ``signed`` (their LP's point ``values`` and optimum ``objective``)
    improved by neighbourhoods until ``stop``; as given when none gains or no time is left."""
    if stop is not None and stop - time.perf_counter() < MIN_SECONDS:
        return signed, values, objective
    hood = Neighbourhoods(model, signed)
    if not hood.start():
        return signed, values, objective
    hood.run(stop)
    if hood.objective > objective + 1e-7 * max(1.0, abs(objective)):
        return hood.signed, hood.values(), hood.objective
    return signed, values, objective
