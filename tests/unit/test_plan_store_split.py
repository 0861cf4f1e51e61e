"""Storing a plan: each line-month's whole units shared by its payers without losing a unit."""

from __future__ import annotations

from coprod.services.planning import _fill, _payer_units


def test_units_left_by_the_floors_go_to_the_largest_remainders() -> None:
    slack = {0: 1e9, 1: 1e9, 2: 1e9}
    # 10 units at 100 paid 1/3 each: shares 3.33 each, floors 3 + 3 + 3, one unit left
    shares = _payer_units([(0, 333.4), (1, 333.3), (2, 333.3)], 10, 100.0, slack)
    assert dict(shares) == {0: 4, 1: 3, 2: 3}
    assert slack[0] == 1e9 - 100.0 * (4 - 10 * 333.4 / 1000.0)
    assert slack[1] == slack[2] == 1e9


def test_a_unit_no_payer_can_cover_is_left_out() -> None:
    slack = {0: 50.01, 1: 0.0}
    # 3 units at 100, paid half each: 1.5 + 1.5; the third unit costs each payer 50 more
    assert dict(_payer_units([(0, 150.0), (1, 150.0)], 3, 100.0, slack)) == {0: 2, 1: 1}
    slack = {0: 49.99, 1: 0.0}
    assert dict(_payer_units([(0, 150.0), (1, 150.0)], 3, 100.0, slack)) == {0: 1, 1: 1}


def test_no_money_no_units() -> None:
    assert _payer_units([], 5, 10.0, {}) == []
    assert _payer_units([(0, 0.0)], 5, 10.0, {0: 1e9}) == []


def test_fill_keeps_each_order_whole_across_payers() -> None:
    parts = _fill([(7, 5), (8, 4)], [(0, 3), (1, 6)])
    assert parts == [(7, 0, 3), (7, 1, 2), (8, 1, 4)]
    short = _fill([(7, 5), (8, 4)], [(0, 3), (1, 5)])
    assert short == [(7, 0, 3), (7, 1, 2), (8, 1, 3)]
