"""Import and export ``coprod.records/1`` documents; imports replay safely by Idempotency-Key."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header
from fastapi.responses import JSONResponse, Response

from coprod.api.schemas import ImportReportOut
from coprod.http.errors import READ_ERRORS, WRITE_ERRORS
from coprod.http.request import Work
from coprod.services.records import SCHEMA, exchange, workbook

router = APIRouter(prefix="/api", tags=["import and export"])
REPLAYED = "Idempotent-Replayed"
DOCUMENT_HELP = f'a records document: {{"schema": "{SCHEMA}", "agreements": [...], ...}}'


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
    done = await work(exchange.import_document, document, idempotency_key)
    if done.replayed:
        return JSONResponse(done.body, status_code=done.status_code, headers={REPLAYED: "true"})
    return done.body


@router.get(
    "/export",
    response_model=dict[str, Any],
    responses=READ_ERRORS,
    operation_id="export_records",
)
async def export_records(work: Work) -> dict[str, Any]:
    """Every record the caller may see, as a records document (the import format)."""
    return await work(exchange.export_document)


@router.get(
    "/export.xlsx",
    response_class=Response,
    responses={**READ_ERRORS, 200: {"content": {workbook.MEDIA_TYPE: {}}}},
    operation_id="export_workbook",
)
async def export_workbook(work: Work) -> Response:
    """Every record the caller may see and its ledger, as an xlsx workbook (a sheet per kind)."""
    data = await work(workbook.to_xlsx)
    disposition = 'attachment; filename="coprod-export.xlsx"'
    return Response(
        data, media_type=workbook.MEDIA_TYPE, headers={"Content-Disposition": disposition}
    )
