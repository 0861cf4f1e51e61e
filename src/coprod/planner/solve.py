"""HiGHS (dual simplex) behind a small interface; solver outcomes are status values.

A :class:`PlanSolver` keeps its ``highspy.Highs`` object between solves: re-solving after a
change of budgets, capacities or priorities only changes bounds and costs, and HiGHS starts
from the previous optimal basis (warm start in one process). Across processes the basis can
be saved to a file and restored with ``setBasis`` (:func:`save_basis`, :func:`load_basis`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

import highspy
import numpy as np

from coprod.errors import InvalidInput
from coprod.planner.build import ColumnMatrix, Model
from coprod.planner.problem import FloatArray, IntArray

FEASIBILITY_TOLERANCE = 1e-6
_HIGHS: Any = highspy.Highs  # highspy's stubs lack some of the methods used here


class LinearModel(Protocol):
    """What HiGHS needs of a model: maximise ``cost @ x`` within column and row bounds."""

    @property
    def cost(self) -> FloatArray: ...
    @property
    def col_lower(self) -> FloatArray: ...
    @property
    def col_upper(self) -> FloatArray: ...
    @property
    def row_lower(self) -> FloatArray: ...
    @property
    def row_upper(self) -> FloatArray: ...
    @property
    def matrix(self) -> ColumnMatrix: ...
    @property
    def num_col(self) -> int: ...
    @property
    def num_row(self) -> int: ...


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"  # a contract plan meeting every rule, its gap above mip_gap
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    TIME_LIMIT = "time_limit"
    ITERATION_LIMIT = "iteration_limit"
    NOT_FEASIBLE = "not_feasible"  # the solver said optimal but the point breaks the rows
    ERROR = "error"


_STATUS = {
    highspy.HighsModelStatus.kOptimal: SolveStatus.OPTIMAL,
    highspy.HighsModelStatus.kModelEmpty: SolveStatus.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: SolveStatus.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: SolveStatus.UNBOUNDED,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: SolveStatus.INFEASIBLE,
    highspy.HighsModelStatus.kTimeLimit: SolveStatus.TIME_LIMIT,
    highspy.HighsModelStatus.kIterationLimit: SolveStatus.ITERATION_LIMIT,
}


# The statuses after which HiGHS's MIP dual bound still holds: a run that ended cleanly, at
# its optimum or at a limit (after an error the bound means nothing).
MIP_BOUND_KEPT = (
    highspy.HighsModelStatus.kOptimal,
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kIterationLimit,
    highspy.HighsModelStatus.kSolutionLimit,
    highspy.HighsModelStatus.kInterrupt,
)


@dataclass(frozen=True)
class Solution:
    """What one solve produced: status, objective, primal values and duals (maximise sense)."""

    status: SolveStatus
    objective: float
    col_value: FloatArray
    col_dual: FloatArray  # objective gained per unit of a column's active bound
    row_dual: FloatArray  # objective gained per unit of a row's active bound
    solve_seconds: float
    iterations: int
    warm: bool
    max_violation: float


class PlanSolver:
    """A HiGHS object holding one model; re-solves warm after bound and cost changes."""

    def __init__(self, model: Model, *, time_limit: float | None = None) -> None:
        self.highs: Any = _HIGHS()
        self.highs.silent()
        self.highs.setOptionValue("solver", "simplex")
        self.highs.setOptionValue("simplex_strategy", 1)  # dual simplex
        if time_limit is not None:
            self.highs.setOptionValue("time_limit", float(time_limit))
        self.model = model
        self._key = model.structure_key()
        self._pass(model)
        self._solved = False

    def _pass(self, model: Model) -> None:
        status = self.highs.passModel(to_highs_lp(model))
        if status == highspy.HighsStatus.kError:
            raise InvalidInput("HiGHS refused the model")

    def solve(self) -> Solution:
        """Run HiGHS from the current basis (if any) and return the outcome."""
        warm = self._solved
        started = time.perf_counter()
        self.highs.run()
        seconds = time.perf_counter() - started
        self._solved = True
        return self._solution(seconds, warm)

    def update(self, model: Model) -> bool:
        """Load ``model``; only bounds and costs when its structure is unchanged (True)."""
        if model.structure_key() != self._key:
            self.model, self._key, self._solved = model, model.structure_key(), False
            self.highs.clearSolver()
            self._pass(model)
            return False
        self._change_columns(model)
        self._change_rows(model)
        self.model = model
        return True

    def _change_columns(self, model: Model) -> None:
        old = self.model
        changed = np.nonzero(
            (old.col_lower != model.col_lower) | (old.col_upper != model.col_upper)
        )[0]
        if len(changed):
            self.highs.changeColsBounds(
                len(changed), changed, model.col_lower[changed], model.col_upper[changed]
            )
        changed = np.nonzero(old.cost != model.cost)[0]
        if len(changed):
            self.highs.changeColsCost(len(changed), changed, model.cost[changed])

    def _change_rows(self, model: Model) -> None:
        old = self.model
        changed = np.nonzero(
            (old.row_lower != model.row_lower) | (old.row_upper != model.row_upper)
        )[0]
        if len(changed):
            self.highs.changeRowsBounds(
                len(changed), changed, model.row_lower[changed], model.row_upper[changed]
            )

    def _solution(self, seconds: float, warm: bool) -> Solution:
        status = _STATUS.get(self.highs.getModelStatus(), SolveStatus.ERROR)
        info = self.highs.getInfo()
        solution = self.highs.getSolution()
        values = np.asarray(solution.col_value, dtype=np.float64)
        if len(values) != self.model.num_col:
            values = np.zeros(self.model.num_col)
        violation = max_violation(self.model, values)
        if status is SolveStatus.OPTIMAL and violation > FEASIBILITY_TOLERANCE:
            status = SolveStatus.NOT_FEASIBLE
        return Solution(
            status=status,
            objective=objective_of(self.model, values),
            col_value=values,
            col_dual=_or_zeros(solution.col_dual, self.model.num_col),
            row_dual=_or_zeros(solution.row_dual, self.model.num_row),
            solve_seconds=seconds,
            iterations=int(info.simplex_iteration_count),
            warm=warm,
            max_violation=violation,
        )

    def basis(self) -> tuple[IntArray, IntArray]:
        """The current basis as (column statuses, row statuses), HiGHS's integer codes."""
        basis = self.highs.getBasis()
        return (
            np.array([int(s) for s in basis.col_status], dtype=np.int64),
            np.array([int(s) for s in basis.row_status], dtype=np.int64),
        )

    def set_basis(self, columns: IntArray, rows: IntArray) -> bool:
        """Start the next solve from a saved basis; False when HiGHS refuses it."""
        if len(columns) != self.model.num_col or len(rows) != self.model.num_row:
            return False
        basis = highspy.HighsBasis()
        basis.col_status = [highspy.HighsBasisStatus(int(s)) for s in columns]
        basis.row_status = [highspy.HighsBasisStatus(int(s)) for s in rows]
        basis.valid = True
        accepted = bool(self.highs.setBasis(basis) != highspy.HighsStatus.kError)
        self._solved = self._solved or accepted
        return accepted


