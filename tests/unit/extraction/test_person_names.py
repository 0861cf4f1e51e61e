"""People the catalogue lacks, as unseen press names them (sentences and names invented for
these tests): a title with its complement before the name, Ukrainian and Russian titles that
are no part of a name, three-word names in one case, one person in several cases."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import entities_of, names_of


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("It was signed by the Minister of Coastal Affairs of Estonia Kalev Tamm.", "Kalev Tamm"),
        ("It was agreed with the Prime Minister of Iceland, Sigrun Olafs, in May.", "Sigrun Olafs"),
        ("Signé par le ministre estonien des Affaires côtières, Kalev Tamm.", "Kalev Tamm"),
        ("Anwesend war der Bundesminister für Verkehr und Bau Jens Kohlmann.", "Jens Kohlmann"),
        ("Led by the Minister of Trade of Norway, Jon Erik Lund, today.", "Jon Erik Lund"),
    ],
)  # fmt: skip
def test_a_title_with_its_complement_names_the_person_after_it(text: str, name: str) -> None:
    assert name in names_of(text, "person")


def test_a_capitalised_complement_does_not_join_the_name() -> None:
    found = names_of(
        "Er traf den Minister für Strategische Industrien Olek Varga in Kyjiw.", "person"
    )
    assert found == {"Olek Varga"}


def test_a_title_and_lower_case_words_before_a_company_name_no_one() -> None:
    assert (
        names_of("The head of the plant said Talvik Robotics would hire more staff.", "person")
        == set()
    )


def test_a_ukrainian_title_opening_a_sentence_is_no_part_of_the_name() -> None:
    assert names_of("Президент Гнатюк підкреслив, що угода важлива.", "person") == set()
    assert names_of("Міністр Остап Гнатюк підписав угоду з партнерами.", "person") == {
        "Остап Гнатюк"
    }


def test_a_three_word_name_in_one_case_is_kept_whole() -> None:
    found = names_of(
        "Лист обговорили з міністром оборони Естонії Калевом Арвідом Таммом у Таллінні.", "person"
    )
    assert found == {"Калевом Арвідом Таммом"}


def test_one_person_named_in_two_cases_is_one_entity() -> None:
    text = (
        "Остап Гнатюк заявив, що завод запрацює восени. "
        "Делегацію очолив заступник міністра Остапа Гнатюка під час поїздки."
    )
    found = entities_of(text, "person")
    assert [e.name for e in found] == ["Остап Гнатюк"]
    assert len(found[0].mentions) == 2


def test_an_acronym_before_a_family_name_is_no_person() -> None:
    assert names_of("Про це на брифінгу сказав керівник ТКВ Гнатюк.", "person") == set()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Im Beisein von Bundeskanzler Otto Brandl wurde das Werk eröffnet.", {"Otto Brandl"}),
        ("Jens Kohlmann, Vorstandsvorsitzender der Talmor AG, sagte das.", {"Jens Kohlmann"}),
        ("Source: Sigrun Olafs, Icelandic Fisheries Minister, during a visit.", {"Sigrun Olafs"}),
        (
            "Estonian and Latvian Defense Ministers Kalev Tamm and Janis Ozols agreed.",
            {"Kalev Tamm", "Janis Ozols"},
        ),
    ],
)
def test_more_titles_before_and_after_a_name(text: str, found: set[str]) -> None:
    assert names_of(text, "person") == found


def test_a_preposition_before_a_full_name_is_no_particle() -> None:
    text = "Das Werk wurde im Beisein von Otto Brandl, dem ukrainischen Minister, eröffnet."
    assert names_of(text, "person") == {"Otto Brandl"}
    assert names_of("Ursula von der Leyen said the fund is ready.", "person") == {
        "Ursula von der Leyen"
    }


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Про це заявив Остап Гнатюк під час брифінгу.", "Остап Гнатюк"),
        ("Об этом сообщил Иван Петров в Киеве.", "Иван Петров"),
        ("За словами Остапа Гнатюка, завод запрацює.", "Остапа Гнатюка"),
    ],
)
def test_a_cyrillic_verb_of_saying_before_a_name(text: str, name: str) -> None:
    assert names_of(text, "person") == {name}
