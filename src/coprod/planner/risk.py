"""Plan risk sweeps: the scenario re-planned under N random perturbations, and what they do to
each need's coverage, each line and each instrument (``coprod.risk/1``, docs/planner.md).

Four perturbations, each drawn from its own stream seeded by (seed, sample index, kind) only,
so a sample is the same whichever process solves it and whatever the other parameters are:

- capacity shortfall (per line): with probability ``shortfall_prob`` the line loses a fraction
  ~ Uniform(``shortfall_min``, ``shortfall_max``) of its capacity in every month;
- lead-time slip (per line): with probability ``slip_prob`` its deliveries come s months later,
  s ~ Uniform{1..``slip_max``}: its capacity schedule moves s months later (nothing in its
  first s months);
- late deliveries (per line and month): with probability ``late_prob`` that month's output
  arrives a month late: it is added to the next month's (the last month's is lost);
- budget cut (per instrument): with probability ``cut_prob`` its budget loses a fraction
  ~ Uniform(``cut_min``, ``cut_max``).

Every perturbation changes bounds only (capacities, budgets): every sample has the base
model's structure. Each sample is solved from the base plan's optimal basis (dual simplex, warm)
in a solver kept per process, so its result does not depend on which samples that process
solved before: the same seed gives the same sweep on one process or on a cluster. The base plan
is solved once (cold) per sweep; a cluster's workers get the scenario first and build its model
while the client solves the base, then its basis (:class:`Basis`), and start warm from it
without solving the base again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

import highspy
import numpy as np

from coprod.errors import InvalidInput
from coprod.planner.build import Model, build_model, sum_by
from coprod.planner.explain import ZERO, capacity_marginal_values, instrument_marginal_values
from coprod.planner.problem import BoolArray, FloatArray, IntArray, Problem
from coprod.planner.solve import PlanSolver, SolveStatus

RISK_SCHEMA = "coprod.risk/1"
MET = 1 - 1e-6  # a need is met when planned >= MET * quantity
AT_RISK = 10  # needs listed as most at risk
SHORTFALL, SLIP, LATE, CUT = range(4)  # one random stream per kind of perturbation


@dataclass(frozen=True)
class Perturbations:
    """The distributions of the four perturbations (module docstring) and their parameters."""

    shortfall_prob: float = 0.2
    shortfall_min: float = 0.1
    shortfall_max: float = 0.5
    slip_prob: float = 0.1
    slip_max: int = 3
    late_prob: float = 0.05
    cut_prob: float = 0.2
    cut_min: float = 0.1
    cut_max: float = 0.3

    def check(self) -> Perturbations:
        """Itself, or InvalidInput naming the parameter out of range."""
        for name in ("shortfall_prob", "slip_prob", "late_prob", "cut_prob"):
            _within(name, getattr(self, name), 0.0, 1.0)
        for low, high in (("shortfall_min", "shortfall_max"), ("cut_min", "cut_max")):
            _within(low, getattr(self, low), 0.0, 1.0)
            _within(high, getattr(self, high), getattr(self, low), 1.0)
        if self.slip_max < 1:
            raise InvalidInput(f"slip_max: {self.slip_max} months; at least 1")
        return self


def _within(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise InvalidInput(f"{name}: {value:g} is outside [{low:g}, {high:g}]")


@dataclass(frozen=True)
class Draw:
    """One sample's perturbation of the scenario."""

    capacity_factor: FloatArray  # per line: 1 - the fraction lost
    slip: IntArray  # per line: months its deliveries come later
    late: BoolArray  # lines x months: that month's output arrives a month late
    budget_factor: FloatArray  # per instrument: 1 - the fraction cut


def draw(problem: Problem, params: Perturbations, seed: int, index: int) -> Draw:
    """The perturbation of sample ``index``: a function of (seed, index) and the parameters."""
    n_p, n_t, n_i = len(problem.producer_ids), problem.months, len(problem.instrument_ids)
    rng = [np.random.default_rng([seed, index, kind]) for kind in (SHORTFALL, SLIP, LATE, CUT)]
    short = rng[SHORTFALL].random(n_p) < params.shortfall_prob
    lost = rng[SHORTFALL].uniform(params.shortfall_min, params.shortfall_max, n_p)
    slips = rng[SLIP].random(n_p) < params.slip_prob
    months = rng[SLIP].integers(1, params.slip_max + 1, n_p)
    cut = rng[CUT].random(n_i) < params.cut_prob
    cut_by = rng[CUT].uniform(params.cut_min, params.cut_max, n_i)
    return Draw(
        capacity_factor=np.where(short, 1.0 - lost, 1.0),
        slip=np.where(slips, months, 0).astype(np.int64),
        late=rng[LATE].random((n_p, n_t)) < params.late_prob,
        budget_factor=np.where(cut, 1.0 - cut_by, 1.0),
    )


