"""Checks the evidence spans of a records file against the documents they cite.

Each span must point into a document that is listed in the file's ``source_documents``, whose
file lies in the given folder with the recorded sha256; the span must lie within the text (read
as UTF-8, offsets in characters), be non-empty, and start and end at word boundaries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coprod.errors import InvalidInput


@dataclass(frozen=True)
class CitedSpan:
    """One evidence span of one record, with the text it cites and what is wrong with it."""

    entity: str
    record: str
    document: str
    start: int
    end: int
    text: str
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the span passed every check."""
        return not self.problems


@dataclass(frozen=True)
class Document:
    """A source document's text as read from the folder, or why it could not be used."""

    key: str
    name: str
    text: str | None
    problem: str | None = None


def document_text(folder: Path, entry: Mapping[str, Any]) -> Document:
    """Read the file a ``source_documents`` entry names and compare its sha256."""
    key, name = str(entry.get("key")), str(entry.get("name"))
    path = folder / name
    if not path.is_file():
        return Document(key, name, None, f"{path} does not exist")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry.get("sha256"):
        return Document(
            key, name, None, f"{name}: sha256 is {digest}, the record says {entry.get('sha256')}"
        )
    try:
        return Document(key, name, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Document(
            key, name, None, f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        )


def cuts_word(text: str, offset: int) -> bool:
    """Whether ``offset`` falls between two letters or digits of one word."""
    return 0 < offset < len(text) and text[offset - 1].isalnum() and text[offset].isalnum()


def span_problems(text: str, start: int, end: int) -> list[str]:
    """What is wrong with the span ``[start, end)`` of ``text``; empty when it is sound."""
    if not 0 <= start < end <= len(text):
        return [f"span [{start}, {end}) is not a non-empty range within 0..{len(text)}"]
    problems = []
    if cuts_word(text, start) or text[start].isspace():
        problems.append(f"start {start} is not at the beginning of a word")
    if cuts_word(text, end) or text[end - 1].isspace():
        problems.append(f"end {end} is not at the end of a word")
    return problems


def evidence_items(records: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """Every (entity list, record key, evidence entry) of a records file."""
    for entity, rows in records.items():
        if not isinstance(rows, list):
            continue
        for row in rows:
            evidence = row.get("evidence") if isinstance(row, Mapping) else None
            for item in evidence or []:
                yield entity, str(row.get("key")), item


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def cite(
    entity: str, record: str, item: Mapping[str, Any], documents: Mapping[str, Document]
) -> CitedSpan:
    """Check one evidence entry and return it with the text it cites."""
    key = str(item.get("document"))
    start, end = _int(item.get("start")), _int(item.get("end"))
    if start is None or end is None:
        problem = f"start and end must be integers, not {item.get('start')!r}, {item.get('end')!r}"
        return CitedSpan(entity, record, key, -1, -1, "", (problem,))
    document = documents.get(key)
    if document is None:
        return CitedSpan(entity, record, key, start, end, "", (f"unknown source document {key!r}",))
    if document.text is None:
        return CitedSpan(entity, record, key, start, end, "", (str(document.problem),))
    problems = tuple(span_problems(document.text, start, end))
    inside = 0 <= start < end <= len(document.text)
    text = document.text[start:end] if inside else ""
    return CitedSpan(entity, record, key, start, end, text, problems)


def check_evidence(records: Mapping[str, Any], folder: Path) -> list[CitedSpan]:
    """Every evidence span of ``records`` checked against the documents in ``folder``."""
    if not folder.is_dir():
        raise InvalidInput(f"{folder} is not a folder of source documents")
    entries = records.get("source_documents") or []
    documents = {str(e.get("key")): document_text(folder, e) for e in entries}
    return [cite(entity, key, item, documents) for entity, key, item in evidence_items(records)]
