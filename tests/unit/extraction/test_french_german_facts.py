"""Facts told in French and German (issue 14; sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_french_law_is_no_letter_of_intent() -> None:
    for text in (
        "Le Parlement ukrainien a prolongé la loi martiale, qui limite les exportations d'armes.",
        "Selon la loi de programmation militaire, la France commandera davantage de drones.",
    ):
        assert facts_of(text, "agreement") == [], text


def test_a_letter_of_intent_in_capitals_is_still_one() -> None:
    (agreement,) = facts_of(
        "Kestrel Dynamics et l'Ukraine ont signé une LoI sur les drones.", "agreement"
    )
    assert agreement.agreement_type == "letter_of_intent"


def test_the_french_past_participle_of_fournir_is_a_supply() -> None:
    (supply,) = facts_of(
        "La Norvège a fourni des obus d'artillerie de 155 mm à l'Ukraine en mars.", "supply"
    )
    assert (supply.supplier, supply.recipient) == ("NO", "UA")


def test_a_german_joint_firm_is_a_joint_venture() -> None:
    (agreement,) = facts_of(
        "Rheinmetall und Ukroboronprom gründen eine Gemeinschaftsfirma für Munition.", "agreement"
    )
    assert agreement.agreement_type == "joint_venture"
    assert set(agreement.parties) == {"Rheinmetall", "Ukroboronprom"}
