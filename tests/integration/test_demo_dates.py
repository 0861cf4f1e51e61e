"""A demo that stays current: its illustrative dates are laid relative to the day it is made
(an injected "today"), so on any day it has needs due in the coming months, orders late and
orders delivered, live alerts, a clean ledger and a plan that meets needs, with a place
where the next euro helps; the dates the articles give never move."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.demo import mechanism_records
from coprod.domain import months
from coprod.planner.past_due import past_due_message
from coprod.services import alerts, ledger
from coprod.services import demo as service
from coprod.services.accounts.access import SYSTEM
from coprod.services.planning import plan_runs
from coprod.services.store import Store

AS_OF = date(2026, 12, 6)  # in the month the demo's dates are written for: nothing moves
LATER = date(2028, 2, 29)  # 14 months later, on a leap day


def _by_key(records: dict[str, list[dict[str, str]]], plural: str) -> dict[str, dict[str, str]]:
    return {r["key"]: r for r in records[plural]}


@pytest.mark.parametrize(("today", "moved"), [(AS_OF, 0), (date(2027, 5, 20), 5), (LATER, 14)])
def test_the_illustrative_dates_move_with_the_day(today: date, moved: int) -> None:
    written, laid = mechanism_records(), service.lay_dates(mechanism_records(), today)
    for key, need in _by_key(laid, "needs").items():
        assert need["due"] == months.shift(_by_key(written, "needs")[key]["due"], moved)
    for key, order in _by_key(laid, "orders").items():
        assert order["month"] == months.shift(_by_key(written, "orders")[key]["month"], moved)
    for key, delivery in _by_key(laid, "deliveries").items():
        was = date.fromisoformat(_by_key(written, "deliveries")[key]["delivered_on"])
        assert delivery["delivered_on"] == months.add(was, moved).isoformat()
    fund = _by_key(laid, "funding_instruments")["de-long-range-production"]
    assert fund["last_month"] == months.shift("2027-02", moved)
    # What the articles date stays where they put it.
    assert laid["agreements"] == written["agreements"]
    assert laid["events"] == written["events"]


def test_laying_the_dates_leaves_the_packaged_records_alone() -> None:
    before = mechanism_records()
    service.lay_dates(before, LATER)
    assert before == mechanism_records()


@pytest.fixture(scope="module")
def later_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The demo made on ``LATER``."""
    folder: Path = tmp_path_factory.mktemp("demo-later")
    url = f"sqlite:///{folder / 'demo.db'}"
    engine = make_engine(url)
    service.load_demo(Store(url, engine), today=LATER)
    yield engine
    engine.dispose()


def test_the_ledger_stays_clean_on_any_day(later_demo: Engine) -> None:
    with UnitOfWork(later_demo, access=SYSTEM) as uow:
        assert ledger.verify(uow) == []


def test_the_demo_shows_live_alerts_on_the_day_it_is_made(later_demo: Engine) -> None:
    with UnitOfWork(later_demo, access=SYSTEM) as uow:
        found = alerts.alerts(uow, today=LATER)
        needs = uow.needs.list_()
    named = {(a.kind.value, a.key): a for a in found}
    assert ("need_past_due", "need-drones-spring-2026") in named
    assert ("delivery_overdue", "order-fr-mistral-2026-02") in named
    assert ("delivery_overdue", "order-ua-long-range-2026-03") in named
    assert named[("window_closing", "fr-aid-2025")].severity.value == "high"  # its last month
    assert ("window_closing", "de-long-range-production") in named
    # Delivered orders raise nothing; most needs are due in the coming months.
    assert ("delivery_overdue", "order-fr-aasm-hammer-2026-02") not in named
    assert ("delivery_overdue", "order-ua-drones-2026-01") not in named
    coming = [n for n in needs if n.due >= months.of(LATER)]
    assert len(coming) >= 5


def test_the_plan_of_the_day_meets_needs_and_money_helps(later_demo: Engine) -> None:
    units = UnitsOfWork(later_demo, SYSTEM)
    done = plan_runs.run_plan(units, months=12, start=months.of(LATER))
    assert done.document["status"] == "optimal"
    reasons = {n["id"]: n["reason"] for n in done.document["needs"]}
    assert "fulfilled" in reasons.values()
    helping = {i["id"] for i in done.document["instruments"] if i["marginal_value"] > 0}
    assert "fr-direct-order-fund" in helping
    message = past_due_message(done.result.problem)
    assert message is not None and "need-drones-spring-2026" in message
