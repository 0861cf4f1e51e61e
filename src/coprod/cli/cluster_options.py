"""The options that send a command's work to a Dask cluster (``docs/scale.md``); light to import:
Dask itself is imported only when one of them is given."""

from __future__ import annotations

from typing import Annotated

import typer

Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run on the Dask cluster of this scheduler (tcp://HOST:8786; docs/scale.md). "
        "An unreachable scheduler is an error after 5 s.",
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
