"""The evidence checker on a tiny document written here (no seed article needed)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from coprod.demo.evidence import check_evidence, cuts_word, span_problems
from coprod.errors import InvalidInput

TEXT = "Kyiv and Paris sign a letter. The fund holds €200M for direct orders.\n"
SECOND = TEXT.index("The fund")


def records(document: Path, *spans: tuple[int, int], sha256: str | None = None) -> dict[str, Any]:
    digest = sha256 or hashlib.sha256(document.read_bytes()).hexdigest()
    return {
        "schema": "coprod.records/1",
        "source_documents": [{"key": "doc", "name": document.name, "sha256": digest}],
        "agreements": [
            {
                "key": "a1",
                "evidence": [{"document": "doc", "start": s, "end": e} for s, e in spans],
            }
        ],
    }


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_a_sound_span_cites_its_sentence(document: Path) -> None:
    end = TEXT.index("\n")
    (span,) = check_evidence(records(document, (SECOND, end)), document.parent)
    assert span.ok
    assert span.text == "The fund holds €200M for direct orders."
    assert (span.entity, span.record, span.document) == ("agreements", "a1", "doc")


def test_offsets_count_characters_not_bytes(document: Path) -> None:
    start = TEXT.index("€200M")
    (span,) = check_evidence(records(document, (start, start + 5)), document.parent)
    assert span.ok and span.text == "€200M"


def test_a_span_that_cuts_a_word_fails(document: Path) -> None:
    (span,) = check_evidence(records(document, (1, 14)), document.parent)
    assert not span.ok
    assert "start 1 is not at the beginning of a word" in span.problems


def test_a_span_ending_in_the_middle_of_a_word_or_on_a_space_fails(document: Path) -> None:
    spans = check_evidence(records(document, (0, 3), (0, 5)), document.parent)
    assert [s.ok for s in spans] == [False, False]
    assert all("end" in s.problems[0] for s in spans)


def test_a_span_outside_the_text_fails(document: Path) -> None:
    (span,) = check_evidence(records(document, (10, 10_000)), document.parent)
    assert not span.ok and "not a non-empty range" in span.problems[0]
    assert span.text == ""


def test_a_changed_file_fails_on_its_sha256(document: Path) -> None:
    (span,) = check_evidence(records(document, (0, 4), sha256="0" * 64), document.parent)
    assert not span.ok and "sha256" in span.problems[0]


def test_a_missing_file_and_an_unknown_document_fail(document: Path, tmp_path: Path) -> None:
    data = records(document, (0, 4))
    data["agreements"][0]["evidence"].append({"document": "other", "start": 0, "end": 4})
    document.unlink()
    first, second = check_evidence(data, tmp_path)
    assert "does not exist" in first.problems[0]
    assert second.problems == ("unknown source document 'other'",)


def test_offsets_that_are_not_integers_fail(document: Path) -> None:
    data = records(document, (0, 4))
    data["agreements"][0]["evidence"][0]["start"] = "0"
    (span,) = check_evidence(data, document.parent)
    assert "must be integers" in span.problems[0]


def test_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not a folder"):
        check_evidence({"source_documents": []}, tmp_path / "nowhere")


def test_word_boundaries() -> None:
    assert cuts_word("abc def", 1)
    assert not cuts_word("abc def", 3)
    assert not cuts_word("abc def", 0)
    assert span_problems("abc def", 4, 7) == []
    assert span_problems("abc def", 3, 7) == ["start 3 is not at the beginning of a word"]
