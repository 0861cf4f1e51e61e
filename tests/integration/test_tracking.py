"""Tracking views against the ledger, on a generated registry with euros, pounds and dollars
(``services/demo/scale.py`` at a small size): every view's totals are the ledger's, the month
series sums to them, and the geography names the joint venture, the plants abroad and the
licensed lines the registry holds."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import ledger as book
from coprod.services import tracking
from coprod.services.accounts.access import SYSTEM
from coprod.services.demo.scale import Sizes, add_generated
from coprod.services.ledger import read_report
from coprod.services.registry.catalogue import load_catalogue
from coprod.services.tracking import View

SMALL = Sizes(companies=12, instruments=6, needs=20, orders=150, agreements=12)
DAY = date(2026, 12, 6)
ORDER_VIEWS = ("funder", "category", "system", "producer", "site-country")


def fill(engine: Engine) -> Engine:
    """The catalogue and a small generated registry in ``engine``."""
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        load_catalogue(uow)
        add_generated(uow, SMALL, seed=7)
        uow.commit()
    return engine


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One small generated registry on SQLite for the module's tests (they only read)."""
    folder = tmp_path_factory.mktemp("tracking")
    engine = make_engine(f"sqlite:///{folder / 'tracking.db'}")
    migrate.upgrade(engine)
    yield fill(engine)
    engine.dispose()


def view(engine: Engine, by: str, currency: str = "EUR") -> View:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return tracking.track(uow, by, currency=currency, on=DAY)


@dataclass(frozen=True)
class Expected:
    """The ledger's figures of the whole registry in one currency (``read_report``: each
    pledge, order cost and payment converted at the rate of its date) and its units."""

    pledged: Decimal
    allocated: Decimal
    disbursed: Decimal
    ordered: int
    produced: int
    delivered: int


def expected(engine: Engine, currency: str = "EUR") -> Expected:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        report = read_report(uow, currency, on=DAY)
    total, needs = report.total, report.needs
    return Expected(
        total.pledged,
        total.allocated,
        total.disbursed,
        sum(n.ordered for n in needs),
        sum(n.produced for n in needs),
        sum(n.delivered for n in needs),
    )


def test_the_generated_registry_keeps_the_ledger_rules_and_mixes_currencies(
    generated: Engine,
) -> None:
    with UnitOfWork(generated, access=SYSTEM) as uow:
        from coprod.services import ledger

        assert ledger.verify(uow) == []
        currencies = {o.unit_price.currency for o in uow.orders.list_(limit=None)}
    assert currencies == {"EUR", "GBP", "USD"}


@pytest.mark.parametrize("by", ORDER_VIEWS)
@pytest.mark.parametrize("currency", ["EUR", "GBP"])
def test_every_view_totals_equal_the_ledgers(generated: Engine, by: str, currency: str) -> None:
    want = expected(generated, currency)
    totals = view(generated, by, currency).tables[0].totals
    assert totals is not None
    if by == "site-country":
        assert totals["own_units"] + totals["licensed_units"] == want.ordered  # type: ignore[operator]
        assert totals["own_value"] + totals["licensed_value"] == want.allocated  # type: ignore[operator]
        assert totals["delivered"] == want.delivered
        return
    assert (totals["ordered"], totals["produced"], totals["delivered"]) == (
        want.ordered,
        want.produced,
        want.delivered,
    )
    assert totals["allocated"] == want.allocated
    assert totals["disbursed"] == want.disbursed
    if by == "funder":
        assert totals["pledged"] == want.pledged


def test_the_month_series_sums_to_the_totals(generated: Engine) -> None:
    months = view(generated, "month").tables[0]
    funders = view(generated, "funder").tables[0].totals
    assert funders is not None
    for figure in ("ordered", "allocated", "delivered", "disbursed"):
        assert sum(row[figure] for row in months.rows) == funders[figure], figure  # type: ignore[misc]
    # Delivered value: each month's deliveries of an order in pounds or dollars are converted
    # on their own, so the series may differ from the per-order total by half a cent a month.
    series = sum(row["delivered_value"] for row in months.rows)  # type: ignore[misc]
    assert abs(series - funders["delivered_value"]) <= Decimal("0.005") * len(months.rows) * 50  # type: ignore[operator]
    assert [row["month"] for row in months.rows] == sorted(row["month"] for row in months.rows)  # type: ignore[type-var]


