"""A record the records format refuses for a common type error (missing, not a whole number,
a number, text, yes/no or a date, too long or short, not one of the choices) carries a code,
the field and where (``services/records.FORMAT_CODES``): the pages say it in the reader's
language, naming where and the field, not English behind a translated lead-in."""

from __future__ import annotations

from typing import Any

import pytest

from coprod.domain import entities as d
from coprod.errors import InvalidInput
from coprod.services.records import to_entity
from coprod.web.locales import reader
from coprod.web.refusals import refusal

NEED = {
    "key": "n-1",
    "system": "caesar",
    "quantity": 10,
    "priority": "1",
    "due": "2026-03",
}


def _refused(cls: Any, record: dict[str, Any], where: str = "needs[0]") -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        to_entity(cls, record, where)
    return refused.value


@pytest.mark.parametrize(
    ("cls", "record", "code", "field"),
    [
        (d.Need, {k: v for k, v in NEED.items() if k != "system"}, "format.missing", "system"),
        (d.Need, {**NEED, "quantity": "ten"}, "format.whole_number", "quantity"),
        (d.Need, {**NEED, "priority": "high"}, "format.number", "priority"),
        (d.Need, {**NEED, "illustrative": "perhaps"}, "format.yes_no", "illustrative"),
        (d.Need, {**NEED, "system": 12}, "format.text", "system"),
        (
            d.Person,
            {"key": "p", "name": "P", "roles": [{"title": "x", "start": "2025-13-01"}]},
            "format.date",
            "roles.0.start",
        ),
        (
            d.Agreement,
            {"key": "a", "title": "A", "type": "handshake", "status": "planned"},
            "format.choice",
            "type",
        ),
    ],
)
def test_a_type_error_carries_its_code_and_field(
    cls: Any, record: dict[str, Any], code: str, field: str
) -> None:
    refused = _refused(cls, record)
    assert (refused.code, refused.field, refused.params["field"]) == (code, field, field)
    assert refused.params["where"] == "needs[0]"
    assert refused.message.startswith(f"needs[0]: field {field!r}: ")  # the English stays


def test_the_reader_reads_it_in_their_language_with_where_and_the_field() -> None:
    refused = _refused(d.Need, {**NEED, "quantity": "ten"}, where="new needs")
    said = {
        "en": "new needs: the field “quantity” must be a whole number, not 'ten'.",
        "uk": "new needs: поле «quantity» має бути цілим числом, а не 'ten'.",
        "fr": "new needs : le champ « quantity » doit être un nombre entier, non 'ten'.",
    }
    for language, sentence in said.items():
        assert refusal(refused, reader(language)) == sentence
    missing = _refused(d.Need, {k: v for k, v in NEED.items() if k != "due"})
    assert refusal(missing, reader("uk")) == "needs[0]: поля «due» немає: заповніть його."
    choice = _refused(
        d.Agreement, {"key": "a", "title": "A", "type": "handshake", "status": "planned"}
    )
    assert "має бути одним зі значень" in refusal(choice, reader("uk"))
    assert "'letter_of_intent'" in refusal(choice, reader("uk"))
    assert "Зміну відхилено" not in refusal(choice, reader("uk"))


def test_a_domain_bound_keeps_its_own_code() -> None:
    refused = _refused(d.Need, {**NEED, "quantity": -1})
    assert refused.code is not None and not refused.code.startswith("format.")
