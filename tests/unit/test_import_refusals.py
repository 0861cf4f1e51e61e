"""The import's own refusals (a file it cannot read, a CSV header or line it cannot take, a
document of another shape, a key given twice) carry a code and what their sentence names, as a
record's problems do (``format.…``): the pages and the API's answer say them in the reader's
language, where they were English only; the English message, which the CLI prints, is
unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coprod.errors import CoprodError, InvalidInput
from coprod.services.records.importing import read_document, read_file
from coprod.web.locales import reader
from coprod.web.refusals import said_where

HEADER = "key,system,quantity,priority,due"
NEED = "n-1,caesar,10,1,2026-03"


def _refused(path: Path, text: str | bytes) -> InvalidInput:
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(InvalidInput) as refused:
        read_file(path)
    return refused.value


def _said(error: CoprodError, language: str = "uk") -> list[str]:
    return [said_where(problem, reader(language)) for problem in error.each()]


def test_a_file_that_is_not_utf8_is_said_in_the_readers_language(tmp_path: Path) -> None:
    path = tmp_path / "needs.csv"
    refused = _refused(path, f"{HEADER}\nn-1,Défense,10,1,2026-03\n".encode("latin-1"))
    assert refused.code == "import.not_utf8" and refused.params["file"] == str(path)
    assert refused.message.startswith(f"{path}: cannot read the file: 'utf-8' codec")
    assert _said(refused) == [
        f"{path} — не текст у кодуванні UTF-8: збережіть його в UTF-8 (у редакторі таблиць — "
        "як «CSV UTF-8») й імпортуйте знову."
    ]
    assert _said(refused, "fr")[0].startswith(f"{path} n’est pas un texte en UTF-8 : ")


def test_a_header_the_import_cannot_take_is_said_in_the_readers_language(
    tmp_path: Path,
) -> None:
    needs = tmp_path / "needs.csv"
    refused = _refused(needs, f"{HEADER},colour\n{NEED},red\n")
    assert refused.code == "csv.unknown_columns" and refused.params["columns"] == "colour"
    assert refused.message.startswith(f"{needs}: line 1: unknown column(s) 'colour' for needs;")
    said = _said(refused)[0]
    assert said.startswith(f"{needs}, рядок 1: у файлі є стовпці, яких немає в його записах: ")
    assert "colour" in said and "Їхні стовпці: key, system, quantity" in said
    things = tmp_path / "things.csv"
    refused = _refused(things, "a,b\n1,2\n")
    assert refused.code == "csv.unknown_header"
    assert _said(refused)[0].startswith(
        f"{things}, рядок 1: заголовок не відповідає жодному виду записів: назвіть файл"
    )


def test_a_line_the_import_cannot_take_is_said_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "needs.csv"
    refused = _refused(path, f"{HEADER}\n{NEED},extra\n")
    assert refused.message == f"{path}: line 2 (key 'n-1'): more cells than columns"
    assert [p.code for p in refused.each()] == ["csv.more_cells"]
    assert _said(refused) == [
        f"{path}, рядок 2 (ключ n-1): у рядку більше клітинок, ніж стовпців у заголовку."
    ]
    long = _refused(path, f"{HEADER}\nn-1,{'x' * 140_000},10,1,2026-03\n")
    assert long.code == "csv.unreadable_line" and long.params["line"] == "2"
    assert _said(long)[0].startswith(f"{path}, рядок 2 не читається як CSV: ")


def test_an_item_of_too_many_parts_names_its_field(tmp_path: Path) -> None:
    path = tmp_path / "agreements.csv"
    text = "key,title,type,status,parties,history\na-1,A,contract,planned,UA,planned|2025-01-01|x\n"
    refused = _refused(path, text)
    (problem,) = refused.each()
    assert (problem.code, problem.field) == ("csv.too_many_parts", "history")
    assert problem.message == (
        f"{path}: line 2 (key 'a-1'): field 'history': 'planned|2025-01-01|x' has more than 2 "
        "'|'-separated parts"
    )
    assert _said(refused) == [
        f"{path}, рядок 2 (ключ a-1): у полі «history» елемент 'planned|2025-01-01|x' має "
        "забагато частин, розділених «|» (найбільше — 2)."
    ]


def test_a_csv_records_every_problem_is_coded(tmp_path: Path) -> None:
    """A CSV line's record problems kept only their English lines (the JSON's were coded)."""
    path = tmp_path / "needs.csv"
    refused = _refused(path, f"{HEADER}\nn-1,caesar,ten,1,2026-03\nn-2,caesar,5,high,2026-03\n")
    assert [p.code for p in refused.each()] == ["format.whole_number", "format.number"]
    assert _said(refused)[0] == (
        f"{path}, рядок 2 (ключ n-1): поле «quantity» має бути цілим числом, а не 'ten'."
    )
    assert refused.message.splitlines() == [p.message for p in refused.each()]
    twice = _refused(path, f"{HEADER}\n{NEED}\n{NEED}\n")
    assert [p.code for p in twice.each()] == ["csv.duplicate_key"]
    assert _said(twice) == [
        f"{path}, рядок 3 (ключ n-1): ключ n-1 уже належить запису в рядку 2: кожен запис має "
        "бути у файлі лише один раз."
    ]


@pytest.mark.parametrize(
    ("document", "code", "said"),
    [
        (
            {"schema": "coprod.records/0"},
            "import.schema",
            "тіло запиту: поле «schema» має бути «coprod.records/1», а не 'coprod.records/0'.",
        ),
        (
            {"schema": "coprod.records/1", "needs": {"key": "n-1"}},
            "import.not_a_list",
            "тіло запиту: «needs» має бути списком записів.",
        ),
        (
            {"schema": "coprod.records/1", "neds": []},
            "import.unknown_lists",
            "тіло запиту: у форматі записів немає списку 'neds'; його списки: ",
        ),
        (
            {"schema": "coprod.records/1", "needs": ["n-1"]},
            "format.not_object",
            "тіло запиту, Потреби, запис № 1: запис має бути об’єктом JSON ({…}).",
        ),
        (
            {
                "schema": "coprod.records/1",
                "needs": [dict(zip(HEADER.split(","), NEED.split(","), strict=True))] * 2,
            },
            "import.duplicate_key",
            "тіло запиту, Потреби, запис № 2 (ключ n-1): ключ n-1 уже належить запису № 1 "
            "цього списку: кожен запис має бути у файлі лише один раз.",
        ),
    ],
)
def test_a_documents_own_refusals_are_coded(document: Any, code: str, said: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_document("request body", document)
    (problem,) = refused.value.each()
    assert problem.code == code and refused.value.code == code
    assert _said(refused.value)[0].startswith(said)
