"""Improving a contract plan: a local search over which lines supply which need.

The dive and the fill of :mod:`coprod.planner.contracts` choose each need's suppliers once;
this pass revisits the choice, one product at a time. For a product it takes the product's
lines and needs, and as budget the money its lines spend in the plan plus what no product
spends (so every product's plan, put back beside the others, still meets every budget), and
builds the product's compact model with the pairs the plan could use plus, for every need,
the lines able to make the most for it in its window. With the signed contracts fixed, the
model is an LP; its duals price each pair not signed (the best month's value of a unit for
the need, less what the line's unit and the need's last unit are worth there: a value per
unit, which ranks moves better than the same times the most the pair may carry, an upper
bound far above what a move gains). Best priced first, a pair is signed (when the need may
take another supplier) or swapped for one of the need's suppliers (the one carrying least
first), and the LP re-solved warm (stopped as soon as the dual simplex proves the optimum
cannot rise: most moves are rejected); a move is kept only when the LP's optimum rises, so each
accepted plan is better than the last and, with its contracts fixed, meets every rule. A run
tries each pair once; the search runs again while a run keeps a move (prices change with every
move kept, so a pair rejected earlier may gain later).

:class:`WorkingSearch` runs the same moves on a small LP (a *working set*: the signed
contracts and the best priced pairs not signed), rebuilt when the best priced pair lies outside
it; its duals price every pair of the product (:class:`Universe`), so a try costs a fraction of
one on the product's whole model and pairs beyond the dive's model can be signed. The
products' new contracts are then fixed together in the whole model (its LP re-optimises the
money between products) and kept only when that beats the plan the pass started from.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any, Protocol

import highspy
import numpy as np
import numpy.typing as npt

from coprod.planner.build import Classes, funding_classes
from coprod.planner.mip import (
    ContractModel,
    Pairs,
    build_contract_model,
    contract_pairs,
    pair_columns,
    reachable,
)
from coprod.planner.problem import BoolArray, FloatArray, IntArray, Problem
from coprod.planner.solve import to_highs_lp

SWAPS = 2  # suppliers of a full need tried for a swap, least carrying first
# a pair in the working set priced at least this share of the best one outside it is tried
# first, without rebuilding the set (rebuilds cost a cold solve of its LP each)
INSIDE_SHARE = 0.5
CANDIDATES = 300  # pairs not signed, best priced, in a working set's LP (WorkingSearch)
# a ranked search (WorkingSearch(ranked=True): the search over every pair) tries a pair of a
# need that may have one supplier and has it at this share of its rank: such swaps move the
# whole need and are rarely kept (docs/planner.md, "Twelfth session")
SOLE_SUPPLIER_SHARE = 0.1
_HIGHS: Any = highspy.Highs
_OPTIMAL = highspy.HighsModelStatus.kOptimal
_STATUS = list(highspy.HighsBasisStatus.__members__.values())  # by their values 0..4
_LOWER, _BASIC, _UPPER = (
    int(highspy.HighsBasisStatus.kLower),
    int(highspy.HighsBasisStatus.kBasic),
    int(highspy.HighsBasisStatus.kUpper),
)
# the blocks a working set's models share whatever their pairs (every line with its own pool)
_SHARED_COLS = ("z", "n", "h", "u", "hl", "s", "y")
_SHARED_ROWS = ("pool", "demand", "class", "budget", "line_pool", "suppliers", "lot")


def product_money(
    problem: Problem,
    classes: Classes,
    production: FloatArray,
    *,
    paid: FloatArray,
    payer: IntArray,
    paid_class: IntArray,
) -> FloatArray:
    """Money each instrument spends on each product's lines (instruments x products): each
    funding class's money (``paid`` by instrument ``payer`` for class ``paid_class``) shared
    by the cost of what its lines make (``production``, producers x months)."""
    n_k, n_g = len(classes.instruments), len(problem.product_ids)
    klass = classes.of_line_month
    made = problem.unit_cost[:, None] * production
    funded = klass >= 0
    product = np.broadcast_to(problem.producer_product[:, None], klass.shape)
    cost = np.zeros((n_k, n_g))
    np.add.at(cost, (klass[funded], product[funded]), made[funded])
    share = cost / np.maximum(cost.sum(axis=1, keepdims=True), 1e-12)
    money = np.zeros((len(problem.instrument_ids), n_g))
    for g in range(n_g):
        money[:, g] = np.bincount(
            payer, weights=paid * share[paid_class, g], minlength=len(problem.instrument_ids)
        )
    return money


def contract_money(model: ContractModel, values: FloatArray) -> FloatArray:
    """:func:`product_money` of a point of the contract model."""
    return product_money(
        model.problem,
        model.classes,
        model.production(values),
        paid=values[model.cols["y"].range],
        payer=model.money_instrument,
        paid_class=model.money_class,
    )


def products_by_value(problem: Problem) -> list[int]:
    """Products with needs and lines, those whose needs are worth most first."""
    worth = np.bincount(
        problem.need_product,
        weights=problem.need_priority * problem.need_quantity,
        minlength=len(problem.product_ids),
    )
    lines = np.bincount(problem.producer_product, minlength=len(problem.product_ids))
    return [int(g) for g in np.argsort(-worth) if worth[g] > 0 and lines[g] > 0]


def product_weights(problem: Problem) -> dict[int, float]:
    """The products of :func:`products_by_value`, in that order, each weighted by its needs'
    share of the worth times its pairs (lines times needs), a mean of one: its share of a
    pass's time. The products worth most and with most pairs have most room to the bound
    and take longest to converge; an equal share left those unconverged."""
    worth = np.bincount(
        problem.need_product,
        weights=problem.need_priority * problem.need_quantity,
        minlength=len(problem.product_ids),
    )
    lines = np.bincount(problem.producer_product, minlength=len(problem.product_ids))
    needs = np.bincount(problem.need_product, minlength=len(problem.product_ids))
    size = worth / max(float(worth.sum()), 1e-12) * lines * needs
    order = products_by_value(problem)
    mean = float(size[order].mean()) if order else 1.0
    return {g: float(size[g]) / mean for g in order}


def product_problem(
    problem: Problem, g: int, budget: FloatArray
) -> tuple[Problem, IntArray, IntArray]:
    """Product ``g``'s lines and needs alone, with ``budget`` per instrument; and the
    original indices of its lines and needs."""
    lines = np.nonzero(problem.producer_product == g)[0].astype(np.int64)
    needs = np.nonzero(problem.need_product == g)[0].astype(np.int64)
    sub = replace(
        problem,
        need_ids=[problem.need_ids[j] for j in needs],
        need_product=problem.need_product[needs],
        need_quantity=problem.need_quantity[needs],
        need_priority=problem.need_priority[needs],
        need_due=problem.need_due[needs],
        producer_ids=[problem.producer_ids[p] for p in lines],
        producer_product=problem.producer_product[lines],
        unit_cost=problem.unit_cost[lines],
        capacity=problem.capacity[lines],
        lead_time=problem.lead_time[lines],
        budget=np.asarray(budget, dtype=np.float64),
        eligible=problem.eligible[:, lines],
        lot_size=None if problem.lot_size is None else problem.lot_size[lines],
        min_order=None if problem.min_order is None else problem.min_order[lines],
        max_suppliers=None if problem.max_suppliers is None else problem.max_suppliers[needs],
    )
    return sub, lines, needs


def widest_lines(problem: Problem, per_need: int) -> IntArray:
    """Keys of each need's ``per_need`` able lines that can make most in its window (funded
    months), among those whose minimum order the need can take."""
    line, need = reachable(problem)
    ok = problem.minimum_orders()[line] <= problem.need_quantity[need]
    line, need = line[ok], need[ok]
    funded = np.where(funding_classes(problem).of_line_month >= 0, problem.capacity, 0.0)
    cumulative = np.concatenate([np.zeros((len(funded), 1)), np.cumsum(funded, axis=1)], axis=1)
    last = problem.need_due[need] + problem.max_lateness - problem.lead_time[line]
    window = cumulative[line, np.clip(last + 1, 0, problem.months)]
    order = np.lexsort((-window, need))
    rank = np.arange(len(order)) - np.searchsorted(need[order], need[order])
    keep = order[rank < per_need]
    return np.asarray(line[keep] * len(problem.need_ids) + need[keep], dtype=np.int64)


def simplex_highs(lp: Any) -> Any:
    """A silent HiGHS holding ``lp``, solved by simplex: a product's LP with its contracts
    fixed, re-solved warm after each move."""
    highs: Any = _HIGHS()
    highs.silent()
    highs.setOptionValue("solver", "simplex")
    highs.passModel(lp)
    return highs


class _Runs(Protocol):
    """A search that runs its single moves once over its pairs (``run``)."""

    @property
    def objective(self) -> float: ...

    def run(self, stop: float | None) -> tuple[int, int, float]: ...


def _converge(search: _Runs, stop: float | None, runs: int | None = None) -> tuple[int, int, float]:
    """``search.run`` again while a run keeps a move and ``stop`` is not past (at most
    ``runs`` runs when given); (tried, kept, LP gain) over all runs: the one loop of both
    searches' ``converge``."""
    first, moves, kept, done = search.objective, 0, 0, 0
    while (stop is None or time.perf_counter() < stop) and (runs is None or done < runs):
        tried, gained, _ = search.run(stop)
        moves, kept, done = moves + tried, kept + gained, done + 1
        if not gained:
            break
    return moves, kept, float(search.objective - first)


