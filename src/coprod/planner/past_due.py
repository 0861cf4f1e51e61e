"""Needs already past due at a plan's first month, said plainly.

A plan starts in its start month; a need due before it can only be delivered late: at most
``max_lateness`` months after its due month (the scenario's rule), so a need due longer ago
than that cannot be met at all, whatever the money and the lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from coprod.planner.problem import Problem


@dataclass(frozen=True)
class PastDue:
    """A need due before the plan's first month."""

    need: str
    due: str
    months: int  # how many months before the start month it was due
    can_be_met: bool  # within the scenario's max_lateness of its due month


def past_due(problem: Problem) -> list[PastDue]:
    """The needs due before the plan's start month, longest overdue first."""
    found = [
        PastDue(
            need=problem.need_ids[j],
            due=problem.month_label(int(due)),
            months=-int(due),
            can_be_met=-int(due) <= problem.max_lateness,
        )
        for j, due in enumerate(problem.need_due)
        if due < 0
    ]
    return sorted(found, key=lambda item: (-item.months, item.need))


def past_due_message(problem: Problem) -> str | None:
    """The plain sentence a plan report gives about needs already past due (None: none)."""
    found = past_due(problem)
    if not found:
        return None
    start = problem.month_label(0)
    lost = [p for p in found if not p.can_be_met]
    late = [p for p in found if p.can_be_met]
    parts = [f"{len(found)} need(s) already past due at the start month {start}"]
    if late:
        listed = ", ".join(f"{p.need} (due {p.due})" for p in late)
        parts.append(
            f"can only be met late, at most {problem.max_lateness} month(s) after their due "
            f"month: {listed}"
        )
    if lost:
        listed = ", ".join(f"{p.need} (due {p.due})" for p in lost)
        parts.append(
            f"cannot be met at all (due more than {problem.max_lateness} month(s) before "
            f"{start}): {listed}"
        )
    return "; ".join(parts) + ". Plan from an earlier start month or set a new due month."
