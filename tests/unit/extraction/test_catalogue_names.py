"""Names from the sourced catalogue (public lists of defence companies and weapon systems) found in
text: Cyrillic spellings in any case, designations, and the guards that keep common words and
variants out (sentences written for these tests)."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of

from coprod import catalog


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Житомирський бронетанковий завод відремонтував техніку.", "Zhytomyr Armoured Plant"),
        ("Бригади Житомирського бронетанкового заводу почали ремонт.", "Zhytomyr Armoured Plant"),
        ("Компания Райнметалл построит на Украине завод.", "Rheinmetall"),
        ("Угоду з компанією Нортроп Грумман підписали в Києві.", "Northrop Grumman"),
        ("Mesko will raise its output of Piorun missiles.", "Mesko"),
        ("La société Česká zbrojovka fournira des fusils.", "Česká zbrojovka"),
        ("Hyundai Rotem and Kyiv discussed armour repairs.", "Hyundai Rotem"),
    ],
)
def test_sourced_organisations_are_found_under_their_catalogue_name(text: str, name: str) -> None:
    assert name in names_of(text, "organisation")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Україна модернізує танки Т-64 разом з партнерами.", "T-64"),
        ("Ракети Х-101 вразили енергетику.", "Kh-101"),
        ("The army fields Grad launchers near the front.", "Grad"),
        ("Seoul declined to send K9 howitzers.", "K9"),
        ("Поставки Гріпен обговорювали в Стокгольмі.", "Gripen"),
    ],
)
def test_sourced_systems_and_spellings_are_found(text: str, name: str) -> None:
    assert name in names_of(text, "system")


@pytest.mark.parametrize(
    "text",
    [
        "The delegation went hiking in the Tatra mountains after the talks.",
        "Meine Damen und Herren, die Konferenz beginnt.",
        "Artem Petrenko leads the new drone unit.",
    ],
)
def test_common_words_and_first_names_are_not_companies(text: str) -> None:
    companies = {"Tatra Trucks", "Damen Shipyards Group", "Artem Holding"}

    assert not names_of(text, "organisation") & companies


def test_a_numbered_variant_is_named_as_written_not_as_its_family() -> None:
    assert "Lancet-3" in names_of("Russia launched Lancet-3 drones at the bridge.", "system")
    assert "Lancet" not in names_of("Russia launched Lancet-3 drones at the bridge.", "system")
    assert "Lancet" in names_of("Russia launched Lancet drones at the bridge.", "system")


def test_a_subsidiary_keeps_its_own_name() -> None:
    orgs = names_of("Les Forges de Tarbes produiront des corps d'obus.", "organisation")

    assert "Les Forges de Tarbes" in orgs
    assert "Europlasma" not in orgs


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Юрій Гусєв розповів про нові контракти концерну.", "Yurii Husiev"),
        ("Japan's defence minister Gen Nakatani met his counterpart.", "Gen Nakatani"),
        ("Le ministre roumain Angel Tilvar a signé la lettre.", "Angel Tîlvăr"),
        ("Прем'єр провів зустріч із Макроном у Парижі.", "Emmanuel Macron"),
        ("Канцлер Шольц пообіцяв нові системи ППО.", "Olaf Scholz"),
        ("Глава Пентагона Хегсет заявил о новых поставках.", "Pete Hegseth"),
    ],
)
def test_sourced_people_are_found_under_their_catalogue_name(text: str, name: str) -> None:
    assert name in names_of(text, "person")


def test_a_sourced_person_carries_the_country_they_represent() -> None:
    assert catalog.people()["gen-nakatani"].country == "JP"
    assert catalog.people()["yurii-husiev"].roles[0].organisation == "ukroboronprom"


def test_a_short_acronym_is_not_taken_for_a_missile() -> None:
    assert "Martlet" not in names_of("The LMM team published its annual report.", "system")
    assert "Martlet" in names_of("Thales will supply Martlet missiles to Kyiv.", "system")
