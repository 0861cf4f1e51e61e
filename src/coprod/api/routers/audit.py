"""The audit trail: read it and verify its hash chain (ministry and admin accounts)."""

from typing import Annotated

from fastapi import APIRouter, Query

from coprod.api.deps import CurrentCaller, Work
from coprod.api.errors import QUERY_ERRORS
from coprod.api.schemas import AuditEntryOut, ChainOut
from coprod.services import audit
from coprod.services.access import require_audit_reader

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get("", response_model=list[AuditEntryOut], responses=QUERY_ERRORS, operation_id="audit")
def entries(
    uow: Work,
    caller: CurrentCaller,
    *,
    object_type: str | None = None,
    object_key: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> list[AuditEntryOut]:
    """Audit entries, newest first, optionally for one object type or key."""
    rows = audit.list_entries(
        uow.session,
        caller.principal,
        object_type=object_type,
        object_key=object_key,
        limit=limit,
        offset=offset,
    )
    return [AuditEntryOut.model_validate(row) for row in rows]


@router.get("/verify", response_model=ChainOut, responses=QUERY_ERRORS, operation_id="audit_verify")
def verify(uow: Work, caller: CurrentCaller) -> ChainOut:
    """Recompute the hash chain; ``intact`` is false when a row was edited or removed."""
    require_audit_reader(caller.principal)
    report = audit.verify_chain(uow.session)
    return ChainOut(
        intact=report.intact,
        length=report.length,
        head_hash=report.head_hash,
        problems=report.problems,
    )