class LocalSearch:
    """A model's LP with its contracts fixed, and the moves tried on it."""

    def __init__(self, model: ContractModel, signed: FloatArray, basis: Any | None = None) -> None:
        self.model, self.signed = model, signed.copy()
        self.b_cols = np.arange(model.cols["b"].start, model.cols["b"].stop, dtype=np.int64)
        self.highs: Any = simplex_highs(_minimising(model))
        if basis is not None:  # a start for the first solve (refused: solved cold)
            self.highs.setBasis(basis)
        pairs, n_t = model.pairs, model.problem.months
        self.w_pair = model.pair_col_pair
        self.w_cols = np.arange(model.cols["w"].start, model.cols["w"].stop, dtype=np.int64)
        own = np.full(len(model.problem.producer_ids), -1, dtype=np.int64)
        own[model.pair_lines] = np.arange(len(model.pair_lines))
        line = pairs.line[self.w_pair]
        made = model.pair_col_month - model.problem.lead_time[line]
        self.w_row = model.rows["line_pool"].start + own[line] * n_t + made
        self.w_demand = model.rows["demand"].start + pairs.need[self.w_pair]
        with_minimum = np.nonzero(pairs.minimum > 0)[0]
        self.lower_row = np.full(len(pairs.line), -1, dtype=np.int64)
        self.lower_row[with_minimum] = model.rows["lower"].start + np.arange(len(with_minimum))
        self.objective = -np.inf
        self.stale = False  # bounds put back after a rejected move, the LP not re-solved
        self.gains = np.zeros(len(pairs.line))  # priced at the last accepted point
        self.carried = np.zeros(len(pairs.line))  # each contract's quantity there
        self.duals = np.zeros(model.num_row)  # the row duals there (of the value, maximised)
        self.basis: Any = None  # HiGHS's basis there

    def start(self) -> bool:
        """Solve with the given contracts; False when that LP has no optimum."""
        self._fix(self.b_cols, self.signed)
        if not self._solve():
            return False
        self.objective = self._value()
        self._price()
        return True

    def run(self, stop: float | None) -> tuple[int, int, float]:
        """Moves until none is priced as a gain or ``stop``; (tried, kept, LP gain). A pair
        is tried once, and a contract swapped out is not tried again."""
        first, tried, moves, kept = self.objective, np.zeros(len(self.signed), bool), 0, 0
        while stop is None or time.perf_counter() < stop:
            estimate = np.where(tried, -np.inf, self.gains)
            q = int(np.argmax(estimate)) if len(estimate) else -1
            if q < 0 or estimate[q] <= 0:
                break
            tried[q] = True
            if self.signed[q] > 0.5:  # a contract whose minimum order costs more than it gains
                moves += 1
                kept += self._try(q, [], sign=False)
                continue
            for drop in self._options(q):
                moves += 1
                if self._try(q, drop):
                    kept += 1
                    tried[drop] = True
                    break
        return moves, kept, float(self.objective - first)

    def converge(self, stop: float | None) -> tuple[int, int, float]:
        """:meth:`run` again while a run keeps a move and ``stop`` is not past; (tried,
        kept, LP gain) over all runs. A run tries each pair once at most, priced at the
        point of the last move kept: after a run, pairs it rejected (or never reached
        because their price was not positive then) may gain at the new point, and a new
        run tries them. It stops when one run keeps nothing (a local optimum for the
        single moves) or at ``stop``."""
        return _converge(self, stop)

    def values(self) -> FloatArray:
        """The LP's point with the contracts signed now."""
        if self.stale:
            self._solve()
            self.stale = False
        return np.asarray(self.highs.getSolution().col_value, dtype=np.float64)

    def _price(self) -> None:
        """Price every move at the LP's current (accepted) point: signing a pair, its best
        unit value less the line's and the need's duals (per unit: times the most the pair
        may carry, the first moves tried were the pairs able to carry most, rarely the best);
        dropping a contract, what its minimum order costs (the dual of that row times it)."""
        solution = self.highs.getSolution()
        duals = -np.asarray(solution.row_dual, dtype=np.float64)  # of the value, maximised
        self.duals, self.basis = duals, self.highs.getBasis()
        unit = self.model.cost[self.w_cols] + duals[self.w_row] - duals[self.w_demand]
        best = np.full(len(self.signed), -np.inf)
        np.maximum.at(best, self.w_pair, unit)
        gains = best.copy()
        signed = self.signed > 0.5
        floor = signed & (self.lower_row >= 0)
        gains[signed] = -np.inf
        gains[floor] = -duals[self.lower_row[floor]] * self.model.pairs.minimum[floor]
        self.gains = np.asarray(gains, dtype=np.float64)
        values = np.asarray(solution.col_value, dtype=np.float64)
        self.carried = values[self.model.cols["v"].range]

    def _options(self, q: int) -> list[list[int]]:
        """Contracts to drop when signing ``q``: none if the need has room, else each of
        its suppliers (the one carrying least first)."""
        model = self.model
        j = int(model.pairs.need[q])
        mine = np.nonzero((model.pairs.need == j) & (self.signed > 0.5))[0]
        limit = int(model.problem.supplier_limits()[j])
        options: list[list[int]] = []
        if not model.ruled_needs[j] or len(mine) < limit:
            options.append([])
        carried = self.carried[mine]
        options += [[int(p)] for p in mine[np.argsort(carried)][:SWAPS]]
        return options

    def _try(self, q: int, drop: list[int], *, sign: bool = True) -> bool:
        """Sign ``q`` (or, with ``sign`` false, drop it) and drop ``drop``; kept when the
        LP's optimum rises. The re-solve stops as soon as the dual simplex proves that it
        cannot (HiGHS's ``objective_bound``: most moves are rejected, many of them after a
        fraction of the iterations). A rejected move's bounds are put back without
        re-solving: the next move starts from its basis, and the prices are those of the
        accepted point."""
        changed = np.asarray([q, *drop], dtype=np.int64)
        after = self.signed.copy()
        after[q], after[drop] = (1.0 if sign else 0.0), 0.0
        self._fix(self.b_cols[changed], after[changed])
        better = self.objective + 1e-7 * max(1.0, abs(self.objective))
        if self._solve(better):
            value = self._value()
            if value > better:
                self.signed, self.objective, self.stale = after, value, False
                self._price()
                return True
        self._fix(self.b_cols[changed], self.signed[changed])
        self.stale = True
        return False

    def _fix(self, cols: IntArray, at: FloatArray) -> None:
        self.highs.changeColsBounds(len(cols), cols, at, at)

    def _solve(self, better: float = -np.inf) -> bool:
        """Re-solve; False unless optimal. With ``better``, the dual simplex stops (not
        optimal) once its bound shows the optimum cannot exceed ``better``."""
        self.highs.setOptionValue("objective_bound", float(-better))  # minimising -value
        self.highs.run()
        return bool(self.highs.getModelStatus() == _OPTIMAL)

    def _value(self) -> float:
        return -float(self.highs.getInfo().objective_function_value)


