"""``coprod extract FILE…``: articles in, ``coprod.extraction/1`` JSON out (pure: no network,
no database)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress

from coprod.cli.cluster_options import (
    BatchSize,
    Scheduler,
    TlsCaFile,
    TlsCert,
    TlsKey,
    Workers,
    where_to_run,
)
from coprod.errors import CoprodError, InvalidInput

BATCH = 32  # articles per cluster task (coprod.cluster.extraction.DEFAULT_BATCH)


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"


def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files: plain text or HTML.")],
    *,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help="json: one object (a list for several files); jsonl: one object per line.",
        ),
    ] = OutputFormat.JSON,
    scheduler: Scheduler = None,
    workers: Workers = None,
    batch_size: BatchSize = BATCH,
    tls_ca_file: TlsCaFile = None,
    tls_cert: TlsCert = None,
    tls_key: TlsKey = None,
) -> None:
    """Extract entities and cooperation facts from articles (schema coprod.extraction/1)."""
    choice = where_to_run(scheduler, workers, (tls_ca_file, tls_cert, tls_key))
    if choice.wanted:
        from coprod.cli.cluster_runs import extract_on_cluster

        extracted, failed = extract_on_cluster(files, choice, batch_size)
        _write(extracted, output_format, len(files))
        if failed:
            raise InvalidInput(f"{failed} of {len(files)} file(s) could not be read")
        return
    from coprod.extraction import extract_path, warm_up

    err = Console(stderr=True)
    results: list[dict[str, Any]] = []
    failures: list[CoprodError] = []
    with Progress(console=err, transient=True) as progress:
        loading = progress.add_task("loading models", total=None)
        warm_up()
        progress.remove_task(loading)
        task = progress.add_task("extracting", total=len(files))
        for path in files:
            try:
                results.append(extract_path(path).to_dict())
            except CoprodError as exc:
                failures.append(exc)
                err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            progress.advance(task)
    _write(results, output_format, len(files))
    if failures:
        raise InvalidInput(f"{len(failures)} of {len(files)} file(s) could not be read")


def _write(results: list[dict[str, Any]], output_format: OutputFormat, count: int) -> None:
    if output_format is OutputFormat.JSONL:
        for result in results:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        return
    payload: Any = results[0] if count == 1 and len(results) == 1 else results
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(extract)
