"""The contract plan's improvement phase (product by product, a local search over suppliers)
and warm re-plans that start from the previous plan's contracts still valid."""

from __future__ import annotations

import time
from typing import Any
from unittest import mock

import highspy
import numpy as np
import pytest
from planner_cases import problem_of, random_scenario, tiny, with_contracts
from tests.planning import plan_problem

from coprod.planner import contracts
from coprod.planner.check import check_plan
from coprod.planner.contract_search import (
    LocalSearch,
    Universe,
    WorkingSearch,
    carried_basis,
    contract_money,
    product_problem,
    product_weights,
    products_by_value,
    widest_lines,
)
from coprod.planner.contracts import (
    carried_pairs,
    dive_contracts,
    fix_integers,
    repaired,
    solve_fixed,
)
from coprod.planner.generate import generate_scenario
from coprod.planner.mip import build_contract_model
from coprod.planner.plan import Planner, plan_document
from coprod.planner.problem import Problem
from coprod.planner.solve import to_highs_lp
from coprod.planner.whatif import apply_edits, parse_edit


def _b_cols(model: contracts.ContractModel) -> np.ndarray:
    return np.arange(model.cols["b"].start, model.cols["b"].stop)


def _one_need_two_lines() -> tuple[Problem, contracts.ContractModel]:
    """N1 (one supplier at most, 20 by 2026-02) and two lines: P1 makes 4 a month, P2 10."""
    data = tiny(months=2)
    data["needs"][0].update(quantity=20, due="2026-02", max_suppliers=1)
    data["producers"][0].update(capacity=4, min_order=1)
    data["producers"].append(dict(data["producers"][0], id="P2", capacity=10))
    problem = problem_of(data)
    return problem, build_contract_model(problem)


def test_search_swaps_a_need_to_the_line_that_can_make_it() -> None:
    # N1 (one supplier) is signed with the small line P1 (4 a month); P2 makes 10 a month
    _, model = _one_need_two_lines()
    on_p1 = (model.pairs.line == 0).astype(np.float64)
    search = LocalSearch(model, on_p1)
    assert search.start()
    assert search.objective == pytest.approx(2 * 8.0)  # priority 2, two months of 4
    moves, kept, gain = search.run(None)
    assert (moves, kept) == (1, 1)
    assert gain == pytest.approx(2 * 12.0)
    assert model.pairs.line[search.signed > 0.5].tolist() == [1]  # swapped to P2
    assert search.objective == pytest.approx(2 * 20.0)


def test_search_improves_on_the_dive() -> None:
    problem = problem_of(generate_scenario(20, 6, 3, 6, 3, contracts=True))
    model = build_contract_model(problem)
    signed = dive_contracts(model)
    assert signed is not None
    dived = solve_fixed(model, _b_cols(model), signed)
    search = LocalSearch(model, signed)
    assert search.start()
    assert search.objective == pytest.approx(dived.objective, rel=1e-9)
    _, kept, gain = search.run(None)
    assert kept >= 1
    assert search.objective > dived.objective * 1.01
    assert gain == pytest.approx(search.objective - dived.objective, rel=1e-6)
    # the search's contracts, whole units placed, are a plan that meets every rule
    fixed = solve_fixed(model, _b_cols(model), search.signed)
    whole = fix_integers(model, _lot_floored(model, fixed.col_value))
    assert whole.optimal
    ruled = model.ruled_needs[model.pairs.need] & (search.signed > 0.5)
    per_need = np.bincount(model.pairs.need[ruled], minlength=len(problem.need_ids))
    assert (per_need <= problem.supplier_limits()).all()


def _lot_floored(model: contracts.ContractModel, values: np.ndarray) -> np.ndarray:
    floored = values.copy()
    floored[model.integer] = np.floor(floored[model.integer] + 1e-6)
    return contracts._lot_floor(model, floored)


