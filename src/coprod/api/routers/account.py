"""Who am I: the caller's account."""

from fastapi import APIRouter

from coprod.api.deps import CurrentCaller
from coprod.api.errors import AUTH_ERRORS
from coprod.api.schemas import MeOut

router = APIRouter(prefix="/api", tags=["account"])


@router.get("/me", response_model=MeOut, responses=AUTH_ERRORS, operation_id="me")
def me(caller: CurrentCaller) -> MeOut:
    """The account the request is made as."""
    principal = caller.principal
    return MeOut(
        user=principal.user,
        name=caller.name,
        role=principal.role.value,
        organisation=principal.organisation,
    )
