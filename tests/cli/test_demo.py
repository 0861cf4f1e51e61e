"""``coprod demo``: a fresh SQLite registry loaded with the catalogue and the demo records."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coprod import catalog
from coprod.cli.main import app
from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.demo import mechanism_records
from coprod.errors import Conflict
from coprod.services import demo as service
from coprod.services.accounts.access import SYSTEM
from coprod.services.registry.summary import summary
from coprod.services.store import Store

runner = CliRunner()


def registry_summary(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    try:
        with UnitOfWork(engine, access=SYSTEM) as uow:
            return summary(uow)
    finally:
        engine.dispose()


def expected_counts() -> dict[str, int]:
    records = mechanism_records()
    counts = {k: len(v) for k, v in records.items() if isinstance(v, list)}
    counts["organisations"] += len(catalog.organisations())
    counts["people"] += len(catalog.people())
    counts["systems"] += len(catalog.systems())
    return counts


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    result = runner.invoke(app, ["demo", "--database-url", url, "--today", "2026-12-06"])
    assert result.exit_code == 0, result.output
    return url, result.output


def test_demo_loads_every_record_and_the_catalogue(demo_db: tuple[str, str]) -> None:
    url, _ = demo_db
    counts = registry_summary(url)["counts"]
    assert counts == expected_counts()
    assert counts["agreements"] == 9 and counts["events"] == 8 and counts["source_documents"] == 5


def test_demo_summary_shows_the_mechanism(demo_db: tuple[str, str]) -> None:
    url, output = demo_db
    data = registry_summary(url)
    assert data["agreements"]["status"] == {"planned": 4, "signed": 5}
    instruments = {i["key"]: i for i in data["instruments"]}
    assert Decimal(instruments["fr-direct-order-fund"]["pledged"]) == Decimal(200_000_000)
    assert Decimal(instruments["fr-aid-2025"]["pledged"]) == Decimal(2_000_000_000)
    for i in instruments.values():
        assert Decimal(i["disbursed"]) <= Decimal(i["allocated"]) <= Decimal(i["pledged"])
    for need in data["needs"]:
        assert need["delivered"] <= need["ordered"] <= need["needed"]
    assert "Records" in output and "fr-direct-order-fund" in output


def test_demo_replaces_the_old_file_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "var" / "demo.db").is_file()
    assert "removing" not in first.output
    second = runner.invoke(app, ["demo"])
    assert second.exit_code == 0, second.output
    assert f"removing the old demo database {tmp_path / 'var' / 'demo.db'}" in second.output
    url = service.default_url(tmp_path)
    assert registry_summary(url)["counts"] == expected_counts()


def test_the_demo_refuses_a_database_that_holds_a_registry(demo_db: tuple[str, str]) -> None:
    engine = make_engine(demo_db[0])
    try:
        with pytest.raises(Conflict, match="fresh database"):
            service.require_empty(Store(demo_db[0], engine))
    finally:
        engine.dispose()


def test_sqlite_file_of_urls(tmp_path: Path) -> None:
    assert service.sqlite_file(f"sqlite:///{tmp_path / 'a.db'}") == tmp_path / "a.db"
    assert service.sqlite_file("sqlite://") is None
    assert service.sqlite_file("postgresql+psycopg://u@h/db") is None


def test_an_explicit_file_is_replaced_only_when_it_is_a_demo(
    demo_db: tuple[str, str], tmp_path: Path
) -> None:
    other = tmp_path / "notes.db"
    other.write_text("someone's data", encoding="utf-8")
    result = runner.invoke(app, ["demo", "--database-url", f"sqlite:///{other}"])
    assert isinstance(result.exception, Conflict)
    assert other.read_text(encoding="utf-8") == "someone's data"
    assert service.holds_the_demo(Path(demo_db[0].removeprefix("sqlite:///")))


def test_a_registry_without_the_demo_documents_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "real.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    result = runner.invoke(app, ["demo", "--database-url", f"sqlite:///{path}"])
    assert isinstance(result.exception, Conflict)
    assert "not a demo registry" in str(result.exception)


def test_demo_loads_into_an_empty_postgresql_database_and_only_once(database_url: str) -> None:
    if service.sqlite_file(database_url) is not None:
        pytest.skip("SQLite is covered by the tests above; this one is for PostgreSQL")
    first = runner.invoke(app, ["demo", "--database-url", database_url])
    assert first.exit_code == 0, first.output
    assert registry_summary(database_url)["counts"] == expected_counts()
    second = runner.invoke(app, ["demo", "--database-url", database_url])
    assert isinstance(second.exception, Conflict)
    assert "fresh database" in str(second.exception)
