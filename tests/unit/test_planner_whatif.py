"""What-if edits, warm re-planning, saved bases and plan comparison."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from planner_cases import problem_of, random_scenario, tiny
from tests.planning import plan_problem

from coprod.errors import InvalidInput
from coprod.planner.build import build_model
from coprod.planner.generate import generate_scenario
from coprod.planner.plan import Planner, plan_document
from coprod.planner.solve import PlanSolver, load_basis, save_basis
from coprod.planner.whatif import apply_edits, compare_plans, parse_edit


def test_parse_edit_allows_dots_in_ids() -> None:
    edit = parse_edit("instruments.fr.aid.2026.budget=2.5e8")
    assert (edit.list_name, edit.record_id, edit.field, edit.value) == (
        "instruments",
        "fr.aid.2026",
        "budget",
        2.5e8,
    )
    assert parse_edit("needs.N1.due=2026-05").value == "2026-05"
    assert parse_edit("producers.P1.capacity=[1, 2, 3]").value == [1, 2, 3]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("instruments.I1.budget", "expected LIST.ID.FIELD=VALUE"),
        ("orders.O1.quantity=3", "LIST must be one of"),
        ("needs.N1.product=x", "needs may change"),
    ],
)
def test_bad_edits(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_edit(text)


def test_edits_are_validated_and_name_the_record() -> None:
    problem = problem_of(tiny())
    with pytest.raises(InvalidInput, match="no needs record 'N9'"):
        apply_edits(problem, [parse_edit("needs.N9.priority=3")])
    with pytest.raises(InvalidInput, match=r"needs\[0\] \(id 'N1'\): field 'due'"):
        apply_edits(problem, [parse_edit("needs.N1.due=May")])
    edited = apply_edits(problem, [parse_edit("instruments.I1.budget=300")])
    assert edited.budget.tolist() == [300.0]
    assert problem.budget.tolist() == [1e9]


def test_warm_replan_after_budget_and_capacity_changes_matches_cold() -> None:
    problem = problem_of(generate_scenario(300, 60, 8, 12, seed=3))
    planner = Planner()
    first = planner.plan(problem)
    budget = problem.budget.copy()
    budget[2] *= 1.5
    capacity = problem.capacity.copy()
    capacity[7] = 0
    edited = replace(problem, budget=budget, capacity=capacity)
    warm = planner.plan(edited)
    cold = plan_problem(edited)
    assert warm.solution.warm and not cold.solution.warm
    assert warm.solution.objective == pytest.approx(cold.solution.objective, rel=1e-9)
    assert warm.solution.iterations < first.solution.iterations


def test_due_change_rebuilds_the_model_and_stays_optimal() -> None:
    data = random_scenario(7, needs=8, producers=6, instruments=3, months=5)
    problem = problem_of(data)
    planner = Planner()
    planner.plan(problem)
    edited = apply_edits(problem, [parse_edit(f"needs.{problem.need_ids[0]}.due=2026-05")])
    assert build_model(edited).structure_key() != build_model(problem).structure_key()
    again = planner.plan(edited)
    assert again.solution.objective == pytest.approx(plan_problem(edited).solution.objective)


def test_saved_basis_warm_starts_another_solver(tmp_path: Path) -> None:
    problem = problem_of(generate_scenario(300, 60, 8, 12, seed=4))
    model = build_model(problem)
    solver = PlanSolver(model)
    cold = solver.solve()
    path = tmp_path / "plan.basis"
    save_basis(path, model, solver)
    budget = problem.budget * 1.1
    edited = build_model(replace(problem, budget=budget))
    fresh = PlanSolver(edited)
    assert load_basis(path, fresh)
    warm = fresh.solve()
    assert warm.warm
    assert warm.iterations < cold.iterations
    assert warm.objective == pytest.approx(PlanSolver(edited).solve().objective, rel=1e-9)


def test_basis_of_another_model_is_refused(tmp_path: Path) -> None:
    first = build_model(problem_of(tiny()))
    solver = PlanSolver(first)
    solver.solve()
    path = tmp_path / "tiny.basis"
    save_basis(path, first, solver)
    other = PlanSolver(build_model(problem_of(tiny(months=4))))
    assert not load_basis(path, other)


def test_compare_plans() -> None:
    problem = problem_of(tiny())
    before = plan_document(plan_problem(problem))
    after = plan_document(
        plan_problem(apply_edits(problem, [parse_edit("instruments.I1.budget=500")]))
    )
    comparison = compare_plans(before, after)
    assert comparison.objective == (pytest.approx(20.0), pytest.approx(10.0))
    changed = {(c.kind, c.id): c for c in comparison.changes}
    assert changed["need", "N1"].after == pytest.approx(5)
    assert changed["need", "N1"].note == "fulfilled → budget"
    assert changed["instrument", "I1"].before == pytest.approx(1000)
    assert compare_plans(before, before).changes == []


def test_marginal_values_predict_small_changes() -> None:
    problem = problem_of(generate_scenario(200, 40, 6, 12, seed=5))
    result = plan_problem(problem)
    i = int(np.argmax(result.instrument_value))
    budget = problem.budget.copy()
    step = 1000.0
    budget[i] += step
    gained = (
        plan_problem(replace(problem, budget=budget)).solution.objective - result.solution.objective
    )
    assert gained == pytest.approx(result.instrument_value[i] * step, rel=1e-3)
