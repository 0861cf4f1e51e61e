"""What-if edits of a scenario (``--set instruments.ID.budget=…``) and plan comparison."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from coprod.errors import InvalidInput
from coprod.planner.problem import Problem, parse_scenario

# list name -> the fields an edit may set
EDITABLE = {
    "instruments": ("budget", "first_month", "last_month"),
    "producers": ("capacity", "unit_cost", "lead_time"),
    "needs": ("due", "priority", "quantity"),
}


@dataclass(frozen=True)
class Edit:
    """One ``LIST.ID.FIELD=VALUE`` change."""

    list_name: str
    record_id: str
    field: str
    value: Any
    text: str


def parse_edit(text: str) -> Edit:
    """Read ``LIST.ID.FIELD=VALUE``; the id may contain dots."""
    path, sep, raw = text.partition("=")
    head, _, rest = path.partition(".")
    record_id, _, field = rest.rpartition(".")
    if not sep or not record_id or not field:
        raise InvalidInput(f"--set {text!r}: expected LIST.ID.FIELD=VALUE")
    if head not in EDITABLE:
        raise InvalidInput(f"--set {text!r}: LIST must be one of {', '.join(EDITABLE)}")
    if field not in EDITABLE[head]:
        raise InvalidInput(f"--set {text!r}: {head} may change {', '.join(EDITABLE[head])}")
    return Edit(head, record_id, field, _value(raw.strip()), text)


def _value(raw: str) -> Any:
    """A JSON value (number, list, null), or the text itself (a month such as 2026-05)."""
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, RecursionError):  # not JSON (or too deep for it): text
        return raw


def apply_edits(problem: Problem, edits: list[Edit]) -> Problem:
    """The problem with the edits applied, validated like any scenario."""
    data = scenario_data(problem)
    for edit in edits:
        records = {record["id"]: record for record in data[edit.list_name]}
        if edit.record_id not in records:
            raise InvalidInput(
                f"--set {edit.text!r}: no {edit.list_name} record {edit.record_id!r}"
            )
        records[edit.record_id][edit.field] = edit.value
    try:
        return parse_scenario(data)
    except InvalidInput as exc:
        raise InvalidInput(f"after --set: {exc.message}") from exc


def scenario_data(problem: Problem) -> dict[str, Any]:
    """The scenario as a JSON-ready ``coprod.scenario/1`` dictionary."""
    return problem.scenario.model_dump(by_alias=True, exclude_none=True)


@dataclass(frozen=True)
class Change:
    """A difference between two plans for one need, instrument or producer."""

    kind: str  # need | instrument | producer
    id: str
    before: float
    after: float
    note: str = ""


@dataclass(frozen=True)
class Comparison:
    """What changed from plan A to plan B."""

    objective: tuple[float, float]
    status: tuple[str, str]
    changes: list[Change]


def compare_plans(a: dict[str, Any], b: dict[str, Any], tolerance: float = 1e-6) -> Comparison:
    """Coverage, spend and value differences between two ``coprod.plan/1`` documents."""
    changes = _diff(
        a, b, list_name="needs", field="planned", kind="need", tolerance=tolerance, reason=True
    )
    changes += _diff(
        a, b, list_name="instruments", field="spent", kind="instrument", tolerance=tolerance
    )
    changes += _diff(
        a, b, list_name="producers", field="utilisation", kind="producer", tolerance=tolerance
    )
    return Comparison(
        objective=(float(a.get("objective", 0.0)), float(b.get("objective", 0.0))),
        status=(str(a.get("status")), str(b.get("status"))),
        changes=changes,
    )


def _diff(
    a: dict[str, Any],
    b: dict[str, Any],
    *,
    list_name: str,
    field: str,
    kind: str,
    tolerance: float,
    reason: bool = False,
) -> list[Change]:
    before = {row["id"]: row for row in a.get(list_name, [])}
    after = {row["id"]: row for row in b.get(list_name, [])}
    changes = []
    for ident in list(dict.fromkeys([*before, *after])):
        old, new = before.get(ident, {}), after.get(ident, {})
        x, y = float(old.get(field, 0.0)), float(new.get(field, 0.0))
        note = ""
        if reason and old.get("reason") != new.get("reason"):
            note = f"{old.get('reason', '-')} → {new.get('reason', '-')}"
        if abs(x - y) > tolerance * max(1.0, abs(x), abs(y)) or note:
            changes.append(Change(kind, ident, x, y, note))
    return changes
