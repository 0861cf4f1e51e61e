"""Systems of the thirteenth session (sentences invented for these tests): families from public
lists across every kind, found with their category and maker, and a catalogue alias made of
the family's name and a designation read as that variant."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of

from coprod import catalog
from coprod.extraction import extract_text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The navy of Norlandia ordered two FREMM frigates last spring.", "FREMM"),
        ("Two Tripartite-class minehunters left Valmora.", "Tripartite-class minehunter"),
        ("The crews trained on CB90 boats near the coast.", "CB90"),
        ("The plant in Dravik will repair AI-322 engines for trainers.", "AI-322"),
        ("Pilots of the air force flew the AW149 over the hills.", "AW149"),
        ("A Giraffe radar now watches the border of the province.", "Giraffe"),
        ("Завод у Дравіку ремонтуватиме двигуни ТВ3-117 для гелікоптерів.", "TV3-117"),
        ("Бригада отримала нові дрони Mavic від волонтерів.", "Mavic"),
        ("The engineers tested a THeMIS robot in the field.", "THeMIS"),
        ("Both armies bought the Nora B-52 last year.", "Nora B-52"),
    ],
)
def test_a_family_from_public_lists_is_found(text: str, name: str) -> None:
    assert name in names_of(text, "system")


def test_a_new_system_keeps_its_category_and_maker() -> None:
    systems = catalog.systems()

    assert systems["cb90"].category == "naval"
    assert systems["ai-322"].manufacturer == "ivchenko-progress"
    assert systems["giraffe"].manufacturer == "saab"


def test_strike_drones_are_a_category_of_their_own() -> None:
    result = extract_text("Ukraine will make more strike drones with its partner Talvora.")
    assert "strike drones" in [e.name for e in result.entities if e.type == "system"]


@pytest.mark.parametrize(
    ("text", "variant", "family"),
    [
        ("The army of Norlandia bought Switchblade 600 drones.", "Switchblade 600", "Switchblade"),
        ("Les avions emportent des missiles SCALP EG depuis mai.", "SCALP EG", "SCALP"),
        ("The Giraffe Mark IV radar was shown at the fair.", "Giraffe Mark IV", "Giraffe"),
    ],
)
def test_an_alias_with_a_designation_is_the_variant(text: str, variant: str, family: str) -> None:
    found = names_of(text, "system")
    assert variant in found
    assert family not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Veldonia ordered more Kirpi MRAP vehicles.", "Kirpi"),
        ("Die IRIS-T SLM Systeme schützen die Stadt.", "IRIS-T"),
    ],
)
def test_a_kind_word_or_a_listed_family_stays_the_family(text: str, name: str) -> None:
    assert name in names_of(text, "system")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Berlin schickt weitere Talvik-Luftverteidigungssysteme nach Kyjiw.", "Talvik"),
        ("Die Firma Brenvik baut Korvo-Schützenpanzer in Rumänien.", "Korvo"),
    ],
)
def test_a_name_joined_to_a_german_weapon_compound_is_a_system(text: str, name: str) -> None:
    assert name in names_of(text, "system")


def test_a_german_compound_prefix_is_no_name() -> None:
    found = names_of("Die Ukraine baut mehr Langstrecken-Drohnen.", "system")
    assert "Langstrecken" not in found


def test_a_name_the_catalogue_lacks_takes_its_variant() -> None:
    found = names_of("La Slovaquie promet huit obusiers Talvo 2 à l'Ukraine.", "system")
    assert "Talvo 2" in found
    assert "Talvo" not in found


def test_a_kind_code_after_an_unknown_name_is_no_variant() -> None:
    assert "Vektor UAV" not in names_of("Kyiv ordered the drone Vektor UAV last year.", "system")