def _minimising(model: ContractModel) -> Any:
    """The model's LP as a minimisation of minus its value: HiGHS's dual simplex honours
    ``objective_bound`` (stopping once its bound passes it) when minimising only (with the
    LP maximised, the bound changed nothing: the same iterations)."""
    lp = to_highs_lp(model)
    lp.sense_ = highspy.ObjSense.kMinimize
    lp.col_cost_ = -model.cost
    return lp


@dataclass(frozen=True)
class Universe:
    """Every pair a product's search may sign (keys ``line · needs + need``, sorted) and its
    delivery columns (grouped by pair): what prices a pair from a smaller LP's duals."""

    keys: IntArray
    line: IntArray
    need: IntArray
    col_start: IntArray  # each pair's first delivery column
    col_line: IntArray
    col_made: IntArray  # month the line makes what the column delivers
    col_need: IntArray
    col_value: FloatArray  # a unit's worth delivered there (priority, lateness)

    @classmethod
    def of(cls, problem: Problem, only: IntArray | None = None) -> Universe:
        """Every pair of ``problem`` that may hold a contract (as :func:`contract_pairs` makes
        them explicit: a line's minimum order or a need's supplier limit), or those among
        the keys ``only``."""
        funded = np.where(funding_classes(problem).of_line_month >= 0, problem.capacity, 0.0)
        pairs, _ = contract_pairs(problem, funded, only)
        keys = pairs.line * len(problem.need_ids) + pairs.need
        order = np.argsort(keys, kind="stable")
        order = order[np.bincount(pair_columns(problem, pairs)[0], minlength=len(keys))[order] > 0]
        pairs = Pairs(
            pairs.line[order], pairs.need[order], pairs.big_m[order], pairs.minimum[order]
        )
        pair, month, late = pair_columns(problem, pairs)
        line, need = pairs.line[pair], pairs.need[pair]
        counts = np.bincount(pair, minlength=len(pairs.line))
        return cls(
            keys=keys[order].astype(np.int64),
            line=pairs.line,
            need=pairs.need,
            col_start=(np.cumsum(counts) - counts).astype(np.int64),
            col_line=line,
            col_made=month - problem.lead_time[line],
            col_need=need,
            col_value=problem.need_priority[need] * (1 - problem.lateness_penalty * late),
        )


