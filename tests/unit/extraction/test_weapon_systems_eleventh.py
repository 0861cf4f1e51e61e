"""Issue 14, weapon systems (eleventh session; sentences invented for these tests): a variant
designation is a system of its own beside its family (annotation rule 22), a category word
that qualifies ammunition names the ammunition, "missiles" counted only where a list of
weapons names them, air defence missiles, surface drones as naval drones, tanks named by their
model, and the catalogue's families of systems from public lists."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    ("text", "variant", "family"),
    [
        (
            "Berlin will send two more Skyranger 35 systems to Kyiv in spring.",
            "Skyranger 35",
            "Skyranger",
        ),
        ("Rome and Paris will deliver a SAMP/T NG battery next year.", "SAMP/T NG", "SAMP/T"),
        ("The navy will test the Magura V7 off the coast in June.", "Magura V7", "Magura"),
    ],
)
def test_a_variant_designation_is_a_system_of_its_own(text: str, variant: str, family: str) -> None:
    found = names_of(text, "system")
    assert variant in found
    assert family not in found


def test_an_interceptor_missile_is_named_beside_its_system() -> None:
    found = names_of("Kyiv asked for more Patriot systems and PAC-3 interceptors.", "system")
    assert {"Patriot", "PAC-3"} <= found


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("The plant will make artillery projectiles for the front from 2026.", "artillery"),
        ("Lviv will also produce 120 mm tank rounds under the licence.", "tanks"),
        ("Київ і Варшава почнуть спільне виробництво танкових боєприпасів.", "tanks"),
        ("La société livrera des cartouches d'artillerie dès mars.", "artillery"),
    ],
)
def test_a_weapon_word_qualifying_ammunition_is_no_category_of_weapons(
    text: str, wrong: str
) -> None:
    assert wrong not in names_of(text, "system")


def test_artillery_alone_stays_a_category() -> None:
    found = names_of("Kestrelia will send artillery and drones to Ukraine this year.", "system")
    assert {"artillery", "drones"} <= found


@pytest.mark.parametrize(
    "text",
    [
        "The fund will pay for drones, missiles and shells made in Ukraine.",
        "Die Ukraine und Norwegen wollen Drohnen und Raketen gemeinsam bauen.",
        "Уряд профінансує виробництво дронів та ракет на нових заводах.",
    ],
)
def test_missiles_listed_beside_other_weapons_are_a_system(text: str) -> None:
    assert "missiles" in names_of(text, "system")


@pytest.mark.parametrize(
    "text",
    [
        "The company also designs missile guidance software for its clients.",
        "The city was hit by missile and drone attacks overnight, the mayor said.",
    ],
)
def test_missiles_alone_or_in_attacks_are_no_system(text: str) -> None:
    assert "missiles" not in names_of(text, "system")


@pytest.mark.parametrize(
    "text",
    [
        "Norlandia will fund air defence missiles for Ukraine in 2026.",
        "Le groupe produira des missiles de défense aérienne à bas coût.",
        "Партнери передадуть Україні зенітні ракети до кінця року.",
    ],
)
def test_air_defence_missiles_are_a_category(text: str) -> None:
    found = names_of(text, "system")
    assert "air defence missiles" in found
    assert "air defence" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Athens and Kyiv will build surface drones together at a Greek yard.",
        "Kiev propose à Manille la production conjointe de drones marins.",
    ],
)
def test_surface_drones_are_naval_drones(text: str) -> None:
    found = names_of(text, "system")
    assert "naval drones" in found
    assert "drones" not in found


def test_tanks_named_by_their_model_are_no_category_of_their_own() -> None:
    text = "Vilnius repaired six Leopard 2A6. The tanks will return to the front in May."
    found = names_of(text, "system")
    assert "Leopard 2A6" in found
    assert "tanks" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Israel has not sent Iron Dome batteries, the minister said.", "Iron Dome"),
        ("The brigade captured two BMP-3 and a Kornet launcher near the river.", "Kornet"),
        ("Бригада отримала БМП-3 від партнерів минулого тижня.", "BMP-3"),
        ("The contract covers Merops systems for the eastern flank.", "Merops"),
        ("The first Octopus interceptors left the British plant in May.", "Octopus"),
        ("Le ministère a commandé des fusils CZ BREN 2 pour la garde.", "CZ BREN 2"),
        ("The Navy will receive two Sandown-class minehunters next year.", "Sandown class"),
    ],
)
def test_families_of_systems_from_public_lists(text: str, name: str) -> None:
    assert name in names_of(text, "system")


def test_a_family_entry_names_its_maker_and_source() -> None:
    from coprod import catalog

    kornet = catalog.systems()["kornet"]
    assert kornet.manufacturer == "kbp-tula"
    assert kornet.category == "anti_tank"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Компания производит дроны-перехватчики для защиты заводов.", "interceptor drones"),
        ("Oslo will fund Ukrainian-made interception drones this winter.", "interceptor drones"),
        (
            "Both navies will later study unmanned underwater vehicles together.",
            "underwater drones",
        ),
        ("Le groupe a créé une filiale de drones sous-marins l'an dernier.", "underwater drones"),
    ],
)
def test_interceptor_and_underwater_drones_in_every_language(text: str, name: str) -> None:
    assert name in names_of(text, "system")