def test_a_product_alone_keeps_its_lines_needs_and_budget() -> None:
    problem = problem_of(generate_scenario(30, 8, 3, 4, 5, contracts=True))
    g = products_by_value(problem)[0]
    budget = problem.budget / 2
    sub, lines, needs = product_problem(problem, g, budget)
    assert (problem.producer_product[lines] == g).all()
    assert (problem.need_product[needs] == g).all()
    assert sub.need_ids == [problem.need_ids[j] for j in needs]
    assert sub.capacity.tolist() == problem.capacity[lines].tolist()
    assert sub.budget.tolist() == budget.tolist()
    model = build_contract_model(sub)
    fixed = solve_fixed(model, _b_cols(model), np.zeros(len(model.pairs.line)))
    spent = contract_money(model, fixed.col_value)
    assert (spent[:, g] <= budget * (1 + 1e-9) + 1e-6).all()
    others = [k for k in range(len(problem.product_ids)) if k != g]
    assert np.abs(spent[:, others]).max(initial=0.0) == 0.0


def test_the_first_pass_gives_products_worth_most_with_most_pairs_most_time() -> None:
    problem = problem_of(generate_scenario(60, 16, 3, 4, 2, contracts=True))
    weights = product_weights(problem)
    assert list(weights) == products_by_value(problem)  # the visiting order is kept
    assert min(weights.values()) > 0
    assert sum(weights.values()) == pytest.approx(len(weights))  # a mean of one
    worth = np.bincount(problem.need_product, weights=problem.need_priority * problem.need_quantity)
    lines = np.bincount(problem.producer_product, minlength=len(worth))
    needs = np.bincount(problem.need_product, minlength=len(worth))
    size = {g: worth[g] * lines[g] * needs[g] for g in weights}
    ranked = sorted(weights, key=lambda g: -size[g])
    assert [weights[g] for g in ranked] == sorted(weights.values(), reverse=True)
    assert product_weights(problem) == weights  # deterministic


def test_large_path_plans_meet_every_rule_and_improve_on_the_dive() -> None:
    # every model counts as large: contracts chosen product by product, with the search
    problem = problem_of(generate_scenario(20, 6, 3, 6, 3, contracts=True))
    with mock.patch.object(contracts, "PAIR_LIMIT", 0):
        result = plan_problem(problem, time_limit=30)
    document = plan_document(result)
    assert document["mip"]["pairs_from_relaxation_only"]
    assert check_plan(problem, document).violations == []
    model = build_contract_model(problem)
    signed = dive_contracts(model)
    assert signed is not None
    dived = solve_fixed(model, _b_cols(model), signed)
    assert document["objective"] > dived.objective  # the dive alone, before whole units
    assert document["objective"] <= document["bound"] * (1 + 1e-9)


# --- warm re-plans when the pairs change --------------------------------------------------


def _what_if_of_a_line(large: bool) -> tuple[dict[str, Any], dict[str, Any], Problem]:
    """Plan a generated scenario, then re-plan in the same planner after a line's lead time
    changed (its pairs and the model's structure change)."""
    if large:
        problem = problem_of(generate_scenario(20, 6, 3, 6, 3, contracts=True))
    else:  # the full MIP follows: a smaller case
        problem = problem_of(with_contracts(random_scenario(7, needs=8, producers=6), 7))
    with mock.patch.object(contracts, "PAIR_LIMIT", 0 if large else contracts.PAIR_LIMIT):
        planner = Planner(time_limit=30)
        first = plan_document(planner.plan(problem))
        line = first["contracts"][0]["producer"]
        later = int(problem.lead_time[problem.producer_index[line]]) + 1
        edited = apply_edits(problem, [parse_edit(f"producers.{line}.lead_time={later}")])
        again = plan_document(planner.plan(edited))
    return first, again, edited


@pytest.mark.parametrize("large", [False, True])
def test_a_re_plan_after_a_line_changed_starts_from_the_contracts_still_valid(
    large: bool,
) -> None:
    first, again, edited = _what_if_of_a_line(large)
    assert not first["solver"]["warm_start"]
    assert again["solver"]["warm_start"]
    carried = again["mip"]["previous_contracts_carried"]
    assert 0 < carried <= len(first["contracts"])
    assert check_plan(edited, again).violations == []
    assert again["objective"] <= again["bound"] * (1 + 1e-9)


