"""The alerts' queries on each backend (SQLite, and PostgreSQL when ``COPROD_TEST_POSTGRES``
is set): the ledger breaches an upgrade stores; the stalled agreements, the boundary day,
final statuses left out, and a page of them in the rule's order (oldest step first, then
key as Python sorts it, whatever the server's collation)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from coprod.db import migrate
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import AgreementStatus, AgreementType, InstrumentKind, OrganisationKind
from coprod.domain.money import Money
from coprod.services import registry, store
from coprod.services.accounts.access import SYSTEM
from coprod.services.alerts import reading
from coprod.services.ledger import breaches

BREACHES = "0017_ledger_breaches"  # the migration that adds the stored breaches
# key, status, last dated step; keys that a linguistic collation sorts otherwise than Python.
AGREEMENTS = [
    ("b-a", AgreementStatus.SIGNED, date(2025, 3, 1)),
    ("B-b", AgreementStatus.SIGNED, date(2025, 3, 1)),
    ("ba", AgreementStatus.IN_FORCE, date(2025, 3, 1)),
    ("a-old", AgreementStatus.SIGNED, date(2024, 1, 1)),
    ("done", AgreementStatus.CANCELLED, date(2020, 1, 1)),
    ("late", AgreementStatus.SIGNED, date(2025, 3, 2)),
]


def _store(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        registry.register(uow, d.Organisation("acme", "Acme", OrganisationKind.COMPANY))
        for key, status, on in AGREEMENTS:
            steps = [AgreementStatus.SIGNED] if status is AgreementStatus.IN_FORCE else []
            history = [
                d.StatusChange(AgreementStatus.PLANNED, None),
                *(d.StatusChange(step, date(2023, 1, 1)) for step in steps),
                d.StatusChange(status, on),
            ]
            agreement = d.Agreement(
                key, key, AgreementType.CONTRACT, status, ["acme"], history=history
            )
            registry.register(uow, agreement)
        uow.commit()


def test_stalled_agreements_are_found_and_cut_in_the_rules_order(engine: Engine) -> None:
    _store(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        before = reading.stalled_candidates(uow, SYSTEM, date(2025, 2, 28))
        by = date(2025, 3, 1)
        found = reading.stalled_candidates(uow, SYSTEM, by)
        count = reading.stalled_count(uow, SYSTEM, by, skip={"ba"})
        pages = [
            reading.stalled_candidates(uow, SYSTEM, by, skip={"ba"}, window=(start, 2))
            for start in (0, 2)
        ]
        followed = reading.stalled_candidates(uow, SYSTEM, by, keys={"ba", "late"})
    assert [a.key for a in before] == ["a-old"]
    assert {a.key: a.history[0].on for a in found} == {
        "a-old": date(2024, 1, 1),
        "B-b": date(2025, 3, 1),
        "b-a": date(2025, 3, 1),
        "ba": date(2025, 3, 1),
    }
    assert count == 3
    assert [[a.key for a in page] for page in pages] == [["a-old", "B-b"], ["b-a"]]
    assert [a.key for a in followed] == ["ba"]


def test_an_upgrade_stores_the_breaches_a_migration_left(database_url: str) -> None:
    # A registry whose instrument's stored allocated is off (as a migration could leave it):
    # upgrading to the newest schema verifies once and stores the breach for the alerts.
    with store.open_store(database_url, require_schema=False) as opened:
        scripts = ScriptDirectory.from_config(migrate.alembic_config(opened.engine))
        before = scripts.get_revision(BREACHES).down_revision
        assert store.upgrade(opened) == migrate.head(opened.engine)
        opened.write(_register_fund)
        with opened.engine.begin() as conn:  # back to the schema before the stored breaches
            conn.execute(text("UPDATE funding_instruments SET allocated_amount = 5"))
            conn.execute(text("DROP TABLE ledger_breach"))
            conn.execute(text("DROP INDEX ix_deliveries_order_units"))  # and after it (0018)
            conn.execute(text("CREATE INDEX ix_deliveries_order_id ON deliveries (order_id)"))
            conn.execute(text("ALTER TABLE audit_log DROP COLUMN channel"))  # and 0019
            conn.execute(text(f"UPDATE alembic_version SET version_num = '{before}'"))
        store.upgrade(opened)
        found = opened.read(breaches.stored)
    assert {(b.kind, b.key, b.breach.field) for b in found} == {
        ("funding_instruments", "fund-1", "allocated")
    }
    assert {b.found_on for b in found} == {date.today()}


def _register_fund(uow: UnitOfWork) -> None:
    registry.register(uow, d.Organisation("acme", "Acme", OrganisationKind.COMPANY))
    registry.register(uow, _fund())


def _fund() -> d.FundingInstrument:
    return d.FundingInstrument(
        "fund-1",
        "Fund",
        "acme",
        InstrumentKind.DIRECT_ORDER_FUND,
        Money(Decimal("10"), "EUR"),
        Money(Decimal("0"), "EUR"),
        Money(Decimal("0"), "EUR"),
    )
