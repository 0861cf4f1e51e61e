"""Hostile input to the scenario loader, the record importers and the extractor: each answers
with a declared error (a CoprodError) or a result, never another exception, never a hang.

Bounded here (a few dozen examples each; no per-example deadline, since a loaded machine is slow,
not wrong: pytest-timeout stops a hang); ``benchmarks/reliability/fuzz.py`` runs the same
properties for thousands of examples. The unfuzzed inputs are shown to be read, so a loader
that refused everything would fail here."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod.domain import kinds
from coprod.errors import CoprodError, InvalidInput
from coprod.planner.problem import load_scenario, parse_scenario
from coprod.planner.whatif import parse_edit
from coprod.services.records import csv_records, importing
from coprod.services.records.backup import read_backup
from tests.conftest import SAMPLE_RECORDS
from tests.reliability.fuzzing import JSON, mutated

SCENARIO = json.loads((Path(__file__).parents[1] / "data" / "seed-scenario.json").read_text())
BOUNDED = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def declared_or_result(call: Any, *args: Any) -> None:
    """Run ``call``; a CoprodError is a fine answer, any other exception fails the test."""
    with contextlib.suppress(CoprodError):
        call(*args)


# The properties above hold for a loader that refuses everything; these show that each entry
# point the fuzz tests drive still reads the valid input the mutations start from.


def test_the_unfuzzed_scenario_is_read() -> None:
    problem = parse_scenario(SCENARIO)
    assert problem.need_ids == [need["id"] for need in SCENARIO["needs"]]


def test_the_unfuzzed_records_document_is_read(tmp_path: Path) -> None:
    plurals = [k for k in SAMPLE_RECORDS if k != "schema"]
    expected = sorted((p, r["key"]) for p in plurals for r in SAMPLE_RECORDS[p])
    from_data = importing.read_document("sample.json", SAMPLE_RECORDS)
    assert sorted((p.kind.plural, p.entity.key) for p in from_data) == expected
    path = tmp_path / "records.json"
    path.write_text(json.dumps(SAMPLE_RECORDS), encoding="utf-8")
    assert len(importing.read_file(path)) == len(expected)


def test_a_valid_csv_file_is_read(tmp_path: Path) -> None:
    kind = next(k for k in kinds.KINDS if k.plural == "systems")
    path = tmp_path / "systems.csv"
    row = {"key": "csv-system", "name": "CSV system", "category": "drones"}
    path.write_text(
        _csv_text(
            kinds.KINDS.index(kind),
            [[row.get(c, "") for c in csv_records.columns(kind.entity)]],
            [],
        ),
        encoding="utf-8",
    )
    [parsed] = importing.read_file(path)
    assert (parsed.kind.plural, parsed.entity.key, parsed.entity.name) == (
        "systems",
        "csv-system",
        "CSV system",
    )


@BOUNDED
@given(st.one_of(JSON, mutated(SCENARIO)))
def test_scenario_parser_answers_only_declared_errors(data: Any) -> None:
    declared_or_result(parse_scenario, data)


@BOUNDED
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_scenario_file_of_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "scenario.json"
    path.write_bytes(data)
    declared_or_result(load_scenario, path)


@BOUNDED
@given(st.one_of(JSON, mutated(SAMPLE_RECORDS, times=4)))
def test_records_document_answers_only_declared_errors(data: Any) -> None:
    declared_or_result(importing.read_document, "fuzz.json", data)


@BOUNDED
@given(mutated(SAMPLE_RECORDS).map(json.dumps).map(str.encode) | st.binary(max_size=300))
def test_records_file_of_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "records.json"
    path.write_bytes(data)
    declared_or_result(importing.read_file, path)


def _csv_text(kind_index: int, rows: list[list[str]], extra: list[str]) -> str:
    kind = kinds.KINDS[kind_index]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*csv_records.columns(kind.entity), *extra])
    writer.writerows(rows)
    return out.getvalue()


CELL = st.text(max_size=20) | st.sampled_from(
    ["", "2026-01", "12.5 EUR", "EUR 12", "a;b", "a|b", "true", "-1", "1e999", "nan", "UA"]
)


@BOUNDED
@given(
    st.integers(min_value=0, max_value=len(kinds.KINDS) - 1),
    st.lists(st.lists(CELL, max_size=14), max_size=4),
    st.lists(st.text(max_size=5), max_size=1),
    st.booleans(),
)
def test_csv_file_answers_only_declared_errors(
    tmp_path: Path, kind_index: int, rows: list[list[str]], extra: list[str], named: bool
) -> None:
    name = f"{kinds.KINDS[kind_index].plural}.csv" if named else "upload.csv"
    path = tmp_path / name
    path.write_text(_csv_text(kind_index, rows, extra), encoding="utf-8")
    declared_or_result(importing.read_file, path)


@BOUNDED
@given(st.binary(max_size=300))
def test_csv_file_of_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(data)
    declared_or_result(importing.read_file, path)


ARTICLE_WORDS = st.sampled_from(
    [
        "La France",
        "l'Ukraine",
        "a signé",
        "un accord",
        "de 200 millions d'euros",
        "le 5 juin",
        "2025",
        "drones",
        "obus de 155 mm",
        "Rheinmetall",
        "KNDS",
        "€",
        "M€",
        "milliards",
        "<p>",
        "</p>",
        "<html>",
        "\n\n",
        "Kyiv",
        "Zelensky",
        "Macron",
        "MoU",
        "CAESAR",
        ".",
    ]
)
ARTICLES = st.lists(ARTICLE_WORDS | st.text(max_size=15), max_size=40).map(" ".join).map(
    str.encode
) | st.binary(max_size=300)


@pytest.fixture(scope="module")
def warm_extractor() -> None:
    """Load the language detector and the French model once, before the first example."""
    from coprod.extraction.pipeline import warm_up

    warm_up()


@pytest.mark.slow
@pytest.mark.usefixtures("warm_extractor")
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ARTICLES)
def test_extractor_answers_only_declared_errors(data: bytes) -> None:
    from coprod.extraction.pipeline import extract_bytes

    declared_or_result(extract_bytes, data, "fuzz.txt")


# Found while writing the atheris harness (benchmarks/reliability/atheris_fuzz.py): json.loads
# raises RecursionError, not JSONDecodeError, on nesting deeper than the interpreter's limit;
# the scenario loader declared it, the record importer, backup reader and `plan compare` did not.
DEEP_JSON = "[" * 100_000


def _compare_plans(path: Path) -> None:
    from typer.testing import CliRunner

    from coprod.cli.main import app

    result = CliRunner().invoke(app, ["plan", "compare", str(path), str(path)])
    if result.exception is not None:  # `coprod`'s main turns a CoprodError into exit 2
        raise result.exception


@pytest.mark.parametrize(
    "read",
    [importing.read_file, load_scenario, read_backup, _compare_plans],
    ids=["records importer", "scenario loader", "backup reader", "plan compare"],
)
def test_json_nested_too_deeply_is_a_declared_error(tmp_path: Path, read: Any) -> None:
    path = tmp_path / "deep.json"
    path.write_text(DEEP_JSON, encoding="utf-8")
    with pytest.raises(InvalidInput, match="nested too deeply"):
        read(path)


def test_deep_json_in_an_edit_is_text() -> None:
    # The record forms take no JSON (their lists are rows of inputs, web/forms.py).
    assert parse_edit(f"needs.N1.quantity={DEEP_JSON}").value == DEEP_JSON  # then refused
