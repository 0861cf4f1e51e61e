"""The ledger in one reporting currency: ``GET /api/ledger?currency=EUR`` (``docs/ledger.md``)."""

from typing import Any

from fastapi import APIRouter

from coprod.http.errors import QUERY_ERRORS
from coprod.http.request import Work
from coprod.services import ledger

router = APIRouter(prefix="/api/ledger", tags=["ledger"])


@router.get("", responses=QUERY_ERRORS, operation_id="ledger")
async def report(work: Work, currency: str = "EUR") -> dict[str, Any]:
    """Per funder, instrument and need, as far as the caller may see: money in the reporting
    ``currency``, each pledge, order and payment at the rate of its date, with the rates used;
    422 naming the currency and date of a rate the registry lacks."""
    return await work(ledger.ledger_report, currency)
