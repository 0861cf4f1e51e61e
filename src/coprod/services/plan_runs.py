"""Plans on the platform: run the registry's plan and compare a what-if, for those allowed.

A plan weighs every line's unit cost and every instrument's budget, so only ministry and admin
accounts may run or read one (``access.require_planner``); the planner itself
(``services/planning``, ``planner/``) knows nothing of accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coprod.db.uow import UnitOfWork
from coprod.planner.plan import Planner, plan_document
from coprod.planner.problem import parse_scenario
from coprod.planner.whatif import Comparison, apply_edits, compare_plans, parse_edit
from coprod.services import planning
from coprod.services.access import Principal, require_planner

DEFAULT_MONTHS = 12
TIME_LIMIT_S = 60.0


@dataclass(frozen=True)
class PlanRun:
    """A plan document, what storing it did, and what the export had to leave out."""

    document: dict[str, Any]
    stored_orders: int
    released_orders: int
    skipped: list[str]


def run_plan(
    uow: UnitOfWork,
    principal: Principal,
    *,
    months: int = DEFAULT_MONTHS,
    start: str | None = None,
    edits: list[str] | None = None,
) -> PlanRun:
    """Plan the registry's open needs and store the plan as proposed orders (caller commits)."""
    require_planner(principal)
    parsed = [parse_edit(text) for text in edits or []]
    planner = Planner(time_limit=TIME_LIMIT_S)
    export, result, stored = planning.plan_registry(uow, planner, months, start, parsed)
    return PlanRun(
        document=plan_document(result),
        stored_orders=stored.orders if stored else 0,
        released_orders=stored.released if stored else 0,
        skipped=list(export.skipped),
    )


def compare_what_if(
    uow: UnitOfWork,
    principal: Principal,
    edits: list[str],
    *,
    months: int = DEFAULT_MONTHS,
    start: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any], Comparison]:
    """The registry's plan, the plan with ``edits``, and what changed; nothing is stored."""
    require_planner(principal)
    problem = parse_scenario(planning.export_scenario(uow, months, start).scenario)
    planner = Planner(time_limit=TIME_LIMIT_S)
    base = plan_document(planner.plan(problem))
    changed = apply_edits(problem, [parse_edit(text) for text in edits])
    what_if = plan_document(Planner(time_limit=TIME_LIMIT_S).plan(changed))
    return base, what_if, compare_plans(base, what_if)
