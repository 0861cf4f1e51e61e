"""The audit trail: read it and verify its hash chain (ministry and admin accounts)."""

from typing import Annotated

from fastapi import APIRouter, Query

from coprod.api.schemas import AuditEntryOut, ChainOut
from coprod.http.errors import QUERY_ERRORS
from coprod.http.request import Work
from coprod.services import audit

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("", response_model=list[AuditEntryOut], responses=QUERY_ERRORS, operation_id="audit")
async def entries(
    work: Work,
    *,
    object_type: str | None = None,
    object_key: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> list[AuditEntryOut]:
    """Audit entries, newest first, optionally for one object type or key."""

    rows = await work(
        audit.entries, object_type=object_type, object_key=object_key, limit=limit, offset=offset
    )
    return [AuditEntryOut.model_validate(row) for row in rows]


@router.get("/verify", response_model=ChainOut, responses=QUERY_ERRORS, operation_id="audit_verify")
async def verify(work: Work) -> ChainOut:
    """Recompute the hash chain; ``intact`` is false when a row was edited or removed."""
    report = await work(audit.verify)
    return ChainOut(
        intact=report.intact,
        length=report.length,
        head_hash=report.head_hash,
        problems=report.problems,
    )
