"""Plan risk sweeps on a Dask cluster. The scenario goes to every worker first (sent from a
thread while the client solves the base plan, once), and each worker builds its model
(importing the planner on its first sweep) meanwhile; then the base plan's basis goes to every
worker, batches of sample indices go out, largest first, outcomes come back. Each worker keeps
its solver, started warm from that basis."""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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

# Without a batch size, each task takes 1 / (TASK_SHARE x workers) of the samples left, and at
# least MIN_TASK: large tasks first (few round trips), small ones last, so that the workers
# finish within a sample or two of each other (docs/scale.md).
TASK_SHARE = 3
MIN_TASK = 2


def task_sizes(samples: int, workers: int, batch_size: int | None = None) -> list[int]:
    """Samples per task, in submission order: ``batch_size`` each, or (None) decreasing sizes,
    each a share of the samples left (``TASK_SHARE``, ``MIN_TASK``)."""
    sizes: list[int] = []
    left = samples
    while left > 0:
        share = math.ceil(left / (TASK_SHARE * max(workers, 1)))
        size = min(left, batch_size or max(MIN_TASK, share))
        sizes.append(size)
        left -= size
    return sizes


def sweep_on_cluster(
    client: Client,
    problem: Problem,
    sweep: Sweep,
    batch_size: int | None,
    on_batch: Callable[[list[SampleOutcome]], None],
) -> dict[str, Any]:
    """The ``coprod.risk/1`` document of a sweep whose samples are solved on the cluster
    (``batch_size`` samples per task; None: :func:`task_sizes` for the workers there are)."""
    started = time.perf_counter()
    run = uuid.uuid4().hex[:12]
    job = SweepJob(problem, run, sweep.params, sweep.seed, sweep.time_limit)
    with ThreadPoolExecutor(1, thread_name_prefix="coprod-risk-send") as sender:
        # the scenario travels (pickled and sent by Dask's event loop) and the workers build
        # their models while this thread solves the base plan: HiGHS releases the GIL
        sending = sender.submit(_send_job, client, job)
        base = SampleSolver(problem, time_limit=sweep.time_limit)  # the one cold solve
        shared, addresses, preparing = sending.result()
    [start] = client.scatter([base.start], broadcast=True, hash=False)
    sizes = task_sizes(sweep.samples, len(addresses), batch_size)
    firsts = [sum(sizes[:n]) for n in range(len(sizes))]
    futures = [
        client.submit(
            solve_samples,
            shared,
            start,
            list(range(first, first + size)),
            key=f"coprod-risk-{run}-{n}",
            pure=False,
        )
        for n, (first, size) in enumerate(zip(firsts, sizes, strict=True))
    ]
    outcomes = [o for batch in ordered_results(futures, on_batch) for o in batch]
    client.cancel(preparing)  # done long ago, or meant for a worker that was lost
    timing = {
        "workers": len(addresses),
        "tasks": len(sizes),
        "batch_size": max(sizes, default=0),  # the first task's: the largest
        "cold_solve_seconds": base.base_outcome.solve_seconds,
        "seconds": time.perf_counter() - started,
    }
    return risk_document(problem, sweep, base.base_outcome, outcomes, timing)


def _send_job(client: Client, job: SweepJob) -> tuple[Future[Any], list[str], list[Future[Any]]]:
    """The job on every worker, the workers' addresses, and one task per worker that builds
    the scenario's model there."""
    [shared] = client.scatter([job], broadcast=True, hash=False)
    addresses = worker_addresses(client)
    preparing = [
        client.submit(
            prepare_samples, shared, key=f"coprod-risk-prepare-{job.key}-{n}",
            workers=[address], pure=False,
        )
        for n, address in enumerate(addresses)
    ]  # fmt: skip
    return shared, addresses, preparing
