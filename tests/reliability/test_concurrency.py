"""Concurrent writers on one record: exactly one of n same-version updates wins, the others get
StaleVersion or Conflict; concurrent orders never exceed the need; concurrent read-add-write
allocations never lose an increment nor exceed the pledge. SQLite, and PostgreSQL when set."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import Engine

from coprod.db.engine import make_engine
from tests.reliability import races

LOSERS = {"stale", "conflict"}


@pytest.fixture
def engine(database_url: str) -> Engine:
    """A store holding the need, line and instrument the races fight over."""
    engine = make_engine(database_url)
    races.prepare(engine)
    return engine


def only(outcomes: Counter[str], allowed: set[str]) -> None:
    """Every outcome is one of ``allowed`` (an unexpected exception is named)."""
    assert set(outcomes) <= allowed, outcomes


# Deferred racers hold their connection at the barrier: n stays within the pool (5 + 10).
@pytest.mark.parametrize(("n", "write"), [(2, True), (8, True), (32, True), (2, False), (8, False)])
def test_one_of_n_same_version_updates_wins(engine: Engine, n: int, write: bool) -> None:
    outcomes, gained = races.update_race(engine, n, n, write=write)

    only(outcomes, {"won"} | LOSERS)
    assert outcomes["won"] == 1 and gained == 1


@pytest.mark.parametrize("write", [True, False], ids=["immediate", "deferred"])
@pytest.mark.parametrize("n", [2, 8])
def test_concurrent_orders_never_exceed_the_need(engine: Engine, n: int, write: bool) -> None:
    outcomes, ordered = races.order_race(engine, n, n, write=write)

    only(outcomes, {"won", "refused"} | LOSERS)
    assert ordered == outcomes["won"] * races.ORDER_QUANTITY <= races.NEED_QUANTITY
    assert outcomes["won"] >= 1


@pytest.mark.parametrize("write", [True, False], ids=["immediate", "deferred"])
@pytest.mark.parametrize("n", [2, 8])
def test_concurrent_allocations_lose_nothing(engine: Engine, n: int, write: bool) -> None:
    outcomes, allocated = races.allocation_race(engine, n, write=write)

    only(outcomes, {"won", "refused"} | LOSERS)
    assert allocated == outcomes["won"] * races.ALLOCATION <= races.PLEDGED
    assert outcomes["won"] >= 1