def perturbed_capacity(problem: Problem, sample: Draw) -> FloatArray:
    """Lines x months capacity after shortfalls, slips and late months (in that order)."""
    capacity = problem.capacity * sample.capacity_factor[:, None]
    for months in np.unique(sample.slip[sample.slip > 0]):
        lines = sample.slip == months
        shifted = np.zeros_like(capacity[lines])
        shifted[:, months:] = capacity[lines, : problem.months - months]
        capacity[lines] = shifted
    moved = np.where(sample.late, capacity, 0.0)
    capacity = capacity - moved
    capacity[:, 1:] += moved[:, :-1]
    return np.asarray(capacity, dtype=np.float64)


def sample_model(base: Model, sample: Draw) -> Model:
    """The base model with the sample's capacities and budgets (same structure, new bounds)."""
    problem = base.problem
    capacity = perturbed_capacity(problem, sample)
    col_upper = base.col_upper.copy()
    funded = base.classes.of_line_month >= 0
    col_upper[: base.hold_start] = np.where(funded, capacity, 0.0).reshape(-1)
    row_upper = base.row_upper.copy()
    row_upper[base.budget_row_start :] = problem.budget * sample.budget_factor
    return replace(base, col_upper=col_upper, row_upper=row_upper)


@dataclass(frozen=True)
class SampleOutcome:
    """What one perturbed plan gives: coverage per need, what binds, how the solve went."""

    index: int
    status: str
    objective: float
    planned: FloatArray  # per need: units delivered by due + max_lateness
    on_time: FloatArray  # per need: units delivered by the due month
    line_binds: BoolArray  # per line: more capacity would add value
    instrument_binds: BoolArray  # per instrument: more budget would add value
    solve_seconds: float
    iterations: int
    warm: bool
    seconds: float = 0.0  # the whole sample: draw, bounds, solve and outcome


# HiGHS's basis status codes (kLower 0, kBasic 1, kUpper 2, kZero 3, kNonbasic 4), by code
_STATUS_OF_CODE = {int(status): status for status in highspy.HighsBasisStatus.__members__.values()}


@dataclass(frozen=True)
class Basis:
    """An optimal basis as plain arrays, to send to another process (HiGHS's own object does
    not pickle): each column's and row's status code."""

    col_status: IntArray
    row_status: IntArray

    @classmethod
    def of(cls, basis: Any) -> Basis:
        """The arrays of a ``highspy.HighsBasis``."""
        return cls(_codes(basis.col_status), _codes(basis.row_status))

    def to_highs(self) -> Any:
        """The ``highspy.HighsBasis`` these arrays describe."""
        basis = highspy.HighsBasis()
        basis.col_status = [_STATUS_OF_CODE[code] for code in self.col_status.tolist()]
        basis.row_status = [_STATUS_OF_CODE[code] for code in self.row_status.tolist()]
        basis.valid = True
        return basis


def _codes(statuses: list[Any]) -> IntArray:
    """Status codes of HiGHS basis statuses (a 20 000-column basis in a few milliseconds)."""
    return np.fromiter((s.value for s in statuses), dtype=np.int8, count=len(statuses))


# The unperturbed plan's outcome and its optimal basis: where every sample starts.
Start = tuple[SampleOutcome, Basis]


def same_start(one: Start, other: Start) -> bool:
    """Whether two starts have the same basis (a task may bring a copy of the one held)."""
    return one is other or (
        np.array_equal(one[1].col_status, other[1].col_status)
        and np.array_equal(one[1].row_status, other[1].row_status)
    )


