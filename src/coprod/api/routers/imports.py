"""Import and export ``coprod.records/1`` documents; imports replay safely by Idempotency-Key."""

import hashlib
import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header
from fastapi.responses import JSONResponse
from sqlalchemy import select

from coprod.api.schemas import ImportReportOut
from coprod.db.auth_models import IdempotencyRow
from coprod.db.uow import UnitOfWork
from coprod.errors import Conflict
from coprod.http.errors import READ_ERRORS, WRITE_ERRORS
from coprod.http.request import Caller, Work
from coprod.services.records import SCHEMA, exporting, importing

router = APIRouter(prefix="/api", tags=["import and export"])
REPLAYED = "Idempotent-Replayed"
DOCUMENT_HELP = f'a records document: {{"schema": "{SCHEMA}", "agreements": [...], ...}}'


def _digest(document: Any) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _stored(uow: UnitOfWork, organisation: str, key: str) -> IdempotencyRow | None:
    query = select(IdempotencyRow).where(
        IdempotencyRow.organisation == organisation, IdempotencyRow.idempotency_key == key
    )
    return uow.session.scalar(query)


def _report(report: importing.ImportReport) -> ImportReportOut:
    counts: dict[str, dict[str, int]] = {}
    for (plural, outcome), number in sorted(report.counts.items()):
        counts.setdefault(plural, {})[outcome] = number
    return ImportReportOut(
        counts=counts,
        created=report.total("created"),
        updated=report.total("updated"),
        unchanged=report.total("unchanged"),
    )


@router.post(
    "/import",
    response_model=ImportReportOut,
    responses=WRITE_ERRORS,
    operation_id="import_records",
)
async def import_records(
    work: Work,
    document: Annotated[dict[str, Any], Body(description=DOCUMENT_HELP)],
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=200,
            description="repeat a request safely: the same key (per organisation) and body "
            "answers the first answer again without importing twice",
        ),
    ] = None,
) -> Any:
    """Upsert the records of a document (all or nothing) and report what changed."""
    digest = _digest(document)

    def upsert(uow: UnitOfWork, caller: Caller) -> Any:
        organisation = caller.principal.organisation
        if idempotency_key is not None:
            earlier = _stored(uow, organisation, idempotency_key)
            if earlier is not None:
                return _replayed(earlier, idempotency_key, digest)
        parsed = importing.read_document("request body", document)
        report = _report(importing.write(uow, "request body", parsed))
        if idempotency_key is not None:
            uow.session.add(
                IdempotencyRow(
                    organisation=organisation,
                    idempotency_key=idempotency_key,
                    request_hash=digest,
                    status_code=200,
                    body=report.model_dump_json(),
                    created_at=datetime.now(UTC),
                )
            )
        uow.commit()
        return report

    return await work(upsert)


def _replayed(earlier: IdempotencyRow, key: str, digest: str) -> JSONResponse:
    """The first answer to a repeated request; Conflict when the key came with another body."""
    if earlier.request_hash != digest:
        raise Conflict(f"Idempotency-Key {key!r} was used with another body")
    return JSONResponse(
        json.loads(earlier.body), status_code=earlier.status_code, headers={REPLAYED: "true"}
    )


@router.get(
    "/export",
    response_model=dict[str, Any],
    responses=READ_ERRORS,
    operation_id="export_records",
)
async def export_records(work: Work) -> dict[str, Any]:
    """Every record the caller may see, as a records document (the import format)."""
    return await work(lambda uow, _: exporting.as_document(uow))
