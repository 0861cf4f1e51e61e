"""The alerts' counts and pages from the database (``alerts.page``: each kind counted and cut
by SQL; the dashboard's, its needs judged on the ledger's sums) are those of the domain's
rules over every record (``domain/alerts.py`` judging each order, need, instrument and
agreement the caller may see, read one by one): every count per kind, and every page tried,
of every kind, in the rules' order, for every role, on days at month boundaries (the first
and last day of a month, the turn of a year), on a generated registry made varied (orders
made late, on time and just due, needs due this month and the last, some ordered in full,
windows ending this month, within the horizon and just after it, agreements whose last step
falls on the stalled boundary, keys a linguistic collation sorts otherwise than Python,
followed records). On SQLite, and on PostgreSQL where ``COPROD_TEST_POSTGRES`` names one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, update
from tests.integration.every_role import callers

from coprod.db import models as m
from coprod.db.auth_models import UserRow, WatchRow
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import alerts as rules
from coprod.domain import ledger as book
from coprod.domain import months, tracking
from coprod.domain.alerts import Alert, AlertKind
from coprod.domain.enums import AccountRole
from coprod.services import alerts
from coprod.services.accounts.access import SYSTEM, Principal
from coprod.services.demo.scale import Sizes, add_generated

SMALL = Sizes(companies=8, instruments=8, needs=30, orders=200, agreements=30)
EDGE = date(2026, 12, 6)
DAYS = (EDGE, date(2026, 12, 1), date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 1))
HORIZON = rules.DEFAULT_HORIZON
# Keys that a linguistic collation sorts otherwise than Python does (hyphens, case).
ODD_KEYS = ("B-b", "b-a", "ba", "a-b", "Ab")


def _rename(uow: UnitOfWork, row: Any, ids: range) -> None:
    """Give the rows ``ids`` of ``row``'s table the odd keys."""
    for id_, key in zip(ids, ODD_KEYS, strict=False):
        name = f"{key}-{row.__tablename__}"
        uow.session.execute(update(row).where(row.id == id_).values(key=name))


def varied(engine: Engine) -> None:
    """A small generated registry, then what its generator never writes at the edges of
    ``EDGE``'s month: orders made this month, last month and three months ago (the high
    boundary), some with nothing delivered; needs due this month and the last; windows
    ending last month, this month, at the horizon's end and just after it; agreements whose
    last step is on the stalled boundary and the day after; odd keys."""
    o, n, fi, c = m.OrderRow, m.NeedRow, m.FundingInstrumentRow, m.StatusChangeRow
    now = months.of(EDGE)
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        add_generated(uow, SMALL, seed=13)
        run = uow.session.execute
        for step, back in ((7, 0), (11, 1), (13, 3), (17, 4), (19, 2)):
            run(update(o).where(o.id % step == 1).values(month=months.shift(now, -back)))
        ordered = (
            select(func.coalesce(func.sum(o.quantity), 1))
            .where(o.need_id == n.id, o.status.in_([s.value for s in book.ORDERED]))
            .scalar_subquery()
        )
        run(update(n).where(n.id % 4 == 1).values(quantity=ordered))  # all ordered
        run(update(n).where(n.id % 5 == 0).values(due=now))
        run(update(n).where(n.id % 7 == 0).values(due=months.shift(now, -1)))
        ends = [months.shift(now, k) for k in (-1, 0, HORIZON - 1, HORIZON, 1, 2)]
        ids = list(uow.session.scalars(select(fi.id).order_by(fi.id)))
        for id_, last in zip(ids, ends, strict=False):
            run(update(fi).where(fi.id == id_).values(last_month=last))
        boundary = tracking.stalled_by(EDGE, HORIZON)
        latest = select(c.id).where(c.agreement_id == 1).order_by(c.position.desc()).limit(1)
        run(update(c).where(c.id == latest.scalar_subquery()).values(on=boundary))
        latest = select(c.id).where(c.agreement_id == 2).order_by(c.position.desc()).limit(1)
        run(update(c).where(c.id == latest.scalar_subquery()).values(on=boundary + timedelta(1)))
        for row in (o, n, m.AgreementRow):
            _rename(uow, row, range(3, 3 + len(ODD_KEYS)))
        uow.commit()


def follow(engine: Engine, principal: Principal) -> None:
    """An account for ``principal`` following some needs and agreements (with and without
    alerts: the needs due long ago and lately, the agreements early and late in key order)."""
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        user = UserRow(
            key=principal.user,
            name=principal.user,
            role=principal.role.value,
            organisation=principal.organisation,
            password_hash="-",
            created_at=datetime.now(UTC),
        )
        uow.session.add(user)
        uow.session.flush()
        needs = uow.session.scalars(select(m.NeedRow.key).order_by(m.NeedRow.id)).all()
        agreements = uow.session.scalars(select(m.AgreementRow.key)).all()
        for plural, keys in (("needs", needs[::9]), ("agreements", agreements[::7])):
            for key in keys:
                uow.session.add(
                    WatchRow(user_id=user.id, record=plural, key=key, created_at=user.created_at)
                )
        uow.commit()


