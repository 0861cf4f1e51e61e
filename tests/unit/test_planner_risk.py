"""Risk sweeps (``planner/risk.py``): each sample's perturbation depends on (seed, index) alone,
its effect on capacities and budgets is the documented one, and a sample's outcome does not
depend on what the solver solved before it."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from coprod.errors import InvalidInput
from coprod.planner.generate import generate_scenario
from coprod.planner.problem import Problem, parse_scenario
from coprod.planner.risk import (
    Basis,
    Draw,
    Perturbations,
    SampleSolver,
    Sweep,
    SweepJob,
    cached_solver,
    draw,
    perturbed_capacity,
    prepare_samples,
    sample_model,
    solve_samples,
    sweep_in_process,
)
from coprod.planner.solve import PlanSolver


@pytest.fixture(scope="module")
def problem() -> Problem:
    return parse_scenario(generate_scenario(60, 12, 4, 8, 5))


def test_a_sample_is_drawn_from_its_seed_and_index_only(problem: Problem) -> None:
    params = Perturbations(shortfall_prob=0.5, slip_prob=0.5, late_prob=0.2, cut_prob=0.5)
    first, again = draw(problem, params, 7, 3), draw(problem, params, 7, 3)
    for name in ("capacity_factor", "slip", "late", "budget_factor"):
        assert np.array_equal(getattr(first, name), getattr(again, name)), name
    other = draw(problem, params, 7, 4)
    assert not np.array_equal(first.capacity_factor, other.capacity_factor)
    # each kind has its own stream: other slip parameters leave the shortfalls as they were
    slips = draw(problem, replace(params, slip_prob=0.9, slip_max=5), 7, 3)
    assert np.array_equal(slips.capacity_factor, first.capacity_factor)
    assert not np.array_equal(slips.slip, first.slip)
    assert set(np.unique(first.slip)) <= {0, 1, 2, 3}
    cut = first.budget_factor[first.budget_factor < 1]
    assert len(cut) and ((cut >= 0.7) & (cut <= 0.9)).all()


def test_each_perturbation_changes_capacity_as_documented(problem: Problem) -> None:
    n_p, n_t = len(problem.producer_ids), problem.months
    none = Draw(np.ones(n_p), np.zeros(n_p, dtype=np.int64), np.zeros((n_p, n_t), bool), np.ones(4))
    assert np.array_equal(perturbed_capacity(problem, none), problem.capacity)
    short = replace(none, capacity_factor=np.where(np.arange(n_p) == 0, 0.6, 1.0))
    assert np.allclose(perturbed_capacity(problem, short)[0], 0.6 * problem.capacity[0])
    slip = replace(none, slip=np.where(np.arange(n_p) == 1, 2, 0))
    moved = perturbed_capacity(problem, slip)[1]
    assert np.array_equal(moved, np.concatenate([[0, 0], problem.capacity[1, :-2]]))
    late = np.zeros((n_p, n_t), bool)
    late[2, 3] = True
    shifted = perturbed_capacity(problem, replace(none, late=late))[2]
    expected = problem.capacity[2].copy()
    expected[4] += expected[3]
    expected[3] = 0.0
    assert np.array_equal(shifted, expected)


def test_a_sample_is_the_same_whatever_was_solved_before_and_equals_a_cold_solve(
    problem: Problem,
) -> None:
    params = Perturbations(shortfall_prob=0.5, cut_prob=0.5)
    forward, backward = SampleSolver(problem), SampleSolver(problem)
    ahead = [forward.solve(problem, params, 11, k) for k in range(6)]
    behind = [backward.solve(problem, params, 11, k) for k in reversed(range(6))][::-1]
    for a, b in zip(ahead, behind, strict=True):
        assert a.objective == b.objective and np.array_equal(a.planned, b.planned)
        assert np.array_equal(a.line_binds, b.line_binds)
        assert np.array_equal(a.instrument_binds, b.instrument_binds)
    assert all(o.warm and o.status == "optimal" for o in ahead)
    cold = PlanSolver(sample_model(forward.base, draw(problem, params, 11, 2))).solve()
    assert cold.objective == pytest.approx(ahead[2].objective, rel=1e-9)
    assert ahead[0].objective < forward.base_outcome.objective + 1e-6


def test_a_solver_started_from_a_shipped_basis_solves_each_sample_alike(problem: Problem) -> None:
    # What a cluster's worker does: no cold solve of its own, the client's basis (pickled, as
    # Dask sends it) as every sample's start; each outcome is the one-process outcome exactly.
    params = Perturbations(shortfall_prob=0.5, cut_prob=0.5, late_prob=0.2)
    here = SampleSolver(problem)
    shipped = pickle.loads(pickle.dumps(here.start))
    there = SampleSolver(problem, start=shipped)
    assert there.base_outcome.objective == here.base_outcome.objective
    for k in (3, 0, 5):
        a, b = here.solve(problem, params, 7, k), there.solve(problem, params, 7, k)
        assert (a.status, a.objective, a.iterations) == (b.status, b.objective, b.iterations)
        assert np.array_equal(a.planned, b.planned) and np.array_equal(a.on_time, b.on_time)
        assert np.array_equal(a.line_binds, b.line_binds)
        assert np.array_equal(a.instrument_binds, b.instrument_binds)
        assert b.warm


def test_a_worker_prepared_then_given_a_start_with_each_task_solves_as_one_process(
    problem: Problem,
) -> None:
    # A cluster's worker: the model built (and a sample drawn) before the basis exists, then a
    # copy of the start with every task; an equal copy keeps the HiGHS basis made from the
    # first, another basis replaces it.
    params = Perturbations(shortfall_prob=0.5, cut_prob=0.5)
    here = SampleSolver(problem)
    job = SweepJob(problem, "unit-prepared", params, 7, None)
    prepare_samples(job)
    first = solve_samples(job, pickle.loads(pickle.dumps(here.start)), [4, 1])
    solver = cached_solver(job)
    held = solver.basis
    second = solve_samples(job, pickle.loads(pickle.dumps(here.start)), [2])
    assert solver.basis is held
    for got in first + second:
        want = here.solve(problem, params, 7, got.index)
        assert (got.status, got.objective, got.iterations) == (
            want.status, want.objective, want.iterations,
        )  # fmt: skip
        assert np.array_equal(got.planned, want.planned)
    outcome, basis = here.start
    other = Basis(basis.col_status.copy(), basis.row_status.copy())
    other.col_status[0] = 1 - other.col_status[0]
    solver.start_from((outcome, other))
    assert solver.basis is not held and solver.start[1] is other


# Solves one sample of a scenario large enough (19 128 columns) for OpenBLAS to split a dot
# product over its threads, and prints what the risk document is made of.
ONE_SAMPLE = """
from coprod.planner.generate import generate_scenario
from coprod.planner.problem import parse_scenario
from coprod.planner.risk import Perturbations, SampleSolver
problem = parse_scenario(generate_scenario(2000, 400, 30, 24, 1))
solver = SampleSolver(problem)
for o in (solver.base_outcome, solver.solve(problem, Perturbations(), 1, 3)):
    print(repr(o.objective), o.planned.tobytes().hex()[:64], o.line_binds.sum(), o.iterations)
