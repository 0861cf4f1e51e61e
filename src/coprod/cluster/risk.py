"""Plan risk sweeps on a Dask cluster: the base plan is solved once, on the client; the
scenario and the base plan's basis go to every worker once; batches of sample indices go out,
outcomes come back. Each worker keeps its solver, started warm from that basis."""

from __future__ import annotations

import hashlib
import json
import math
import time
import uuid
from collections.abc import Callable
from typing import Any

from distributed import Client

from coprod.cluster.client import ordered_results, worker_count
from coprod.planner.problem import Problem
from coprod.planner.risk import (
    SampleOutcome,
    SampleSolver,
    Sweep,
    SweepJob,
    risk_document,
    solve_samples,
)
from coprod.planner.whatif import scenario_data

# Tasks per worker when no batch size is given: few enough that each task is a good share of
# the work (the per-task cost stays small), enough that the last ones leave little idle tail.
TASKS_PER_WORKER = 4


def scenario_key(problem: Problem, time_limit: float | None) -> str:
    """A fingerprint of the scenario and the solver's settings (the workers' cache key)."""
    text = json.dumps(scenario_data(problem), sort_keys=True) + f"|{time_limit}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
    base = SampleSolver(problem, time_limit=sweep.time_limit)  # the one cold solve
    key = scenario_key(problem, sweep.time_limit)
    job = SweepJob(problem, key, sweep.params, sweep.seed, sweep.time_limit, base.start)
    [shared] = client.scatter([job], broadcast=True, hash=False)
    workers = worker_count(client)
    size = batch_size or batch_size_for(sweep.samples, workers)
    run = uuid.uuid4().hex[:12]
    futures = [
        client.submit(
            solve_samples,
            shared,
            list(range(first, min(first + size, sweep.samples))),
            key=f"coprod-risk-{run}-{first // size}",
            pure=False,
        )
        for first in range(0, sweep.samples, size)
    ]
    outcomes = [o for batch in ordered_results(futures, on_batch) for o in batch]
    timing = {
        "workers": workers,
        "batch_size": size,
        "cold_solve_seconds": base.base_outcome.solve_seconds,
        "seconds": time.perf_counter() - started,
    }
    return risk_document(problem, sweep, base.base_outcome, outcomes, timing)
