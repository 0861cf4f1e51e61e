"""The contract plan's mixed-integer program, compact: integers only where a rule needs them.

It is the network LP of :mod:`coprod.planner.build` with three additions, each only where a
contract field asks for it (``shared/spec/PLANNING.md``, "Plans you can sign"):

- **whole units**: production ``z[p,t]`` is an integer column; deliveries stay continuous
  (with production and the signed contracts fixed, the delivery side is a network with whole
  bounds, so its vertices are whole: :mod:`coprod.planner.contracts` re-solves it that way);
- **lots**: ``z[p,t] = lot_size(p) · n[p,t]`` with ``n`` integer, only for lines whose lot
  size is above 1;
- **contracts**: a *pair* (line ``p``, need ``j``) is explicit only where a rule speaks of it
  (``min_order(p) > 0``, or a ``max_suppliers(j)`` below the number of lines able to serve
  ``j``). Such a line's production goes to its own pool ``(p, d)`` instead of the product's;
  a pair takes from it with delivery columns ``w[q,d]`` (one per lateness, early units wait in
  line holds), gathered in ``v[q]`` (the contract's quantity), with a binary ``b[q]``:
  ``v ≤ M·b``, ``v ≥ min_order·b``, ``Σ_p b[p,j] ≤ max_suppliers(j)``. A line without a
  minimum order spills what its pairs do not take into the product pool.

Columns are in blocks (see :class:`ContractModel`), every block a numpy range; rows likewise.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import numpy as np

from coprod.planner.build import (
    INF,
    Classes,
    ColumnMatrix,
    Pools,
    delivery_pools,
    funding_classes,
)
from coprod.planner.problem import BoolArray, FloatArray, IntArray, Problem


@dataclass(frozen=True)
class Pairs:
    """The explicit (line, need) pairs and what bounds each contract."""

    line: IntArray
    need: IntArray
    big_m: FloatArray  # most units the pair can carry (need quantity, reachable capacity)
    minimum: FloatArray  # min_order of the line (0: none)


@dataclass(frozen=True)
class Block:
    """A range of columns (or rows) of one kind."""

    start: int
    count: int

    @property
    def stop(self) -> int:
        """One past the last index."""
        return self.start + self.count

    @property
    def range(self) -> slice:
        """The block as a slice."""
        return slice(self.start, self.stop)


@dataclass(frozen=True)
class ContractModel:
    """The compact MIP (maximise ``cost @ x``) with its blocks and index maps."""

    problem: Problem
    pools: Pools
    classes: Classes
    pairs: Pairs
    pair_lines: IntArray  # lines whose production goes to their own pool
    ruled_needs: BoolArray  # needs whose suppliers are limited (and the limit can bind)
    restricted: bool  # pairs limited to candidates: the MIP's own bound is not a bound
    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray
    matrix: ColumnMatrix
    integer: BoolArray  # per column: must be whole (z, lot counts, binaries)
    cols: dict[str, Block]
    rows: dict[str, Block]
    lot_lines: IntArray  # lines with lot_size > 1, in the order of the lot-count block
    hold_pool: IntArray  # per product hold column: the pool it leaves
    need_col_need: IntArray  # product-pool delivery columns
    need_col_month: IntArray
    need_col_late: IntArray
    pair_col_pair: IntArray  # pair delivery columns w
    pair_col_month: IntArray
    pair_col_late: IntArray
    money_instrument: IntArray
    money_class: IntArray

    @property
    def num_col(self) -> int:
        """Number of columns."""
        return len(self.cost)

    @property
    def num_row(self) -> int:
        """Number of rows."""
        return len(self.row_lower)

    @property
    def money_start(self) -> int:
        """Index of the first money column."""
        return self.cols["y"].start

    @property
    def budget_row_start(self) -> int:
        """Index of the first budget row (as in the LP's ``Model``)."""
        return self.rows["budget"].start

    def structure_key(self) -> str:
        """A fingerprint of columns, rows and matrix: equal keys mean a solution carries over."""
        digest = hashlib.sha1(usedforsecurity=False)
        for array in (self.matrix.indptr, self.matrix.indices, self.matrix.data, self.integer):
            digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(f"{self.num_col}x{self.num_row}".encode())
        return digest.hexdigest()

    def production(self, values: FloatArray) -> FloatArray:
        """Production per line-month (producers x months) of a column vector."""
        return values[self.cols["z"].range].reshape(-1, self.problem.months)


def reachable(problem: Problem) -> tuple[IntArray, IntArray]:
    """Every (line, need) of one product where the line can deliver within the lateness limit."""
    lines, needs = [], []
    for g in range(len(problem.product_ids)):
        p = np.nonzero(problem.producer_product == g)[0]
        j = np.nonzero(problem.need_product == g)[0]
        ok = problem.lead_time[p][:, None] <= problem.need_due[j][None, :] + problem.max_lateness
        pi, ji = np.nonzero(ok)
        lines.append(p[pi])
        needs.append(j[ji])
    empty = np.zeros(0, dtype=np.int64)
    line = np.concatenate(lines).astype(np.int64) if lines else empty
    need = np.concatenate(needs).astype(np.int64) if needs else empty
    return line, need


def contract_pairs(
    problem: Problem, funded_capacity: FloatArray, only: IntArray | None = None
) -> tuple[Pairs, BoolArray]:
    """The explicit pairs (among ``only``, keys ``line · needs + need``, when given) and which
    needs have a supplier limit that can bind."""
    line, need = reachable(problem)
    limit = problem.supplier_limits()
    able = np.bincount(need, minlength=len(problem.need_ids))
    ruled = (limit > 0) & (limit < able)
    minimum = problem.minimum_orders().astype(np.float64)
    explicit = (minimum[line] > 0) | ruled[need]
    if only is not None:
        explicit &= np.isin(line * len(problem.need_ids) + need, only)
    line, need = line[explicit], need[explicit]
    last = problem.need_due[need] + problem.max_lateness - problem.lead_time[line]
    cumulative = np.concatenate(
        [np.zeros((len(funded_capacity), 1)), np.cumsum(funded_capacity, axis=1)], axis=1
    )
    window = cumulative[line, np.clip(last + 1, 0, problem.months)]
    big_m = np.minimum(problem.need_quantity[need], window)
    keep = (big_m > 0) & (big_m >= minimum[line])
    pairs = Pairs(line[keep], need[keep], big_m[keep], minimum[line][keep])
    return pairs, ruled


def count_pairs(problem: Problem) -> int:
    """How many explicit pairs the full compact MIP would have (before capacity filters)."""
    line, need = reachable(problem)
    limit = problem.supplier_limits()
    able = np.bincount(need, minlength=len(problem.need_ids))
    ruled = (limit > 0) & (limit < able)
    return int(np.count_nonzero((problem.minimum_orders()[line] > 0) | ruled[need]))


def build_contract_model(
    problem: Problem, only: IntArray | None = None, pool_lines: IntArray | None = None
) -> ContractModel:
    """The compact MIP of a problem with contract fields.

    ``only``: restrict the explicit pairs to these keys (``line · needs + need``): a smaller
    MIP whose plans meet every rule but whose bound holds for itself only. ``pool_lines``:
    lines given their own pool even when no pair of theirs is in the model (what they do
    not deliver to pairs spills into the product pool: the same optimum), so that the duals
    of their pool rows price pairs outside the model (:mod:`coprod.planner.contract_search`).
    """
    pools = delivery_pools(problem)
    classes = funding_classes(problem)
    funded = np.where(classes.of_line_month >= 0, problem.capacity, 0.0)
    pairs, ruled = contract_pairs(problem, funded, only)
    minimum = problem.minimum_orders()
    extra = np.zeros(0, dtype=np.int64) if pool_lines is None else pool_lines
    pair_lines = np.unique(np.concatenate([pairs.line, np.nonzero(minimum > 0)[0], extra])).astype(
        np.int64
    )
    builder = _Builder(
        problem, pools=pools, classes=classes, pairs=pairs, pair_lines=pair_lines, ruled=ruled
    )
    return replace(builder.model(), restricted=only is not None)


class _Builder:
    """Collects column blocks and COO entries, then assembles the model."""

    def __init__(
        self,
        problem: Problem,
        *,
        pools: Pools,
        classes: Classes,
        pairs: Pairs,
        pair_lines: IntArray,
        ruled: BoolArray,
    ) -> None:
        self.problem, self.pools, self.classes = problem, pools, classes
        self.pairs, self.pair_lines, self.ruled = pairs, pair_lines, ruled
        n_p, n_t = len(problem.producer_ids), problem.months
        self.line_pool_of = np.full(n_p, -1, dtype=np.int64)
        self.line_pool_of[pair_lines] = np.arange(len(pair_lines), dtype=np.int64)
        self.lot_lines = np.nonzero(problem.lots() > 1)[0].astype(np.int64)
        money_class, money_instrument = np.nonzero(classes.instruments)
        self.money_class = money_class.astype(np.int64)
        self.money_instrument = money_instrument.astype(np.int64)
        self.hold_pool = _product_holds(pools)
        self.need_cols = _pool_need_columns(problem, pools, ~ruled)
        self.pair_cols = pair_columns(problem, pairs)
        n_lines = len(pair_lines)
        spill_lines = pair_lines[problem.minimum_orders()[pair_lines] == 0]
        self.spill_lines = spill_lines
        self.cols = _blocks(
            [
                ("z", n_p * n_t),
                ("n", len(self.lot_lines) * n_t),
                ("h", len(self.hold_pool)),
                ("u", len(self.need_cols[0])),
                ("hl", n_lines * max(n_t - 1, 0)),
                ("s", len(spill_lines) * n_t),
                ("w", len(self.pair_cols[0])),
                ("v", len(pairs.line)),
                ("b", len(pairs.line)),
                ("y", len(self.money_class)),
            ]
        )
        n_pairs_min = int(np.count_nonzero(pairs.minimum > 0))
        self.rows = _blocks(
            [
                ("pool", pools.count),
                ("demand", len(problem.need_ids)),
                ("class", len(classes.instruments)),
                ("budget", len(problem.instrument_ids)),
                ("line_pool", n_lines * n_t),
                ("pair", len(pairs.line)),
                ("upper", len(pairs.line)),
                ("lower", n_pairs_min),
                ("suppliers", int(np.count_nonzero(ruled))),
                ("lot", len(self.lot_lines) * n_t),
            ]
        )
        self.entries: list[tuple[IntArray, IntArray, FloatArray]] = []

    def model(self) -> ContractModel:
        """Assemble costs, bounds, rows and the matrix."""
        for part in (
            self._production,
            self._lots,
            self._product_side,
            self._line_side,
            self._pairs,
            self._money,
        ):
            part()
        num_col = self.cols["y"].stop
        num_row = self.rows["lot"].stop
        rows = np.concatenate([e[0] for e in self.entries])
        cols = np.concatenate([e[1] for e in self.entries])
        vals = np.concatenate([e[2] for e in self.entries])
        matrix = ColumnMatrix.from_entries(rows, cols, vals, (num_row, num_col))
        lower, upper, integer = self._column_bounds(num_col)
        row_lower, row_upper = self._row_bounds(num_row)
        return ContractModel(
            problem=self.problem,
            pools=self.pools,
            classes=self.classes,
            pairs=self.pairs,
            pair_lines=self.pair_lines,
            ruled_needs=self.ruled,
            restricted=False,
            cost=self._costs(num_col),
            col_lower=lower,
            col_upper=upper,
            row_lower=row_lower,
            row_upper=row_upper,
            matrix=matrix,
            integer=integer,
            cols=self.cols,
            rows=self.rows,
            lot_lines=self.lot_lines,
            hold_pool=self.hold_pool,
            need_col_need=self.need_cols[0],
            need_col_month=self.need_cols[1],
            need_col_late=self.need_cols[2],
            pair_col_pair=self.pair_cols[0],
            pair_col_month=self.pair_cols[1],
            pair_col_late=self.pair_cols[2],
            money_instrument=self.money_instrument,
            money_class=self.money_class,
        )

    def _add(self, rows: IntArray, cols: IntArray, vals: FloatArray | float) -> None:
        values = np.broadcast_to(np.asarray(vals, dtype=np.float64), rows.shape).copy()
        self.entries.append((rows.astype(np.int64), cols.astype(np.int64), values))

    def _production(self) -> None:
        """z[p,t]: into its product pool, or its line pool; paid through its class."""
        problem, pools = self.problem, self.pools
        n_p, n_t = len(problem.producer_ids), problem.months
        line = np.repeat(np.arange(n_p, dtype=np.int64), n_t)
        month = np.tile(np.arange(n_t, dtype=np.int64), n_p)
        col = self.cols["z"].start + np.arange(n_p * n_t, dtype=np.int64)
        own = self.line_pool_of[line]
        g = problem.producer_product[line]
        pool = pools.first[g] + month + problem.lead_time[line] - pools.month_min[g]
        line_pool = self.rows["line_pool"].start + own * n_t + month
        self._add(np.where(own >= 0, line_pool, pool), col, 1.0)
        klass = self.classes.of_line_month.reshape(-1)
        funded = klass >= 0
        self._add(
            self.rows["class"].start + klass[funded],
            col[funded],
            -problem.unit_cost[line[funded]],
        )

    def _lots(self) -> None:
        """z[p,t] − lot·n[p,t] = 0 for lines with a lot size above 1."""
        n_t = self.problem.months
        lines = np.repeat(self.lot_lines, n_t)
        month = np.tile(np.arange(n_t, dtype=np.int64), len(self.lot_lines))
        row = self.rows["lot"].start + np.arange(len(lines), dtype=np.int64)
        self._add(row, self.cols["z"].start + lines * n_t + month, 1.0)
        lot = self.problem.lots()[lines].astype(np.float64)
        self._add(row, self.cols["n"].start + np.arange(len(lines), dtype=np.int64), -lot)

    def _product_side(self) -> None:
        """Product holds and deliveries from product pools to needs without a supplier limit."""
        hold = self.cols["h"].start + np.arange(len(self.hold_pool), dtype=np.int64)
        self._add(self.hold_pool, hold, -1.0)
        self._add(self.hold_pool + 1, hold, 1.0)
        need, month, _ = self.need_cols
        g = self.problem.need_product[need]
        pool = self.pools.first[g] + month - self.pools.month_min[g]
        col = self.cols["u"].start + np.arange(len(need), dtype=np.int64)
        self._add(pool, col, -1.0)
        self._add(self.rows["demand"].start + need, col, 1.0)

    def _line_side(self) -> None:
        """Line holds (early units wait) and spills into the product pool."""
        n_t = self.problem.months
        n_lines = len(self.pair_lines)
        if n_t > 1 and n_lines:
            own = np.repeat(np.arange(n_lines, dtype=np.int64), n_t - 1)
            month = np.tile(np.arange(n_t - 1, dtype=np.int64), n_lines)
            col = self.cols["hl"].start + np.arange(len(own), dtype=np.int64)
            row = self.rows["line_pool"].start + own * n_t + month
            self._add(row, col, -1.0)
            self._add(row + 1, col, 1.0)
        spill = self.spill_lines
        line = np.repeat(spill, n_t)
        month = np.tile(np.arange(n_t, dtype=np.int64), len(spill))
        col = self.cols["s"].start + np.arange(len(line), dtype=np.int64)
        self._add(self.rows["line_pool"].start + self.line_pool_of[line] * n_t + month, col, -1.0)
        g = self.problem.producer_product[line]
        arrival = month + self.problem.lead_time[line]
        self._add(self.pools.first[g] + arrival - self.pools.month_min[g], col, 1.0)

    def _pairs(self) -> None:
        """Pair deliveries, contract quantity, binaries and the rules that tie them."""
        problem, pairs, n_t = self.problem, self.pairs, self.problem.months
        pair, month, _ = self.pair_cols
        line = pairs.line[pair]
        col = self.cols["w"].start + np.arange(len(pair), dtype=np.int64)
        offset = month - problem.lead_time[line]  # line pool index of the delivery month
        self._add(self.rows["line_pool"].start + self.line_pool_of[line] * n_t + offset, col, -1.0)
        self._add(self.rows["pair"].start + pair, col, 1.0)
        q = np.arange(len(pairs.line), dtype=np.int64)
        v, b = self.cols["v"].start + q, self.cols["b"].start + q
        self._add(self.rows["pair"].start + q, v, -1.0)
        self._add(self.rows["demand"].start + pairs.need, v, 1.0)
        self._add(self.rows["upper"].start + q, v, 1.0)
        self._add(self.rows["upper"].start + q, b, -pairs.big_m)
        with_min = np.nonzero(pairs.minimum > 0)[0]
        lower = self.rows["lower"].start + np.arange(len(with_min), dtype=np.int64)
        self._add(lower, v[with_min], 1.0)
        self._add(lower, b[with_min], -pairs.minimum[with_min])
        ruled_index = np.cumsum(self.ruled) - 1
        limited = self.ruled[pairs.need]
        self._add(self.rows["suppliers"].start + ruled_index[pairs.need[limited]], b[limited], 1.0)

    def _money(self) -> None:
        count = len(self.money_class)
        col = self.cols["y"].start + np.arange(count, dtype=np.int64)
        self._add(self.rows["class"].start + self.money_class, col, 1.0)
        self._add(self.rows["budget"].start + self.money_instrument, col, 1.0)

    def _costs(self, num_col: int) -> FloatArray:
        problem = self.problem
        cost = np.zeros(num_col)
        per_unit = -problem.cost_weight * problem.unit_cost
        cost[self.cols["z"].range] = np.repeat(per_unit, problem.months)
        need, _, late = self.need_cols
        cost[self.cols["u"].range] = problem.need_priority[need] * (
            1 - problem.lateness_penalty * late
        )
        pair, _, late = self.pair_cols
        need = self.pairs.need[pair]
        cost[self.cols["w"].range] = problem.need_priority[need] * (
            1 - problem.lateness_penalty * late
        )
        return cost

    def _column_bounds(self, num_col: int) -> tuple[FloatArray, FloatArray, BoolArray]:
        problem = self.problem
        lower, upper = np.zeros(num_col), np.full(num_col, INF)
        integer = np.zeros(num_col, dtype=bool)
        capacity = np.where(self.classes.of_line_month >= 0, problem.capacity, 0.0)
        lots = problem.lots()
        whole = np.floor(capacity / lots[:, None]) * lots[:, None]
        upper[self.cols["z"].range] = whole.reshape(-1)
        integer[self.cols["z"].range] = np.repeat(lots == 1, problem.months)
        if len(self.lot_lines):
            counts = whole[self.lot_lines] / lots[self.lot_lines][:, None]
            upper[self.cols["n"].range] = counts.reshape(-1)
            integer[self.cols["n"].range] = True
        upper[self.cols["v"].range] = self.pairs.big_m
        upper[self.cols["b"].range] = 1.0
        integer[self.cols["b"].range] = True
        return lower, upper, integer

    def _row_bounds(self, num_row: int) -> tuple[FloatArray, FloatArray]:
        lower, upper = np.zeros(num_row), np.zeros(num_row)
        for name, bound in (
            ("demand", self.problem.need_quantity),
            ("budget", self.problem.budget),
            ("upper", 0.0),
        ):
            block = self.rows[name].range
            lower[block], upper[block] = -INF, bound
        block = self.rows["lower"].range
        lower[block], upper[block] = 0.0, INF
        block = self.rows["suppliers"].range
        limits = self.problem.supplier_limits()[self.ruled].astype(np.float64)
        lower[block], upper[block] = -INF, limits
        return lower, upper


def _blocks(sizes: list[tuple[str, int]]) -> dict[str, Block]:
    blocks, start = {}, 0
    for name, count in sizes:
        blocks[name] = Block(start, int(count))
        start += int(count)
    return blocks


def _product_holds(pools: Pools) -> IntArray:
    if pools.count == 0:
        return np.zeros(0, dtype=np.int64)
    last = np.append(pools.product[1:] != pools.product[:-1], True)
    return np.nonzero(~last)[0].astype(np.int64)


def _pool_need_columns(
    problem: Problem, pools: Pools, served: BoolArray
) -> tuple[IntArray, IntArray, IntArray]:
    """(need, delivery month, lateness) of product-pool deliveries to the ``served`` needs."""
    g = problem.need_product
    due = problem.need_due
    lo = np.clip(due, pools.month_min[g], pools.month_max[g])
    hi = np.minimum(due + problem.max_lateness, pools.month_max[g])
    count = np.where((pools.first[g] >= 0) & served, np.maximum(hi - lo + 1, 0), 0)
    return _windows(lo, count, due)


def pair_columns(problem: Problem, pairs: Pairs) -> tuple[IntArray, IntArray, IntArray]:
    """(pair, delivery month, lateness) of every pair delivery column, grouped by pair."""
    lead = problem.lead_time[pairs.line]
    due = problem.need_due[pairs.need]
    first, last = lead, lead + problem.months - 1
    lo = np.clip(due, first, last)
    hi = np.minimum(due + problem.max_lateness, last)
    count = np.maximum(hi - lo + 1, 0)
    return _windows(lo, count, due)


def _windows(lo: IntArray, count: IntArray, due: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    owner = np.repeat(np.arange(len(lo), dtype=np.int64), count)
    offset = np.arange(count.sum(), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    month = lo[owner] + offset
    late = np.maximum(month - due[owner], 0)
    return owner, month.astype(np.int64), late.astype(np.int64)