def test_carried_contracts_keep_a_limited_need_s_largest_and_drop_what_is_gone() -> None:
    data = tiny(months=2)
    data["needs"][0].update(quantity=20, due="2026-02", max_suppliers=1)
    data["producers"].append(dict(data["producers"][0], id="P2"))
    problem = problem_of(data)
    earlier = (("P1", "N1", 5.0), ("P2", "N1", 9.0), ("P9", "N1", 3.0), ("P1", "N7", 4.0))
    n = len(problem.need_ids)
    assert carried_pairs(problem, earlier).tolist() == [1 * n + 0]  # P2, the larger


def test_a_carried_contract_that_cannot_be_paid_is_repaired_away() -> None:
    # the line's minimum order is 5 units at 100, the budget pays 3: signing it breaks a row
    data = tiny(months=2)
    data["needs"][0].update(quantity=20, due="2026-02", max_suppliers=1)
    data["producers"][0].update(min_order=5)
    data["instruments"][0]["budget"] = 300.0
    problem = problem_of(data)
    model = build_contract_model(problem)
    keys = model.pairs.line * len(problem.need_ids) + model.pairs.need
    assert not solve_fixed(model, _b_cols(model), np.ones(len(keys))).optimal
    signed = repaired(model, keys)
    assert signed.tolist() == [0.0]
    assert solve_fixed(model, _b_cols(model), signed).optimal


def test_search_tries_the_pair_worth_most_per_unit_first() -> None:
    # N1 (20 units, one supplier, due in the first month; a month late is worth 0.9) is
    # signed with P1 (2 a month: 2·2 + 2·1.8 = 7.6). P2 (3 a month) is worth 2 a unit on
    # time, P3 (30 a month, a month's lead time) only 1.8, late, but can carry all 20. By
    # value per unit P2 is tried first (11.4, kept), then P3 replaces it (36, kept); ranked
    # by what a pair may carry, P3 came first and P2 was then a loss (one move kept).
    data = tiny(months=2, max_lateness=1, lateness_penalty=0.1)
    data["needs"][0].update(quantity=20, due="2026-01", max_suppliers=1)
    data["producers"][0].update(capacity=2, min_order=1)
    data["producers"].append(dict(data["producers"][0], id="P2", capacity=3))
    data["producers"].append(dict(data["producers"][0], id="P3", capacity=30, lead_time=1))
    problem = problem_of(data)
    model = build_contract_model(problem)
    search = LocalSearch(model, (model.pairs.line == 0).astype(np.float64))
    assert search.start()
    assert search.objective == pytest.approx(7.6)
    assert np.argmax(search.gains) == np.nonzero(model.pairs.line == 1)[0][0]
    moves, kept, gain = search.run(None)
    assert (moves, kept) == (2, 2)
    assert model.pairs.line[search.signed > 0.5].tolist() == [2]
    assert search.objective == pytest.approx(36.0)
    assert gain == pytest.approx(36.0 - 7.6)


def _best_contracts_value(model: contracts.ContractModel) -> float:
    """The optimum over the contracts alone (HiGHS, binaries whole, quantities relaxed): what
    the search's LP with the best contracts fixed is worth."""
    lp = to_highs_lp(model)
    whole = np.zeros(model.num_col, dtype=bool)
    whole[model.cols["b"].range] = True
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if w else highspy.HighsVarType.kContinuous for w in whole
    ]
    highs = highspy.Highs()
    highs.silent()
    highs.passModel(lp)
    highs.setOptionValue("mip_rel_gap", 1e-9)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(highs.getInfo().objective_function_value)


