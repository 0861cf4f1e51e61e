"""The contract plan's products' phase on several processes: products split into groups, each
group's money fixed up front, groups planned side by side (and the same contracts each time)."""

from __future__ import annotations

import os
from functools import partial
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_cases import problem_of

from coprod.planner import contract_neighbourhood, contracts
from coprod.planner.build import build_model
from coprod.planner.check import check_plan
from coprod.planner.contract_workers import (
    ProductWorkers,
    default_workers,
    group_purses,
    split_products,
)
from coprod.planner.contracts import relaxation_money
from coprod.planner.explain import recover_orders
from coprod.planner.generate import generate_scenario
from coprod.planner.mip import ContractModel, build_contract_model
from coprod.planner.plan import Planner, plan_document
from coprod.planner.problem import Problem
from coprod.planner.solve import PlanSolver


def test_products_are_split_into_groups_of_about_equal_weight_in_visiting_order() -> None:
    weights = {6: 1.0, 2: 1.0, 1: 1.0, 3: 1.0, 4: 1.0}
    assert split_products(weights, 2) == [{6: 1.0, 1: 1.0, 4: 1.0}, {2: 1.0, 3: 1.0}]
    rooms = {3: 5.0, 6: 4.0, 4: 3.0, 9: 2.0}  # the heaviest first, each to the lightest group
    assert split_products(rooms, 2) == [{3: 5.0, 9: 2.0}, {6: 4.0, 4: 3.0}]
    assert split_products(rooms, 1) == [rooms]
    assert split_products({5: 1.0}, 4) == [{5: 1.0}]  # no empty group


def test_purses_add_up_to_the_budgets_less_what_products_not_visited_spend() -> None:
    budget = np.array([100.0, 50.0, 10.0])
    money = np.array(  # instruments x products 0..3; product 3 is not visited
        [[30.0, 10.0, 20.0, 5.0], [0.0, 0.0, 0.0, 10.0], [4.0, 0.0, 0.0, 0.0]]
    )
    purses = group_purses(budget, money, [[0, 2], [1]])
    # instrument 0: 35 unspent, shared 50:10; instrument 1: none of the groups spends it,
    # 40 unspent shared equally; instrument 2: 6 unspent, all to the group spending it
    assert purses[0].tolist() == pytest.approx([50 + 35 * 5 / 6, 20.0, 10.0])
    assert purses[1].tolist() == pytest.approx([10 + 35 / 6, 20.0, 0.0])
    assert (purses[0] + purses[1]).tolist() == pytest.approx((budget - money[:, 3]).tolist())
    alone = group_purses(budget, money, [[0, 1, 2]])  # one worker: the sequential pass
    assert alone[0].tolist() == pytest.approx((budget - money[:, 3]).tolist())


def test_the_default_is_two_workers_where_two_cpus_are_usable() -> None:
    with mock.patch("coprod.planner.contract_workers.usable_cpus", return_value=1):
        assert default_workers() == 1
    with mock.patch("coprod.planner.contract_workers.usable_cpus", return_value=8):
        assert default_workers() == 2
    assert Planner(workers=0).workers == 1


def _where(parent: int, problem: Problem) -> tuple[str, int]:
    """Which process ran the task; a child fails when told to."""
    if os.getpid() != parent and os.environ.get("COPROD_TEST_CHILD_FAILS"):
        raise RuntimeError("a child that fails")
    return problem.need_ids[0], os.getpid()


def test_groups_run_in_the_children_and_a_failed_child_s_group_runs_here() -> None:
    problem = problem_of(generate_scenario(20, 6, 3, 6, 3, contracts=True))
    parent = os.getpid()
    tasks = [partial(_where, parent)] * 3
    with ProductWorkers(problem, 3) as workers:
        results = workers.map(tasks)
    assert [need for need, _ in results] == [problem.need_ids[0]] * 3
    assert results[0][1] == parent
    assert all(pid != parent for _, pid in results[1:])
    assert workers.child_peak_mib > 0
    with (
        mock.patch.dict(os.environ, {"COPROD_TEST_CHILD_FAILS": "1"}),
        ProductWorkers(problem, 2) as failing,
    ):
        again = failing.map(tasks[:2])
    assert [pid for _, pid in again] == [parent, parent]
    assert failing.failures == 1


