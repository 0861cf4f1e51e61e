"""Ingesting articles extracted elsewhere (``coprod ingest --workers``: on a Dask cluster): what
is stored already and the learned aliases the workers need, read first; then each batch of
extracted articles stored in one transaction, each article all or nothing, in order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.errors import CoprodError
from coprod.extraction.gazetteer import Entry
from coprod.services.facts import ingestion

Stored = ingestion.IngestResult | str  # a result, or why the article failed


class Extracted(Protocol):
    """One article as a worker returned it: its ``ingestion.Article``, or why it failed."""

    @property
    def name(self) -> str: ...
    @property
    def result(self) -> Any: ...
    @property
    def error(self) -> str | None: ...


@dataclass(frozen=True)
class Known:
    """Before a batch run: content hash → key of the documents stored already, and the
    aliases reviewers confirmed (the extractor's extra names)."""

    documents: dict[str, str]
    learned: list[tuple[Entry, str]]


def content_hash(data: bytes) -> str:
    """The SHA-256 a document's content is known by."""
    return hashlib.sha256(data).hexdigest()


def known_before(units: UnitsOfWork, contents: Iterable[bytes]) -> Known:
    """What is stored already of ``contents``, and the learned aliases (one read)."""
    with units.reading() as uow:
        return Known(_stored_documents(uow, contents), ingestion.learned_names(uow))


def _stored_documents(uow: UnitOfWork, contents: Iterable[bytes]) -> dict[str, str]:
    known = {}
    for data in contents:
        row = ingestion.document_by_sha(uow, content_hash(data))
        if row is not None:
            known[row.sha256] = row.key
    return known


def store_batch(units: UnitsOfWork, batch: Sequence[Extracted]) -> list[Stored]:
    """Store a batch in one transaction (each article in its own savepoint); when the
    transaction fails, none of it is stored and each article says so."""
    try:
        with units.writing() as uow:
            reported = [_store_one(uow, extracted) for extracted in batch]
            uow.commit()
    except Exception as exc:  # the batch's transaction failed: none of it is stored
        return [f"{e.name}: not stored ({type(exc).__name__}: {exc})" for e in batch]
    return reported


def _store_one(uow: UnitOfWork, extracted: Extracted) -> Stored:
    if extracted.error is not None:
        return extracted.error
    try:
        result: ingestion.IngestResult = ingestion.store_article(uow, extracted.result)
    except CoprodError as exc:
        return str(exc)
    except Exception as exc:  # one bad file must not stop the others (as in one process)
        return f"unexpected {type(exc).__name__}: {exc}"
    return result