class WorkingSearch:
    """The local search of :class:`LocalSearch` over every pair of a product (its
    :class:`Universe`), each try solved on a small LP: the signed contracts and the
    :data:`CANDIDATES` best priced pairs not signed (a *working set*). Its duals price every
    pair of the universe (every line has its own pool rows there: ``pool_lines``); when the
    best priced pair not yet tried is outside the working set, the set is rebuilt around the
    signed contracts and the best priced pairs (its LP solved from the old set's basis:
    ``warm``; a cold solve cost 22 % of the search's CPU, docs/planner.md). A try costs a
    fraction of one on the product's whole model (fewer rows and columns: a smaller fixed
    cost of HiGHS's ``run()`` and cheaper iterations), and pairs outside the dive's model
    are reached (column generation). ``model``, ``signed``, :meth:`values`: the working
    set's model, its contracts and its LP's point (the same optimum as every pair's model
    with those contracts)."""

    def __init__(
        self,
        problem: Problem,
        signed_keys: IntArray,
        universe: Universe | None = None,
        candidates: int | None = None,
        *,
        ranked: bool = False,
        warm: bool = True,
    ) -> None:
        self.problem = problem
        self.universe = Universe.of(problem) if universe is None else universe
        self.candidates = CANDIDATES if candidates is None else candidates
        self.ranked = ranked
        self.warm = warm  # a rebuild starts from the old working set's basis
        self.chosen = np.isin(self.universe.keys, signed_keys)  # per universe pair
        self.lines = np.arange(len(problem.producer_ids), dtype=np.int64)
        self.gains = np.zeros(len(self.universe.keys))
        self.objective = -np.inf
        self.rebuilds = 0
        self._work: LocalSearch | None = None
        self._of_work = np.zeros(0, dtype=np.int64)  # work pair -> universe pair
        self._in_work = np.full(len(self.universe.keys), -1, dtype=np.int64)

    @property
    def model(self) -> ContractModel:
        """The working set's model."""
        assert self._work is not None
        return self._work.model

    @property
    def signed(self) -> FloatArray:
        """The contracts signed, as binaries of :attr:`model`'s pairs."""
        assert self._work is not None
        return self._work.signed

    def values(self) -> FloatArray:
        """The working set's LP point with the contracts signed now."""
        assert self._work is not None
        return self._work.values()

    def start(self) -> bool:
        """Solve with the given contracts (False when that LP has no optimum), price every
        pair and build the working set around the best priced."""
        if not self._rebuild(np.zeros(len(self.chosen), dtype=bool)):
            return False
        return self._rebuild(self._best(self.gains))

    def run(self, stop: float | None) -> tuple[int, int, float]:
        """As :meth:`LocalSearch.run`, over the universe: moves until no pair not tried is
        priced as a gain, or ``stop``; (tried, kept, LP gain)."""
        first, tried, moves, kept = self.objective, np.zeros(len(self.chosen), bool), 0, 0
        while stop is None or time.perf_counter() < stop:
            estimate = np.where(tried, -np.inf, self.gains)
            if self.ranked:
                estimate = np.where(estimate > 0, estimate * self.rank_weights(), estimate)
            q = int(np.argmax(estimate)) if len(estimate) else -1
            if q < 0 or estimate[q] <= 0:
                break
            if self._in_work[q] < 0:
                inside = np.where(self._in_work >= 0, estimate, -np.inf)
                r = int(np.argmax(inside))
                if inside[r] > INSIDE_SHARE * estimate[q]:
                    q = r
            if self._in_work[q] < 0 and not self._rebuild(self._best(estimate)):
                break
            if self._in_work[q] < 0:  # cannot happen: the set holds the best priced
                break
            work = self._work
            assert work is not None
            tried[q] = True
            at = int(self._in_work[q])
            if self.chosen[q]:  # a contract whose minimum order costs more than it gains
                moves += 1
                kept += self._kept(work._try(at, [], sign=False))
                continue
            for drop in work._options(at):
                moves += 1
                if self._kept(work._try(at, drop)):
                    kept += 1
                    tried[self._of_work[drop]] = True
                    break
        return moves, kept, float(self.objective - first)

    def converge(self, stop: float | None, runs: int | None = None) -> tuple[int, int, float]:
        """:meth:`run` again while a run keeps a move and ``stop`` is not past (as
        :meth:`LocalSearch.converge`), at most ``runs`` runs when given."""
        return _converge(self, stop, runs)

    def rank_weights(self) -> FloatArray:
        """Per universe pair, what a ranked search multiplies its price by to order the
        tries: one over its need's quantity (moves of small needs shift few units, and are
        kept far more often than the price per unit alone says), times
        :data:`SOLE_SUPPLIER_SHARE` where the need may have one supplier and has it (a swap
        there moves the whole need). Measured on the 2 000-need case: docs/planner.md."""
        problem, universe = self.problem, self.universe
        limit = problem.supplier_limits()
        signed = np.bincount(universe.need[self.chosen], minlength=len(problem.need_ids))
        sole = (limit == 1) & (signed >= 1)
        weight = 1.0 / np.maximum(problem.need_quantity, 1.0)
        weight = np.where(sole, SOLE_SUPPLIER_SHARE * weight, weight)
        return np.asarray(weight[universe.need], dtype=np.float64)

    def _best(self, estimate: FloatArray) -> BoolArray:
        """The :attr:`candidates` pairs not signed priced best (as a gain) by ``estimate``."""
        priced = np.where(self.chosen, -np.inf, estimate)
        count = min(max(self.candidates, 1), int(np.count_nonzero(priced > 0)))
        wanted = np.zeros(len(priced), dtype=bool)
        if count:
            wanted[np.argpartition(-priced, count - 1)[:count]] = True
        return wanted

    def _rebuild(self, wanted: BoolArray) -> bool:
        """The working set: the signed pairs and ``wanted``; solved (from the old set's basis
        at its last accepted point, :func:`carried_basis`, with :attr:`warm`; cold when
        there is none or that solve fails), then priced."""
        keys = self.universe.keys[self.chosen | wanted]
        model = build_contract_model(self.problem, keys, pool_lines=self.lines)
        at = np.searchsorted(
            self.universe.keys, model.pairs.line * len(self.problem.need_ids) + model.pairs.need
        )
        basis = None
        if self._work is not None and self.warm:
            old = self._work
            basis = carried_basis(old.model, old.basis, old.duals, model)
        work = LocalSearch(model, self.chosen[at].astype(np.float64), basis)
        if not work.start():
            if basis is None:
                return False
            work = LocalSearch(model, self.chosen[at].astype(np.float64))  # cold, to be sure
            if not work.start():
                return False
        self.rebuilds += 1
        self._work, self._of_work = work, at.astype(np.int64)
        self._in_work[:] = -1
        self._in_work[at] = np.arange(len(at))
        self.chosen = np.zeros(len(self.chosen), dtype=bool)
        self.chosen[at[work.signed > 0.5]] = True
        self.objective = work.objective
        self._price()
        return True

    def _kept(self, accepted: bool) -> bool:
        """After a try on the working set: when kept, the signed pairs, value and prices."""
        if accepted:
            work = self._work
            assert work is not None
            self.chosen[:] = False
            self.chosen[self._of_work[work.signed > 0.5]] = True
            self.objective = work.objective
            self._price()
        return accepted

    def _price(self) -> None:
        """Every pair of the universe priced at the working set's accepted point: a pair not
        signed at its best month's unit value less its line's and need's duals (as
        :meth:`LocalSearch._price`); a signed contract as the working set prices its drop."""
        work = self._work
        assert work is not None
        model, universe = work.model, self.universe
        n_t = self.problem.months
        duals = -np.asarray(work.highs.getSolution().row_dual, dtype=np.float64)
        own = np.full(len(self.problem.producer_ids), -1, dtype=np.int64)
        own[model.pair_lines] = np.arange(len(model.pair_lines))
        pool = model.rows["line_pool"].start + own[universe.col_line] * n_t + universe.col_made
        demand = model.rows["demand"].start + universe.col_need
        unit = universe.col_value + duals[pool] - duals[demand]
        gains = np.maximum.reduceat(unit, universe.col_start) if len(unit) else unit
        gains = np.where(self.chosen, -np.inf, gains)
        signed = self._of_work[work.signed > 0.5]
        gains[signed] = work.gains[work.signed > 0.5]
        self.gains = np.asarray(gains, dtype=np.float64)