def _large_case() -> tuple[ContractModel, np.ndarray]:
    """A generated scenario's model on the relaxation's pairs (as on a large scenario) and
    the money the relaxation spends per instrument and product."""
    problem = problem_of(generate_scenario(40, 12, 4, 6, 3, contracts=True))
    lp = build_model(problem)
    relaxed = PlanSolver(lp).solve()
    orders = recover_orders(lp, relaxed.col_value)
    keys = np.unique(orders.producer * len(problem.need_ids) + orders.need)
    return build_contract_model(problem, keys), relaxation_money(lp, relaxed)


def _signed_pairs(model: ContractModel, signed: np.ndarray) -> list[tuple[int, int]]:
    chosen = signed > 0.5
    lines, needs = model.pairs.line[chosen].tolist(), model.pairs.need[chosen].tolist()
    return list(zip(lines, needs, strict=True))


def _no_neighbourhoods() -> None:
    """The neighbourhoods' HiGHS MIPs stop on time (1 s each): off, for a repeatable run."""
    contract_neighbourhood.MIN_SECONDS = float("inf")


def test_two_workers_choose_the_same_contracts_each_time_within_the_budgets() -> None:
    model, money = _large_case()
    problem = model.problem
    assert len(set(problem.producer_product.tolist())) >= 2  # groups to split
    runs = []
    for _ in range(2):
        with (
            mock.patch.object(contract_neighbourhood, "MIN_SECONDS", float("inf")),
            ProductWorkers(problem, 2, setup=_no_neighbourhoods) as workers,
        ):
            wider, signed = contracts._product_contracts(model, money, None, workers=workers)
        runs.append(_signed_pairs(wider, signed))
    assert runs[0] == runs[1]
    assert len(runs[0]) > 0
    # the products' contracts together: their LP has a solution (every budget held), and
    # the plan with whole units meets every rule
    fixed = contracts.solve_fixed(wider, contracts._b_cols(wider), signed)
    assert fixed.optimal
    spent = np.bincount(
        wider.money_instrument,
        weights=fixed.col_value[wider.cols["y"].range],
        minlength=len(problem.budget),
    )
    assert (spent <= problem.budget * (1 + 1e-9) + 1e-6).all()


def test_each_group_s_products_spend_within_its_purse() -> None:
    model, money = _large_case()
    problem = model.problem
    order = contracts.product_weights(problem)
    groups = split_products(order, 2)
    purses = group_purses(problem.budget, money, [list(group) for group in groups])
    keys = contracts._pair_keys(model)
    with ProductWorkers(problem, 2) as workers:
        signed, spent, found = contracts._product_sweep(
            model, keys, money, None, None, order, workers=workers
        )
    assert len(signed) and found
    for group, purse in zip(groups, purses, strict=True):
        used = spent[:, list(group)].sum(axis=1)
        assert (used <= purse * (1 + 1e-7) + 1e-4).all()
    assert (spent.sum(axis=1) <= problem.budget * (1 + 1e-7) + 1e-4).all()


def test_a_two_worker_plan_meets_every_rule() -> None:
    # the whole plan is not compared with a re-run: the neighbourhoods and the whole-unit
    # placement are HiGHS MIPs stopped on time (the products' phase is compared above)
    problem = problem_of(generate_scenario(40, 12, 4, 6, 3, contracts=True))
    with mock.patch.object(contracts, "PAIR_LIMIT", 0):  # products' phase on workers
        document = plan_document(Planner(time_limit=60, workers=2).plan(problem))
    assert document["mip"]["workers"] == 2
    assert check_plan(problem, document).violations == []
    assert document["objective"] <= document["bound"] * (1 + 1e-9)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_two_worker_plans_meet_every_rule(seed: int) -> None:
    problem = problem_of(generate_scenario(24, 8, 3, 4, seed, contracts=True))
    with mock.patch.object(contracts, "PAIR_LIMIT", 0):
        document = plan_document(Planner(time_limit=60, workers=2).plan(problem))
    assert check_plan(problem, document).violations == []
    assert document["objective"] <= document["bound"] * (1 + 1e-9) + 1e-6
