"""The ledger's report from the store's sums (``ledger.read_totals``: what the dashboard and
``coprod summary`` read) is the report of the records one by one (``ledger.read_report``),
to the cent: every instrument's, funder's and total figure with the rates used, every need's
units, every converted money entry itself and the unconverted ones' sums per instrument and
currency; for every role and reporting currency, on a generated registry made varied (euros,
pounds and dollars, proposed and cancelled orders, partial payments, payments in another
currency than their instrument's, dates and windows at year boundaries, orders with no need
or no instrument, reports with no order). On SQLite, and on PostgreSQL where
``COPROD_TEST_POSTGRES`` names one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select, update
from tests.integration.every_role import callers

from coprod.db import models as m
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import ledger as book
from coprod.domain.enums import AccountRole
from coprod.services import ledger
from coprod.services.accounts.access import SYSTEM
from coprod.services.demo.scale import Sizes, add_generated

SMALL = Sizes(companies=10, instruments=7, needs=16, orders=160, agreements=4)
DAY = date(2026, 12, 6)
CURRENCIES = ("EUR", "GBP", "USD")


def varied(engine: Engine) -> None:
    """A small generated registry, then records its generator never
    writes: payments in another currency than their instrument's, at the turn of a year,
    orders priced in another currency than their instrument's, orders with no need or no
    instrument, production reported on no order, a pledge window opening in December."""
    o, p, r, fi = m.OrderRow, m.PaymentRow, m.ProductionReportRow, m.FundingInstrumentRow
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        add_generated(uow, SMALL, seed=11)
        run = uow.session.execute
        run(update(p).where(p.id % 5 == 0).values(currency="USD"))
        run(update(p).where(p.id % 7 == 1).values(paid_on=date(2024, 12, 31)))
        run(update(p).where(p.id % 7 == 2).values(paid_on=date(2025, 1, 1)))
        run(update(o).where(o.id % 11 == 3).values(unit_price_currency="GBP"))
        run(update(o).where(o.id % 13 == 4).values(instrument_id=None))
        run(update(o).where(o.id % 17 == 5).values(need_id=None))
        run(update(o).where(o.id % 19 == 6).values(month="2024-12"))
        run(update(r).where(r.id % 9 == 7).values(order_id=None))
        first = select(fi.id).order_by(fi.id).limit(1).scalar_subquery()
        run(update(fi).where(fi.id == first).values(first_month="2025-12"))
        uow.commit()


@pytest.fixture
def store(initialised_url: str) -> Iterator[Engine]:
    """The varied registry in a store with the catalogue (SQLite, and PostgreSQL when
    configured)."""
    engine = make_engine(initialised_url)
    varied(engine)
    yield engine
    engine.dispose()


Group = tuple[str, str, str]  # figure, instrument, original currency


def by_group(entries: Iterable[book.MoneyEntry]) -> dict[Group, tuple[Decimal, Decimal]]:
    """The entries' original and reported amounts summed per figure, instrument and currency."""
    sums: dict[Group, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for entry in entries:
        found = sums[(entry.figure, entry.instrument, entry.original.currency)]
        found[0] += entry.original.amount
        found[1] += entry.amount
    return {group: (original, reported) for group, (original, reported) in sums.items()}


def converted(entries: Iterable[book.MoneyEntry]) -> dict[tuple[str, str], book.MoneyEntry]:
    """The entries a rate converted, by figure and record."""
    return {(e.figure, e.record): e for e in entries if e.rate is not None}


def assert_same_report(totals: book.Report, report: book.Report) -> None:
    """``totals`` (from the store's sums) gives every figure of ``report`` (from the
    records), to the cent."""
    assert (totals.currency, totals.on) == (report.currency, report.on)
    assert totals.total == report.total
    assert totals.instruments == report.instruments
    assert totals.funders == report.funders
    assert totals.needs == report.needs
    assert totals.ledger == report.ledger
    assert converted(totals.entries) == converted(report.entries)
    assert by_group(totals.entries) == by_group(report.entries)


def holds_what_the_comparison_needs(engine: Engine) -> None:
    """Pounds, dollars and euros; dates at the turn of a year; a pledge window; payments in
    another currency than their instrument's; many entries converted one by one."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        report = ledger.read_report(uow, "EUR", DAY)
        payments = uow.payments.list_()
        instruments = {i.key: i.pledged.currency for i in uow.funding_instruments.list_()}
    entries = report.entries
    assert {e.original.currency for e in entries if e.figure == book.ALLOCATED} == set(CURRENCIES)
    assert {e.on for e in entries} >= {date(2024, 12, 1), date(2024, 12, 31), date(2025, 1, 1)}
    assert {e.on for e in entries if e.figure == book.PLEDGED} == {date(2025, 12, 1), DAY}
    assert any(p.amount.currency != instruments[p.instrument] for p in payments)
    assert len(converted(entries)) > 50


def test_the_sums_give_the_report_of_the_records_for_every_role_and_currency(
    store: Engine,
) -> None:
    holds_what_the_comparison_needs(store)
    for caller in callers(store):
        for currency in CURRENCIES:
            with UnitOfWork(store, access=caller) as uow:
                report = ledger.read_report(uow, currency, DAY)
                totals = ledger.read_totals(uow, currency, DAY)
            assert_same_report(totals, report)
            if caller.role is not AccountRole.ANALYST:
                assert report.total.allocated > 0, (caller, currency)
