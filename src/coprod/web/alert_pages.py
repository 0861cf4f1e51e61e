"""The alerts' pages: every alert of the caller, a page at a time, filtered by kind; and the
watchlist's button on a record's page (follow or unfollow a need, a funding instrument or an
agreement: its alerts then come first)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from coprod.domain import kinds
from coprod.domain.bounds import PAGE
from coprod.errors import InvalidInput
from coprod.http.request import PageWork
from coprod.services import alerts
from coprod.services.alerts import watchlist
from coprod.web import alerts_view
from coprod.web.rendering import reader_of, render

router = APIRouter(include_in_schema=False)
ACTIONS = {"follow": watchlist.follow, "unfollow": watchlist.unfollow}


def record_href(plural: str, key: str) -> str | None:
    """The page of the record ``key`` of kind ``plural`` (None for no kind of record)."""
    return f"/records/{plural}/{key}" if plural in kinds.BY_PLURAL else None


@router.get("/alerts", response_class=HTMLResponse)
async def alerts_page(
    request: Request,
    work: PageWork,
    *,
    kind: str = "",
    page: Annotated[int, Query(le=int(PAGE.high))] = 1,
) -> Response:
    """Every alert on what the account may see, ``alerts.PAGE`` a page, of one ``kind`` or
    all, with the count of each kind."""
    chosen = alerts_view.chosen_kind(kind)
    page = max(page, 1)
    today = datetime.now(UTC).date()
    offset = (page - 1) * alerts.PAGE
    found = await work(alerts.page, today=today, kind=chosen, offset=offset, limit=alerts.PAGE)
    reader = reader_of(request)
    context = {
        "caller": work.caller,
        "alerts": found,
        "rows": alerts_view.rows(found.alerts, reader, record_href),
        "kind_counts": alerts_view.counts(found, reader),
        "kind": kind,
        "asked": urlencode({"kind": kind}) if kind else "",
        "page": page,
        "pages": max(-(-found.total // alerts.PAGE), 1),
    }
    return render(request, "alerts.html", context)


@router.post("/watchlist/{plural}/{key}")
async def follow_from_form(request: Request, work: PageWork, plural: str, key: str) -> Response:
    """Follow or unfollow the record (the form's ``action``), then show it again."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    action = ACTIONS.get(form.get("action", ""))
    if action is None:
        raise InvalidInput("the form's action must be 'follow' or 'unfollow'")
    await work.form(form.get("csrf_token"))(action, plural, key)
    return RedirectResponse(f"/records/{plural}/{key}", status_code=303)
