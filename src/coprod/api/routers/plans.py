"""Plans: run the registry's plan (stored as proposed orders) and compare a what-if."""

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from coprod.http.errors import WRITE_ERRORS
from coprod.http.request import Work
from coprod.services.planning import plan_runs

router = APIRouter(prefix="/api/plans", tags=["plans"])
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
EDIT_HELP = "LIST.ID.FIELD=VALUE, e.g. instruments.fr-fund.budget=5000000"


class PlanRequest(BaseModel):
    """What to plan: how many months from which month, with optional what-if edits."""

    months: int = Field(plan_runs.DEFAULT_MONTHS, ge=1, le=60)
    start: str | None = Field(None, pattern=MONTH, description="YYYY-MM [default: this month]")
    edits: list[str] = Field(default_factory=list, max_length=50, description=EDIT_HELP)


class NeedPlan(BaseModel):
    """How one need fares in a plan."""

    id: str
    quantity: float
    planned: float
    on_time: float
    late: float
    unmet: float
    reason: str


class ValuedItem(BaseModel):
    """An instrument or a line, with the objective gained per unit more of it."""

    id: str
    marginal_value: float
    budget: float | None = None
    spent: float | None = None
    utilisation: float | None = None


class ContractOut(BaseModel):
    """One contract of a contract plan: a line's units for a need, over its months."""

    producer: str
    need: str
    quantity: float
    months: list[str]
    cost: float


class PlanOut(BaseModel):
    """A plan: status, objective, coverage per need, values of money and capacity; a contract
    plan (lines with lot sizes or minimum orders, needs with maximum suppliers in the
    registry) adds its contracts, the proven bound and gap, and the LP relaxation's value."""

    status: str
    objective: float
    currency: str
    bound: float | None = None
    gap: float | None = None
    mip_gap: float | None = None
    relaxation: float | None = None
    contracts: list[ContractOut] | None = None
    needs: list[NeedPlan]
    instruments: list[ValuedItem]
    producers: list[ValuedItem]
    orders: list[dict[str, Any]]
    stored_orders: int = 0
    released_orders: int = 0
    skipped: list[str] = Field(default_factory=list)


class ChangeOut(BaseModel):
    """One difference between the plan and the what-if."""

    kind: str
    id: str
    before: float
    after: float
    note: str


class ComparisonOut(BaseModel):
    """The plan, the what-if plan and their differences."""

    base: PlanOut
    what_if: PlanOut
    objective: tuple[float, float]
    changes: list[ChangeOut]


def plan_out(document: dict[str, Any], **extra: Any) -> PlanOut:
    """The API form of a ``coprod.plan/1`` document."""
    return PlanOut.model_validate({**document, **extra})


@router.post("/run", response_model=PlanOut, responses=WRITE_ERRORS, operation_id="run_plan")
async def run(work: Work, request: Annotated[PlanRequest, Body()] = PlanRequest()) -> PlanOut:
    """Plan the registry's open needs and store the plan as proposed orders."""

    # reads, solves with no lock held, then writes briefly
    done = await work.owning(
        plan_runs.run_plan, months=request.months, start=request.start, edits=request.edits
    )
    return plan_out(
        done.document,
        stored_orders=done.stored_orders,
        released_orders=done.released_orders,
        skipped=done.skipped,
    )


@router.post(
    "/compare", response_model=ComparisonOut, responses=WRITE_ERRORS, operation_id="compare_plans"
)
async def compare(work: Work, request: PlanRequest) -> ComparisonOut:
    """Plan the registry as it is and with the request's edits; nothing is stored."""

    # a what-if: reads, then solves with no transaction open
    base, what_if, comparison = await work.owning(
        plan_runs.compare_what_if, request.edits, months=request.months, start=request.start
    )
    changes = comparison.changes
    return ComparisonOut(
        base=plan_out(base),
        what_if=plan_out(what_if),
        objective=comparison.objective,
        changes=[ChangeOut.model_validate(change, from_attributes=True) for change in changes],
    )
