"""Entities on unseen press, eighth session (sentences and names invented for these tests): a
variant designation written after a catalogue system's name with a space is a system of its
own, named as written or as the catalogue lists it."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    ("text", "variants", "family"),
    [
        (
            "The ministry ordered Altius 650x and Altius 750x loitering munitions.",
            {"Altius 650x", "Altius 750x"},
            "Altius",
        ),
        ("A plant near Kaunas restores Leopard 2 A5 hulls for the front.", {"Leopard 2A5"}, None),
        ("Two Skyranger K40 turrets will guard the depot.", {"Skyranger K40"}, "Skyranger"),
        ("The Caesar Mk II guns were shown at the fair.", {"Caesar Mk II"}, "Caesar"),
    ],
)
def test_a_variant_written_with_a_space_is_a_system_of_its_own(
    text: str, variants: set[str], family: str | None
) -> None:
    found = names_of(text, "system")
    assert variants <= found
    assert family is None or family not in found


@pytest.mark.parametrize(
    "text",
    [
        "Kyiv received Caesar 155 mm guns from Paris in the spring.",
        "The Caesar 2024 order doubled the output of the plant.",
        "Paris promised more Caesar guns; NATO members paid for them.",
    ],
)
def test_a_calibre_a_year_or_a_word_after_a_system_is_no_variant(text: str) -> None:
    found = names_of(text, "system")
    assert "Caesar" in found
    assert not any(name.startswith("Caesar ") for name in found)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("NATO Deputy Secretary General Ilse Varn opened the exhibition on Tuesday.", "NATO"),
        (
            "Kalev Tamm, the chief executive of the Estonian battery maker Talvik Robotics, "
            "spoke at the fair.",
            "Talvik Robotics",
        ),
        ("Помічник генсека НАТО Іван Тарасенко розповів про навчання.", "NATO"),
    ],
)
def test_an_organisation_only_in_a_persons_title_is_none(text: str, absent: str) -> None:
    assert absent not in names_of(text, "organisation")
    assert names_of(text, "person")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("NATO Secretary General Ilse Varn said NATO will open a drone school.", "NATO"),
        (
            "Le président de la société Talvik Robotics, Jean Marnier, a présenté le drone.",
            "Talvik Robotics",
        ),
    ],
)
def test_an_organisation_named_outside_a_title_or_introduced_stays(text: str, kept: str) -> None:
    assert kept in names_of(text, "organisation")


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The sensors come from a Canadian company from Guelph, the ministry said.", "Guelph"),
        ("Kyiv hosted heads of leading arms companies and Vinterberg officials.", "Vinterberg"),
        ("Selenskyj traf Chefs führender Rüstungsunternehmen der Welt in Kiew.", "Welt"),
        ("Компанія з Краматорська разом із партнером розробить гаубицю.", "Краматорська"),
        ("Уряд дасть гроші на будівництво заводів «під ключ» для виробників.", "під ключ"),
        ("The forum brought startups and NGOs from Lviv together.", "NGOs"),
    ],
)
def test_a_word_after_a_company_word_and_a_preposition_is_no_company(
    text: str, absent: str
) -> None:
    assert absent not in names_of(text, "organisation")


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Die Firma Talmor Systems baut Drohnen in Polen.", "Talmor Systems"),
        ("The drone maker Talvik Robotics opened a plant.", "Talvik Robotics"),
        ("Компанія «Варнекс» отримала замовлення.", "Варнекс"),
    ],
)
def test_a_company_word_still_names_the_company_after_it(text: str, company: str) -> None:
    assert company in names_of(text, "organisation")


BYLINE = (
    "La France commande des drones\n\nMarc Delorme\nPar Marc Delorme Publié le 9 avril 2024\n\n"
    "Le ministre Sébastien Lecornu a annoncé la commande de drones.\n\n"
    "Marc Delorme est journaliste au service économie.\n"
)


def test_the_author_of_a_byline_is_no_person_of_the_article() -> None:
    people = names_of(BYLINE, "person")
    assert "Sébastien Lecornu" in people
    assert not any("Delorme" in name for name in people)


def test_an_english_byline_names_no_person() -> None:
    text = (
        "Drones for Kyiv\nBy Anna Bergstrom | Updated 3 May\n\nRustem Umerov said more will come."
    )
    people = names_of(text, "person")
    assert "Rustem Umerov" in people
    assert "Anna Bergstrom" not in people


@pytest.mark.parametrize(
    ("text", "person"),
    [
        (
            "L'ancien ministre de la Défense Jean-Yves Le Garrec a visité l'usine.",
            "Jean-Yves Le Garrec",
        ),
        ("Il a rencontré le ministre de la Défense Park Min-jun à Séoul.", "Park Min-jun"),
        ("Minister Shin Dae-sik said the talks went well.", "Shin Dae-sik"),
    ],
)
def test_a_hyphenated_name_and_a_french_particle_stay_in_the_name(text: str, person: str) -> None:
    assert person in names_of(text, "person")


def test_le_and_la_opening_a_sentence_join_no_name() -> None:
    assert not names_of("Le ministre a parlé. La France et Le Monde ont écrit.", "person")


def test_a_capitalised_name_of_several_words_is_no_loose_category() -> None:
    text = "The joint venture brings together Evo Systems and two other drone makers."
    assert "electronic warfare" not in names_of(text, "system")


@pytest.mark.parametrize(
    "text",
    [
        "The minister spoke about drones at the UN General Assembly in New York.",
        "Le ministre a parlé des drones à l'Assemblée générale des Nations unies.",
    ],
)
def test_the_un_named_for_its_general_assembly_is_no_organisation(text: str) -> None:
    assert "United Nations" not in names_of(text, "organisation")


def test_the_un_named_otherwise_stays() -> None:
    text = "The UN agency said the minister spoke at the UN General Assembly."
    assert "United Nations" in names_of(text, "organisation")


@pytest.mark.parametrize(
    "text",
    [
        'Each night the brigade shoots down Russian "shaheds" over the river.',
        "Бригада щоночі збиває «шахеди» над річкою.",
    ],
)
def test_a_system_named_in_lower_case_between_quotes_is_that_system(text: str) -> None:
    assert "Shahed" in names_of(text, "system")


def test_a_common_word_between_quotes_is_no_system() -> None:
    assert not names_of('The minister called the plan "ambitious" on Monday.', "system")


@pytest.mark.parametrize(
    "text",
    [
        "Slovak President Zuzana Novakova opened the plant on Monday.",
        "La présidente slovaque Zuzana Novakova a visité l'usine.",
    ],
)
def test_a_first_name_that_is_a_systems_name_after_a_title_is_a_person(text: str) -> None:
    assert "Zuzana Novakova" in names_of(text, "person")
    assert "Zuzana" not in names_of(text, "system")


def test_a_systems_name_beside_another_name_without_a_title_stays_a_system() -> None:
    assert "Zuzana" in names_of("Kyiv received the Zuzana Mk howitzers in May.", "system")