class SampleSolver:
    """The scenario's model in a solver, and where every sample starts: the base plan solved
    here (cold), or its outcome and basis given (``start``: solved elsewhere); then each sample
    from that optimal basis (warm). With ``solve_base=False`` and no ``start`` it only builds
    the model (a worker, while the client solves the base): :meth:`start_from` comes later."""

    def __init__(
        self,
        problem: Problem,
        *,
        time_limit: float | None = None,
        start: Start | None = None,
        solve_base: bool = True,
    ) -> None:
        self.base = build_model(problem)
        self.solver = PlanSolver(self.base, time_limit=time_limit)
        self._start: Start | None = None
        self.basis: Any = None
        if start is None and solve_base:
            start = (
                outcome(-1, self.base, self.solver.solve()),
                Basis.of(self.solver.highs.getBasis()),
            )
        if start is not None:
            self.start_from(start)

    def start_from(self, start: Start) -> None:
        """Start every later sample from ``start``'s basis (nothing done if it already does)."""
        if self._start is None or not same_start(start, self._start):
            self._start, self.basis = start, start[1].to_highs()

    @property
    def start(self) -> Start:
        """The base plan's outcome and optimal basis."""
        if self._start is None:
            raise RuntimeError("the base plan's basis was not given yet (start_from)")
        return self._start

    @property
    def base_outcome(self) -> SampleOutcome:
        """The unperturbed plan's outcome."""
        return self.start[0]

    def solve(
        self, problem: Problem, params: Perturbations, seed: int, index: int
    ) -> SampleOutcome:
        """The outcome of sample ``index``, from the base basis whatever was solved before."""
        if self.basis is None:
            raise RuntimeError("the base plan's basis was not given yet (start_from)")
        started = time.perf_counter()
        model = sample_model(self.base, draw(problem, params, seed, index))
        self.solver.update(model)
        self.solver.highs.clearSolver()  # no state of earlier samples carries over
        self.solver.highs.setBasis(self.basis)
        result = outcome(index, model, self.solver.solve())
        # From the base basis even as a worker's first solve (the base was solved elsewhere).
        return replace(result, warm=True, seconds=time.perf_counter() - started)


def outcome(index: int, model: Model, solution: Any) -> SampleOutcome:
    """Coverage and binding constraints of a solved model."""
    problem = model.problem
    optimal = solution.status is SolveStatus.OPTIMAL
    values = solution.col_value if optimal else np.zeros(model.num_col)
    delivered = values[model.need_start : model.money_start]
    n_j = len(problem.need_ids)
    on_time = np.where(model.need_col_late == 0, delivered, 0.0)
    return SampleOutcome(
        index=index,
        status=str(solution.status),
        objective=float(solution.objective) if optimal else 0.0,
        planned=sum_by(model.need_col_need, delivered, n_j),
        on_time=sum_by(model.need_col_need, on_time, n_j),
        line_binds=capacity_marginal_values(model, solution) > ZERO,
        instrument_binds=instrument_marginal_values(model, solution) > ZERO,
        solve_seconds=solution.solve_seconds,
        iterations=solution.iterations,
        warm=solution.warm,
    )


# One solver per (scenario, thread) in each process: a worker builds the scenario's model once
# per sweep and starts every sample of it from the base basis; threads never share a HiGHS object.
_CACHE = threading.local()


@dataclass(frozen=True)
class SweepJob:
    """What every task of a sweep shares (sent to each worker once, before the base plan is
    solved): the scenario, its key in the workers' cache, the perturbations, seed and time
    limit."""

    problem: Problem
    key: str
    params: Perturbations
    seed: int
    time_limit: float | None


def cached_solver(job: SweepJob) -> SampleSolver:
    """This thread's solver of the sweep's scenario (its model built on first use)."""
    held: tuple[str, SampleSolver] | None = getattr(_CACHE, "held", None)
    if held is None or held[0] != job.key:
        solver = SampleSolver(job.problem, time_limit=job.time_limit, solve_base=False)
        held = (job.key, solver)
        _CACHE.held = held
    return held[1]


def prepare_samples(job: SweepJob) -> None:
    """Build the scenario's model on this worker (a task run while the client solves the base
    plan: the worker imports the planner and builds the model meanwhile), and draw a sample's
    bounds once, which numpy makes slow the first time (8 ms of 20), not the first sample."""
    solver = cached_solver(job)
    sample_model(solver.base, draw(job.problem, job.params, job.seed, 0))


def solve_samples(job: SweepJob, start: Start, indices: list[int]) -> list[SampleOutcome]:
    """The outcomes of samples ``indices`` from the base plan's ``start`` (a task of a sweep:
    runs on any worker)."""
    solver = cached_solver(job)
    solver.start_from(start)
    return [solver.solve(job.problem, job.params, job.seed, index) for index in indices]


# ------------------------------------------------------------------------------- the sweep


@dataclass(frozen=True)
class Sweep:
    """What a risk sweep is asked to do."""

    samples: int
    seed: int
    params: Perturbations
    time_limit: float | None = None