@pytest.mark.parametrize(("size", "seed"), [((20, 6, 3, 6), 3), ((40, 10, 3, 8), 36)])
def test_a_search_run_again_reaches_the_best_contracts_one_run_misses(
    size: tuple[int, int, int, int], seed: int
) -> None:
    # One run tries each pair once, priced where the run started or at its last kept move:
    # here pairs it rejected gain after later moves, and a second run keeps them. Run until
    # a run keeps nothing, the search reaches the best choice of contracts (HiGHS's optimum
    # with the binaries whole), which one run misses (3.4 % and 0.4 % below it).
    problem = problem_of(generate_scenario(*size, seed, contracts=True))
    model = build_contract_model(problem)
    signed = dive_contracts(model)
    assert signed is not None
    best = _best_contracts_value(model)
    once = LocalSearch(model, signed)
    assert once.start()
    _, once_kept, _ = once.run(None)
    assert once.objective < best * (1 - 1e-3)
    search = LocalSearch(model, signed)
    assert search.start()
    dived = search.objective
    moves, kept, gain = search.converge(None)
    assert kept > once_kept
    assert search.objective == pytest.approx(best, rel=1e-7)
    assert gain == pytest.approx(search.objective - dived, rel=1e-9)
    assert moves > kept
    assert search.run(None)[1] == 0  # a local optimum: another run keeps nothing
    fixed = solve_fixed(model, _b_cols(model), search.signed)
    assert fixed.objective == pytest.approx(best, rel=1e-7)
    ruled = model.ruled_needs[model.pairs.need] & (search.signed > 0.5)
    per_need = np.bincount(model.pairs.need[ruled], minlength=len(problem.need_ids))
    assert (per_need <= problem.supplier_limits()).all()


def test_converge_stops_at_its_time() -> None:
    problem = problem_of(generate_scenario(20, 6, 3, 6, 3, contracts=True))
    model = build_contract_model(problem)
    signed = dive_contracts(model)
    assert signed is not None
    search = LocalSearch(model, signed)
    assert search.start()
    before = search.objective
    assert search.converge(time.perf_counter() - 1.0) == (0, 0, 0.0)  # already past
    assert search.objective == before


# --- the seconds of each stage, in the plan's mip section --------------------------------


def test_the_plan_reports_the_seconds_of_the_products_phase_and_of_each_later_stage() -> None:
    problem = problem_of(generate_scenario(20, 6, 3, 6, 3, contracts=True))
    with mock.patch.object(contracts, "PAIR_LIMIT", 0):  # the products' phase runs
        seconds = plan_document(plan_problem(problem, time_limit=30))["mip"]["seconds"]
    stages = ("rounded", "products", "fill", "placement")
    assert all(seconds[stage] >= 0.0 for stage in (*stages, "fixed", "compact_lps"))
    assert 0.0 < seconds["products_allowed"] < 30.0  # the phase's share of the time left
    assert 0.0 < seconds["products_reserve"] < 30.0  # kept for the stages after it
    # the first plans' stages are parts of the heuristic's seconds, the compact LPs of the bound
    assert sum(seconds[stage] for stage in stages) <= seconds["heuristic"] + 1e-5
    assert seconds["compact_lps"] <= seconds["bound"] + 1e-5
    small = problem_of(with_contracts(random_scenario(3, needs=6, producers=5), 3))
    seconds = plan_document(plan_problem(small, time_limit=30))["mip"]["seconds"]
    assert "products" not in seconds and seconds["dive"] >= 0.0  # no products' phase there


# --- the search on a working set (signed contracts and the best priced pairs) ------------


def _keys(model: contracts.ContractModel, signed: np.ndarray) -> np.ndarray:
    return (model.pairs.line * len(model.problem.need_ids) + model.pairs.need)[signed > 0.5]


def test_working_set_search_swaps_to_a_line_outside_its_first_set() -> None:
    # as the first test, the working set holding one pair not signed at a time
    problem, model = _one_need_two_lines()
    search = WorkingSearch(problem, _keys(model, (model.pairs.line == 0).astype(float)))
    assert search.start()
    assert search.objective == pytest.approx(2 * 8.0)
    moves, kept, gain = search.run(None)
    assert (moves, kept) == (1, 1)
    assert gain == pytest.approx(2 * 12.0)
    assert search.model.pairs.line[search.signed > 0.5].tolist() == [1]


