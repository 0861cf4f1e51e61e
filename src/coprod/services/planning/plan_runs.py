"""Plans on the platform: run the registry's plan and compare a what-if, for those allowed.

A plan weighs every line's unit cost and every instrument's budget, so only ministry and admin
accounts may run or read one (``access.require_planner``, of the caller the units of work
carry: the CLI's is ``access.SYSTEM``); the planner itself
(``services/planning``, ``planner/``) knows nothing of accounts.

Both use cases own their transactions: they read the scenario in a unit of work that does not
write, solve with none open (up to a minute: no lock, no pooled connection held meanwhile),
and a run then stores its plan in a short writing one. The API, the planner page and
``coprod plan --from-db`` all call them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coprod.db.uow import UnitsOfWork
from coprod.errors import InvalidInput
from coprod.planner.plan import Planner, PlanResult, plan_document
from coprod.planner.problem import parse_scenario
from coprod.planner.risk import Perturbations, Sweep, sweep_in_process
from coprod.planner.solve import SolveStatus
from coprod.planner.whatif import Comparison, apply_edits, compare_plans, parse_edit
from coprod.services import planning
from coprod.services.accounts.access import Carries, caller, require_planner

DEFAULT_MONTHS = 12
TIME_LIMIT_S = 60.0


@dataclass(frozen=True)
class PlanRun:
    """A plan, what storing it did (None: not optimal, nothing stored), what the export had
    to leave out, and the planner that solved it (for a report's insights)."""

    result: PlanResult
    document: dict[str, Any]
    stored: planning.Stored | None
    skipped: list[str]
    planner: Planner

    @property
    def stored_orders(self) -> int:
        """Proposed orders stored."""
        return self.stored.orders if self.stored else 0

    @property
    def released_orders(self) -> int:
        """Proposed orders of the earlier plan released."""
        return self.stored.released if self.stored else 0


def open_planner(work: Carries) -> None:
    """Forbidden unless the caller may plan (the planner's form is theirs only)."""
    require_planner(caller(work))


def run_plan(
    units: UnitsOfWork,
    *,
    months: int = DEFAULT_MONTHS,
    start: str | None = None,
    edits: list[str] | None = None,
    time_limit: float | None = TIME_LIMIT_S,
    workers: int | None = None,
) -> PlanRun:
    """Plan the registry's open needs and store the plan as proposed orders (commits); an
    optimal plan only (or a contract plan meeting every rule, stopped by the time limit), in
    place of the earlier one. ``workers``: processes for a large contract plan's products'
    phase (the planner's default when None)."""
    require_planner(caller(units))
    parsed = [parse_edit(text) for text in edits or []]
    with units.reading() as uow:
        export = planning.read_registry(uow, months, start)
    problem = parse_scenario(export.scenario)
    if parsed:
        problem = apply_edits(problem, parsed)
    planner = Planner(time_limit=time_limit, workers=workers)
    result = planner.plan(problem)  # no transaction open while it solves
    stored = None
    if result.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):  # feasible: every rule met
        with units.writing() as uow:
            stored = planning.store_if_unchanged(uow, export, problem, result)
            uow.commit()
    return PlanRun(result, plan_document(result), stored, list(export.skipped), planner)


def compare_what_if(
    units: UnitsOfWork,
    edits: list[str],
    *,
    months: int = DEFAULT_MONTHS,
    start: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any], Comparison]:
    """The registry's plan, the plan with ``edits``, and what changed; nothing is stored."""
    require_planner(caller(units))
    changes = [parse_edit(text) for text in edits]
    with units.reading() as uow:
        problem = parse_scenario(planning.export_scenario(uow, months, start).scenario)
    planner = Planner(time_limit=TIME_LIMIT_S)
    base = plan_document(planner.plan(problem))
    what_if = plan_document(Planner(time_limit=TIME_LIMIT_S).plan(apply_edits(problem, changes)))
    return base, what_if, compare_plans(base, what_if)


RISK_SAMPLES = 30
MAX_RISK_SAMPLES = 200


def assess_risk(
    units: UnitsOfWork,
    *,
    months: int = DEFAULT_MONTHS,
    start: str | None = None,
    samples: int = RISK_SAMPLES,
    seed: int = 0,
) -> dict[str, Any]:
    """The risk of the registry's plan: a small sweep of perturbed re-plans in this process
    (``planner/risk.py``, default perturbations); nothing is stored."""
    require_planner(caller(units))
    if not 1 <= samples <= MAX_RISK_SAMPLES:
        raise InvalidInput(f"samples: {samples}; from 1 to {MAX_RISK_SAMPLES} on the platform")
    with units.reading() as uow:
        problem = parse_scenario(planning.export_scenario(uow, months, start).scenario)
    sweep = Sweep(samples, seed, Perturbations(), TIME_LIMIT_S)
    return sweep_in_process(problem, sweep)  # no transaction open while it solves
