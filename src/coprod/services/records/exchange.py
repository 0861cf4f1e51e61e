"""Records documents exchanged with a caller: import one (once per Idempotency-Key) and
export what the caller may see; each use case runs in the caller's unit of work, which the
caller commits."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from coprod.db.auth_models import IdempotencyRow
from coprod.db.uow import UnitOfWork
from coprod.errors import Conflict
from coprod.services.accounts.access import caller
from coprod.services.records import exporting, importing

SOURCE = "request body"  # how an import's refusals name the document


@dataclass(frozen=True)
class Imported:
    """An import's answer: counts per entity list and outcome, and the totals; ``replayed``
    when it is the stored answer to an earlier request with the same Idempotency-Key."""

    body: dict[str, Any]
    status_code: int = 200
    replayed: bool = False


def digest(document: Any) -> str:
    """The sha256 of a document's canonical JSON: the same body, the same digest."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def report_body(report: importing.ImportReport) -> dict[str, Any]:
    """What an import did, as an answer: counts per list and outcome, then the totals."""
    counts: dict[str, dict[str, int]] = {}
    for (plural, outcome), number in sorted(report.counts.items()):
        counts.setdefault(plural, {})[outcome] = number
    return {
        "counts": counts,
        "created": report.total("created"),
        "updated": report.total("updated"),
        "unchanged": report.total("unchanged"),
    }


def _stored(uow: UnitOfWork, organisation: str, key: str) -> IdempotencyRow | None:
    query = select(IdempotencyRow).where(
        IdempotencyRow.organisation == organisation, IdempotencyRow.idempotency_key == key
    )
    return uow.session.scalar(query)


def _replayed(earlier: IdempotencyRow, key: str, request_hash: str) -> Imported:
    if earlier.request_hash != request_hash:
        raise Conflict(f"Idempotency-Key {key!r} was used with another body")
    return Imported(json.loads(earlier.body), earlier.status_code, replayed=True)


def import_document(uow: UnitOfWork, document: Any, idempotency_key: str | None = None) -> Imported:
    """Upsert the records of ``document`` (all or nothing) as the caller. With an
    ``idempotency_key``, the same key (per organisation) and body answers the first answer
    again without importing twice; Conflict when the key came with another body."""
    organisation = caller(uow).organisation
    request_hash = digest(document)
    if idempotency_key is not None:
        earlier = _stored(uow, organisation, idempotency_key)
        if earlier is not None:
            return _replayed(earlier, idempotency_key, request_hash)
    parsed = importing.read_document(SOURCE, document)
    done = Imported(report_body(importing.write(uow, SOURCE, parsed, from_file=False)))
    if idempotency_key is not None:
        uow.session.add(
            IdempotencyRow(
                organisation=organisation,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
                status_code=done.status_code,
                body=json.dumps(done.body),
                created_at=datetime.now(UTC),
            )
        )
    return done


def export_document(uow: UnitOfWork) -> dict[str, Any]:
    """Every record the caller may see, as a records document (the import format)."""
    caller(uow)
    return exporting.as_document(uow)
