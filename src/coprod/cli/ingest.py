"""``coprod ingest FILE|DIR…``: articles in, unverified fact proposals out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from coprod.cli import ingest_sources as sources
from coprod.cli.cluster_options import (
    BatchSize,
    Scheduler,
    TlsCaFile,
    TlsCert,
    TlsKey,
    Workers,
    where_to_run,
)
from coprod.cli.database import open_store
from coprod.cli.progress import err_console, progress_bar
from coprod.errors import CoprodError, InvalidInput, NotFound
from coprod.services.facts import fact_review, ingestion, intake
from coprod.services.store import Store

if TYPE_CHECKING:
    from coprod.cluster.choice import ClusterChoice

PROGRESS_FROM = 3  # files; the extractor takes a noticeable moment to load


def article_files(paths: list[Path]) -> Iterator[Path]:
    """The files given, and every visible file under the folders given, sorted."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.parts)
            )
        elif path.exists():
            yield path
        else:
            raise NotFound(f"{path}: no such file or folder")


def ingest_file(store: Store, path: Path) -> ingestion.IngestResult:
    """Ingest one file in its own unit of work: all of it is stored, or nothing."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror})") from None
    # The local operator; no write lock while the extractor works (fact_review.ingest).
    return fact_review.ingest(store.units(), path.name, data)


def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="article files (text or HTML) or folders of them"),
    ] = None,
    *,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object per file")] = False,
    scheduler: Scheduler = None,
    workers: Workers = None,
    batch_size: BatchSize = 32,
    tls_ca_file: TlsCaFile = None,
    tls_cert: TlsCert = None,
    tls_key: TlsKey = None,
    urls: sources.Urls = None,
    feeds: sources.Feeds = None,
    watch: sources.Watch = False,
    interval: sources.Interval = 5.0,
    rounds: sources.Rounds = 0,
    timeout: sources.Timeout = intake.FETCH_TIMEOUT_S,
    max_bytes: sources.MaxBytes = intake.MAX_FETCH_BYTES,
) -> None:
    """Store articles and their extracted facts as unverified proposals for review.

    A file whose content was ingested before is skipped. A file that fails is reported with
    its name and leaves nothing stored; the others go on, and the exit code is 1 if any
    failed. With --scheduler or --workers the extraction runs on a Dask cluster and the
    storing stays here, one transaction per batch (docs/scale.md). --url, --feed and --watch
    take articles from the web and from watched folders; an article that reposts one already
    stored is said to (docs/extraction.md, Intake)."""
    choice = where_to_run(scheduler, workers, (tls_ca_file, tls_cert, tls_key))
    if urls or feeds or watch:
        _ingest_sources(
            paths or [],
            as_json=as_json,
            web=(urls or [], feeds or []),
            watch=watch,
            pace=(interval, rounds),
            limits=(timeout, max_bytes),
        )
        return
    if not paths:
        raise InvalidInput("give article files or folders, --url or --feed")
    files = list(article_files(paths))
    store = open_store()
    failed: list[str] = []
    unchanged = 0
    if choice.wanted:
        failed, unchanged = _ingest_on_cluster(store, files, (choice, batch_size), as_json)
        _finish(files, failed, unchanged)
        return
    bar = progress_bar(len(files), shown_from=PROGRESS_FROM)
    with bar:
        task = bar.add_task("ingesting", total=len(files))
        for path in files:
            bar.update(task, description=f"ingesting {path.name}")
            try:
                result = ingest_file(store, path)
            except CoprodError as exc:
                failed.append(_failed(path, str(exc)))
            except Exception as exc:  # one bad file must not stop the others
                failed.append(_failed(path, f"unexpected {type(exc).__name__}: {exc}"))
            else:
                unchanged += result.unchanged
                _report(result, path, as_json)
            bar.advance(task)
    _finish(files, failed, unchanged)


def _ingest_sources(
    paths: list[Path],
    *,
    as_json: bool,
    web: tuple[list[str], list[str]],
    watch: bool,
    pace: tuple[float, int],
    limits: tuple[float, int],
) -> None:
    """Files, pages, feeds, then the watched folders, in one run with one repost index."""
    files = list(article_files(paths))
    run = sources.Run(open_store(), as_json)
    sources.ingest_files(run, files)
    sources.ingest_urls(run, web[0], *limits)
    sources.ingest_feeds(run, web[1], *limits)
    if watch:
        folders = [p for p in paths if p.is_dir()]
        if not folders:
            raise InvalidInput("--watch needs at least one folder to watch")
        sources.watch(run, folders, sources.stamps(files), *pace)
    sources.finish(run)


def _ingest_on_cluster(
    store: Store, files: list[Path], options: tuple[ClusterChoice, int], as_json: bool
) -> tuple[list[str], int]:
    """The run on a cluster: (the files that failed, how many were already there)."""
    from coprod.cli.cluster_runs import ingest_on_cluster

    failed: list[str] = []
    unchanged = 0

    def on_file(path: Path, outcome: ingestion.IngestResult | str) -> None:
        nonlocal unchanged
        if isinstance(outcome, str):
            failed.append(_failed(path, outcome))
        else:
            unchanged += outcome.unchanged
            _report(outcome, path, as_json)

    ingest_on_cluster(store, files, options, on_file)
    return failed, unchanged


def _finish(files: list[Path], failed: list[str], unchanged: int) -> None:
    if failed:
        raise typer.Exit(_summary(files, failed))
    done = len(files) - unchanged
    err_console.print(
        f"{done} file(s) ingested, {unchanged} already there", highlight=False, soft_wrap=True
    )


def _failed(path: Path, message: str) -> str:
    """Say that ``path`` failed and why; the path, for the summary."""
    said = message if message.startswith(path.name) else f"{path.name}: {message}"
    err_console.print(
        f"[bold red]failed:[/] {escape(str(path.parent / said))}", highlight=False, soft_wrap=True
    )
    return str(path)


def _report(result: ingestion.IngestResult, path: Path, as_json: bool) -> None:
    if as_json:
        body = {
            "file": str(path),
            "document": result.document,
            "unchanged": result.unchanged,
            "created": result.created,
            "merged": result.merged,
            "warnings": result.warnings,
        }
        typer.echo(json.dumps(body, ensure_ascii=False))
        return
    typer.echo(result.message)
    for warning in result.warnings:
        typer.echo(f"  warning: {warning}")


def _summary(files: list[Path], failed: list[str]) -> int:
    err_console.print(
        f"[bold red]{len(failed)} of {len(files)} file(s) failed:[/] " + ", ".join(failed),
        highlight=False,
        soft_wrap=True,
    )
    return 1


def register(app: typer.Typer) -> None:
    """Add ``coprod ingest`` to ``app``."""
    app.command("ingest")(ingest)
