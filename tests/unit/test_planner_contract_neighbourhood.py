"""The neighbourhoods of the contract plan's products' phase: several supplier changes at once
where no single sign, swap or drop gains."""

from __future__ import annotations

from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_cases import problem_of, tiny
from tests.planning import plan_problem

from coprod.planner import contract_neighbourhood, contracts
from coprod.planner.check import check_plan
from coprod.planner.contract_neighbourhood import Neighbourhoods, improved
from coprod.planner.contract_search import LocalSearch
from coprod.planner.contracts import dive_contracts, fix_integers, solve_fixed
from coprod.planner.generate import generate_scenario
from coprod.planner.mip import ContractModel, build_contract_model
from coprod.planner.plan import plan_document


def _b_cols(model: ContractModel) -> np.ndarray:
    return np.arange(model.cols["b"].start, model.cols["b"].stop)


def _two_needs_two_lines() -> dict[str, Any]:
    """A (10 units, worth 1.5 each, due in January) and B (10, worth 1, due in February), one
    supplier each. P1 makes 5 a month; P2 makes 10 in January and nothing after (what it
    makes early waits for B in the line's hold)."""
    data = tiny(months=2)
    data["needs"] = [
        {"id": "A", "product": "drone", "quantity": 10, "priority": 1.5, "due": "2026-01"},
        {"id": "B", "product": "drone", "quantity": 10, "priority": 1.0, "due": "2026-02"},
    ]
    for need in data["needs"]:
        need["max_suppliers"] = 1
    data["producers"][0].update(capacity=5)
    data["producers"].append(dict(data["producers"][0], id="P2", capacity=[10, 0]))
    return data


def _signed(model: ContractModel, pairs: set[tuple[int, int]]) -> np.ndarray:
    lines, needs = model.pairs.line.tolist(), model.pairs.need.tolist()
    chosen = [(p, j) in pairs for p, j in zip(lines, needs, strict=True)]
    return np.asarray(chosen, dtype=np.float64)


def test_two_needs_trade_their_lines_where_no_single_move_gains() -> None:
    # A on P1 (5 in January: 7.5) and B on P2 (10 held to February: 10) is worth 17.5.
    # Single moves: A to P2 leaves B nothing (15); B to P1 shares P1's 10 with A (7.5 + 5);
    # a drop loses. A on P2 and B on P1 together: 15 + 10 = 25.
    model = build_contract_model(problem_of(_two_needs_two_lines()))
    start = _signed(model, {(0, 0), (1, 1)})
    search = LocalSearch(model, start)
    assert search.start()
    assert search.objective == pytest.approx(17.5)
    _, kept, gain = search.run(None)
    assert (kept, gain) == (0, 0.0)
    hood = Neighbourhoods(model, start)
    assert hood.start()
    assert hood.objective == pytest.approx(17.5)
    outcome = hood.run(None)
    assert outcome.kept == 1
    assert outcome.gain == pytest.approx(7.5)
    assert hood.objective == pytest.approx(25.0)
    assert hood.signed.tolist() == _signed(model, {(1, 0), (0, 1)}).tolist()
    fixed = solve_fixed(model, _b_cols(model), hood.signed)
    assert fixed.objective == pytest.approx(25.0)
    assert hood.values() @ model.cost == pytest.approx(25.0)


def test_improved_keeps_the_plan_when_nothing_gains() -> None:
    model = build_contract_model(problem_of(_two_needs_two_lines()))
    best = _signed(model, {(1, 0), (0, 1)})
    fixed = solve_fixed(model, _b_cols(model), best)
    signed, values, value = improved(model, best, fixed.col_value, fixed.objective, None)
    assert signed.tolist() == best.tolist()
    assert value == fixed.objective
    assert values.tolist() == fixed.col_value.tolist()


def test_the_needs_losing_most_are_seeds_first() -> None:
    # the same lines; A loses 7.5 against the relaxation, B nothing: A alone is a seed
    model = build_contract_model(problem_of(_two_needs_two_lines()))
    hood = Neighbourhoods(model, _signed(model, {(0, 0), (1, 1)}))
    assert hood.start()
    assert hood._seeds(np.zeros(2, dtype=bool)).tolist() == [0]
    assert hood._seeds(np.array([True, False])).tolist() == []
    free = hood._free(np.array([0]))
    assert free.all()  # A's pairs, and B's pairs on A's lines (B holds P2)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_neighbourhoods_keep_every_rule_and_never_lose(seed: int) -> None:
    problem = problem_of(generate_scenario(16, 5, 2, 4, seed, contracts=True))
    model = build_contract_model(problem)
    start = dive_contracts(model)
    if start is None:
        return
    dived = solve_fixed(model, _b_cols(model), start)
    assert dived.optimal
    signed, values, value = improved(model, start, dived.col_value, dived.objective, None)
    assert value >= dived.objective
    fixed = solve_fixed(model, _b_cols(model), signed)
    assert fixed.optimal
    assert fixed.objective == pytest.approx(value, rel=1e-7, abs=1e-6)
    assert values @ model.cost == pytest.approx(value, rel=1e-7, abs=1e-6)
    limited = model.ruled_needs[model.pairs.need] & (signed > 0.5)
    per_need = np.bincount(model.pairs.need[limited], minlength=len(problem.need_ids))
    assert (per_need <= problem.supplier_limits()).all()
    floored = fixed.col_value.copy()
    floored[model.integer] = np.floor(floored[model.integer] + 1e-6)
    assert fix_integers(model, contracts._lot_floor(model, floored)).optimal


def test_large_path_with_neighbourhoods_meets_every_rule() -> None:
    # every model counts as large; the neighbourhoods (off by default) get half of each
    # product's time
    problem = problem_of(generate_scenario(20, 6, 3, 6, 3, contracts=True))
    with (
        mock.patch.object(contracts, "PAIR_LIMIT", 0),
        mock.patch.object(contracts, "NEIGHBOURHOODS", True),
        mock.patch.object(contract_neighbourhood, "SHARE", 0.5),
    ):
        document = plan_document(plan_problem(problem, time_limit=30))
    assert document["mip"]["pairs_from_relaxation_only"]
    assert check_plan(problem, document).violations == []
    assert document["objective"] <= document["bound"] * (1 + 1e-9)
