"""Illustrative orders and deliveries, notes on events and innovation projects, and one source
document per content (revision 0004), on a real database (SQLite; PostgreSQL when
COPROD_TEST_POSTGRES is set)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, text

from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.errors import Conflict
from coprod.services.accounts.access import SYSTEM
from coprod.services.records import csv_records, exporting, importing

BEFORE = "0003_facts"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An empty database, not migrated."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def marked(records: dict[str, Any]) -> dict[str, Any]:
    """The sample records with the new fields set away from their defaults."""
    records["orders"][0]["illustrative"] = True
    records["deliveries"][0]["illustrative"] = True
    records["events"][0]["notes"] = "The minister did not attend."
    records["innovation_projects"][0]["notes"] = "Operational from March 2026."
    return records


def load(engine: Engine, path: Path) -> importing.ImportReport:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        report = importing.write(uow, str(path), importing.read_file(path))
        uow.commit()
    return report


def exported(engine: Engine) -> dict[str, Any]:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        document: dict[str, Any] = exporting.as_document(uow)
    return document


def test_new_fields_survive_json_and_csv_round_trips(
    engine: Engine, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    migrate.upgrade(engine)
    path = tmp_path / "records.json"
    path.write_text(json.dumps(marked(sample_records)), encoding="utf-8")
    load(engine, path)
    document = exported(engine)
    assert document["orders"][0]["illustrative"] is True
    assert document["deliveries"][0]["illustrative"] is True
    assert document["events"][0]["notes"] == "The minister did not attend."
    assert document["innovation_projects"][0]["notes"] == "Operational from March 2026."
    with UnitOfWork(engine, access=SYSTEM) as uow:
        folder = tmp_path / "csv"
        exporting.to_csv(uow, folder)
    header = (folder / "deliveries.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "key,order,quantity,delivered_on,illustrative"
    assert "notes" in csv_records.columns(kinds.BY_PLURAL["events"].entity)
    _, rows = csv_records.read(folder / "innovation_projects.csv")
    assert rows[0][0].notes == "Operational from March 2026."
    _, rows = csv_records.read(folder / "orders.csv")
    assert rows[0][0].illustrative is True


def test_upgrading_keeps_rows_and_marks_them_not_illustrative(
    engine: Engine, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    migrate.upgrade(engine)
    path = tmp_path / "records.json"
    path.write_text(json.dumps(sample_records), encoding="utf-8")
    load(engine, path)
    command.downgrade(migrate.alembic_config(engine), BEFORE)
    assert migrate.current(engine) == BEFORE
    migrate.upgrade(engine)
    document = exported(engine)
    assert document["orders"][0]["illustrative"] is False
    assert document["deliveries"][0]["illustrative"] is False
    assert document["events"][0]["notes"] is None
    assert document["innovation_projects"][0]["notes"] is None
    assert document["orders"][0]["quantity"] == sample_records["orders"][0]["quantity"]


def add_documents(engine: Engine, *rows: tuple[str, str]) -> None:
    with engine.begin() as conn:
        for key, sha in rows:
            conn.execute(
                text(
                    "INSERT INTO source_documents (key, version, name, sha256) "
                    "VALUES (:key, 1, :key, :sha)"
                ),
                {"key": key, "sha": sha},
            )


def test_upgrade_names_documents_that_share_a_content(engine: Engine) -> None:
    migrate.upgrade(engine, BEFORE)
    add_documents(engine, ("doc-a", "a" * 64), ("doc-b", "a" * 64), ("doc-c", "c" * 64))
    with pytest.raises(Conflict, match=r"doc-a, doc-b share sha256 a{64}") as caught:
        migrate.upgrade(engine)
    assert "doc-c" not in caught.value.message
    assert migrate.current(engine) == BEFORE


def test_the_database_refuses_a_second_document_with_one_content(engine: Engine) -> None:
    migrate.upgrade(engine)
    add_documents(engine, ("doc-a", "a" * 64))
    with pytest.raises(Exception, match=r"(?i)unique"):
        add_documents(engine, ("doc-b", "a" * 64))


def test_importing_a_second_document_with_one_content_is_a_conflict(
    engine: Engine, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    migrate.upgrade(engine)
    copy = {**sample_records["source_documents"][0], "key": "doc-2", "name": "doc-2.txt"}
    sample_records["source_documents"].append(copy)
    path = tmp_path / "records.json"
    path.write_text(json.dumps(sample_records), encoding="utf-8")
    with pytest.raises(Conflict, match=r"source_documents\[1\] \(key 'doc-2'\).*'doc-1'"):
        load(engine, path)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert uow.source_documents.count() == 0