def test_the_rates_used_are_the_ledgers(generated: Engine) -> None:
    with UnitOfWork(generated, access=SYSTEM) as uow:
        report = read_report(uow, "EUR", on=DAY)
    ledger_rates = {str(rate) for rate in report.total.rates}
    assert set(view(generated, "funder").rates) == ledger_rates
    assert set(view(generated, "month").rates) <= ledger_rates


def test_the_funder_gap_is_pledged_less_delivered(generated: Engine) -> None:
    for row in view(generated, "funder").tables[0].rows:
        assert row["gap"] == row["pledged"] - row["delivered_value"]  # type: ignore[operator]


def test_producer_punctuality_counts_orders_delivered_in_full(generated: Engine) -> None:
    with UnitOfWork(generated, access=SYSTEM) as uow:
        orders = [o for o in uow.orders.list_(limit=None) if book.is_ordered(o)]
        handed = book.delivered_by_order(uow.deliveries.list_(limit=None))
    full = sum(1 for o in orders if handed.get(o.key, 0) >= o.quantity)
    rows = view(generated, "producer").tables[0].rows
    assert sum(row["delivered_in_full"] for row in rows) == full  # type: ignore[misc]
    for row in rows:
        if row["delivered_in_full"]:
            assert 0 <= row["on_time"] <= 100  # type: ignore[operator]
            assert row["mean_delay_months"] >= 0  # type: ignore[operator]
        else:
            assert row["on_time"] is None


def test_geography_names_joint_ventures_plants_abroad_and_licensed_lines(
    generated: Engine,
) -> None:
    sites, directions, owners, abroad = view(generated, "site-country").tables
    assert directions.totals == sites.totals
    where = {r["direction"] for r in directions.rows}
    assert {"ukrainian_abroad", "partner_in_ukraine"} <= where
    ukrainian_abroad = [
        r for r in sites.rows if r["company_country"] == "UA" and r["site_country"] != "UA"
    ]
    mine = next(r for r in directions.rows if r["direction"] == "ukrainian_abroad")
    assert mine["own_units"] == sum(r["own_units"] for r in ukrainian_abroad)  # type: ignore[misc]
    joint = {(r["company"], r["owner"], r["stake"]) for r in owners.rows}
    assert ("scale-company-0009", "scale-company-0008", Decimal("51.00")) in joint
    assert ("scale-company-0009", "scale-company-0007", Decimal("49.00")) in joint
    assert {r["kind"] for r in owners.rows} == {"joint_venture"}
    assert {r["plant"] for r in abroad.rows} == {"scale-plant-0004", "scale-plant-0009"}
    assert all(r["country"] != r["operator_country"] for r in abroad.rows)
    assert any(r["licensed_units"] for r in sites.rows)
    for row in sites.rows:
        assert row["direction"] == tracking.views.direction(
            str(row["company_country"]), str(row["site_country"])
        )


def test_every_view_on_each_backend(engine: Engine) -> None:
    """The views' SQL (GROUP BY, EXTRACT, SUBSTR, CAST) gives the same figures on SQLite and
    PostgreSQL."""
    fill(engine)
    want = expected(engine)
    for by in tracking.VIEWS:
        first = view(engine, by).tables[0]
        assert first.rows, by
        if by in ORDER_VIEWS:
            assert first.totals is not None
            ordered = first.totals.get("ordered")
            if ordered is None:
                ordered = first.totals["own_units"] + first.totals["licensed_units"]  # type: ignore[operator]
            assert ordered == want.ordered, by
            allocated = first.totals.get("allocated")
            if allocated is None:
                allocated = first.totals["own_value"] + first.totals["licensed_value"]  # type: ignore[operator]
            assert allocated == want.allocated, by


def test_a_missing_rate_is_named_not_guessed(generated: Engine) -> None:
    with pytest.raises(Exception, match="no exchange rate of CHF"):
        view(generated, "funder", "CHF")
