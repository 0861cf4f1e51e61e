"""The options that send a command's work to a Dask cluster (``docs/scale.md``); light to import:
Dask itself is imported only when one of them is given."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from coprod.cluster.choice import ClusterChoice

Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run on the Dask cluster of this scheduler (tcp://HOST:8786, or tls://HOST:8786 "
        "with --tls-*; docs/scale.md). An unreachable scheduler is an error after 5 s.",
    ),
]
Workers = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Run on a local Dask cluster of N worker processes started for this run.",
    ),
]
BatchSize = Annotated[
    int,
    typer.Option(
        "--batch-size",
        min=1,
        help="With a cluster: articles per task (and per stored transaction).",
    ),
]
TlsCaFile = Annotated[
    Path | None,
    typer.Option(
        "--tls-ca-file",
        metavar="PEM",
        help="With a tls:// scheduler: the cluster's CA certificate (else Dask's configuration).",
    ),
]
TlsCert = Annotated[
    Path | None,
    typer.Option(
        "--tls-cert", metavar="PEM", help="With a tls:// scheduler: this client's certificate."
    ),
]
TlsKey = Annotated[
    Path | None,
    typer.Option(
        "--tls-key",
        metavar="PEM",
        help="With a tls:// scheduler: the certificate's private key (unless in its file).",
    ),
]


def where_to_run(
    scheduler: str | None, workers: int | None, tls: tuple[Path | None, Path | None, Path | None]
) -> ClusterChoice:
    """The cluster options, checked before anything is read (no Dask imported)."""
    from coprod.cluster.choice import TlsFiles, cluster_choice

    return cluster_choice(scheduler, workers, tls=TlsFiles(*tls))
