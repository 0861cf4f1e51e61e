"""Where a name the catalogue lacks begins and ends (sentences and names invented for these
tests): "and" joins two names, not one; a country's possessive is no part of a company's name;
the generic words of a company description and a title-case headline name no company."""

from __future__ import annotations

from tests.unit.extraction.helpers import names_of


def test_two_companies_joined_by_und_are_two() -> None:
    found = names_of(
        "Der Rüstungskonzern Talvor und Brenmark haben einen Vertrag geschlossen.", "organisation"
    )
    assert "Talvor" in found
    assert not any("und" in name.split() for name in found)


def test_two_people_joined_by_and_are_two() -> None:
    german = "Die Minister Jens Kohlmann und Otto Brandl unterzeichneten das Abkommen."
    english = "Otto Brandl and Jens Kohlmann said the plant will open."
    assert names_of(german, "person") == {"Jens Kohlmann", "Otto Brandl"}
    assert names_of(english, "person") == {"Jens Kohlmann", "Otto Brandl"}


def test_a_plain_run_beside_no_person_stays_unknown() -> None:
    assert names_of("Teams from Orvik Lanes and Otto Brandl met.", "person") == set()


def test_a_country_possessive_is_no_part_of_a_company_name() -> None:
    text = "Ukraine set up ventures with firms abroad, including Norway's Talmor AS and others."
    assert names_of(text, "organisation") == {"Talmor"}


def test_the_words_of_a_company_description_name_no_company() -> None:
    found = names_of(
        "The deal was signed by a Joint Stock Company and the ministry.", "organisation"
    )
    assert "Stock Company" not in found
    assert "Joint Stock Company" not in found


def test_a_title_case_headline_names_no_company_by_its_last_word() -> None:
    text = "How Small Drones Are Opening a New Era of Military Technology\nThe ministry spoke."
    assert names_of(text, "organisation") == set()
    assert names_of("Parts come from Orvik Military Technology in Tartu.", "organisation") == {
        "Orvik Military Technology"
    }


def test_a_department_after_a_title_is_no_person() -> None:
    text = (
        "Talks were held with a delegation headed by Otto Brandl, Director of the "
        "Ministry's Naval Security and Transport Policy, in Oslo."
    )
    assert names_of(text, "person") == {"Otto Brandl"}


def test_a_german_elliptic_compound_is_one_description() -> None:
    text = (
        "Die Talmor GmbH baut ein Werk in Lwiw. Der Kölner Rüstungs- und Automotive-Konzern "
        "will dort 300 Stellen schaffen."
    )
    assert names_of(text, "organisation") == {"Talmor"}


def test_a_german_company_word_in_the_genitive_cues_the_name_after_it() -> None:
    text = "Sie baut Drohnen des ukrainischen Unternehmens Varnel Dynamix in Lizenz."
    assert "Varnel Dynamix" in names_of(text, "organisation")


def test_a_plural_company_word_ends_a_company_name_but_not_a_kind_of_things() -> None:
    assert names_of("Parts come from Orvik Robotics in Tartu.", "organisation") == {
        "Orvik Robotics"
    }
    assert names_of("Talks turned to Unmanned Systems in Tartu.", "organisation") == set()


def test_a_german_company_noun_is_no_word_of_the_name_after_it() -> None:
    found = names_of("Das Unternehmen Talvik Systems baut Drohnen in Lwiw.", "organisation")
    assert found == {"Talvik Systems"}
    found = names_of("Nach einer Bekanntmachung von Orvik Systems wächst das Werk.", "organisation")
    assert found == {"Orvik Systems"}


def test_a_line_break_ends_a_name() -> None:
    assert names_of("Summary\nOtto Brandl said the plant will open.", "person") == {"Otto Brandl"}


def test_a_person_s_name_never_ends_with_a_company_word() -> None:
    text = "Der Managing Director von Orvik Systems, Otto Brandl, sagte das in Kiew."
    assert names_of(text, "person") == {"Otto Brandl"}


def test_a_colon_or_a_dash_ends_a_name() -> None:
    assert names_of("Update: Otto Brandl said the plant will open.", "person") == {"Otto Brandl"}
    assert names_of("Kyiv — Otto Brandl said the plant will open.", "person") == {"Otto Brandl"}