def objective_of(model: LinearModel, values: FloatArray) -> float:
    """``cost @ values``, summed by numpy rather than BLAS: OpenBLAS's dot product changes in
    the last bits with its thread count and the CPU's kernel (a Dask worker runs with one
    thread, the client with several), and its threads cost milliseconds per call on a busy
    machine; numpy's pairwise sum is the same on every process of the same build."""
    return float(np.add.reduce(model.cost * values))


def _or_zeros(values: list[float], size: int) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    return array if len(array) == size else np.zeros(size)


def to_highs_lp(model: LinearModel) -> highspy.HighsLp:
    """The model as a ``highspy.HighsLp`` (column-wise matrix, maximise)."""
    lp = highspy.HighsLp()
    lp.num_col_ = model.num_col
    lp.num_row_ = model.num_row
    lp.col_cost_ = model.cost
    lp.col_lower_ = model.col_lower
    lp.col_upper_ = model.col_upper
    lp.row_lower_ = model.row_lower
    lp.row_upper_ = model.row_upper
    lp.sense_ = highspy.ObjSense.kMaximize
    matrix = lp.a_matrix_
    matrix.format_ = highspy.MatrixFormat.kColwise
    matrix.num_col_ = model.num_col
    matrix.num_row_ = model.num_row
    matrix.start_ = model.matrix.indptr.astype(np.int32)
    matrix.index_ = model.matrix.indices.astype(np.int32)
    matrix.value_ = model.matrix.data.astype(np.float64)
    return lp


def max_violation(model: LinearModel, values: FloatArray) -> float:
    """Largest breach of a bound or row by ``values``, relative to the magnitudes involved."""
    if model.num_col == 0:
        return 0.0
    activity = model.matrix.times(values)
    row_scale = np.maximum(1.0, model.matrix.times(values, absolute=True))
    col_scale = np.maximum(1.0, np.abs(values))
    breaches = [
        (model.col_lower - values) / col_scale,
        (values - model.col_upper) / col_scale,
        (model.row_lower - activity) / row_scale,
        (activity - model.row_upper) / row_scale,
    ]
    finite = [np.nan_to_num(b, nan=0.0, neginf=0.0) for b in breaches if len(b)]
    return float(max((b.max() for b in finite), default=0.0))


def save_basis(path: Path, model: Model, solver: PlanSolver) -> None:
    """Write the solver's basis with the model's fingerprint (numpy ``.npz``)."""
    columns, rows = solver.basis()
    with path.open("wb") as handle:
        np.savez_compressed(handle, key=np.array(model.structure_key()), cols=columns, rows=rows)


def load_basis(path: Path, solver: PlanSolver) -> bool:
    """Restore a basis saved by :func:`save_basis`; False when it belongs to another model."""
    try:
        with np.load(path) as saved:
            key, columns, rows = str(saved["key"]), saved["cols"], saved["rows"]
    except (OSError, KeyError, ValueError) as exc:
        raise InvalidInput(f"cannot read the basis file: {exc}", location=str(path)) from exc
    if key != solver.model.structure_key():
        return False
    return solver.set_basis(columns, rows)
