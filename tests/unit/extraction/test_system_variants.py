"""Variant designations, demining machines and loose matches of system names (sentences
invented for these tests): a variant the catalogue lists is a system of its own beside its
family, demining machines and equipment are systems, and a capitalised common word close to a
category or to a missile's name is neither."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    ("text", "variant", "family"),
    [
        ("Bratislava signed for four more Zuzana 2 guns last winter.", "Zuzana 2", "Zuzana"),
        ("Vilnius sent two Zuzana2 guns for a check-up.", "Zuzana 2", "Zuzana"),
        ("The workshop in Kaunas overhauled a Leopard 2A5 in spring.", "Leopard 2A5", "Leopard 2"),
    ],
)
def test_a_listed_variant_is_a_system_of_its_own(text: str, variant: str, family: str) -> None:
    found = names_of(text, "system")
    assert variant in found
    assert family not in found


def test_the_family_alone_stays_the_family() -> None:
    assert "Zuzana" in names_of("The Slovak army still fields the Zuzana howitzer.", "system")


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Thanks to the new plant, output of parts doubled.", "tanks"),
        ("Thanks, said the minister, for the quick help.", "tanks"),
        ("Die Granaten im Kaliber 152 mm kommen aus Polen.", "Kalibr"),
    ],
)
def test_a_capitalised_common_word_is_no_system(text: str, absent: str) -> None:
    assert absent not in names_of(text, "system")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zagreb will send six demining machines to Kharkiv.", "demining vehicles"),
        ("Хорватія передасть Харкову шість машин для розмінування.", "demining vehicles"),
        ("La Croatie livrera des véhicules de déminage en mai.", "demining vehicles"),
        ("The firm sells mechanised demining equipment to Kyiv.", "demining equipment"),
        ("Le Japon fournit des équipements de déminage à Kyiv.", "demining equipment"),
    ],
)
def test_demining_machines_and_equipment_are_systems(text: str, name: str) -> None:
    assert name in names_of(text, "system")