@pytest.fixture
def store(initialised_url: str) -> Iterator[tuple[Engine, list[Principal]]]:
    """The varied registry with its callers (SQLite, and PostgreSQL when configured)."""
    engine = make_engine(initialised_url)
    varied(engine)
    found = callers(engine)
    for principal in found[1:3]:
        follow(engine, principal)
    yield engine, found
    engine.dispose()


@dataclass(frozen=True)
class Seen:
    """What a caller may see, read record by record, as the rules weigh it."""

    orders: list[rules.OrderProgress]
    needs: list[rules.NeedProgress]
    instruments: list[rules.InstrumentMoney]
    agreements: list[rules.AgreementSteps]
    watched: set[tuple[str, str]]


def seen_by(engine: Engine, principal: Principal) -> Seen:
    """Every order, need, instrument and agreement ``principal`` may see, read one by one,
    with the ledger's figures from its own records (no query sums or judges anything)."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        lead = {line.key: line.lead_time_months for line in uow.production_lines.list_()}
    with UnitOfWork(engine, access=principal) as uow:
        orders, instruments = uow.orders.list_(), uow.funding_instruments.list_()
        delivered = book.delivered_by_order(uow.deliveries.list_())
        needs = book.need_figures(uow.needs.list_(), orders, delivered)
        allocated = {f.key: f.allocated for f in book.instrument_figures(instruments, orders)}
        agreements = uow.agreements.list_()
        watched = set(alerts.watchlist.watched(uow))
    return Seen(
        [
            rules.OrderProgress(
                o.key, o.month, o.status, o.quantity, lead[o.production_line],
                delivered.get(o.key, 0),
            )
            for o in orders
        ],
        [rules.NeedProgress(n.key, n.due, n.needed, n.ordered, n.delivered) for n in needs],
        [
            rules.InstrumentMoney(
                i.key, i.pledged.currency, i.pledged.amount, allocated[i.key], i.last_month
            )
            for i in instruments
        ],
        [rules.AgreementSteps(a.key, a.type, a.status, a.history) for a in agreements],
        watched,
    )  # fmt: skip


def judged(seen: Seen, today: date) -> list[Alert]:
    """Every alert on ``today`` as the domain's rules find it over what was seen."""
    found = [
        *rules.overdue_orders(seen.orders, today),
        *rules.past_due_needs(seen.needs, today),
        *rules.closing_windows(seen.instruments, today, HORIZON),
        *rules.stalled_agreements(seen.agreements, today, HORIZON),
    ]
    return rules.ordered(found, seen.watched)


def holds_the_edges(found: list[Alert]) -> None:
    """The ministry's alerts on ``EDGE`` hold each kind, both severities of the orders and
    needs, a window in its last month and followed records first."""
    kinds = {a.kind for a in found}
    assert kinds >= {
        AlertKind.DELIVERY_OVERDUE,
        AlertKind.NEED_PAST_DUE,
        AlertKind.WINDOW_CLOSING,
        AlertKind.AGREEMENT_STALLED,
    }
    for kind in (AlertKind.DELIVERY_OVERDUE, AlertKind.NEED_PAST_DUE, AlertKind.WINDOW_CLOSING):
        assert len({a.severity for a in found if a.kind is kind}) == 2, kind
    assert found[0].watched and not found[-1].watched
    assert any(a.key.startswith(ODD_KEYS) for a in found)


WINDOWS = ((0, 15), (0, 1), (7, 5), (40, 50), (0, 500))  # offset, limit


def windows(kind: AlertKind | None, chosen: list[Alert]) -> list[tuple[int, int]]:
    """The pages tried: several of every kind at once; of one kind the first, the last, and
    one across each change of severity (where a query's order could go wrong unseen)."""
    last = (max(len(chosen) - 3, 0), 10)
    turns = [i for i in range(1, len(chosen)) if chosen[i].severity != chosen[i - 1].severity]
    across = [(max(i - 2, 0), 4) for i in turns]
    return [*WINDOWS, last, *across] if kind is None else [WINDOWS[0], last, *across]


def test_the_database_counts_and_cuts_the_alerts_as_the_rules_judge_them(
    store: tuple[Engine, list[Principal]],
) -> None:
    engine, principals = store
    total = 0
    for principal in principals:
        seen = seen_by(engine, principal)
        for today in DAYS if principal.role is AccountRole.MINISTRY else DAYS[::4]:
            expected = judged(seen, today)
            if principal.role is AccountRole.MINISTRY and today == EDGE:
                holds_the_edges(expected)
            counts = {kind: sum(1 for a in expected if a.kind is kind) for kind in AlertKind}
            with UnitOfWork(engine, access=principal) as uow:
                assert alerts.alerts(uow, today=today) == expected
                _, first = alerts.dashboard(uow, today=today)  # its needs from the ledger
                assert (first.counts, first.alerts) == (counts, expected[: alerts.DASHBOARD])
                for kind in (None, *AlertKind):
                    chosen = [a for a in expected if kind in (None, a.kind)]
                    for offset, limit in windows(kind, chosen):
                        page = alerts.page(uow, today=today, kind=kind, offset=offset, limit=limit)
                        where = (principal.user, today, kind, offset, limit)
                        assert page.counts == counts, where
                        assert page.total == len(chosen), where
                        assert page.alerts == chosen[offset : offset + limit], where
            total += len(expected)
    assert total > 1000
