"""Reaching a Dask cluster (a scheduler's address, or a local cluster started for one run) and
collecting the results of its tasks in the order they were submitted."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, as_completed

from coprod.errors import ClusterUnavailable, InvalidInput

CONNECT_TIMEOUT_S = 5.0
# Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536 (freed memory goes back to the
# system at once). The extractor and the planner allocate and free many arrays: with it, a risk
# sample took ~40 % more CPU (docs/scale.md). 128 MiB behaves like glibc's default here.
WORKER_ENVIRON = {"MALLOC_TRIM_THRESHOLD_": str(128 * 2**20)}
# Diagnostics that a cluster started for one run does not show anyone, and that cost CPU its
# work needs on a small machine: the workers' statistical profiler (a stack sample every 10 ms),
# every server's event-loop check every 20 ms, the memory and system monitors. An idle cluster
# of 2 workers used 109 ms of CPU per second with Dask's defaults, 12 ms with these
# (docs/scale.md).
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
}


@dataclass(frozen=True)
class ClusterChoice:
    """Where the work runs: a scheduler's address, or a local cluster of ``workers`` processes."""

    scheduler: str | None = None
    workers: int | None = None
    connect_timeout: float = CONNECT_TIMEOUT_S

    @property
    def wanted(self) -> bool:
        """Whether a cluster was asked for at all (else the work stays in this process)."""
        return self.scheduler is not None or self.workers is not None


def cluster_choice(
    scheduler: str | None, workers: int | None, connect_timeout: float = CONNECT_TIMEOUT_S
) -> ClusterChoice:
    """The ``--scheduler`` / ``--workers`` options, checked (one of them at most)."""
    if scheduler is not None and workers is not None:
        raise InvalidInput("give --scheduler ADDRESS or --workers N, not both")
    if workers is not None and workers < 1:
        raise InvalidInput(f"--workers {workers}: at least 1 worker process")
    if scheduler is not None and not scheduler.strip():
        raise InvalidInput("--scheduler: an address such as tcp://10.0.0.5:8786")
    return ClusterChoice(scheduler, workers, connect_timeout)


@contextmanager
def open_client(choice: ClusterChoice) -> Iterator[Client]:
    """A client of the scheduler asked for, or of a local cluster started (and stopped) here."""
    if choice.scheduler is not None:
        client = connect(choice.scheduler, choice.connect_timeout)
        try:
            yield client
        finally:
            client.close()
        return
    with local_cluster(choice.workers or 1) as cluster, Client(cluster) as client:
        yield client


def connect(address: str, timeout: float) -> Client:
    """A client of the scheduler at ``address``; ClusterUnavailable within ``timeout`` seconds."""
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailable(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s ({exc}); "
            "is `dask scheduler` running there, and the port open?"
        ) from None
    except ValueError as exc:
        raise InvalidInput(f"--scheduler {address!r}: {exc}") from None


@contextmanager
def local_cluster(workers: int) -> Iterator[LocalCluster]:
    """A cluster of ``workers`` single-threaded worker processes on this machine."""
    environ = {**dask.config.get("distributed.nanny.pre-spawn-environ"), **WORKER_ENVIRON}
    # in force while the cluster lives: a nanny restarting a lost worker reads it again
    with dask.config.set({**QUIET, "distributed.nanny.pre-spawn-environ": environ}):
        yield from _started(workers)


def _started(workers: int) -> Iterator[LocalCluster]:
    try:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: never a clash with another cluster's
            silence_logs=logging.ERROR,
        )
    except (OSError, RuntimeError) as exc:
        message = f"cannot start a local cluster of {workers} workers: {exc}"
        raise ClusterUnavailable(message) from None
    try:
        yield cluster
    finally:
        cluster.close()


def ordered_results(
    futures: Sequence[Future[Any]], on_done: Callable[[Any], None]
) -> Iterator[Any]:
    """The results of ``futures`` in submission order; ``on_done`` gets each as it finishes.

    A task whose worker is lost is re-run by the scheduler on another worker; the client only
    sees its result once, so nothing is lost and nothing is counted twice.
    """
    position = {future.key: index for index, future in enumerate(futures)}
    finished: dict[int, Any] = {}
    following = 0
    for future in as_completed(futures):
        finished[position[future.key]] = future.result()
        future.release()
        on_done(finished[position[future.key]])
        while following in finished:
            yield finished.pop(following)
            following += 1


def worker_count(client: Client) -> int:
    """How many workers the scheduler has now."""
    return len(worker_addresses(client))


def worker_addresses(client: Client) -> list[str]:
    """The addresses of the workers the scheduler has now."""
    return list(client.scheduler_info(n_workers=-1)["workers"])
