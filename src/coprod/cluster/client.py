"""Reaching a Dask cluster (a scheduler's address, or a local cluster started for one run) and
collecting the results of its tasks in the order they were submitted."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, as_completed
from distributed.security import Security

from coprod.cluster.choice import TLS_SCHEME, ClusterChoice, TlsFiles
from coprod.errors import ClusterUnavailable, InvalidInput

# Dask's nannies start workers with MALLOC_TRIM_THRESHOLD_=65536 (freed memory goes back to the
# system at once). The extractor and the planner allocate and free many arrays: with it, a risk
# sample took ~40 % more CPU (docs/scale.md). Setting any such variable also stops glibc from
# raising its mmap threshold as it does by default, so every array over 128 kB (a risk sample's
# bounds and values: 150 kB each) was mapped and zero-filled afresh: 342 page faults a sample
# against 53 in a plain process, 10 % more CPU. Arrays up to 32 MiB now come from the heap
# (4 faults a sample), and freed memory goes back once 128 MiB of it is free.
WORKER_ENVIRON = {
    "MALLOC_TRIM_THRESHOLD_": str(128 * 2**20),
    "MALLOC_MMAP_THRESHOLD_": str(32 * 2**20),
}
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


@contextmanager
def open_client(choice: ClusterChoice) -> Iterator[Client]:
    """A client of the scheduler asked for, or of a local cluster started (and stopped) here."""
    if choice.scheduler is not None:
        client = connect(choice.scheduler, choice.connect_timeout, choice.tls)
        try:
            yield client
        finally:
            client.close()
        return
    with local_cluster(choice.workers or 1) as cluster, Client(cluster) as client:
        yield client


def connect(address: str, timeout: float, tls: TlsFiles | None = None) -> Client:
    """A client of the scheduler at ``address``; ClusterUnavailable within ``timeout`` seconds."""
    security = client_security(address, tls or TlsFiles())
    try:
        return Client(address, timeout=timeout, security=security)
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailable(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s ({exc}); "
            + _hint(address)
        ) from None
    except ValueError as exc:
        raise InvalidInput(f"--scheduler {address!r}: {exc}") from None


def _hint(address: str) -> str:
    if address.startswith(TLS_SCHEME):
        return (
            "is `dask scheduler` running there with TLS, and are the certificates signed by "
            "the cluster's CA (--tls-ca-file, --tls-cert, --tls-key; docs/scale.md)?"
        )
    return (
        "is `dask scheduler` running there, and the port open? A scheduler that uses TLS "
        "takes a tls:// address and certificates (docs/scale.md)"
    )


def client_security(address: str, tls: TlsFiles) -> Security:
    """The client's TLS settings: the files given, else Dask's configuration
    (``distributed.comm.tls``); a ``tls://`` address without a CA and a certificate, or files
    that are no certificate and key, are an InvalidInput before any connection."""
    if tls.given:
        security = Security(
            require_encryption=True,
            tls_ca_file=str(tls.ca_file),
            tls_client_cert=str(tls.cert),
            tls_client_key=None if tls.key is None else str(tls.key),
        )
    else:
        security = Security()
    if not address.startswith(TLS_SCHEME):
        return security
    if not (getattr(security, "tls_ca_file", None) and getattr(security, "tls_client_cert", None)):
        raise InvalidInput(
            f"the scheduler at {address} speaks TLS: give --tls-ca-file, --tls-cert and "
            "--tls-key (or distributed.comm.tls.ca-file, .client.cert and .client.key in the "
            "Dask configuration; docs/scale.md)"
        )
    try:
        security.get_connection_args("client")  # reads the files: an error names them now
    except (OSError, ssl.SSLError, ValueError) as exc:
        files = ", ".join(str(f) for f in (tls.ca_file, tls.cert, tls.key) if f is not None)
        raise InvalidInput(
            f"the TLS files ({files or 'from the Dask configuration'}) are not a CA "
            f"certificate, a certificate and its key in PEM: {exc}"
        ) from None
    return security


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