def carried_basis(old: ContractModel, basis: Any, duals: FloatArray, new: ContractModel) -> Any:
    """A HiGHS basis of ``new`` from ``basis``, an optimal one of ``old`` whose row duals
    (of the value, maximised) are ``duals``: two working sets of the same product (the same
    problem, every line with its own pool, other pairs not signed). The blocks both models
    share (production, pools, holds, spills, money and their rows) keep their statuses, and
    so do the pairs in both. A pair new to the set (not signed: its quantity is 0) gets a
    basis that keeps the old duals and is optimal for it: priced as a gain at those duals
    (its best delivery column's worth, plus its line pool's dual, less its need's), that
    column and its quantity basic at 0 with its ``v ≤ M·b`` row tight (whose dual then
    takes the gain); otherwise its quantity basic with its pair row tight (the pair's
    columns then priced as at the old point). Its other rows are basic. The pairs left out
    take their statuses with them, so the count of basic variables may differ from the
    rows': the basis is then marked alien (HiGHS completes it from its factorisation).
    None when ``basis`` is missing or not valid, or the models do not share those blocks."""
    if basis is None or not basis.valid:
        return None
    if any(old.cols[n].count != new.cols[n].count for n in _SHARED_COLS):
        return None
    if any(old.rows[n].count != new.rows[n].count for n in _SHARED_ROWS):
        return None
    col_old = np.fromiter((int(x) for x in basis.col_status), np.int8, old.num_col)
    row_old = np.fromiter((int(x) for x in basis.row_status), np.int8, old.num_row)
    cols = np.full(new.num_col, _LOWER, dtype=np.int8)
    rows = np.full(new.num_row, _BASIC, dtype=np.int8)
    for name in _SHARED_COLS:
        cols[new.cols[name].range] = col_old[old.cols[name].range]
    for name in _SHARED_ROWS:
        rows[new.rows[name].range] = row_old[old.rows[name].range]
    was = _old_pairs(old, new)  # new pair -> old pair (-1: new to the set)
    both, fresh = np.nonzero(was >= 0)[0], np.nonzero(was < 0)[0]
    for name in ("v", "b"):
        cols[new.cols[name].start + both] = col_old[old.cols[name].start + was[both]]
    for name in ("pair", "upper"):
        rows[new.rows[name].start + both] = row_old[old.rows[name].start + was[both]]
    lower_old, lower_new = _lower_rows(old), _lower_rows(new)
    kept = both[lower_new[both] >= 0]
    rows[lower_new[kept]] = row_old[lower_old[was[kept]]]
    start_old, count_old = _pair_col_starts(old)
    start_new, count_new = _pair_col_starts(new)
    if not np.array_equal(count_old[was[both]], count_new[both]):
        return None
    w_pair = new.pair_col_pair
    w_offset = np.arange(len(w_pair)) - start_new[w_pair]
    carried = was[w_pair] >= 0
    w_old = start_old[was[w_pair[carried]]] + w_offset[carried]
    cols[new.cols["w"].start + np.nonzero(carried)[0]] = col_old[old.cols["w"].start + w_old]
    if len(fresh):  # the new pairs, each optimal at the old duals
        _fresh_pairs(new, duals, fresh, cols, rows)
    result: Any = highspy.HighsBasis()
    result.col_status = [_STATUS[x] for x in cols]
    result.row_status = [_STATUS[x] for x in rows]
    result.valid = True
    basic = int(np.count_nonzero(cols == _BASIC) + np.count_nonzero(rows == _BASIC))
    result.alien = basic != new.num_row
    return result


