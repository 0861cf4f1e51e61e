"""docs/records-format.md documents exactly the fields of every entity."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from coprod.domain import kinds

DOC = Path(__file__).resolve().parents[2] / "docs" / "records-format.md"
SECTION = re.compile(r"^### `(\w+)` \((\w+)\)\n(.*?)(?=^#)", re.M | re.S)
ROW = re.compile(r"^\| `(\w+)` \|", re.M)


def documented() -> dict[str, tuple[str, list[str]]]:
    text = DOC.read_text(encoding="utf-8")
    return {m[1]: (m[2], ROW.findall(m[3])) for m in SECTION.finditer(text)}


def test_every_entity_has_a_section_with_its_fields_in_order() -> None:
    sections = documented()
    for kind in kinds.KINDS:
        assert kind.plural in sections, f"no section for {kind.plural}"
        cls_name, fields = sections[kind.plural]
        assert cls_name == kind.entity.__name__
        assert fields == [f.name for f in dataclasses.fields(kind.entity)], kind.plural


def test_no_section_documents_an_entity_that_does_not_exist() -> None:
    assert set(documented()) == {kind.plural for kind in kinds.KINDS}
