"""Alerts on what the caller may see, and the caller's watchlist (whose alerts come first)."""

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel

from coprod.domain.alerts import DEFAULT_HORIZON, AlertKind
from coprod.http.errors import QUERY_ERRORS, WRITE_ERRORS
from coprod.http.request import Work
from coprod.services import alerts as service
from coprod.services.alerts import watchlist

router = APIRouter(prefix="/api", tags=["alerts"])


class AlertOut(BaseModel):
    """One alert: the record it names, why, since when, how severe."""

    kind: str
    record: str
    key: str
    severity: str
    since: str | None
    why: str
    watched: bool
    details: dict[str, str | int]


class WatchedOut(BaseModel):
    """A record the caller follows."""

    record: str
    key: str


class FollowOut(WatchedOut):
    """The answer to follow or unfollow: whether the call changed the watchlist."""

    followed: bool
    changed: bool


@router.get("/alerts", response_model=list[AlertOut], responses=QUERY_ERRORS, operation_id="alerts")
async def alerts(
    request: Request,
    response: Response,
    work: Work,
    *,
    months: Annotated[int, Query(ge=1, le=60)] = DEFAULT_HORIZON,
    today: date | None = None,
    kind: AlertKind | None = None,
    limit: Annotated[int | None, Query(ge=1, le=500)] = None,
    offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> list[AlertOut]:
    """Overdue deliveries, needs past due, funding windows closing within ``months`` with money
    unallocated, agreements stalled more than ``months``, ledger rule breaches; the records
    the caller follows first, then by severity. ``today``: judge as of that day. Without
    ``limit``, every alert (of ``kind``, if given); with it, ``limit`` alerts from ``offset``:
    the ``X-Total-Count`` header says how many there are, and a ``Link`` header (rel="next")
    gives the next page's address while there is one."""
    day = today or datetime.now(UTC).date()
    if limit is None and offset == 0:
        found = await work(service.alerts, today=day, horizon=months)
        chosen = [a for a in found if kind is None or a.kind is kind]
        response.headers["X-Total-Count"] = str(len(chosen))
        return [AlertOut.model_validate(item) for item in service.document(chosen)]
    size = limit or service.PAGE
    page = await work(service.page, today=day, horizon=months, kind=kind, offset=offset, limit=size)
    response.headers["X-Total-Count"] = str(page.total)
    if offset + size < page.total:
        following = request.url.include_query_params(offset=offset + size, limit=size)
        response.headers["Link"] = f'<{following}>; rel="next"'
    return [AlertOut.model_validate(item) for item in service.document(page.alerts)]


@router.get(
    "/watchlist", response_model=list[WatchedOut], responses=QUERY_ERRORS, operation_id="watchlist"
)
async def watched(work: Work) -> list[WatchedOut]:
    """The records the caller follows (needs, funding instruments, agreements) and still sees."""
    found = await work(watchlist.watched)
    return [WatchedOut(record=record, key=key) for record, key in found]


@router.put(
    "/watchlist/{record}/{key}",
    response_model=FollowOut,
    responses=WRITE_ERRORS,
    operation_id="follow",
)
async def follow(work: Work, record: str, key: str) -> FollowOut:
    """Follow a need, a funding instrument or an agreement (``record``: needs,
    funding_instruments, agreements); 404 for one the caller may not see."""
    changed = await work(watchlist.follow, record, key)
    return FollowOut(record=record, key=key, followed=True, changed=changed)


@router.delete(
    "/watchlist/{record}/{key}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=WRITE_ERRORS,
    operation_id="unfollow",
)
async def unfollow(work: Work, record: str, key: str) -> Response:
    """Stop following a record (nothing happens if it was not followed)."""
    await work(watchlist.unfollow, record, key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
