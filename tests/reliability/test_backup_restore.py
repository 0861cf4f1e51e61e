"""``coprod backup`` / ``coprod restore``: a restored store exports exactly what the original
did, its audit chain verifies with the same head, and a non-empty target is refused."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from coprod.cli.main import main
from coprod.services.accounts.access import SYSTEM


def coprod(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    """Run ``coprod --database-url URL ARGS`` in process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "argv", ["coprod", "--database-url", url, *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, " ".join(err.split())


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    def call(url: str, *args: str, expect: int = 0) -> str:
        code, out, err = coprod(url, capsys, monkeypatch, *args)
        assert code == expect, err or out
        return out if expect == 0 else err

    return call


@pytest.fixture
def filled(initialised_url: str, sample_records: dict[str, Any], tmp_path: Path, run: Any) -> str:
    """A store with the sample records, then a change to one of them (two audit versions)."""
    records = tmp_path / "records.json"
    records.write_text(json.dumps(sample_records))
    run(initialised_url, "import", str(records))
    sample_records["needs"][0]["quantity"] = 1200
    records.write_text(json.dumps(sample_records))
    run(initialised_url, "import", str(records))
    return initialised_url


def head_of(run: Any, url: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(run(url, "audit", "verify", "--json"))
    assert report["intact"], report["problems"]
    return report


@pytest.mark.parametrize("name", ["backup.json", "backup.json.gz", "backup.db"])
def test_restore_reproduces_the_store_and_its_audit_chain(
    filled: str, tmp_path: Path, run: Any, name: str
) -> None:
    if name.endswith(".db") and not filled.startswith("sqlite"):
        pytest.skip("a SQLite-file backup is made from a SQLite store")
    before, chain = run(filled, "export"), head_of(run, filled)
    backup = tmp_path / name
    run(filled, "backup", str(backup))
    target = f"sqlite:///{tmp_path / 'restored' / 'coprod.db'}"

    out = run(target, "restore", str(backup))

    assert "audit chain intact" in out
    assert run(target, "export") == before
    assert head_of(run, target) == chain
    assert chain["length"] > 0


def test_restore_refuses_a_database_that_is_not_empty(
    filled: str, tmp_path: Path, run: Any
) -> None:
    backup = tmp_path / "backup.json"
    run(filled, "backup", str(backup))
    before = run(filled, "export")

    err = run(filled, "restore", str(backup), expect=4)

    assert "not empty" in err and "--force" in err
    assert run(filled, "restore", str(backup), "--force").count("restored") == 1
    assert run(filled, "export") == before
    head_of(run, filled)


def test_restored_store_takes_new_records(filled: str, tmp_path: Path, run: Any) -> None:
    backup = tmp_path / "backup.json"
    run(filled, "backup", str(backup))
    target = f"sqlite:///{tmp_path / 'restored' / 'coprod.db'}"
    run(target, "restore", str(backup))
    extra = tmp_path / "extra.json"
    doc = {
        "schema": "coprod.records/1",
        "organisations": [{"key": "new-org", "name": "New", "kind": "company", "country": "FR"}],
    }
    extra.write_text(json.dumps(doc))

    run(target, "import", str(extra))

    assert head_of(run, target)["length"] == head_of(run, filled)["length"] + 1


def test_a_tampered_backup_restores_nothing(filled: str, tmp_path: Path, run: Any) -> None:
    backup = tmp_path / "backup.json"
    run(filled, "backup", str(backup))
    document = json.loads(backup.read_text())
    entry = document["tables"]["audit_log"][0]
    entry["actor"] = "someone-else"
    backup.write_text(json.dumps(document))
    target_path = tmp_path / "restored" / "coprod.db"
    target = f"sqlite:///{target_path}"

    err = run(target, "restore", str(backup), expect=4)

    assert "audit chain is broken" in err and "nothing restored" in err
    assert run(target, "restore", str(tmp_path / "missing.json"), expect=2)


def test_a_file_that_is_no_backup_is_refused(
    initialised_url: str, tmp_path: Path, run: Any
) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"schema": "coprod.records/1"}')

    err = run(f"sqlite:///{tmp_path / 'x' / 'c.db'}", "restore", str(bogus), expect=2)

    assert "not a coprod backup" in err


def test_every_table_of_the_schema_is_backed_up(filled: str, tmp_path: Path, run: Any) -> None:
    from sqlalchemy import inspect

    from coprod.db import migrate
    from coprod.db.engine import make_engine

    backup = tmp_path / "backup.json"
    run(filled, "backup", str(backup))
    engine = make_engine(filled)
    # SQLite's FTS5 tables of the search index are derived from search_entries (backed up):
    # a restore fills them again through the index's triggers.
    present = {
        name
        for name in set(inspect(engine).get_table_names()) - {"alembic_version"}
        if migrate.include_name(name, "table", {})
    }
    engine.dispose()

    assert set(json.loads(backup.read_text())["tables"]) == present


def test_backups_taken_while_writers_write_are_consistent(
    initialised_url: str, tmp_path: Path
) -> None:
    import threading

    from coprod.db.engine import make_engine
    from coprod.db.uow import UnitOfWork
    from coprod.domain import entities as d
    from coprod.domain.enums import OrganisationKind
    from coprod.services import registry
    from coprod.services.records import backup
    from coprod.services.store import Store

    engine = make_engine(initialised_url)
    stop = threading.Event()

    def write() -> None:
        i = 0
        while not stop.is_set():
            with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
                org = d.Organisation(
                    f"busy-{threading.get_ident()}-{i}", "Busy", OrganisationKind.COMPANY
                )
                registry.register(uow, org)
                uow.commit()
            i += 1

    writers = [threading.Thread(target=write) for _ in range(2)]
    for t in writers:
        t.start()
    try:
        paths = []
        for n in range(3):
            paths.append(tmp_path / f"b{n}.json")
            backup.backup(Store(initialised_url, engine), paths[-1])
    finally:
        stop.set()
        for t in writers:
            t.join()

    for n, path in enumerate(paths):
        target_url = f"sqlite:///{tmp_path / f'r{n}' / 'c.db'}"
        target = make_engine(target_url)
        report = backup.restore(
            Store(target_url, target), path
        )  # refuses a backup whose chain does not verify
        assert report.chain.intact and report.chain.length == report.rows["audit_log"]
        target.dispose()
    engine.dispose()
