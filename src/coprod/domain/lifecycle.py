"""The agreement lifecycle: planned → signed → in force → completed, or cancelled on the way."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from coprod.domain.entities import Agreement, StatusChange
from coprod.domain.enums import AgreementStatus
from coprod.errors import RuleViolation

S = AgreementStatus

ALLOWED_STEPS: dict[AgreementStatus, frozenset[AgreementStatus]] = {
    S.PLANNED: frozenset({S.SIGNED, S.CANCELLED}),
    S.SIGNED: frozenset({S.IN_FORCE, S.CANCELLED}),
    S.IN_FORCE: frozenset({S.COMPLETED, S.CANCELLED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}


def can_advance(current: AgreementStatus, target: AgreementStatus) -> bool:
    """Whether an agreement may go from ``current`` to ``target`` in one step."""
    return target in ALLOWED_STEPS[current]


def check_step(current: AgreementStatus, target: AgreementStatus) -> None:
    """Refuse a step the lifecycle does not allow."""
    if not can_advance(current, target):
        allowed = ", ".join(sorted(ALLOWED_STEPS[current])) or "none (it is final)"
        raise RuleViolation(
            f"an agreement cannot go from {current.value} to {target.value}; "
            f"allowed next statuses: {allowed}",
            code="agreement.step",
            field="status",
            params={"current": current.value, "target": target.value},
        )


def check_history(history: list[StatusChange], status: AgreementStatus) -> None:
    """Refuse a history whose steps are not allowed, whose dates go backwards, or that ends
    elsewhere than ``status``; each refusal names the row it is about (``history.2.status``)."""
    last_date: date | None = None
    for n, (before, after) in enumerate(pairwise(history), start=1):
        try:
            check_step(before.status, after.status)
        except RuleViolation as refused:
            raise RuleViolation(
                refused.message,
                code="agreement.history_step",
                field=f"history.{n}.status",
                params=refused.params,
            ) from None
    for n, change in enumerate(history):
        if change.on is not None and last_date is not None and change.on < last_date:
            raise RuleViolation(
                f"history dates go backwards: {change.status.value} on {change.on} "
                f"comes after a step dated {last_date}",
                code="agreement.history_date_back",
                field=f"history.{n}.on",
                params={"on": change.on.isoformat(), "last": last_date.isoformat()},
            )
        last_date = change.on or last_date
    if history and history[-1].status != status:
        raise RuleViolation(
            f"status is {status.value} but the history ends with {history[-1].status.value}",
            code="agreement.history_end",
            field="status",
            params={"current": status.value, "target": history[-1].status.value},
        )


def advance(agreement: Agreement, target: AgreementStatus, on: date) -> Agreement:
    """Move ``agreement`` to ``target`` on ``on``, recording the step in its history."""
    return advance_by(agreement, StatusChange(target, on))


def advance_by(agreement: Agreement, step: StatusChange) -> Agreement:
    """Move ``agreement`` by ``step`` (its status, on its date), recording it in its history.
    Each field of the step is read only by the rule that needs it: a step read in part
    (``domain/partial.py``) is judged as far as its fields read."""
    check_step(agreement.status, step.status)
    dated = [c.on for c in agreement.history if c.on is not None]
    if dated and step.on is not None and step.on < max(dated):
        raise RuleViolation(
            f"{step.status.value} on {step.on} is earlier than the last recorded step "
            f"({max(dated)})",
            code="agreement.date_before_last",
            field="on",
            params={"last": max(dated).isoformat()},
        )
    history = list(agreement.history) or [StatusChange(agreement.status, None)]
    agreement.history = [*history, step]
    agreement.status = step.status
    return agreement
