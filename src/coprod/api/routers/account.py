"""Who am I: the caller's account."""

from fastapi import APIRouter

from coprod.api.schemas import MeOut
from coprod.http.errors import AUTH_ERRORS
from coprod.http.request import Work

router = APIRouter(prefix="/api", tags=["account"])


@router.get("/me", response_model=MeOut, responses=AUTH_ERRORS, operation_id="me")
async def me(work: Work) -> MeOut:
    """The account the request is made as."""
    caller = await work.who()
    principal = caller.principal
    return MeOut(
        user=principal.user,
        name=caller.name,
        role=principal.role.value,
        organisation=principal.organisation,
    )