def sweep_in_process(
    problem: Problem, sweep: Sweep, on_sample: Callable[[], None] | None = None
) -> dict[str, Any]:
    """The ``coprod.risk/1`` document of a sweep run in this process (one solver)."""
    started = time.perf_counter()
    solver = SampleSolver(problem, time_limit=sweep.time_limit)
    outcomes = []
    for index in range(sweep.samples):
        outcomes.append(solver.solve(problem, sweep.params, sweep.seed, index))
        if on_sample is not None:
            on_sample()
    timing = {"workers": 1, "cold_solve_seconds": solver.base_outcome.solve_seconds}
    timing["seconds"] = time.perf_counter() - started
    return risk_document(problem, sweep, solver.base_outcome, outcomes, timing)


def risk_document(
    problem: Problem,
    sweep: Sweep,
    base: SampleOutcome,
    outcomes: Iterable[SampleOutcome],
    timing: dict[str, Any],
) -> dict[str, Any]:
    """The sweep's document; everything but ``solver`` depends on the samples alone."""
    done = sorted(outcomes, key=lambda o: o.index)
    if [o.index for o in done] != list(range(sweep.samples)):
        raise InvalidInput("the sweep's samples are incomplete or repeated")
    optimal = [o for o in done if o.status == SolveStatus.OPTIMAL]
    warm = [o.solve_seconds for o in done]
    return {
        "schema": RISK_SCHEMA,
        "scenario": problem.scenario.name,
        "samples": sweep.samples,
        "seed": sweep.seed,
        "perturbations": asdict(sweep.params),
        "base": {"status": base.status, "objective": base.objective},
        "samples_not_optimal": len(done) - len(optimal),
        "objective": _distribution(np.array([o.objective for o in optimal])),
        "needs": _needs(problem, base, optimal),
        "at_risk": at_risk(problem, base, optimal),
        "lines": _binding(problem.producer_ids, [o.line_binds for o in optimal]),
        "instruments": _binding(problem.instrument_ids, [o.instrument_binds for o in optimal]),
        "solver": {
            **timing,
            "warm_solve_seconds": _distribution(np.array(warm)),
            "sample_seconds_total": float(sum(o.seconds for o in done)),
            "iterations_mean": float(np.mean([o.iterations for o in done])) if done else 0.0,
        },
    }


def _distribution(values: FloatArray) -> dict[str, float]:
    if len(values) == 0:
        return {"mean": 0.0, "p10": 0.0, "p50": 0.0, "p90": 0.0}
    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return {"mean": float(values.mean()), "p10": float(p10), "p50": float(p50), "p90": float(p90)}


def _coverage(problem: Problem, outcomes: list[SampleOutcome]) -> FloatArray:
    """Samples x needs: the fraction of each need planned (delivered by its latest month)."""
    if not outcomes:
        return np.zeros((0, len(problem.need_ids)))
    planned = np.stack([o.planned for o in outcomes])
    return np.asarray(np.minimum(planned / problem.need_quantity, 1.0), dtype=np.float64)


def _needs(
    problem: Problem, base: SampleOutcome, outcomes: list[SampleOutcome]
) -> list[dict[str, Any]]:
    coverage = _coverage(problem, outcomes)
    on_time = np.stack([o.on_time for o in outcomes]) if outcomes else coverage
    rows = []
    for j, ident in enumerate(problem.need_ids):
        quantity = float(problem.need_quantity[j])
        rows.append(
            {
                "id": ident,
                "quantity": quantity,
                "priority": float(problem.need_priority[j]),
                "base_coverage": float(min(base.planned[j] / quantity, 1.0)),
                "coverage": _distribution(coverage[:, j]),
                "on_time_mean": float(on_time[:, j].mean() / quantity) if len(on_time) else 0.0,
                "probability_met": float((coverage[:, j] >= MET).mean()) if len(coverage) else 0.0,
            }
        )
    return rows


def at_risk(
    problem: Problem, base: SampleOutcome, outcomes: list[SampleOutcome], count: int = AT_RISK
) -> list[str]:
    """Needs the base plan meets that the perturbed plans most often miss (then by priority)."""
    coverage = _coverage(problem, outcomes)
    if not len(coverage):
        return []
    met = (coverage >= MET).mean(axis=0)
    base_met = base.planned >= MET * problem.need_quantity
    candidates = np.nonzero(base_met & (met < 1.0))[0]
    order = np.lexsort((candidates, -problem.need_priority[candidates], met[candidates]))
    return [problem.need_ids[j] for j in candidates[order][:count]]


def _binding(ids: list[str], binds: list[BoolArray]) -> list[dict[str, Any]]:
    share = np.stack(binds).mean(axis=0) if binds else np.zeros(len(ids))
    return [{"id": ident, "binds": float(s)} for ident, s in zip(ids, share, strict=True)]
