"""Issue 14, entity round of the twelfth session (sentences invented for these tests): a
category of weapons told as what is fought, detected or attacks (the enemy's drones, the
targets of a radar) is no system of the story (annotation rule 20)."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("The new radar of Norlandia can detect cruise missiles, drones and aircraft.", "drones"),
        (
            "The new radar of Norlandia can detect cruise missiles, drones and aircraft.",
            "cruise missiles",
        ),
        (
            "Le système doit intercepter des cibles variées, dont les avions de combat.",
            "combat aircraft",
        ),
        ("The depot was damaged in Russian drone attacks last winter.", "drones"),
        ("Kyiv reported massive attacks of enemy drones on the city overnight.", "drones"),
        ("Die Helikopter sollen künftig feindliche Drohnen abfangen.", "drones"),
        ("Місто знову зазнало атак ворожих дронів цієї ночі.", "drones"),
        ("Вертолёты сбивают вражеские беспилотники над городом.", "drones"),
        ("The hull protects its crew against artillery splinters and mines.", "artillery"),
        ("The front has seen heavy artillery exchanges for months.", "artillery"),
        ("The plant will make ammunition for the Ukrainian artillery.", "artillery"),
        ("Уряд замовив боєприпаси для наземної артилерії на 2026 рік.", "artillery"),
    ],
)
def test_a_category_that_is_fought_is_no_system(text: str, category: str) -> None:
    assert category not in names_of(text, "system")


@pytest.mark.parametrize(
    "text",
    [
        "Norlandia will fund the production of drones for Ukraine in 2026.",
        "Le Danemark financera des drones et des missiles pour l'Ukraine.",
        "Die Firma wird in Polen Drohnen für die Ukraine bauen.",
        "Уряд закупить дрони для Збройних сил на ці кошти.",
    ],
)
def test_a_category_made_bought_or_sent_stays(text: str) -> None:
    assert "drones" in names_of(text, "system")


def test_artillery_sent_stays() -> None:
    assert "artillery" in names_of("Norlandia will send artillery to Ukraine in May.", "system")


@pytest.mark.parametrize(
    "text",
    [
        "Norlandia Aero will build a plant for solid rocket fuel next year.",
        "Le site produira du propergol pour les missiles ukrainiens.",
        "Das Werk soll ab 2026 Raketentreibstoff herstellen.",
        "Завод вироблятиме компоненти ракетного палива з 2026 року.",
    ],
)
def test_rocket_fuel_is_a_category(text: str) -> None:
    assert "rocket fuel" in names_of(text, "system")


@pytest.mark.parametrize(
    ("text", "named", "category"),
    [
        (
            "Kyiv says the Octopus is the first Ukrainian combat drone built abroad.",
            "Octopus",
            "drones",
        ),
        ("Sweden may send Gripen fighter jets to Ukraine.", "Gripen", "combat aircraft"),
        (
            "La France livrera des missiles de croisière SCALP à l'Ukraine.",
            "SCALP",
            "cruise missiles",
        ),
    ],
)
def test_a_category_beside_its_named_system_describes_it(
    text: str, named: str, category: str
) -> None:
    found = names_of(text, "system")
    assert named in found
    assert category not in found


def test_a_category_in_another_sentence_stays() -> None:
    text = (
        "Norlandia bought Octopus interceptors last year. It will now also buy drones for training."
    )
    assert "drones" in names_of(text, "system")


@pytest.mark.parametrize(
    "text",
    [
        "Глава Міноборони Денис Шмигаль провів розмову з колегою з Норвегії.",
        "Об этом сообщил глава Минобороны Украины Денис Шмыгаль.",
    ],
)
def test_a_ministry_a_person_heads_is_a_title(text: str) -> None:
    assert "Ministry of Defence of Ukraine" not in names_of(text, "organisation")


def test_a_ministry_that_acts_stays() -> None:
    text = "Міноборони підписало контракт на постачання дронів, повідомив Денис Шмигаль."
    assert "Ministry of Defence of Ukraine" in names_of(text, "organisation")