def _fresh_pairs(
    new: ContractModel,
    duals: FloatArray,
    fresh: IntArray,
    cols: npt.NDArray[np.int8],
    rows: npt.NDArray[np.int8],
) -> None:
    """Statuses (in ``cols`` and ``rows``) of the pairs ``fresh`` of ``new``, not signed and
    new to the set, optimal at the old ``duals`` (:func:`carried_basis`)."""
    w_pair = new.pair_col_pair
    n_t = new.problem.months
    own = np.full(len(new.problem.producer_ids), -1, dtype=np.int64)
    own[new.pair_lines] = np.arange(len(new.pair_lines))
    line = new.pairs.line[w_pair]
    pool = new.rows["line_pool"].start + own[line] * n_t + new.pair_col_month
    pool -= new.problem.lead_time[line]
    demand = new.rows["demand"].start + new.pairs.need[w_pair]
    unit = new.cost[new.cols["w"].range] + duals[pool] - duals[demand]
    best = np.full(len(new.pairs.line), -np.inf)
    np.maximum.at(best, w_pair, unit)
    gain = fresh[best[fresh] > 0]
    rest = fresh[~(best[fresh] > 0)]
    top = np.zeros(len(new.pairs.line), dtype=np.int64)  # each pair's best column
    order = np.lexsort((-unit, w_pair))
    first = np.searchsorted(w_pair[order], np.arange(len(new.pairs.line)))
    has = first < len(order)
    top[has] = order[first[has]]
    cols[new.cols["w"].start + top[gain]] = _BASIC
    cols[new.cols["v"].start + gain] = _BASIC
    rows[new.rows["upper"].start + gain] = _UPPER
    cols[new.cols["v"].start + rest] = _BASIC
    rows[new.rows["pair"].start + fresh] = _LOWER


