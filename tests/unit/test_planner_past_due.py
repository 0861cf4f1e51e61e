"""The plan report's plain words on needs already past due at the start month: which can
still be met late (within max_lateness of their due month) and which cannot at all."""

from __future__ import annotations

from planner_cases import problem_of, tiny
from tests.planning import plan_problem

from coprod.planner.past_due import PastDue, past_due, past_due_message
from coprod.planner.plan import plan_document


def _need(ident: str, due: str) -> dict[str, object]:
    return {"id": ident, "product": "drone", "quantity": 10, "priority": 2.0, "due": due}


def scenario() -> dict[str, object]:
    # Starts 2026-06 and allows 2 months' lateness: N-late was due 2026-04 (2 months before
    # the start), N-lost 2026-03 (3 months), N-now and N-next are not past due.
    return tiny(
        start="2026-06",
        months=4,
        max_lateness=2,
        lateness_penalty=0.1,
        needs=[
            _need("N-lost", "2026-03"),
            _need("N-late", "2026-04"),
            _need("N-now", "2026-06"),
            _need("N-next", "2026-07"),
        ],
    )


def test_needs_due_before_the_start_month_are_past_due() -> None:
    assert past_due(problem_of(scenario())) == [
        PastDue("N-lost", "2026-03", 3, can_be_met=False),
        PastDue("N-late", "2026-04", 2, can_be_met=True),
    ]


def test_the_message_says_which_can_be_met_late_and_which_not_at_all() -> None:
    message = past_due_message(problem_of(scenario()))
    assert message is not None
    assert message.startswith("2 need(s) already past due at the start month 2026-06")
    assert (
        "can only be met late, at most 2 month(s) after their due month: N-late (due 2026-04)"
        in (message)
    )
    assert (
        "cannot be met at all (due more than 2 month(s) before 2026-06): N-lost (due 2026-03)"
        in (message)
    )


def test_the_plan_agrees_with_the_message() -> None:
    document = plan_document(plan_problem(problem_of(scenario())))
    reasons = {n["id"]: n for n in document["needs"]}
    assert reasons["N-lost"]["unmet"] == 10  # no route can reach it any more
    assert reasons["N-late"]["late"] == 10  # met, late
    assert reasons["N-now"]["on_time"] == 10


def test_no_message_when_nothing_is_past_due() -> None:
    assert past_due_message(problem_of(tiny())) is None
    assert past_due(problem_of(tiny(start="2026-03"))) == []  # due in the start month itself
