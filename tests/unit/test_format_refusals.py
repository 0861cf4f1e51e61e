"""A record the records format refuses for a common type error (missing, not a whole number,
a number, text, yes/no or a date, too long or short, not one of the choices) carries a code,
the field and where (``services/records.FORMAT_CODES``): the pages say it in the reader's
language, naming where and the field, not English behind a translated lead-in."""

from __future__ import annotations

from typing import Any

import pytest

from coprod.domain import entities as d
from coprod.errors import InvalidInput
from coprod.services.records import Where, to_entity
from coprod.services.records.importing import read_document
from coprod.web.locales import reader
from coprod.web.refusals import refusal, said_where, where_words

NEED = {
    "key": "n-1",
    "system": "caesar",
    "quantity": 10,
    "priority": "1",
    "due": "2026-03",
}


BODY = Where("needs", source="request body", index=0)  # the first need of a request's body


def _refused(cls: Any, record: dict[str, Any], where: Where = BODY) -> InvalidInput:
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
    assert refused.params["where"] == "request body: needs[0]"
    assert refused.params["where_list"] == "needs" and refused.params["where_number"] == "1"
    assert refused.message.startswith(f"request body: needs[0]: field {field!r}: ")  # English


def test_the_reader_reads_it_in_their_language_with_where_and_the_field() -> None:
    refused = _refused(d.Need, {**NEED, "quantity": "ten"}, where=Where("needs"))
    said = {
        "en": "Needs, new record: the field “quantity” must be a whole number, not 'ten'.",
        "uk": "Потреби, новий запис: поле «quantity» має бути цілим числом, а не 'ten'.",
        "fr": (
            "Besoins, nouvel enregistrement : le champ « quantity » doit être un nombre entier, "
            "non 'ten'."
        ),
    }
    for language, sentence in said.items():
        assert refusal(refused, reader(language)) == sentence
    missing = _refused(d.Need, {k: v for k, v in NEED.items() if k != "due"})
    assert refusal(missing, reader("uk")) == (
        "тіло запиту, Потреби, запис № 1: поля «due» немає: заповніть його."
    )
    choice = _refused(
        d.Agreement, {"key": "a", "title": "A", "type": "handshake", "status": "planned"}
    )
    assert "має бути одним зі значень" in refusal(choice, reader("uk"))
    assert "'letter_of_intent'" in refusal(choice, reader("uk"))
    assert "Зміну відхилено" not in refusal(choice, reader("uk"))


def test_a_domain_bound_keeps_its_own_code() -> None:
    refused = _refused(d.Need, {**NEED, "quantity": -1})
    assert refused.code is not None and not refused.code.startswith("format.")


def test_every_problem_of_a_record_says_itself_in_the_readers_language() -> None:
    """Each problem is a coded refusal of its own (``InvalidInput.each``), not only the
    first; the whole keeps every English line and the first's code."""
    record = {**NEED, "system": 12, "quantity": "ten", "bogus": 1}
    refused = _refused(d.Need, record, where=Where("needs", source="request body", index=0))
    problems = refused.each()
    assert [(p.code, p.field) for p in problems] == [
        ("format.text", "system"),
        ("format.whole_number", "quantity"),
        ("format.unknown_field", "bogus"),
    ]
    assert refused.code == "format.text" and refused.message.count("\n") == 2
    said = [refusal(p, reader("uk")) for p in problems]
    assert said == [
        "тіло запиту, Потреби, запис № 1: поле «system» має бути текстом, а не 12.",
        "тіло запиту, Потреби, запис № 1: поле «quantity» має бути цілим числом, а не 'ten'.",
        "тіло запиту, Потреби, запис № 1: у форматі записів немає поля «bogus»: вилучіть його "
        "або виправте назву.",
    ]
    english = refusal(problems[1], reader("en"))
    assert english == (
        "the request body, Needs, record no. 1: the field “quantity” must be a whole number, "
        "not 'ten'."
    )


def test_where_a_record_is_said_in_the_readers_language() -> None:
    """Which list and which record (a document's n-th, counted from 1; a CSV file's line; a
    form's new or edited record), the English message keeping its own words."""
    places = [
        Where("needs", source="request body", index=2, key="n-3"),
        Where("needs", source="needs.csv", line=4),
        Where("needs"),
        Where("needs", key="n-1"),
    ]
    assert [str(where) for where in places] == [
        "request body: needs[2] (key 'n-3')",
        "needs.csv: line 4",
        "new needs",
        "needs 'n-1'",
    ]
    said = {
        "uk": [
            "тіло запиту, Потреби, запис № 3 (ключ n-3)",
            "needs.csv, рядок 4",
            "Потреби, новий запис",
            "Потреби, запис n-1",
        ],
        "fr": [
            "le corps de la requête, Besoins, enregistrement n° 3 (clé n-3)",
            "needs.csv, ligne 4",
            "Besoins, nouvel enregistrement",
            "Besoins, enregistrement n-1",
        ],
    }
    for language, words in said.items():
        assert [where_words(w.params(), reader(language)) for w in places] == words


def test_a_bound_among_many_problems_says_where_its_record_is() -> None:
    """Apart from its form (the API's answer), a bound's sentence is preceded by where."""
    record = {**NEED, "recipient": "r" * 600, "quantity": "ten"}
    refused = _refused(d.Need, record, where=Where("needs", source="request body", index=0))
    typed, bound = refused.each()  # in the record's field order
    assert bound.code == "bounds.text_length" and typed.code == "format.whole_number"
    assert said_where(bound, reader("uk")).startswith("тіло запиту, Потреби, запис № 1: ")
    assert said_where(typed, reader("uk")) == refusal(typed, reader("uk"))  # said once


def test_an_import_refuses_every_problem_of_its_records_up_to_the_limit() -> None:
    bad = {**NEED, "quantity": "ten", "due": 5}
    document = {
        "schema": "coprod.records/1",
        "needs": [{**bad, "key": f"n-{i}"} for i in range(25)],
    }
    with pytest.raises(InvalidInput) as refused:
        read_document("request body", document)
    problems = refused.value.each()
    assert len(problems) == 2 * 20  # the records the message shows, two problems each
    assert {p.code for p in problems} == {"format.whole_number", "format.text"}
    assert problems[-1].params["where_number"] == "20"
    assert refused.value.code == "format.whole_number"
    assert refused.value.message.endswith("… and 5 more")
