"""Plan risk sweeps on a Dask cluster. The scenario goes to every worker first, and each worker
builds its model (importing the planner on its first sweep) while the client solves the base
plan, once; then the base plan's basis goes to every worker, batches of sample indices go out,
outcomes come back. Each worker keeps its solver, started warm from that basis."""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from typing import Any

from distributed import Client, Future

from coprod.cluster.client import ordered_results, worker_addresses
from coprod.planner.problem import Problem
from coprod.planner.risk import (
    SampleOutcome,
    SampleSolver,
    Sweep,
    SweepJob,
    prepare_samples,
    risk_document,
    solve_samples,
)

# Tasks per worker when no batch size is given: few enough that each task is a good share of
# the work (the per-task cost stays small), enough that the last ones leave little idle tail.
TASKS_PER_WORKER = 4


def batch_size_for(samples: int, workers: int) -> int:
    """Samples per task: each worker's share cut into ``TASKS_PER_WORKER`` tasks."""
    return max(1, math.ceil(samples / (max(workers, 1) * TASKS_PER_WORKER)))


def sweep_on_cluster(
    client: Client,
    problem: Problem,
    sweep: Sweep,
    batch_size: int | None,
    on_batch: Callable[[list[SampleOutcome]], None],
) -> dict[str, Any]:
    """The ``coprod.risk/1`` document of a sweep whose samples are solved on the cluster
    (``batch_size`` samples per task; None: :func:`batch_size_for` the workers there are)."""
    started = time.perf_counter()
    run = uuid.uuid4().hex[:12]
    job = SweepJob(problem, run, sweep.params, sweep.seed, sweep.time_limit)
    [shared] = client.scatter([job], broadcast=True, hash=False)
    addresses = worker_addresses(client)
    preparing = _prepare(client, shared, addresses, run)
    base = SampleSolver(problem, time_limit=sweep.time_limit)  # the one cold solve, meanwhile
    [start] = client.scatter([base.start], broadcast=True, hash=False)
    size = batch_size or batch_size_for(sweep.samples, len(addresses))
    futures = [
        client.submit(
            solve_samples,
            shared,
            start,
            list(range(first, min(first + size, sweep.samples))),
            key=f"coprod-risk-{run}-{first // size}",
            pure=False,
        )
        for first in range(0, sweep.samples, size)
    ]
    outcomes = [o for batch in ordered_results(futures, on_batch) for o in batch]
    client.cancel(preparing)  # done long ago, or meant for a worker that was lost
    timing = {
        "workers": len(addresses),
        "batch_size": size,
        "cold_solve_seconds": base.base_outcome.solve_seconds,
        "seconds": time.perf_counter() - started,
    }
    return risk_document(problem, sweep, base.base_outcome, outcomes, timing)


def _prepare(client: Client, job: Future[Any], addresses: list[str], run: str) -> list[Future[Any]]:
    """One task per worker that builds the scenario's model there."""
    return [
        client.submit(
            prepare_samples, job, key=f"coprod-risk-prepare-{run}-{n}", workers=[address],
            pure=False,
        )
        for n, address in enumerate(addresses)
    ]  # fmt: skip
