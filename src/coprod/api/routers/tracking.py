"""``GET /api/tracking?by=VIEW``: the ledger's figures by funder, category, system, producer,
month, agreement stage or country of production, as far as the caller may see
(``docs/tracking.md``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from coprod.domain.rates import REPORTING
from coprod.domain.tracking import STALLED_BOUNDS, STALLED_MONTHS
from coprod.http.errors import QUERY_ERRORS
from coprod.http.request import Work
from coprod.services import tracking

router = APIRouter(prefix="/api/tracking", tags=["tracking"])
LOW, HIGH = STALLED_BOUNDS


class ColumnOut(BaseModel):
    """A column: its name and unit (money in the view's currency, units, count, percent,
    months, text, date)."""

    name: str
    unit: str


class TableOut(BaseModel):
    """A table of a view: its columns, rows (money as decimal strings) and totals."""

    name: str
    columns: list[ColumnOut]
    rows: list[dict[str, str | int | float | None]]
    totals: dict[str, str | int | float | None] | None


class TrackingOut(BaseModel):
    """A tracking view in one reporting currency, with the exchange rates used."""

    by: str
    currency: str
    on: date
    stalled_months: int
    rates: list[str]
    tables: list[TableOut]


@router.get("", response_model=TrackingOut, responses=QUERY_ERRORS, operation_id="tracking")
async def track(
    work: Work,
    by: tracking.By,
    *,
    currency: Annotated[str, Query(pattern="^[A-Z]{3}$")] = REPORTING,
    on: date | None = None,
    stalled_months: Annotated[int, Query(ge=LOW, le=HIGH)] = STALLED_MONTHS,
) -> TrackingOut:
    """One tracking view of what the caller may see; ``on``: the day stalls and stakes are
    judged on (default today); ``stalled_months``: how many months at a stage before the end
    make an agreement stalled (``by=agreement-stage``; default 6)."""
    view = await work(
        tracking.track, by.value, currency=currency, on=on, stalled_months=stalled_months
    )
    return TrackingOut.model_validate(tracking.view_document(view))
