"""Organisations the catalogue lacks, found from their form: a legal form after the name, an
"&" inside it (sentences written for these tests, with invented company names)."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import entities_of, names_of


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kyiv will buy trucks from Kestrin s.r.o. next year.", "Kestrin"),
        ("The trucks come from TALVERO S.L. and are armoured.", "TALVERO"),
        ("Brenvik B.V. will repair the boats in Rotterdam.", "Brenvik"),
        ("The valves are made by Ostrala AB in Sweden.", "Ostrala"),
        ("Le contrat lie Kordina S.A. à un groupe ukrainien.", "Kordina"),
        ("Umowę podpisała Ostrava Metal Sp. z o.o. w Warszawie.", "Ostrava Metal"),
        ("The deal went to Dravik Defence Oy on Friday.", "Dravik Defence"),
    ],
)
def test_a_legal_form_after_a_name_makes_it_a_company(text: str, name: str) -> None:
    assert name in names_of(text, "organisation")


def test_the_words_of_a_legal_form_are_no_company() -> None:
    found = names_of("The Polish maker Ostra Sp. z o.o. agreed to deliver shells.", "organisation")
    assert found == {"Ostra"}


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv signed the deal with the Belgian company Varnelle & Brosk on Monday.",
        "Угоду підписано з бельгійською компанією Varnelle & Brosk у понеділок.",
    ],
)
def test_an_ampersand_between_spaces_binds_one_name(text: str) -> None:
    assert "Varnelle & Brosk" in names_of(text, "organisation")


def test_capitalised_words_without_a_legal_form_stay_unknown() -> None:
    assert names_of("As Ukraine said, Monday Morning Talks will go on.", "organisation") == set()


def test_a_misspelt_catalogue_company_with_its_legal_form_is_the_catalogue_one() -> None:
    assert "Rheinmetall" in names_of(
        "Kyiv ordered shells from Rheinmetal AG in March.", "organisation"
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Le contrat implique les entreprises espagnoles Rovalda et Tesmira ainsi que Kyiv.",
            {"Rovalda", "Tesmira"},
        ),
        (
            "Kyiv a signé avec les sociétés tchèques Rovalda et Tesmira mardi.",
            {"Rovalda", "Tesmira"},
        ),
        ("Officials of the state-run enterprise Dravoservice signed it.", {"Dravoservice"}),
    ],
)
def test_plural_company_words_and_the_second_name_after_them(text: str, names: set[str]) -> None:
    assert names <= names_of(text, "organisation")


def test_a_plural_german_company_word_before_a_noun_names_nothing() -> None:
    text = "Vor drei Monaten gaben beide Firmen eine strategische Zusammenarbeit bekannt."
    assert names_of(text, "organisation") == set()


def test_a_list_after_a_comma_is_no_company() -> None:
    text = "Le fabricant du char Leclerc, Nexor, livrera six canons."
    assert "Nexor" not in names_of(text, "organisation")


def test_an_acronym_defined_in_brackets_names_the_company_later() -> None:
    text = (
        "Kyiv signed with the drone maker Talvik Robotics (TRX) on Monday. "
        "TRX will build 500 drones in Lviv."
    )
    found = entities_of(text, "organisation")
    assert [(e.name, [m.text for m in e.mentions]) for e in found] == [
        ("Talvik Robotics", ["Talvik Robotics", "TRX", "TRX"])
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Меморандум підписали з Асоціацією виробників дронів Латвії у вівторок.",
            "Асоціація виробників дронів Латвії",
        ),
        (
            "Договір уклали з Агентством оборонних закупівель Литви минулого тижня.",
            "Агентство оборонних закупівель Литви",
        ),
        (
            "Соглашение подписано с Ассоциацией производителей дронов Латвии.",
            "Ассоциация производителей дронов Латвии",
        ),
    ],
)
def test_an_institution_in_any_case_is_named_in_the_nominative(text: str, name: str) -> None:
    assert name in names_of(text, "organisation")


def test_an_institution_head_before_a_verb_names_nothing() -> None:
    assert names_of("Міністерством було підписано угоду в Києві.", "organisation") == set()
