"""What tracking reads off the records besides the ledger's figures: when an order is expected,
how late it came, which stage of the pipeline an agreement sits at and for how long. Pure
Python; ``services/tracking`` applies it to what the caller may see."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from coprod.domain import months
from coprod.domain.entities import StatusChange
from coprod.domain.enums import AgreementStatus, AgreementType
from coprod.errors import InvalidInput

A, T = AgreementStatus, AgreementType


class Stage(StrEnum):
    """The pipeline an agreement moves along: letter of intent → memorandum → contract → in
    force → completed (a cancelled one leaves it)."""

    LETTER_OF_INTENT = "letter_of_intent"
    MEMORANDUM = "memorandum"
    CONTRACT = "contract"
    IN_FORCE = "in_force"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


PIPELINE = (Stage.LETTER_OF_INTENT, Stage.MEMORANDUM, Stage.CONTRACT, Stage.IN_FORCE)
FINAL = frozenset({Stage.COMPLETED, Stage.CANCELLED})
# The stage an agreement of each type sits at while signed or planned.
STAGE_OF_TYPE = {
    T.LETTER_OF_INTENT: Stage.LETTER_OF_INTENT,
    T.DECLARATION_OF_INTENT: Stage.LETTER_OF_INTENT,
    T.MEMORANDUM_OF_UNDERSTANDING: Stage.MEMORANDUM,
    T.AGREEMENT: Stage.MEMORANDUM,
    T.FRAMEWORK_AGREEMENT: Stage.CONTRACT,
    T.CONTRACT: Stage.CONTRACT,
    T.JOINT_VENTURE: Stage.CONTRACT,
}
STAGE_OF_STATUS = {
    A.IN_FORCE: Stage.IN_FORCE,
    A.COMPLETED: Stage.COMPLETED,
    A.CANCELLED: Stage.CANCELLED,
}
# An agreement unchanged this long at a stage before the last is stalled: the default of
# ``coprod track --stalled-months`` and ``GET /api/tracking?stalled_months=`` (and the alerts'
# ``--months``), within STALLED_BOUNDS.
STALLED_MONTHS = 6
STALLED_BOUNDS = (1, 120)
DAYS_PER_MONTH = 30.44  # a month as ``months_between`` counts it
# The statuses that end the pipeline whatever the type (an agreement there never stalls).
FINAL_STATUSES = frozenset(status for status, at in STAGE_OF_STATUS.items() if at in FINAL)


def expected_month(order_month: str, lead_time_months: int) -> str:
    """The month an order's units are expected: its production month plus its line's lead
    time (the planner's own timing: made in month t, delivered in t + lead time)."""
    return months.shift(order_month, lead_time_months)


def delay_months(expected: str, last_delivery: date) -> int:
    """How many months after the expected month an order was delivered in full (0: on time)."""
    return max(months.between(expected, months.of(last_delivery)), 0)


def months_between(start: date, end: date) -> float:
    """Months from ``start`` to ``end`` (30.44 days each), never below 0."""
    return max((end - start).days, 0) / DAYS_PER_MONTH


def stage(agreement_type: AgreementType, status: AgreementStatus) -> Stage:
    """The pipeline stage of an agreement of this type and status."""
    return STAGE_OF_STATUS.get(status) or STAGE_OF_TYPE[agreement_type]


@dataclass(frozen=True)
class StageTimes:
    """An agreement at its stage: since when (its last dated step), and how many months each
    step of its history took before the next (by the status left)."""

    since: date | None
    took: dict[AgreementStatus, float]


def stage_times(history: list[StatusChange]) -> StageTimes:
    """When the agreement reached its current step and how long each earlier step lasted."""
    dated = sorted((c for c in history if c.on is not None), key=lambda c: c.on or date.min)
    took: dict[AgreementStatus, float] = {}
    for before, after in itertools.pairwise(dated):
        if before.on is not None and after.on is not None:
            took[before.status] = months_between(before.on, after.on)
    return StageTimes(dated[-1].on if dated else None, took)


def check_stalled_months(months: int) -> int:
    """``months`` when it is a stall threshold within ``STALLED_BOUNDS``; InvalidInput naming
    the option and the bounds otherwise."""
    low, high = STALLED_BOUNDS
    if not low <= months <= high:
        raise InvalidInput(
            f"stalled_months: {months} is not a number of months from {low} to {high}",
            code="bounds.range",
            field="stalled_months",
            params={"low": str(low), "high": str(high)},
        )
    return months


def is_stalled(at: Stage, since: date | None, today: date, months: int = STALLED_MONTHS) -> bool:
    """Whether an agreement has sat at a stage before the end for more than ``months``."""
    if at in FINAL or since is None:
        return False
    return months_between(since, today) > months


def stalled_by(today: date, months: int = STALLED_MONTHS) -> date:
    """The latest day a last step may bear for its agreement to have stalled on ``today``
    (``is_stalled``'s boundary as a day, for a query: stalled when dated on or before it)."""
    days = int(months * DAYS_PER_MONTH)
    while days / DAYS_PER_MONTH <= months:
        days += 1
    return today - timedelta(days=days)
