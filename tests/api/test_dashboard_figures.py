"""The dashboard's figures come from aggregate queries: they must equal what the records the
caller may see give when counted one by one, for every role, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine

from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import ledger as book
from coprod.domain.enums import AccountRole, AgreementStatus, AgreementType, Visibility
from coprod.services.accounts.access import SYSTEM, Principal
from coprod.services.registry import summary
from tests.api.platform_world import USERS, populate_records
from tests.stores import prepared_url, sqlite_template

S, T = AgreementStatus, AgreementType


def _more_agreements() -> list[d.Agreement]:
    """Agreements over several years and types, one undated, one dated only at a later step,
    one restricted to Acme and Ukraine."""
    return [
        d.Agreement("x-undated", "Undated", T.LETTER_OF_INTENT, S.PLANNED, ["UA", "FR"]),
        d.Agreement(
            "x-2023", "Signed 2023", T.MEMORANDUM_OF_UNDERSTANDING, S.IN_FORCE, ["UA", "FR"],
            history=[d.StatusChange(S.SIGNED, date(2023, 5, 2)),
                     d.StatusChange(S.IN_FORCE, date(2024, 1, 9))],
        ),
        d.Agreement(
            "x-later-step", "Dated later", T.CONTRACT, S.COMPLETED, ["UA", "FR"],
            history=[d.StatusChange(S.SIGNED, None), d.StatusChange(S.COMPLETED, date(2026, 7, 1))],
        ),
        d.Agreement(
            "x-acme-2024", "Acme's 2024", T.JOINT_VENTURE, S.SIGNED, ["acme", "UA"],
            history=[d.StatusChange(S.SIGNED, date(2024, 11, 30))],
            visibility=Visibility.RESTRICTED,
        ),
    ]  # fmt: skip


def _first_year(agreement: d.Agreement) -> int | None:
    dates = [step.on for step in agreement.history if step.on is not None]
    return min(dates).year if dates else None


def fill(engine: Engine) -> None:
    """The platform world's records and the agreements above."""
    populate_records(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for agreement in _more_agreements():
            uow.agreements.add(agreement)
        uow.commit()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory, "dashboard-figures", fill)


@pytest.fixture
def world_url(database_url: str, request: pytest.FixtureRequest) -> str:
    """The world on each backend: a copy of the module's template on SQLite."""
    return prepared_url(database_url, partial(request.getfixturevalue, "template"), fill)


@pytest.mark.parametrize("role", sorted(USERS))
def test_the_dashboard_figures_equal_the_visible_records_counted(world_url: str, role: str) -> None:
    engine = make_engine(world_url)
    user, organisation = USERS[role]
    principal = Principal(user, AccountRole(role), organisation)
    with UnitOfWork(engine, access=principal) as uow:
        view = summary.overview(uow)
        agreements = uow.agreements.list_()
        lines = {line.key: line for line in uow.production_lines.list_()}
        orders = [
            o for o in uow.orders.list_() if book.is_ordered(o) and o.production_line in lines
        ]
        deliveries = uow.deliveries.list_()
        counted = {k: len(uow.records(k).list_()) for k in summary.COUNTED}
    engine.dispose()
    assert view.agreements_by_year == Counter((_first_year(a), a.type) for a in agreements)
    assert view.agreements_by_status == Counter(a.status for a in agreements)
    assert view.counts == {kind.plural: n for kind, n in counted.items()}
    system_of = {o.key: lines[o.production_line].system for o in orders}
    expected: dict[str, list[int]] = {}
    for o in orders:
        expected.setdefault(system_of[o.key], [0, 0])[0] += o.quantity
    for delivery in deliveries:
        if delivery.order in system_of:
            expected[system_of[delivery.order]][1] += delivery.quantity
    assert view.production == {k: (a, b) for k, (a, b) in expected.items()}
    if role == "analyst":
        assert view.counts["orders"] == 0 and sum(view.agreements_by_status.values()) == 4
    if role == "manufacturer":  # its own restricted agreements, never its competitor's
        assert view.agreements_by_year[(2024, T.JOINT_VENTURE)] == 1
        assert view.production == {"drone": (50, 10)}