"""


@pytest.mark.slow  # two processes solve a 2 000-need scenario
def test_a_sample_does_not_depend_on_the_number_of_blas_threads() -> None:
    # A Dask worker runs with OPENBLAS_NUM_THREADS=1, a client with a thread per core: with the
    # objective as BLAS's dot product, a sample's objective differed in its last bits.
    printed = [
        subprocess.run(
            [sys.executable, "-c", ONE_SAMPLE],
            env={**os.environ, "OPENBLAS_NUM_THREADS": threads},
            capture_output=True, text=True, check=True,
        ).stdout
        for threads in ("1", str(max(2, os.cpu_count() or 2)))
    ]  # fmt: skip
    assert printed[0] == printed[1] and printed[0].count("\n") == 2


def test_the_sweep_reports_coverage_binding_and_the_needs_at_risk(problem: Problem) -> None:
    document = sweep_in_process(problem, Sweep(12, 3, Perturbations(shortfall_prob=0.6)))
    assert document["schema"] == "coprod.risk/1" and document["samples"] == 12
    needs = {n["id"]: n for n in document["needs"]}
    assert set(needs) == set(problem.need_ids)
    for need in needs.values():
        c = need["coverage"]
        assert 0 <= c["p10"] <= c["p50"] <= c["p90"] <= 1 and 0 <= need["probability_met"] <= 1
    for ident in document["at_risk"]:
        assert needs[ident]["base_coverage"] == 1.0 and needs[ident]["probability_met"] < 1.0
    assert document["at_risk"], "a 60 % chance of shortfall per line leaves some need at risk"
    assert {r["id"] for r in document["lines"]} == set(problem.producer_ids)
    assert any(r["binds"] > 0 for r in document["lines"] + document["instruments"])
    again = sweep_in_process(problem, Sweep(12, 3, Perturbations(shortfall_prob=0.6)))
    assert {**again, "solver": None} == {**document, "solver": None}


def test_parameters_out_of_range_are_refused() -> None:
    with pytest.raises(InvalidInput, match=r"shortfall_max: 0\.2 is outside"):
        Perturbations(shortfall_min=0.5, shortfall_max=0.2).check()
    with pytest.raises(InvalidInput, match="late_prob"):
        Perturbations(late_prob=1.5).check()


@pytest.mark.parametrize(
    ("samples", "workers", "first", "tasks"),
    [(200, 2, 34, 20), (201, 2, 34, 20), (3, 2, 2, 2), (10_000, 32, 105, 452), (5, 1, 2, 3)],
)
def test_a_cluster_gets_tasks_of_decreasing_size_by_default(
    samples: int, workers: int, first: int, tasks: int
) -> None:
    pytest.importorskip("distributed")
    from coprod.cluster.risk import MIN_TASK, TASK_SHARE, task_sizes

    sizes = task_sizes(samples, workers)
    assert (sizes[0], len(sizes), sum(sizes)) == (first, tasks, samples)
    assert sizes == sorted(sizes, reverse=True)
    left = samples
    for size in sizes:  # each a share of what is left, never below MIN_TASK but at the end
        assert size == min(left, max(MIN_TASK, -(-left // (TASK_SHARE * workers))))
        left -= size


def test_a_batch_size_gives_tasks_of_that_size() -> None:
    pytest.importorskip("distributed")
    from coprod.cluster.risk import task_sizes

    assert task_sizes(200, 2, 25) == [25] * 8
    assert task_sizes(7, 2, 3) == [3, 3, 1]
    assert task_sizes(0, 2) == []