@pytest.mark.parametrize(
    ("candidates", "ranked", "warm"),
    [(1, False, True), (1, False, False), (5, False, True), (300, False, True), (300, True, True)],
)
def test_working_set_search_is_the_search_of_every_pair_on_a_smaller_lp(
    candidates: int, ranked: bool, warm: bool
) -> None:
    # Its LP with the contracts signed has the optimum of every pair's model with them (the
    # pairs not signed carry nothing); it reaches a local optimum over every pair, at least
    # as good as the dive's, meeting every rule; with one candidate the set is rebuilt often
    # (from the old set's basis, or cold). Ranked (its tries ordered by price over need
    # size) it ends at such an optimum too.
    problem = problem_of(generate_scenario(40, 10, 3, 8, 36, contracts=True))
    model = build_contract_model(problem)
    signed = dive_contracts(model)
    assert signed is not None
    dived = solve_fixed(model, _b_cols(model), signed)
    search = WorkingSearch(
        problem, _keys(model, signed), candidates=candidates, ranked=ranked, warm=warm
    )
    assert search.start()
    assert search.objective == pytest.approx(dived.objective, rel=1e-9)
    assert len(search.model.pairs.line) <= np.count_nonzero(signed > 0.5) + candidates
    moves, kept, gain = search.converge(None)
    assert kept >= 1 and moves > kept
    assert search.objective > dived.objective * 1.005
    assert gain == pytest.approx(search.objective - dived.objective, rel=1e-9)
    if candidates == 1:
        assert search.rebuilds > kept
    chosen = _keys(search.model, search.signed)
    every = np.isin(model.pairs.line * len(problem.need_ids) + model.pairs.need, chosen)
    assert every.sum() == len(chosen)
    fixed = solve_fixed(model, _b_cols(model), every.astype(np.float64))
    assert fixed.objective == pytest.approx(search.objective, rel=1e-7)
    assert search.values() @ search.model.cost == pytest.approx(search.objective, rel=1e-7)
    assert search.run(None)[1] == 0  # a local optimum
    ruled = model.ruled_needs[model.pairs.need] & every
    per_need = np.bincount(model.pairs.need[ruled], minlength=len(problem.need_ids))
    assert (per_need <= problem.supplier_limits()).all()
    whole = fix_integers(model, _lot_floored(model, fixed.col_value))
    assert whole.optimal


def _iterations(search: LocalSearch) -> int:
    return int(search.highs.getInfo().simplex_iteration_count)


def test_a_working_set_with_a_pair_added_starts_optimal_from_the_old_basis() -> None:
    # N1 signed with P1 (4 a month); the set grows by N1's pair with P2, not signed. At the
    # old duals that pair is priced as a gain (a unit worth 2 that P2 makes at no cost):
    # its best delivery column and its quantity start basic at 0, its row v <= M*b tight;
    # the basis is square, the old optimum (16) is optimal at once (no iteration), and a
    # move signing P2 in place of P1 reaches 40 from it as from a cold start
    problem, _ = _one_need_two_lines()
    keys = problem.producer_index
    n_needs = len(problem.need_ids)
    p1, p2 = keys["P1"] * n_needs, keys["P2"] * n_needs
    lines = np.arange(len(problem.producer_ids), dtype=np.int64)
    small = build_contract_model(problem, np.asarray([p1]), pool_lines=lines)
    old = LocalSearch(small, np.ones(1))
    assert old.start()
    assert old.objective == pytest.approx(16.0)
    both = build_contract_model(problem, np.asarray([p1, p2]), pool_lines=lines)
    signed = (both.pairs.line == keys["P1"]).astype(np.float64)
    basis = carried_basis(small, old.basis, old.duals, both)
    assert basis is not None and not basis.alien
    added = int(np.nonzero(both.pairs.line == keys["P2"])[0][0])
    kinds = highspy.HighsBasisStatus
    assert basis.col_status[both.cols["v"].start + added] == kinds.kBasic
    assert basis.row_status[both.rows["upper"].start + added] == kinds.kUpper
    assert basis.col_status[both.cols["b"].start + added] == kinds.kLower
    warm, cold = LocalSearch(both, signed, basis), LocalSearch(both, signed)
    assert warm.start() and cold.start()
    assert warm.objective == pytest.approx(16.0) and cold.objective == pytest.approx(16.0)
    assert _iterations(warm) == 0
    assert warm._try(added, [1 - added]) and cold._try(added, [1 - added])
    assert warm.objective == pytest.approx(40.0) and cold.objective == pytest.approx(40.0)


