"""The watchlist's button on a record's page: follow or unfollow a need, a funding instrument
or an agreement (its alerts then come first on the dashboard)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from coprod.domain import kinds
from coprod.errors import InvalidInput
from coprod.http.request import PageWork
from coprod.services.alerts import watchlist

router = APIRouter(include_in_schema=False)
ACTIONS = {"follow": watchlist.follow, "unfollow": watchlist.unfollow}


def record_href(plural: str, key: str) -> str | None:
    """The page of the record ``key`` of kind ``plural`` (None for no kind of record)."""
    return f"/records/{plural}/{key}" if plural in kinds.BY_PLURAL else None


@router.post("/watchlist/{plural}/{key}")
async def follow_from_form(request: Request, work: PageWork, plural: str, key: str) -> Response:
    """Follow or unfollow the record (the form's ``action``), then show it again."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    action = ACTIONS.get(form.get("action", ""))
    if action is None:
        raise InvalidInput("the form's action must be 'follow' or 'unfollow'")
    await work.form(form.get("csrf_token"))(action, plural, key)
    return RedirectResponse(f"/records/{plural}/{key}", status_code=303)