def _old_pairs(old: ContractModel, new: ContractModel) -> IntArray:
    """Per pair of ``new``, the same pair in ``old`` (-1: none)."""
    needs = len(new.problem.need_ids)
    old_keys = old.pairs.line * needs + old.pairs.need
    new_keys = new.pairs.line * needs + new.pairs.need
    if not len(old_keys):
        return np.full(len(new_keys), -1, dtype=np.int64)
    order = np.argsort(old_keys, kind="stable")
    at = np.clip(np.searchsorted(old_keys[order], new_keys), 0, len(order) - 1)
    return np.where(old_keys[order][at] == new_keys, order[at], -1).astype(np.int64)


def _lower_rows(model: ContractModel) -> IntArray:
    """Per pair, its minimum order's row (-1: none)."""
    with_minimum = model.pairs.minimum > 0
    index = model.rows["lower"].start + np.cumsum(with_minimum) - 1
    return np.where(with_minimum, index, -1).astype(np.int64)


def _pair_col_starts(model: ContractModel) -> tuple[IntArray, IntArray]:
    """Per pair, the offset of its first delivery column in the ``w`` block and how many."""
    counts = np.bincount(model.pair_col_pair, minlength=len(model.pairs.line))
    return (np.cumsum(counts) - counts).astype(np.int64), counts.astype(np.int64)
