"""``coprod extract`` and ``coprod ingest`` on a Dask cluster (``--scheduler`` / ``--workers``).

The client reads the files, sends their bytes to the workers in batches and takes the results
back in the order of the files: the output is the one-process run's. Ingestion stores on the
client, one transaction per batch (each article in its own savepoint), in the order of the
files; content already stored is never sent, nor stored twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.progress import Progress

from coprod.cli.progress import err_console, progress_bar
from coprod.cluster import extraction as cx
from coprod.cluster.choice import ClusterChoice
from coprod.cluster.client import open_client, worker_count
from coprod.errors import CoprodError
from coprod.extraction.reading import article_bytes
from coprod.services.facts import batches as batch_ingest
from coprod.services.facts import ingestion
from coprod.services.store import Store

Item = tuple[str, bytes]


def extract_on_cluster(
    files: list[Path], choice: ClusterChoice, batch_size: int
) -> tuple[list[dict[str, Any]], int]:
    """The ``coprod.extraction/1`` objects of ``files`` in their order, and how many failed."""
    read = [_article(path) for path in files]
    items = [entry for entry in read if not isinstance(entry, str)]
    results: list[dict[str, Any]] = []
    failed = 0
    with open_client(choice) as client, _bar(len(items)) as bar:
        outcomes = _outcomes(client, bar, cx.extract_batch, items, batch_size)
        for entry in read:
            outcome = cx.Outcome("", error=entry) if isinstance(entry, str) else next(outcomes)
            if outcome.error is None:
                results.append(outcome.result)
            else:
                failed += 1
                err_console.print(
                    f"[bold red]error:[/] {escape(outcome.error)}", highlight=False, soft_wrap=True
                )
    return results, failed


def _article(path: Path) -> Item | str:
    """(name, bytes) of an article file, or the message saying why it cannot be read."""
    try:
        return path.name, article_bytes(path)
    except CoprodError as exc:
        return str(exc)


def _bar(total: int) -> Progress:
    return progress_bar(total, shown_from=1)


def _outcomes(
    client: Any, bar: Progress, work: Callable[..., list[cx.Outcome]], items: list[Item], size: int
) -> Iterator[cx.Outcome]:
    """Each item's outcome in order, the bar advancing as the cluster's tasks finish."""
    task = bar.add_task("loading the extractor on the workers", total=len(items))
    cx.prepare_workers(client)
    bar.update(task, description=f"extracting on {worker_count(client)} worker(s)")
    for batch in cx.run_batches(client, work, items, size, lambda b: bar.advance(task, len(b))):
        yield from batch


# ------------------------------------------------------------------------------------ ingest

Reported = batch_ingest.Stored  # a result, or why the file failed


def ingest_on_cluster(
    store: Store,
    files: list[Path],
    options: tuple[ClusterChoice, int],
    on_file: Callable[[Path, Reported], None],
) -> None:
    """Ingest ``files`` with the extraction on a cluster; ``on_file`` hears of each in order."""
    choice, batch_size = options
    read = [_file_bytes(path) for path in files]
    contents = (data for data in read if isinstance(data, bytes))
    before = batch_ingest.known_before(store.units(), contents)
    known = before.documents
    items = [
        (p.name, data)
        for p, data in zip(files, read, strict=True)
        if isinstance(data, bytes) and _sha(data) not in known
    ]
    with ExitStack() as stack:
        stored: Iterator[Reported] = iter(())
        if items:  # nothing new: no cluster needed
            client = stack.enter_context(open_client(choice))
            bar = stack.enter_context(_bar(len(items)))
            [names] = client.scatter([before.learned], broadcast=True, hash=False)
            stored = _stored(store, _batches(client, bar, items, batch_size, names))
        for path, data in zip(files, read, strict=True):
            if isinstance(data, str):
                on_file(path, data)
            elif _sha(data) in known:
                on_file(path, ingestion.IngestResult(path.name, known[_sha(data)], unchanged=True))
            else:
                on_file(path, next(stored))


def _file_bytes(path: Path) -> bytes | str:
    try:
        return path.read_bytes()
    except OSError as exc:
        return f"{path}: cannot be read ({exc.strerror})"


def _sha(data: bytes) -> str:
    return batch_ingest.content_hash(data)


def _batches(
    client: Any, bar: Progress, items: list[Item], size: int, names: Any
) -> Iterator[list[cx.Outcome]]:
    task = bar.add_task("loading the extractor on the workers", total=len(items))
    cx.prepare_workers(client)
    bar.update(task, description=f"ingesting on {worker_count(client)} worker(s)")
    advance: Callable[[list[cx.Outcome]], None] = lambda b: bar.advance(task, len(b))  # noqa: E731
    yield from cx.run_batches(client, cx.read_batch, items, size, advance, names)


def _stored(store: Store, batches: Iterator[list[cx.Outcome]]) -> Iterator[Reported]:
    """Each batch stored in one transaction, in order; each article all or nothing."""
    for batch in batches:
        yield from batch_ingest.store_batch(store.units(), batch)
