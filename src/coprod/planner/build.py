"""The planning LP in network form, built from arrays (numpy; COO entries → CSC).

Never pairs producers with needs. Columns, in this order:

- ``z[p,t]``: production of line ``p`` in month ``t`` (all P·H of them, capacity as the
  upper bound; 0 where no instrument may pay), flowing into the delivery pool of its product
  in month ``t + lead_time(p)``;
- ``h[g,d]``: units of product ``g`` delivered by month ``d`` and held to ``d + 1`` (waiting
  only lowers a unit's value, so the optimum is the spec's);
- ``u[j,d]``: units handed to need ``j`` from pool ``d``, one column per lateness
  ``0..max_lateness`` (earlier deliveries reach the on-time column through ``h``);
- ``y[i,k]``: money of instrument ``i`` for funding class ``k``, where a class is a set of
  line-months with the same set of eligible, active instruments (producers no rule tells apart
  and months with the same open windows are pooled).

Rows: one pool per product and delivery month (flow conservation), one demand row per need,
one money row per funding class (money in = cost of production), one budget row per
instrument. Every column has at most two non-zeros. Changing budgets, capacities or
priorities changes bounds and costs only, so a basis stays valid for warm starts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

import numpy as np

from coprod.planner.problem import BoolArray, FloatArray, IntArray, Problem

INF = np.inf


def sum_by(index: IntArray, weights: FloatArray, size: int) -> FloatArray:
    """Sum of ``weights`` per value of ``index`` (0..size-1)."""
    return np.asarray(np.bincount(index, weights=weights, minlength=size), dtype=np.float64)


@dataclass(frozen=True)
class ColumnMatrix:
    """A sparse matrix in compressed sparse column form (what HiGHS takes).

    Built with numpy alone: scipy.sparse would add a third of a second of import time to
    every ``coprod plan`` process for two operations this class does in a few lines.
    """

    indptr: IntArray
    indices: IntArray
    data: FloatArray
    shape: tuple[int, int]

    @classmethod
    def from_entries(
        cls, rows: IntArray, cols: IntArray, vals: FloatArray, shape: tuple[int, int]
    ) -> ColumnMatrix:
        """CSC from coordinate entries (no duplicates), sorted by column then row."""
        order = np.lexsort((rows, cols))
        counts = np.bincount(cols, minlength=shape[1])
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(indptr, rows[order].astype(np.int64), vals[order].astype(np.float64), shape)

    @property
    def nnz(self) -> int:
        """Number of stored entries."""
        return len(self.data)

    def columns(self) -> IntArray:
        """The column of every stored entry."""
        return np.repeat(np.arange(self.shape[1], dtype=np.int64), np.diff(self.indptr))

    def times(self, values: FloatArray, *, absolute: bool = False) -> FloatArray:
        """``A @ values`` (or ``|A| @ |values|``)."""
        data, x = (np.abs(self.data), np.abs(values)) if absolute else (self.data, values)
        weights = data * x[self.columns()]
        return sum_by(self.indices, weights, self.shape[0])


@dataclass(frozen=True)
class Pools:
    """Delivery pools: one per product and delivery month."""

    first: IntArray  # per product: index of its first pool row (-1 when nobody makes it)
    month_min: IntArray  # per product: earliest delivery month
    month_max: IntArray  # per product: latest delivery month
    product: IntArray  # per pool
    month: IntArray  # per pool

    @property
    def count(self) -> int:
        """Number of pools."""
        return len(self.product)


@dataclass(frozen=True)
class Classes:
    """Funding classes: line-months sharing the same set of eligible, active instruments."""

    of_line_month: IntArray  # producers x months: class index, -1 when no instrument may pay
    instruments: BoolArray  # classes x instruments


@dataclass(frozen=True)
class Model:
    """The LP (maximise cost @ x, row_lower <= A x <= row_upper) and its index maps."""

    problem: Problem
    pools: Pools
    classes: Classes
    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray
    matrix: ColumnMatrix
    hold_start: int
    need_start: int
    money_start: int
    hold_pool: IntArray  # per hold column: the pool it leaves
    need_col_need: IntArray
    need_col_month: IntArray
    need_col_late: IntArray
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
    def need_row_start(self) -> int:
        """Index of the first demand row."""
        return self.pools.count

    @property
    def class_row_start(self) -> int:
        """Index of the first money row."""
        return self.pools.count + len(self.problem.need_ids)

    @property
    def budget_row_start(self) -> int:
        """Index of the first budget row."""
        return self.class_row_start + len(self.classes.instruments)

    def structure_key(self) -> str:
        """A fingerprint of the columns, rows and matrix: equal keys mean a basis carries over."""
        digest = hashlib.sha1(usedforsecurity=False)
        for array in (self.matrix.indptr, self.matrix.indices, self.matrix.data):
            digest.update(np.ascontiguousarray(array).tobytes())
        digest.update(f"{self.num_col}x{self.num_row}".encode())
        return digest.hexdigest()


def build_model(problem: Problem) -> Model:
    """The network-form LP of a validated problem."""
    pools = delivery_pools(problem)
    classes = funding_classes(problem)
    hold_pool = _hold_columns(pools)
    need_cols = _need_columns(problem, pools)
    money_class, money_instrument = np.nonzero(classes.instruments)
    n_z = len(problem.producer_ids) * problem.months
    hold_start = n_z
    need_start = hold_start + len(hold_pool)
    money_start = need_start + len(need_cols[0])
    num_col = money_start + len(money_class)
    model = Model(
        problem=problem,
        pools=pools,
        classes=classes,
        cost=np.zeros(num_col),
        col_lower=np.zeros(num_col),
        col_upper=np.full(num_col, INF),
        row_lower=np.zeros(0),
        row_upper=np.zeros(0),
        matrix=ColumnMatrix.from_entries(*_no_entries(), (0, num_col)),
        hold_start=hold_start,
        need_start=need_start,
        money_start=money_start,
        hold_pool=hold_pool,
        need_col_need=need_cols[0],
        need_col_month=need_cols[1],
        need_col_late=need_cols[2],
        money_instrument=money_instrument.astype(np.int64),
        money_class=money_class.astype(np.int64),
    )
    return _fill(model)


def delivery_pools(problem: Problem) -> Pools:
    """One pool per product and each month a unit of it can be delivered."""
    n_products = len(problem.product_ids)
    first = np.full(n_products, -1, dtype=np.int64)
    month_min = np.zeros(n_products, dtype=np.int64)
    month_max = np.full(n_products, -1, dtype=np.int64)
    products: list[IntArray] = []
    months: list[IntArray] = []
    for g in range(n_products):
        lead = problem.lead_time[problem.producer_product == g]
        if len(lead) == 0:
            continue
        month_min[g], month_max[g] = lead.min(), problem.months - 1 + lead.max()
        first[g] = int(sum(len(m) for m in months))
        span = np.arange(month_min[g], month_max[g] + 1, dtype=np.int64)
        products.append(np.full(len(span), g, dtype=np.int64))
        months.append(span)
    return Pools(
        first=first,
        month_min=month_min,
        month_max=month_max,
        product=np.concatenate(products) if products else np.zeros(0, dtype=np.int64),
        month=np.concatenate(months) if months else np.zeros(0, dtype=np.int64),
    )


def funding_classes(problem: Problem) -> Classes:
    """Group line-months by the set of instruments that may pay for them."""
    n_i, n_p, n_t = len(problem.instrument_ids), len(problem.producer_ids), problem.months
    if n_i == 0 or n_p == 0:
        return Classes(np.full((n_p, n_t), -1, dtype=np.int64), np.zeros((0, n_i), dtype=bool))
    lines, line_of = np.unique(problem.eligible, axis=1, return_inverse=True)
    windows, window_of = np.unique(problem.active, axis=1, return_inverse=True)
    # every (line signature, month signature) pair: its instrument set
    sets = lines[:, :, None] & windows[:, None, :]  # I x S x M
    flat = sets.reshape(n_i, -1).T  # (S*M) x I
    distinct, pair_class = np.unique(flat, axis=0, return_inverse=True)
    nonempty: BoolArray = np.asarray(distinct.any(axis=1), dtype=np.bool_)
    renumber = np.cumsum(nonempty) - 1
    pair_class = np.where(nonempty[pair_class], renumber[pair_class], -1)
    pair_class = pair_class.reshape(lines.shape[1], windows.shape[1])
    of_line_month = pair_class[line_of.reshape(-1)[:, None], window_of.reshape(-1)[None, :]]
    return Classes(of_line_month.astype(np.int64), distinct[nonempty])


def _hold_columns(pools: Pools) -> IntArray:
    """A hold column leaves every pool but the last of its product."""
    if pools.count == 0:
        return np.zeros(0, dtype=np.int64)
    last = np.append(pools.product[1:] != pools.product[:-1], True)
    return np.nonzero(~last)[0].astype(np.int64)


def _need_columns(problem: Problem, pools: Pools) -> tuple[IntArray, IntArray, IntArray]:
    """(need, delivery month, lateness) of every delivery column."""
    g = problem.need_product
    due = problem.need_due
    lo = np.clip(due, pools.month_min[g], pools.month_max[g])
    hi = np.minimum(due + problem.max_lateness, pools.month_max[g])
    count = np.where(pools.first[g] >= 0, np.maximum(hi - lo + 1, 0), 0)
    need = np.repeat(np.arange(len(due), dtype=np.int64), count)
    offset = np.arange(count.sum(), dtype=np.int64) - np.repeat(np.cumsum(count) - count, count)
    month = lo[need] + offset
    late = np.maximum(month - due[need], 0)
    return need, month, late


def _no_entries() -> tuple[IntArray, IntArray, FloatArray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)


def _fill(model: Model) -> Model:
    """Costs, bounds, rows and the matrix of a model whose index maps are set."""
    rows, cols, vals = _entries(model)
    num_row = model.budget_row_start + len(model.problem.instrument_ids)
    matrix = ColumnMatrix.from_entries(rows, cols, vals, (num_row, model.num_col))
    row_lower, row_upper = _row_bounds(model, num_row)
    col_upper = model.col_upper.copy()
    col_upper[: model.hold_start] = _production_bounds(model)
    return replace(
        model,
        cost=_costs(model),
        col_upper=col_upper,
        row_lower=row_lower,
        row_upper=row_upper,
        matrix=matrix,
    )


def _production_bounds(model: Model) -> FloatArray:
    capacity = np.where(model.classes.of_line_month >= 0, model.problem.capacity, 0.0)
    return capacity.reshape(-1)


def _costs(model: Model) -> FloatArray:
    problem = model.problem
    cost = np.zeros(model.num_col)
    per_unit = -problem.cost_weight * problem.unit_cost
    cost[: model.hold_start] = np.repeat(per_unit, problem.months)
    need = model.need_col_need
    value = problem.need_priority[need] * (1 - problem.lateness_penalty * model.need_col_late)
    cost[model.need_start : model.money_start] = value
    return cost


def _row_bounds(model: Model, num_row: int) -> tuple[FloatArray, FloatArray]:
    lower = np.zeros(num_row)
    upper = np.zeros(num_row)
    needs = slice(model.need_row_start, model.class_row_start)
    lower[needs], upper[needs] = -INF, model.problem.need_quantity
    budgets = slice(model.budget_row_start, num_row)
    lower[budgets], upper[budgets] = -INF, model.problem.budget
    return lower, upper


def _entries(model: Model) -> tuple[IntArray, IntArray, FloatArray]:
    parts = [_production_entries(model), _hold_entries(model), _need_entries(model)]
    parts.append(_money_entries(model))
    rows = np.concatenate([p[0] for p in parts])
    cols = np.concatenate([p[1] for p in parts])
    vals = np.concatenate([p[2] for p in parts])
    return rows, cols, vals


def _production_entries(model: Model) -> tuple[IntArray, IntArray, FloatArray]:
    problem, pools = model.problem, model.pools
    n_p, n_t = len(problem.producer_ids), problem.months
    line = np.repeat(np.arange(n_p, dtype=np.int64), n_t)
    month = np.tile(np.arange(n_t, dtype=np.int64), n_p)
    g = problem.producer_product[line]
    pool = pools.first[g] + month + problem.lead_time[line] - pools.month_min[g]
    col = np.arange(n_p * n_t, dtype=np.int64)
    klass = model.classes.of_line_month.reshape(-1)
    funded = klass >= 0
    rows = np.concatenate([pool, model.class_row_start + klass[funded]])
    cols = np.concatenate([col, col[funded]])
    vals = np.concatenate([np.ones(len(col)), -problem.unit_cost[line[funded]]])
    return rows, cols, vals


def _hold_entries(model: Model) -> tuple[IntArray, IntArray, FloatArray]:
    count = len(model.hold_pool)
    col = model.hold_start + np.arange(count, dtype=np.int64)
    rows = np.concatenate([model.hold_pool, model.hold_pool + 1])
    vals = np.concatenate([-np.ones(count), np.ones(count)])
    return rows, np.concatenate([col, col]), vals


def _need_entries(model: Model) -> tuple[IntArray, IntArray, FloatArray]:
    pools, need = model.pools, model.need_col_need
    g = model.problem.need_product[need]
    pool = pools.first[g] + model.need_col_month - pools.month_min[g]
    col = model.need_start + np.arange(len(need), dtype=np.int64)
    rows = np.concatenate([pool, model.need_row_start + need])
    vals = np.concatenate([-np.ones(len(need)), np.ones(len(need))])
    return rows, np.concatenate([col, col]), vals


def _money_entries(model: Model) -> tuple[IntArray, IntArray, FloatArray]:
    count = len(model.money_class)
    col = model.money_start + np.arange(count, dtype=np.int64)
    rows = np.concatenate(
        [model.class_row_start + model.money_class, model.budget_row_start + model.money_instrument]
    )
    return rows, np.concatenate([col, col]), np.ones(2 * count)
