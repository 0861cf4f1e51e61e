"""The store on a real database (SQLite always; PostgreSQL when COPROD_TEST_POSTGRES is set)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.entities import Agreement, Delivery, System
from coprod.domain.enums import AgreementStatus, AgreementType, InstrumentKind, OrganisationKind
from coprod.domain.money import Money
from coprod.errors import Conflict, InvalidInput, NotFound, RuleViolation, StaleVersion
from coprod.services import registry
from coprod.services.accounts.access import SYSTEM
from coprod.services.records import exporting, importing


def load(engine: Engine, tmp_path: Path, records: dict[str, Any]) -> importing.ImportReport:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    with UnitOfWork(engine, access=SYSTEM) as uow:
        report = importing.write(uow, str(path), importing.read_file(path))
        uow.commit()
    return report


def export(engine: Engine) -> str:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return exporting.to_json(uow)


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": migrate.include_name})
        diff = compare_metadata(context, migrate.target_metadata())
    assert diff == []
    assert migrate.current(engine) == migrate.head(engine)


def test_sqlite_runs_with_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'folder' / 'c.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    assert (tmp_path / "new" / "folder" / "c.db").exists()


def test_add_get_list_update_delete(engine: Engine) -> None:
    drone = System("test-drone", "Test drone", "drones", ["TD"])
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.systems.add(drone)
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert uow.systems.get_by_key("test-drone") == drone
        assert uow.systems.get(uow.systems.id_of("test-drone")) == drone
        assert [s.key for s in uow.systems.list_({"category": "drones"})] == ["test-drone"]
        assert uow.systems.version_of("test-drone") == 1
        assert uow.systems.update(dataclasses.replace(drone, aliases=["TD", "TD-1"])) is True
        assert uow.systems.update(dataclasses.replace(drone, aliases=["TD", "TD-1"])) is False
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert uow.systems.version_of("test-drone") == 2
        with pytest.raises(StaleVersion):
            uow.systems.update(dataclasses.replace(drone, name="x"), expected_version=1)
        with pytest.raises(Conflict):
            uow.systems.add(drone)
        uow.systems.delete("test-drone")
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow, pytest.raises(NotFound, match="test-drone"):
        uow.systems.get_by_key("test-drone")


def test_unit_of_work_rolls_back_unless_committed(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.systems.add(System("gone", "Gone", "drones"))
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert uow.systems.find_by_key("gone") is None


def test_import_then_export_round_trip(
    engine: Engine, database_url: str, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    report = load(engine, tmp_path, sample_records)
    assert report.total("created") > 0
    first = export(engine)
    again = load(engine, tmp_path, sample_records)
    assert again.total("created") == again.total("updated") == 0
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert uow.agreements.version_of("fr-ua-loi") == 1
        loi = uow.agreements.get_by_key("fr-ua-loi")
    assert loi.value == Money(Decimal("2000000000"), "EUR")
    assert loi.parties == ["UA", "FR", "acme"]
    assert loi.systems == ["drones", "acme-drone"]
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    migrate.upgrade(other)
    load(other, tmp_path, json.loads(first))
    assert export(other) == first


def test_money_is_exact(engine: Engine, tmp_path: Path, sample_records: dict[str, Any]) -> None:
    # 18 significant digits: more than a float keeps, so a REAL column would round them.
    sample_records["funding_instruments"][0]["pledged"]["amount"] = "9999999999999999.99"
    load(engine, tmp_path, sample_records)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        fund = uow.funding_instruments.get_by_key("fund-fr")
    assert fund.disbursed.amount == Decimal("1000000.25")
    assert fund.allocated.amount == Decimal("5000200.00")  # the cost of its order, 400 × 12500.50
    assert fund.pledged.amount == Decimal("9999999999999999.99")


def test_a_failed_import_changes_nothing(
    engine: Engine, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    load(engine, tmp_path, sample_records)
    before = export(engine)
    sample_records["agreements"][0]["title"] = "changed"
    sample_records["deliveries"].append(
        {"key": "delivery-2", "order": "order-1", "quantity": 251, "delivered_on": "2025-12-01"}
    )
    with pytest.raises(RuleViolation, match="delivered 401 exceeds ordered 400"):
        load(engine, tmp_path, sample_records)
    assert export(engine) == before


def test_unknown_reference_is_named(
    engine: Engine, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    sample_records["orders"][0]["production_line"] = "no-such-line"
    with pytest.raises(InvalidInput, match=r"orders\[0\].*'production_line'.*'no-such-line'"):
        load(engine, tmp_path, sample_records)


def test_advance_an_agreement(
    engine: Engine, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    load(engine, tmp_path, sample_records)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        registry.advance_agreement(uow, "fr-ua-loi", AgreementStatus.IN_FORCE, date(2025, 7, 1))
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        loi = uow.agreements.get_by_key("fr-ua-loi")
        assert loi.status is AgreementStatus.IN_FORCE
        assert loi.history[-1].on == date(2025, 7, 1)
        assert uow.agreements.version_of("fr-ua-loi") == 2
        with pytest.raises(RuleViolation):
            registry.advance_agreement(uow, "fr-ua-loi", AgreementStatus.SIGNED, date(2025, 8, 1))


def test_register_checks_rules_and_references(
    engine: Engine, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    load(engine, tmp_path, sample_records)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        with pytest.raises(RuleViolation, match="exceeds ordered"):
            registry.register(uow, Delivery("d-big", "order-1", 300, date(2026, 1, 1)))
        bad = Agreement(
            "x", "x", AgreementType.MEMORANDUM_OF_UNDERSTANDING, AgreementStatus.PLANNED, ["ZZ"]
        )
        with pytest.raises(InvalidInput, match="'ZZ'"):
            registry.register(uow, bad)


def test_list_filters_sort_and_pages(
    engine: Engine, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    load(engine, tmp_path, sample_records)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert [a.key for a in uow.agreements.list_({"party": "acme"})] == ["fr-ua-loi"]
        assert uow.agreements.list_({"party": "DE"}) == []
        assert [a.key for a in uow.agreements.list_({"system": "acme-drone"})] == ["fr-ua-loi"]
        keys = [o.key for o in uow.organisations.list_(sort="-key", limit=2)]
        assert keys == sorted(keys, reverse=True) and len(keys) == 2
        assert uow.organisations.count({"country": "FR"}) >= 1
        with pytest.raises(InvalidInput):
            uow.agreements.list_({"colour": "red"})


def test_foreign_keys_are_enforced(engine: Engine) -> None:
    with engine.connect() as conn, pytest.raises(Exception, match=r"(?i)foreign key"):
        conn.execute(
            text(
                "INSERT INTO needs (key, version, system_id, quantity, priority, due, recipient, "
                "illustrative) VALUES ('n', 1, 999999, 1, 1, '2026-01', 'UA', false)"
            )
        )
        conn.commit()


def test_deleting_a_referenced_record_is_a_conflict(
    engine: Engine, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    load(engine, tmp_path, sample_records)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        with pytest.raises(Conflict, match="referenced"):
            uow.systems.delete("acme-drone")
        uow.deliveries.delete("delivery-1")  # the session is still usable
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert uow.systems.find_by_key("acme-drone") is not None
        assert uow.deliveries.find_by_key("delivery-1") is None


@pytest.mark.parametrize(
    ("referrer", "role"),
    [
        (
            d.Agreement(
                "a-1", "Deal", AgreementType.CONTRACT, AgreementStatus.PLANNED, ["acme", "UA"]
            ),
            "a party to an agreement",
        ),
        (
            d.FundingInstrument(
                "fund-1",
                "Fund",
                "acme",
                InstrumentKind.DIRECT_ORDER_FUND,
                Money(Decimal("10"), "EUR"),
                Money(Decimal("5"), "EUR"),
                Money(Decimal("1"), "EUR"),
            ),
            "the funder of a funding instrument",
        ),
    ],
)
def test_an_organisation_named_by_key_is_not_deleted(
    engine: Engine, referrer: object, role: str
) -> None:
    # Parties, funders, recipients, partners and participants name an organisation by its
    # key (they may name a state instead), so no foreign key guards them: the service does.
    with UnitOfWork(engine, access=SYSTEM) as uow:
        registry.register(uow, d.Organisation("acme", "Acme", OrganisationKind.COMPANY, "FR"))
        registry.register(uow, referrer)
        uow.commit()
    with (
        UnitOfWork(engine, access=SYSTEM) as uow,
        pytest.raises(Conflict, match=f"still named as {role}"),
    ):
        registry.delete(uow, kinds.ORGANISATION, "acme")
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert uow.organisations.exists("acme")
        registry.delete(uow, kinds.kind_of(referrer), referrer.key)
        registry.delete(uow, kinds.ORGANISATION, "acme")
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert not uow.organisations.exists("acme")


def test_the_contract_fields_migration_goes_down_and_up(engine: Engine) -> None:
    command.downgrade(migrate.alembic_config(engine), "0007_token_expiry")
    names = {c["name"] for c in inspect(engine).get_columns("production_lines")}
    assert {"lot_size", "min_order"}.isdisjoint(names)
    migrate.upgrade(engine)
    names = {c["name"] for c in inspect(engine).get_columns("production_lines")}
    assert {"lot_size", "min_order"} <= names
    assert "max_suppliers" in {c["name"] for c in inspect(engine).get_columns("needs")}
