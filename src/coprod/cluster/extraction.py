"""Extraction on a Dask cluster: articles go to the workers in batches, each worker loads the
extractor once (a worker plugin), and the results come back in the order of the files.

Only bytes and names travel to the workers, and plain results come back: the workers never
touch the store (ingestion stores on the client, ``cli/ingest.py``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from distributed import Client, Worker, WorkerPlugin

from coprod.cluster.client import ordered_results
from coprod.errors import CoprodError
from coprod.extraction import extract_bytes, warm_up
from coprod.extraction.gazetteer import Entry
from coprod.services.facts.ingestion import read_article

DEFAULT_BATCH = 32  # articles per task: ~0.6 s of work, so the per-task overhead stays small


@dataclass(frozen=True)
class Outcome:
    """What became of one article on a worker: its result, or why it failed."""

    name: str
    result: Any = None
    error: str | None = None


class ExtractorPlugin(WorkerPlugin):
    """Loads the gazetteer, the language detector and the spaCy model once per worker."""

    name = "coprod-extractor"
    idempotent = True

    def setup(self, worker: Worker) -> None:
        """Warm the extractor up as the worker joins (the model then stays loaded)."""
        warm_up()


def extract_batch(items: list[tuple[str, bytes]]) -> list[Outcome]:
    """On a worker: the ``coprod.extraction/1`` JSON of each (name, bytes), or its error."""
    outcomes = []
    for name, data in items:
        try:
            outcomes.append(Outcome(name, extract_bytes(data, name).to_dict()))
        except CoprodError as exc:
            outcomes.append(Outcome(name, error=str(exc)))
    return outcomes


def read_batch(items: list[tuple[str, bytes]], learned: list[tuple[Entry, str]]) -> list[Outcome]:
    """On a worker: each article read and extracted for ingestion (``ingestion.Article``)."""
    outcomes = []
    for name, data in items:
        try:
            outcomes.append(Outcome(name, read_article(name, data, learned)))
        except CoprodError as exc:
            outcomes.append(Outcome(name, error=str(exc)))
        except Exception as exc:  # one bad file must not stop the others (as in one process)
            outcomes.append(Outcome(name, error=f"unexpected {type(exc).__name__}: {exc}"))
    return outcomes


def batches(items: list[tuple[str, bytes]], size: int) -> list[list[tuple[str, bytes]]]:
    """``items`` cut into consecutive batches of at most ``size``."""
    return [items[start : start + size] for start in range(0, len(items), max(size, 1))]


def prepare_workers(client: Client) -> None:
    """Load the extractor on every worker (and on any that joins later)."""
    client.register_plugin(ExtractorPlugin())


def run_batches(
    client: Client,
    work: Callable[..., list[Outcome]],
    items: list[tuple[str, bytes]],
    size: int,
    on_batch: Callable[[list[Outcome]], None],
    *extra: Any,
) -> Iterator[list[Outcome]]:
    """The outcomes of ``work`` over ``items``, batch by batch in the order of ``items``."""
    run = uuid.uuid4().hex[:12]
    futures = [
        client.submit(work, batch, *extra, key=f"coprod-{work.__name__}-{run}-{k}", pure=False)
        for k, batch in enumerate(batches(items, size))
    ]
    yield from ordered_results(futures, on_batch)
