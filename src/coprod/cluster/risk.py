"""Plan risk sweeps on a Dask cluster: the scenario goes to every worker once, batches of
sample indices go out, outcomes come back; each worker keeps its solver and base basis."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

from distributed import Client

from coprod.cluster.client import ordered_results, worker_count
from coprod.planner.problem import Problem
from coprod.planner.risk import (
    SampleOutcome,
    Sweep,
    cached_solver,
    risk_document,
    solve_samples,
)
from coprod.planner.whatif import scenario_data

DEFAULT_BATCH = 10  # samples per task


def base_outcome(problem: Problem, key: str, time_limit: float | None) -> SampleOutcome:
    """On a worker: the unperturbed plan's outcome (the worker's solver, solved cold)."""
    return cached_solver(problem, key, time_limit).base_outcome


def scenario_key(problem: Problem, time_limit: float | None) -> str:
    """A fingerprint of the scenario and the solver's settings (the workers' cache key)."""
    text = json.dumps(scenario_data(problem), sort_keys=True) + f"|{time_limit}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sweep_on_cluster(
    client: Client,
    problem: Problem,
    sweep: Sweep,
    batch_size: int,
    on_batch: Callable[[list[SampleOutcome]], None],
) -> dict[str, Any]:
    """The ``coprod.risk/1`` document of a sweep whose samples are solved on the cluster."""
    started = time.perf_counter()
    key = scenario_key(problem, sweep.time_limit)
    run = uuid.uuid4().hex[:12]
    [scenario] = client.scatter([problem], broadcast=True, hash=False)
    settings = (sweep.params, sweep.seed, sweep.time_limit)
    size = max(batch_size, 1)
    futures = [
        client.submit(
            solve_samples,
            scenario,
            key,
            settings,
            list(range(first, min(first + size, sweep.samples))),
            key=f"coprod-risk-{run}-{first // size}",
            pure=False,
        )
        for first in range(0, sweep.samples, size)
    ]
    base = client.submit(base_outcome, scenario, key, sweep.time_limit, pure=False)
    outcomes = [o for batch in ordered_results(futures, on_batch) for o in batch]
    first = base.result()
    timing = {"workers": worker_count(client), "cold_solve_seconds": first.solve_seconds}
    timing["seconds"] = time.perf_counter() - started
    return risk_document(problem, sweep, first, outcomes, timing)