def test_a_rebuilt_working_set_from_the_old_basis_has_the_cold_optimum() -> None:
    # a working set rebuilt around other candidates (some kept, some new, some left out:
    # the basis may then be alien) solves from the old basis to the optimum of a cold solve,
    # in fewer iterations; only pairs added: no iteration at all
    problem = problem_of(generate_scenario(40, 10, 3, 8, 36, contracts=True))
    model = build_contract_model(problem)
    signed = dive_contracts(model)
    assert signed is not None
    search = WorkingSearch(problem, _keys(model, signed), candidates=20)
    assert search.start()
    old = search._work
    assert old is not None
    priced = np.where(search.chosen, -np.inf, search.gains)
    order = np.argsort(-priced)
    lines = np.arange(len(problem.producer_ids), dtype=np.int64)
    for wanted, alien_allowed in ((order[:40], False), (order[10:40], True)):
        keys = search.universe.keys[search.chosen | np.isin(np.arange(len(priced)), wanted)]
        new = build_contract_model(problem, keys, pool_lines=lines)
        at = np.searchsorted(search.universe.keys, _keys(new, np.ones(len(new.pairs.line))))
        start = search.chosen[at].astype(np.float64)
        basis = carried_basis(old.model, old.basis, old.duals, new)
        assert basis is not None
        assert alien_allowed or not basis.alien
        warm, cold = LocalSearch(new, start, basis), LocalSearch(new, start)
        assert warm.start() and cold.start()
        assert warm.objective == pytest.approx(cold.objective, rel=1e-9)
        assert warm.objective == pytest.approx(search.objective, rel=1e-9)
        assert _iterations(warm) < _iterations(cold)
        if not alien_allowed:
            assert _iterations(warm) == 0


def test_a_universe_prices_a_pair_outside_the_working_set_as_the_whole_model_does() -> None:
    # with the same contracts, every pair's model and the working set price a pair the
    # same way where the duals are unique (here: one need, one line signed, one not)
    problem, model = _one_need_two_lines()
    on_p1 = (model.pairs.line == 0).astype(np.float64)
    whole = LocalSearch(model, on_p1)
    assert whole.start()
    search = WorkingSearch(problem, _keys(model, on_p1), Universe.of(problem), candidates=0)
    assert search.start()
    assert search.gains.tolist() == pytest.approx(whole.gains.tolist())


def _two_needs_on_a_small_line() -> tuple[Problem, contracts.ContractModel, np.ndarray]:
    """N1 (20 units, priority 3) and N2 (4 units, priority 2), one supplier each, both signed
    with P1 (1 a month, minimum order 1); P2 (30 a month) can make both."""
    data = tiny(months=2)
    data["needs"][0].update(quantity=20, due="2026-02", max_suppliers=1, priority=3.0)
    data["needs"].append(dict(data["needs"][0], id="N2", quantity=4, priority=2.0))
    data["producers"][0].update(capacity=1, min_order=1)
    data["producers"].append(dict(data["producers"][0], id="P2", capacity=30))
    problem = problem_of(data)
    model = build_contract_model(problem)
    return problem, model, (model.pairs.line == 0).astype(np.float64)


