"""Beside a busy writer (a server, another command) on SQLite, a CLI command that writes waits
for the write lock (``BEGIN IMMEDIATE`` and the busy timeout) instead of failing with "database
is locked"; a command that only reads never waits for it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.runner import Coprod
from tests.sqlite_writer import Writer

ARTICLE = (
    "Drone cooperation\n\nFrance and Ukraine signed a letter of intent on the co-production "
    "of drones on Monday.\n"
)


def sqlite_path(coprod: Coprod) -> Path:
    if not coprod.url.startswith("sqlite:///"):
        pytest.skip("the write lock and its busy timeout are SQLite's")
    return Path(coprod.url.removeprefix("sqlite:///"))


def records_file(tmp_path: Path, sample_records: dict[str, Any]) -> Path:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(sample_records), encoding="utf-8")
    return path


def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def import_records(coprod: Coprod, tmp_path: Path, records: dict[str, Any]) -> list[str]:
    return ["import", str(records_file(tmp_path, records))]


def advance_agreement(coprod: Coprod, tmp_path: Path, records: dict[str, Any]) -> list[str]:
    coprod.ok(*import_records(coprod, tmp_path, records))
    return ["agreements", "advance", "fr-ua-loi", "in_force", "--on", "2025-07-01"]


def plan_from_db(coprod: Coprod, tmp_path: Path, records: dict[str, Any]) -> list[str]:
    coprod.ok(*import_records(coprod, tmp_path, records))
    return ["plan", "--from-db", "--start", "2026-01"]


def ingest_article(coprod: Coprod, tmp_path: Path, records: dict[str, Any]) -> list[str]:
    return ["ingest", str(article_file(tmp_path))]


def reject_proposal(coprod: Coprod, tmp_path: Path, records: dict[str, Any]) -> list[str]:
    coprod.ok(*ingest_article(coprod, tmp_path, records))
    found = json.loads(coprod.ok("review", "list", "--json"))
    return ["review", "reject", str(found[0]["id"]), "--reason", "a test"]


def add_user(coprod: Coprod, tmp_path: Path, records: dict[str, Any]) -> list[str]:
    return [
        "users",
        "add",
        "nina",
        "--role",
        "analyst",
        "--org",
        "ua",
        "--password",
        "harbour-violet-engine-17",
    ]


def issue_token(coprod: Coprod, tmp_path: Path, records: dict[str, Any]) -> list[str]:
    coprod.ok(*add_user(coprod, tmp_path, records))
    return ["users", "token", "nina", "--name", "laptop"]


def purge_users(coprod: Coprod, tmp_path: Path, records: dict[str, Any]) -> list[str]:
    coprod.ok(*add_user(coprod, tmp_path, records))
    return ["users", "purge"]


# Each case sets up what it needs (with no writer about), then names the command to run.
WRITING: dict[str, Callable[[Coprod, Path, dict[str, Any]], list[str]]] = {
    "import": import_records,
    "agreements advance": advance_agreement,
    "plan --from-db": plan_from_db,
    "ingest": ingest_article,
    "review reject": reject_proposal,
    "users add": add_user,
    "users token": issue_token,
    "users purge": purge_users,
}


@pytest.mark.parametrize("case", list(WRITING))
def test_a_writing_command_waits_for_a_busy_writer(
    coprod: Coprod, tmp_path: Path, sample_records: dict[str, Any], case: str
) -> None:
    path = sqlite_path(coprod)
    args = WRITING[case](coprod, tmp_path, sample_records)
    with Writer(path) as writer, writer.released_when_asked():
        result = coprod(*args)
    assert result.code == 0, result.err
    assert "locked" not in result.err and "try again" not in result.err
    assert writer.waited  # it asked for the write lock while the writer held it, and waited


READING = [
    ["summary", "--json"],
    ["export"],
    ["agreements", "list"],
    ["agreements", "show", "fr-ua-loi"],
    ["review", "list"],
    ["scenario", "export", "--start", "2026-01"],
    ["audit", "verify"],
]


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_a_reading_command_does_not_wait_for_a_writer(
    coprod: Coprod, tmp_path: Path, sample_records: dict[str, Any], args: list[str]
) -> None:
    path = sqlite_path(coprod)
    coprod.ok("import", str(records_file(tmp_path, sample_records)))
    with Writer(path) as writer:  # released only once the command is done
        result = coprod(*args)
        still_held = writer.holding
    assert result.code == 0, result.err
    assert still_held  # it finished beside the writer: it never asked for the write lock


def test_restore_waits_for_a_busy_writer(
    coprod: Coprod,
    tmp_path: Path,
    sample_records: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sqlite_path(coprod)
    coprod.ok(*import_records(coprod, tmp_path, sample_records))
    backup = tmp_path / "backup.json"
    with Writer(sqlite_path(coprod)) as writer:  # a backup only reads
        coprod.ok("backup", str(backup))
        assert writer.holding
    target = tmp_path / "target.db"
    restored = Coprod(f"sqlite:///{target}", capsys, monkeypatch)
    restored.ok("db", "upgrade")  # the schema, empty: restore loads the rows
    with Writer(target) as writer, writer.released_when_asked():
        result = restored("restore", str(backup))
    assert result.code == 0, result.err
    assert writer.waited
    assert restored.ok("export") == coprod.ok("export")


@pytest.mark.parametrize("revision", ["0004_store_marks", "head"], ids=["older", "up to date"])
def test_db_upgrade_waits_for_a_busy_writer(
    coprod: Coprod,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    revision: str,
) -> None:
    sqlite_path(coprod)
    target = tmp_path / "upgraded.db"
    upgraded = Coprod(f"sqlite:///{target}", capsys, monkeypatch)
    upgraded.ok("db", "upgrade", revision)
    with Writer(target) as writer, writer.released_when_asked():
        result = upgraded("db", "upgrade")
    assert result.code == 0, result.err
    assert "locked" not in result.err and "try again" not in result.err
    assert writer.waited
    current, head = (line.split()[-1] for line in upgraded.ok("db", "current").splitlines())
    assert current == head


def test_ingest_extracts_without_holding_the_write_lock(
    coprod: Coprod, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The extractor takes seconds (the first article loads the language model): meanwhile
    # another writer must get the lock at once, not wait behind it.
    import sqlite3

    from coprod.services.facts import ingestion

    path = sqlite_path(coprod)
    extract = ingestion.extract_document
    seen: list[str] = []

    def extract_while_writing(*args: Any, **kwargs: Any) -> Any:
        other = sqlite3.connect(path, isolation_level=None, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once ("locked") if ingest held it
            other.execute("ROLLBACK")
            seen.append("lock free")
        finally:
            other.close()
        return extract(*args, **kwargs)

    monkeypatch.setattr(ingestion, "extract_document", extract_while_writing)
    out = coprod.ok("ingest", str(article_file(tmp_path)))
    assert seen == ["lock free"]
    assert "new proposal(s)" in out


def test_plan_from_db_solves_without_holding_the_write_lock(
    coprod: Coprod, tmp_path: Path, sample_records: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A solve takes up to a minute: meanwhile another writer must get the lock at once.
    import sqlite3

    from coprod.planner.plan import Planner

    path = sqlite_path(coprod)
    coprod.ok(*import_records(coprod, tmp_path, sample_records))
    solve = Planner.plan
    seen: list[str] = []

    def solve_while_writing(planner: Planner, problem: Any) -> Any:
        other = sqlite3.connect(path, isolation_level=None, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once ("locked") if the plan held it
            other.execute("ROLLBACK")
            seen.append("lock free")
        finally:
            other.close()
        return solve(planner, problem)

    monkeypatch.setattr(Planner, "plan", solve_while_writing)
    out = coprod.ok("plan", "--from-db", "--start", "2026-01")
    assert seen == ["lock free"]
    assert "proposed orders" in out
