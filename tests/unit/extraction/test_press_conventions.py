"""Conventions of real press the fact rules follow (issue 14, second round): named events
where agreements are signed, document names that are no status cue, the Danish model in
Ukrainian, payers named after the sum, media that are no initiative, German nouns after a
company word (sentences written for these tests)."""

from __future__ import annotations

from coprod.extraction import extract_text


def _facts(text: str, ftype: str, name: str = "t.txt") -> list:  # type: ignore[type-arg]
    return [f for f in extract_text(text, name).facts if f.type == ftype]


def test_an_agreement_signed_at_a_named_conference_makes_its_meeting() -> None:
    english = (
        "Rheinmetall and Ukraine signed a memorandum of understanding on the sidelines of the "
        "Munich Security Conference."
    )
    (meeting,) = _facts(english, "meeting")
    assert meeting.name == "Munich Security Conference"
    assert meeting.location == "Munich"
    assert {"Rheinmetall", "UA"} <= set(meeting.parties)
    french = (
        "Rheinmetall et l'Ukraine ont signé un mémorandum en marge de la Conférence de Munich "
        "sur la sécurité."
    )
    assert [m.name for m in _facts(french, "meeting")] == ["Munich Security Conference"]


def test_the_name_of_a_letter_of_intent_is_no_planned_status() -> None:
    russian = "Министры обороны Украины и Дании подписали письмо о намерениях."
    ukrainian = "Міністри оборони України та Данії підписали лист про наміри."
    for text in (russian, ukrainian):
        (letter,) = _facts(text, "agreement")
        assert (letter.agreement_type, letter.status) == ("letter_of_intent", "signed")
    (planned,) = _facts("Україна та Данія планують підписати лист про наміри.", "agreement")
    assert planned.status == "planned"


def test_the_danish_model_in_ukrainian_with_the_payer_named_after_the_sum() -> None:
    text = (
        "Сьогодні ми виділяємо 1,6 мільярда крон на так звану данську модель, - заявив "
        "міністр оборони Данії."
    )
    (initiative,) = _facts(text, "initiative")
    assert initiative.name == "Danish model"
    assert initiative.scope == ["financing", "procurement"]
    (funding,) = _facts(text, "funding")
    assert (funding.funder, funding.amount, funding.currency) == ("DK", 1_600_000_000, "DKK")


def test_a_broadcaster_is_no_initiative() -> None:
    text = "Diese Nachricht wurde am 14.02.2026 im Programm Deutschlandfunk gesendet."
    assert _facts(text, "initiative") == []


def test_a_german_noun_after_a_company_word_is_no_organisation() -> None:
    text = (
        "Das Unternehmen habe seine Kapazitäten vor Ort verdoppelt. "
        "Der Rüstungskonzern Veltrion liefert Munition an die Ukraine."
    )
    names = {e.name for e in extract_text(text, "de.txt").entities if e.type == "organisation"}
    assert "Kapazitäten" not in names
    assert "Veltrion" in names
