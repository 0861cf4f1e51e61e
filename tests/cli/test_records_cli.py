"""``coprod init|import|export|summary|<entity> list|agreements show/advance`` end to end,
including malformed input: each error names the file, the record or line and the field, exits
non-zero, and leaves the database as it was."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.runner import Coprod


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def test_import_is_idempotent_and_export_round_trips(
    coprod: Coprod,
    tmp_path: Path,
    sample_records: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_json(tmp_path / "records.json", sample_records)
    assert "0 updated, 0 unchanged" in coprod.ok("import", str(path))
    assert "0 created, 0 updated" in coprod.ok("import", str(path))
    first = coprod.ok("export", "--format", "json")
    assert json.loads(first)["agreements"][0]["value"] == {
        "amount": "2000000000.00",
        "currency": "EUR",
    }
    exported = write_json(tmp_path / "exported.json", json.loads(first))
    empty = Coprod(f"sqlite:///{tmp_path / 'empty' / 'coprod.db'}", capsys, monkeypatch)
    assert "database ready" in empty.ok("init")
    assert "current: 0" in empty.ok("db", "current")
    empty.ok("import", str(exported))
    assert empty.ok("export") == first


def test_csv_export_import_round_trip(
    coprod: Coprod,
    tmp_path: Path,
    sample_records: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    coprod.ok("import", str(write_json(tmp_path / "records.json", sample_records)))
    coprod.ok("export", "--format", "csv", "--out", str(tmp_path / "csv"))
    header = (tmp_path / "csv" / "agreements.csv").read_text().splitlines()[0]
    assert "value_amount,value_currency" in header
    files = sorted((tmp_path / "csv").glob("*.csv"), reverse=True)  # any order works
    other = Coprod(f"sqlite:///{tmp_path / 'other.db'}", capsys, monkeypatch)
    other.ok("db", "upgrade")  # no catalogue: references to catalogue records load them
    other.ok("import", *map(str, files))
    assert other.ok("export") == coprod.ok("export")
    assert "0 created, 0 updated" in other.ok("import", str(tmp_path / "csv" / "agreements.csv"))


def test_lists_show_advance_and_summary(
    coprod: Coprod, tmp_path: Path, sample_records: dict[str, Any]
) -> None:
    coprod.ok("import", str(write_json(tmp_path / "records.json", sample_records)))
    listed = json.loads(
        coprod.ok("agreements", "list", "--json", "--party", "acme", "--status", "signed")
    )
    assert [a["key"] for a in listed] == ["fr-ua-loi"]
    assert json.loads(coprod.ok("agreements", "list", "--json", "--type", "contract")) == []
    for entity, plural in (
        ("organisations", "organisations"),
        ("people", "people"),
        ("systems", "systems"),
        ("needs", "needs"),
        ("lines", "production_lines"),
        ("instruments", "funding_instruments"),
        ("orders", "orders"),
        ("deliveries", "deliveries"),
        ("projects", "innovation_projects"),
        ("events", "events"),
        ("documents", "source_documents"),
    ):
        listed_keys = {r["key"] for r in json.loads(coprod.ok(entity, "list", "--json"))}
        imported = {r["key"] for r in sample_records[plural]}
        if plural in {"organisations", "people", "systems"}:  # the catalogue's are there too
            assert imported < listed_keys, entity
        else:
            assert listed_keys == imported, entity
    assert "fr-ua-loi" in coprod.ok("agreements", "list")
    assert "in_force on 2025-07-01" in coprod.ok(
        "agreements", "advance", "fr-ua-loi", "in_force", "--on", "2025-07-01"
    )
    shown = json.loads(coprod.ok("agreements", "show", "fr-ua-loi", "--json"))
    assert shown["status"] == "in_force" and shown["version"] == 2
    refused = coprod("agreements", "advance", "fr-ua-loi", "planned", "--on", "2025-08-01")
    assert refused.code != 0 and "in_force to planned" in refused.err
    data = json.loads(coprod.ok("summary", "--json"))
    assert data["counts"]["agreements"] == 1
    assert data["agreements"]["status"] == {"in_force": 1}
    assert data["money"]["EUR"]["disbursed"] == "1000000.25"
    assert data["needs"][0] | {} == {
        "key": "need-drones",
        "system": "acme-drone",
        "due": "2026-06",
        "needed": 1000,
        "proposed": 0,
        "ordered": 400,
        "delivered": 150,
        "accepted": 0,
    }
    assert "Funding instruments" in coprod.ok("summary")


def test_a_database_without_tables_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = Coprod(f"sqlite:///{tmp_path / 'none.db'}", capsys, monkeypatch)("agreements", "list")
    assert result.code != 0 and "coprod init" in result.err


@pytest.mark.parametrize("name", ["missing.json", "missing.csv"])
def test_a_missing_file_is_named_before_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # The database was never initialised either: the file is what the user must fix first.
    coprod = Coprod(f"sqlite:///{tmp_path / 'none.db'}", capsys, monkeypatch)
    result = coprod("import", str(tmp_path / name))
    assert result.code == 2
    assert f"{tmp_path / name}: no such file" in result.err
    assert "coprod init" not in result.err
    result = coprod("import", str(tmp_path))
    assert result.code == 2 and "is a folder" in result.err


def test_options_are_checked_before_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    coprod = Coprod(f"sqlite:///{tmp_path / 'none.db'}", capsys, monkeypatch)
    result = coprod("export", "--format", "csv")
    assert result.code == 2 and "--out FOLDER" in result.err
    result = coprod("agreements", "advance", "some-key", "signed", "--on", "June")
    assert result.code == 2 and "'June' is not a date" in result.err
    result = coprod("review", "edit", "3", "--set", "no-equals-sign")
    assert result.code == 2 and "write field=value" in result.err
    result = coprod("plan", "--from-db", "--set", "bogus")
    assert result.code == 2 and "LIST.ID.FIELD=VALUE" in result.err


def bad_enum(records: dict[str, Any]) -> None:
    records["agreements"][0]["type"] = "handshake"


def missing_field(records: dict[str, Any]) -> None:
    del records["needs"][0]["due"]


def unknown_reference(records: dict[str, Any]) -> None:
    records["agreements"][0]["systems"] = ["drones", "death-star"]


def wrong_type(records: dict[str, Any]) -> None:
    records["orders"][0]["quantity"] = "lots"


def float_money(records: dict[str, Any]) -> None:
    records["agreements"][0]["value"]["amount"] = 0.1


def backwards_span(records: dict[str, Any]) -> None:
    records["events"][0]["evidence"][0] = {"document": "doc-1", "start": 90, "end": 10}


def unknown_field(records: dict[str, Any]) -> None:
    records["events"][0]["weather"] = "sunny"


def huge_quantity(records: dict[str, Any]) -> None:
    records["orders"][0]["quantity"] = 10**23


def huge_amount(records: dict[str, Any]) -> None:
    records["agreements"][0]["value"]["amount"] = "1e30"


def slash_key(records: dict[str, Any]) -> None:
    records["needs"][0]["key"] = "need/drones"


def same_key_twice(records: dict[str, Any]) -> None:
    records["organisations"].append({**records["organisations"][0], "name": "Another name"})


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (bad_enum, ["agreements[0]", "key 'fr-ua-loi'", "'type'", "handshake", "letter_of_intent"]),
        (missing_field, ["needs[0]", "key 'need-drones'", "'due'", "Field required"]),
        (unknown_reference, ["agreements[0]", "'systems'", "unknown system 'death-star'"]),
        (wrong_type, ["orders[0]", "'quantity'", "valid integer", "lots"]),
        (float_money, ["agreements[0]", "'value'", "exact number"]),
        (unknown_field, ["events[0]", "'weather'", "unknown field"]),
        (backwards_span, ["events[0]", "key 'ramstein-28'", "evidence.0", "start <= end"]),
        (huge_quantity, ["orders[0]", "'quantity'", "between 0 and 1000000000"]),
        (huge_amount, ["agreements[0]", "'value'", "value.amount must be between"]),
        (slash_key, ["needs[0]", "'key'", "need/drones"]),
        (same_key_twice, ["organisations[0]", "organisations[2]", "is already the key of"]),
    ],
)
def test_malformed_json_is_refused_and_changes_nothing(
    coprod: Coprod, tmp_path: Path, sample_records: dict[str, Any], spoil: Any, expected: list[str]
) -> None:
    coprod.ok("import", str(write_json(tmp_path / "good.json", sample_records)))
    before = coprod.ok("export")
    sample_records["agreements"][0]["title"] = "a change that must not land"
    spoil(sample_records)
    path = write_json(tmp_path / "bad.json", sample_records)
    result = coprod("import", str(path))
    assert result.code == 2 and "Traceback" not in result.err
    for part in [str(path), *expected]:
        assert part in result.err
    assert coprod.ok("export") == before


def test_bad_json_syntax_names_the_line(coprod: Coprod, tmp_path: Path) -> None:
    before = coprod.ok("export")
    path = tmp_path / "broken.json"
    path.write_text('{"schema": "coprod.records/1",\n "agreements": [\n  {"key": "x",}\n ]}\n')
    result = coprod("import", str(path))
    assert result.code != 0
    assert f"{path}: line 3" in result.err and "not valid JSON" in result.err
    assert coprod.ok("export") == before


def test_wrong_schema_is_refused(coprod: Coprod, tmp_path: Path) -> None:
    result = coprod("import", str(write_json(tmp_path / "x.json", {"schema": "other/9"})))
    assert result.code != 0 and "'schema'" in result.err


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


SYSTEM_HEADER = ["key", "name", "category", "aliases", "manufacturer"]


def test_csv_errors_name_file_line_and_field(coprod: Coprod, tmp_path: Path) -> None:
    before = coprod.ok("export")
    good = write_csv(tmp_path / "systems.csv", [SYSTEM_HEADER, ["s-1", "One", "drones", "a;b", ""]])
    assert "1 created" in coprod.ok("import", str(good))
    before = coprod.ok("export")
    rows = [SYSTEM_HEADER, ["s-2", "Two", "drones", "", ""], ["s-3", "Three", "", "", ""]]
    bad = write_csv(tmp_path / "systems.csv", rows)
    result = coprod("import", str(bad))
    assert result.code != 0
    assert f"{bad}: line 3 (key 's-3')" in result.err and "'category'" in result.err
    assert coprod.ok("export") == before


def test_csv_unknown_category_is_a_reference_error(coprod: Coprod, tmp_path: Path) -> None:
    before = coprod.ok("export")
    bad = write_csv(tmp_path / "systems.csv", [SYSTEM_HEADER, ["s-2", "Two", "spaceships", "", ""]])
    result = coprod("import", str(bad))
    assert result.code != 0 and "line 2" in result.err and "'spaceships'" in result.err
    assert coprod.ok("export") == before


def test_wrong_csv_header_is_refused(coprod: Coprod, tmp_path: Path) -> None:
    before = coprod.ok("export")
    named = write_csv(tmp_path / "systems.csv", [["key", "name", "colour"], ["x", "X", "red"]])
    result = coprod("import", str(named))
    assert result.code != 0
    assert f"{named}: line 1" in result.err and "'colour'" in result.err
    unnamed = write_csv(tmp_path / "stuff.csv", [["key", "title"], ["x", "X"]])
    result = coprod("import", str(unnamed))
    assert (
        result.code != 0
        and f"{unnamed}: line 1" in result.err
        and "matches no entity" in result.err
    )
    assert coprod.ok("export") == before


def test_csv_chosen_by_header(coprod: Coprod, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "whatever.csv", [SYSTEM_HEADER, ["s-9", "Nine", "drones", "", ""]])
    assert "1 created" in coprod.ok("import", str(path))
    assert json.loads(coprod.ok("systems", "list", "--json", "--category", "drones"))


NEED_HEADER = ["key", "system", "quantity", "priority", "due", "recipient", "illustrative"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["n-1", "drones", "1e23", "1", "2026-01", "UA", "false"], "'quantity'"),
        (["n-1", "drones", "10000000000", "1", "2026-01", "UA", "false"], "between 1 and"),
        (["n-1", "drones", "5", "1e30", "2026-01", "UA", "false"], "'priority'"),
        (["n-1", "drones", "5", "1", "2026-01", "x" * 140_000, "false"], "not readable as CSV"),
    ],
)
def test_csv_out_of_bounds_values_are_clear_errors(
    coprod: Coprod, tmp_path: Path, row: list[str], expected: str
) -> None:
    before = coprod.ok("export")
    bad = write_csv(
        tmp_path / "needs.csv",
        [NEED_HEADER, ["n-0", "drones", "5", "1", "2026-01", "UA", "false"], row],
    )
    result = coprod("import", str(bad))
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{bad}: line 3" in result.err and expected in result.err
    assert coprod.ok("export") == before


def test_csv_with_one_key_twice_is_refused_naming_both_lines(
    coprod: Coprod, tmp_path: Path
) -> None:
    before = coprod.ok("export")
    rows = [SYSTEM_HEADER, ["s-1", "One", "drones", "", ""], ["s-1", "Other", "drones", "", ""]]
    bad = write_csv(tmp_path / "systems.csv", rows)
    result = coprod("import", str(bad))
    assert result.code == 2
    assert f"{bad}: line 3 (key 's-1')" in result.err and f"{bad}: line 2" in result.err
    assert coprod.ok("export") == before
