"""Organisations and systems the catalogue lacks, found from the words around them (sentences
written for these tests)."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import facts_in, names_of

from coprod.extraction import extract_text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Kyiv signed a contract with the drone maker "Tencore" on Monday.', "Tencore"),
        ("Компанія «Скайетон» отримала контракт на виробництво дронів.", "Skyeton"),
        ("ТОВ «Укрспецтехніка» підписало угоду з міністерством.", "Укрспецтехніка"),
        ("Le fabricant «Delta Drones» livrera l'Ukraine.", "Delta Drones"),
        ("Die Firma Quantum Systems GmbH liefert Aufklärungsdrohnen.", "Quantum Systems"),
    ],
)
def test_companies_named_by_a_legal_form_or_a_company_word(text: str, name: str) -> None:
    assert name in names_of(text, "organisation")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Liutyi drone hit a refinery.", "Liutyi"),
        ("Denmark will fund the Leleka-LR reconnaissance drones.", "Leleka-LR"),
        ("Україна виробляє дрони «Вампір» у великих обсягах.", "Вампір"),
        ("The first F-16 jets arrived in Ukraine.", "F-16"),
        ("Die Ukraine erhält die Drohne Vector aus Deutschland.", "Vector"),
    ],
)
def test_systems_named_by_a_designation_or_a_weapon_word(text: str, name: str) -> None:
    assert name in names_of(text, "system")


def test_catalogue_names_are_kept_and_no_weapon_is_made_of_common_words() -> None:
    text = "Укроборонпром and the Ukrainian drones of 2024; COVID-19 rules; Minsk-2 accords."
    assert names_of(text, "system") == {"drones"}
    assert names_of("Компанія «Укроборонпром» підписала угоду.", "organisation") == {
        "Ukroboronprom"
    }


def test_a_company_found_from_context_is_a_party_to_the_contract() -> None:
    result = extract_text(
        'Ukraine signed a contract with the drone maker "Tencore" for Leleka-LR drones.', "t.txt"
    )
    (contract,) = facts_in(result, "agreement")
    assert set(contract.parties) == {"UA", "Tencore"}
    assert "Leleka-LR" in contract.systems
