"""Issue 14, entities (sentences invented for these tests): parliaments, which are no
organisations of interest, Ukraine's forces named as the French and English press name them,
categories of systems the gold names (kamikaze drones, trucks, armoured ambulances, SAR
satellites, shell casings, personnel carriers), a category word that closes a company's name,
and helicopters named by their model."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    "text",
    [
        "The Verkhovna Rada ratified the agreement on Tuesday, and Kyiv welcomed the vote.",
        "The US Congress debated the aid package while the Pentagon prepared deliveries.",
    ],
)
def test_parliaments_are_no_organisations_of_interest(text: str) -> None:
    found = names_of(text, "organisation")
    assert "Verkhovna Rada" not in found
    assert "United States Congress" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Les forces ukrainiennes recevront 40 blindés en mai.",
        "Ukrainian forces will receive the first vehicles in May.",
    ],
)
def test_ukrainian_forces_are_the_armed_forces(text: str) -> None:
    assert "Armed Forces of Ukraine" in names_of(text, "organisation")


def test_a_subsidiary_named_in_full_is_not_its_group() -> None:
    found = names_of("John Cockerill Defense will deliver the turrets in 2026.", "organisation")
    assert "John Cockerill Defense" in found
    assert "John Cockerill" not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("La France livrera des drones kamikazes à l'Ukraine en mai.", "kamikaze drones"),
        ("Міністерство закупило 300 дронів-камікадзе.", "kamikaze drones"),
        ("The grant pays for twelve armoured ambulances for the front.", "armoured ambulances"),
        ("Kyiv will receive 60 military trucks from the donors in June.", "trucks"),
        ("The firm will give the army access to its SAR satellites.", "SAR satellites"),
        ("The plant in Tarvik will make shell casings for Kyiv.", "shell casings"),
        ("Belgium sends 30 armoured personnel carriers to Ukraine.", "armoured personnel carriers"),
        ("Польща передасть 20 бойових машин піхоти.", "infantry fighting vehicles"),
    ],
)
def test_categories_of_systems(text: str, name: str) -> None:
    assert name in names_of(text, "system")


def test_personnel_carriers_are_not_armoured_vehicles_too() -> None:
    found = names_of("Belgium sends 30 armoured personnel carriers to Ukraine.", "system")
    assert "armoured vehicles" not in found


@pytest.mark.parametrize(
    ("text", "company", "category"),
    [
        (
            "Kyiv signed a deal with Morvane Truck to supply the army with new vehicles.",
            "Morvane Truck",
            "trucks",
        ),
        (
            "Tokyo said that Kestrava Drone will open an office in Kyiv next spring.",
            "Kestrava Drone",
            "drones",
        ),
    ],
)
def test_a_category_word_closing_a_company_name_is_the_company(
    text: str, company: str, category: str
) -> None:
    assert company in names_of(text, "organisation")
    assert category not in names_of(text, "system")


def test_a_category_word_in_a_title_case_headline_stays_a_system() -> None:
    text = "Ukraine Gets New Trucks From Donors\nThe trucks arrive in June."
    assert "trucks" in names_of(text, "system")


def test_helicopters_named_by_their_model_are_no_category_of_their_own() -> None:
    text = (
        "Riga will hand over two Mi-17 helicopters to Kyiv. The helicopters were overhauled "
        "in the spring."
    )
    found = names_of(text, "system")
    assert "Mi-17" in found
    assert "helicopters" not in found


def test_helicopters_beside_a_model_the_catalogue_lacks_are_its_description() -> None:
    found = names_of("Riga will hand over two Zorvak-7 helicopters to Kyiv in May.", "system")
    assert "helicopters" not in found


def test_helicopters_without_a_model_stay_a_category() -> None:
    found = names_of("Riga will hand over two helicopters to Kyiv in May.", "system")
    assert "helicopters" in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "The Electronic Warfare Coalition met in Brussels on Monday.",
            "Electronic Warfare Coalition",
        ),
        ("Kyiv and Vilnius lead the demining coalition of twenty states.", "Demining Coalition"),
        (
            "The US Department of Commerce approved the export licence.",
            "United States Department of Commerce",
        ),
        (
            "ДСНС отримала 20 машин для розмінування від партнерів.",
            "State Emergency Service of Ukraine",
        ),
    ],
)
def test_state_bodies_and_coalitions_of_the_catalogue(text: str, name: str) -> None:
    assert name in names_of(text, "organisation")