def test_a_ranked_search_weighs_prices_by_need_size_and_a_held_sole_supplier() -> None:
    problem, model, on_p1 = _two_needs_on_a_small_line()
    search = WorkingSearch(problem, _keys(model, on_p1), ranked=True)
    assert search.start()
    assert search.universe.need.tolist() == [0, 1, 0, 1]  # P1-N1, P1-N2, P2-N1, P2-N2
    # one over the need's quantity, a tenth of it where a one-supplier need has its supplier
    assert search.rank_weights().tolist() == pytest.approx([0.1 / 20, 0.1 / 4] * 2)
    only_n1 = WorkingSearch(problem, _keys(model, on_p1 * (model.pairs.need == 0)))
    assert only_n1.start()
    assert only_n1.rank_weights().tolist() == pytest.approx([0.1 / 20, 1 / 4] * 2)


@pytest.mark.parametrize("ranked", [False, True])
def test_a_ranked_search_tries_the_small_need_first(ranked: bool) -> None:
    # P2 is priced 3 a unit for N1 and 2 for N2: by price N1's swap comes first; ranked, N2's
    # (2 / 4 against 3 / 20). Both are kept either way: the same contracts in the end.
    problem, model, on_p1 = _two_needs_on_a_small_line()
    search = WorkingSearch(problem, _keys(model, on_p1), ranked=ranked)
    assert search.start()
    assert search.gains[2:].tolist() == pytest.approx([3.0, 2.0])
    tried: list[int] = []
    attempt = LocalSearch._try

    def recorded(self: LocalSearch, q: int, drop: list[int], *, sign: bool = True) -> bool:
        tried.append(int(self.model.pairs.need[q]))
        return attempt(self, q, drop, sign=sign)

    with mock.patch.object(LocalSearch, "_try", recorded):
        moves, kept, _ = search.run(None)
    assert (moves, kept) == (2, 2)
    assert tried == ([1, 0] if ranked else [0, 1])
    assert search.model.pairs.line[search.signed > 0.5].tolist() == [1, 1]


@pytest.mark.parametrize("model_runs", [1, 2, None])
def test_a_product_search_goes_on_over_every_pair_after_its_first_runs(
    model_runs: int | None,
) -> None:
    # The search over the model's pairs makes MODEL_RUNS runs (each tries every pair priced
    # as a gain once; the first keeps most of what they gain), then a search over every able
    # pair goes on from the contracts it reached, until the end or until it converges.
    problem = problem_of(generate_scenario(60, 16, 3, 6, 2, contracts=True))
    model = build_contract_model(problem)
    signed = dive_contracts(model)
    assert signed is not None
    few = Universe.of(problem, np.union1d(_keys(model, signed), widest_lines(problem, 1))).keys
    every = len(Universe.of(problem).keys)
    assert len(few) < every
    calls: list[tuple[int, float | None, int | None, int]] = []
    converge = WorkingSearch.converge

    def recorded(
        self: WorkingSearch, stop: float | None, runs: int | None = None
    ) -> tuple[int, int, float]:
        outcome = converge(self, stop, runs)
        calls.append((len(self.universe.keys), stop, runs, outcome[1]))
        return outcome

    search = WorkingSearch(problem, _keys(model, signed), Universe.of(problem, few))
    assert search.start()
    first = search.objective
    end = time.perf_counter() + 600.0
    with (
        mock.patch.object(contracts, "MODEL_RUNS", model_runs),
        mock.patch.object(WorkingSearch, "converge", recorded),
    ):
        found = contracts._searched(problem, search, end)
    assert [call[:3] for call in calls] == [(len(few), end, model_runs), (every, end, None)]
    assert len(found.universe.keys) == every
    assert found.ranked is contracts.RANKED and not search.ranked  # every pair: ranked
    assert found.objective >= search.objective >= first
    assert found.run(None)[1] == 0  # a local optimum over every pair
    one = WorkingSearch(problem, _keys(model, signed), Universe.of(problem, few))
    assert one.start()
    alone = WorkingSearch(problem, _keys(model, signed), Universe.of(problem, few))
    assert alone.start()
    assert one.converge(None, 1) == alone.run(None)  # one run, as run() alone
    assert one.objective == alone.objective
    past = WorkingSearch(problem, _keys(model, signed), Universe.of(problem, few))
    assert past.start()
    assert contracts._searched(problem, past, time.perf_counter() - 1.0) is past  # no time
