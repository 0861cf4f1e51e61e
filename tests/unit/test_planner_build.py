"""The network model: its size, its shape and its funding classes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from planner_cases import problem_of, tiny

from coprod.planner.build import build_model, funding_classes
from coprod.planner.generate import generate_scenario


def test_model_is_a_network_of_small_size() -> None:
    problem = problem_of(generate_scenario(500, 100, 12, 12, seed=9))
    model = build_model(problem)
    per_column = np.diff(model.matrix.indptr)
    assert per_column.max() <= 2
    n_lines_months = len(problem.producer_ids) * problem.months
    deliveries = len(problem.need_ids) * (problem.max_lateness + 1)
    assert model.need_start - model.hold_start < n_lines_months  # hold columns: one per pool
    assert model.money_start - model.need_start <= deliveries
    assert len(model.classes.instruments) < n_lines_months / 10  # pooled money rows
    assert model.num_col == len(model.cost) == len(model.col_upper)


def test_funding_classes_pool_lines_and_months_no_rule_tells_apart() -> None:
    data = tiny(months=4)
    base = data["producers"][0]
    data["producers"] += [
        dict(base, id="P2", capacity=50),  # same signature as P1
        dict(base, id="P3", country="FR", site_country="FR"),
    ]
    data["instruments"] = [
        {
            "id": "UA",
            "funder": "DK",
            "kind": "partner_financed",
            "budget": 10.0,
            "producer_countries": ["UA"],
        },
        {"id": "late", "funder": "DE", "kind": "loan", "budget": 10.0, "first_month": "2026-03"},
    ]
    classes = funding_classes(problem_of(data))
    table = classes.of_line_month
    assert (table[0] == table[1]).all()  # P1 and P2 share every money row
    assert table[0, 0] == table[0, 1] != table[0, 2] == table[0, 3]  # window opens in March
    assert table[2, 0] == -1  # nobody pays for P3 before March
    assert len(classes.instruments) == 3


def test_capacity_and_budget_edits_keep_the_structure() -> None:
    problem = problem_of(generate_scenario(100, 20, 5, 6, seed=1))
    key = build_model(problem).structure_key()
    capacity = problem.capacity.copy()
    capacity[:] = 0
    edited = replace(problem, capacity=capacity, budget=problem.budget * 3)
    assert build_model(edited).structure_key() == key
