"""Coalitions and alliances of states and companies named in each language (sentences invented
for these tests) are the catalogue's organisations, also inflected in Ukrainian and Russian; a
subsidiary written in full is its own company, not its group."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Un atelier d'Estonie a rejoint la coalition de drones cet hiver.", "Drone Coalition"),
        ("Ще дві країни приєдналися до Коаліції дронів у березні.", "Drone Coalition"),
        ("Эстония вошла в коалицию дронов в прошлом месяце.", "Drone Coalition"),
        ("Прем'єр узяв участь у засіданні Коаліції охочих у Парижі.", "Coalition of the Willing"),
        (
            "Trois fabricants belges ont signé la déclaration de l'Alliance des industries de "
            "défense.",
            "Defence Industries Alliance",
        ),
        ("До Альянсу оборонних індустрій приєдналися нові фірми.", "Defence Industries Alliance"),
    ],
)
def test_a_coalition_named_in_any_language_is_its_organisation(text: str, name: str) -> None:
    assert name in names_of(text, "organisation")


@pytest.mark.parametrize(
    "text",
    [
        "Kongsberg Defence & Aerospace will open a workshop near Lviv.",
        "Kongsberg Defense & Aerospace signed with a Ukrainian yard.",
    ],
)
def test_a_subsidiary_written_in_full_is_its_own_company(text: str) -> None:
    assert names_of(text, "organisation") == {"Kongsberg Defence & Aerospace"}
