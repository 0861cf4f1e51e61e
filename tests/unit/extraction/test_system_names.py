"""Weapon systems the catalogue lacks, named from the words around them (sentences and model
names invented for these tests): designations without a hyphen beside a weapon word, names
after German compounds of a weapon word, after a French adjective, and the second of two
names joined by "et"/"and"."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The plant will build the KX90 family of armoured vehicles.", "KX90"),
        ("L'usine produit le TR211, un obus de 155 mm.", "TR211"),
        ("Die Firma liefert den Panzer RV74 an die Ukraine.", "RV74"),
    ],
)
def test_a_designation_without_a_hyphen_beside_a_weapon_is_a_system(text: str, name: str) -> None:
    assert name in names_of(text, "system")


@pytest.mark.parametrize(
    "text",
    [
        "The FY2026 budget also funds drones.",
        "The G20 leaders talked about missiles.",
        "Room B12 of the ministry was booked for the talks.",
    ],
)
def test_codes_that_are_no_weapons_stay_unnamed(text: str) -> None:
    assert not any(any(c.isdigit() for c in name) for name in names_of(text, "system"))


def test_names_after_german_compounds_of_a_weapon_word() -> None:
    found = names_of(
        "Das Werk baut die Aufklärungsdrohne Zoravik und die Logistikdrohne Pelta.", "system"
    )
    assert {"Zoravik", "Pelta"} <= found


def test_a_french_adjective_and_a_second_name_after_a_weapon_word() -> None:
    found = names_of("Paris veut livrer des drones kamikazes Tarvel et Miskon à Kiev.", "system")
    assert {"Tarvel", "Miskon"} <= found


def test_german_words_after_a_weapon_word_are_no_names() -> None:
    found = names_of("Der Gegner setzt Raketen und Drohnen verschiedener Typen ein.", "system")
    assert "Typen" not in found
    assert names_of("Zehntausende Drohnen sollen gebaut werden.", "system") == {"drones"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Paris livrera douze canons Varkos à Kiev.", "Varkos"),
        ("Україна отримає танки «Тарвел» від партнерів.", "Тарвел"),
        ("Die Firma baut Schützenpanzer Lynxo in Ungarn.", "Lynxo"),
        ("Kyiv ordered more Orvik tanks for the spring.", "Orvik"),
    ],
)
def test_names_beside_words_for_guns_tanks_and_armour(text: str, name: str) -> None:
    assert name in names_of(text, "system")


def test_a_german_noun_before_a_model_name_is_no_part_of_it() -> None:
    found = names_of("Gebaut werden zum Beispiel Lynxo-Schützenpanzer in Ungarn.", "system")
    assert not any(name.startswith("Beispiel") for name in found)
