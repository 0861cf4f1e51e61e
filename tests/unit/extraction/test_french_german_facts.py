"""Facts told in French and German (issue 14; sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of

from coprod.extraction.facts import split_sentences


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


def test_an_order_placed_with_a_named_company_is_a_contract() -> None:
    for text, buyer, seller in (
        (
            "Le ministère des Armées a passé une commande de 40 radars auprès de Thales.",
            "FR",
            "Thales",
        ),
        (
            "L'Ukraine va commander 300 drones à la société Quantum Systems.",
            "UA",
            "Quantum Systems",
        ),
        (
            "Das Verteidigungsministerium der Ukraine hat bei Hensoldt Radare bestellt.",
            "UA",
            "Hensoldt",
        ),
    ):
        (agreement,) = facts_of(text, "agreement")
        assert agreement.agreement_type == "contract", text
        assert {buyer, seller} <= set(agreement.parties), text


def test_an_order_without_the_company_or_a_commander_is_no_contract() -> None:
    for text in (
        "Le ministre a annoncé la commande de 200 missiles pour l'armée ukrainienne.",
        "Le matériel commandé par la Pologne n'a pas encore été livré.",
        "The brigade commander praised the Thales radars delivered to Ukraine.",
    ):
        assert facts_of(text, "agreement") == [], text


def test_a_sentence_ends_before_a_spaced_french_quote() -> None:
    text = "Le contrat a été signé à Kyiv. « Nexter » produit des obus. Fin. » Le ministre a parlé."
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == [
        "Le contrat a été signé à Kyiv.",
        "« Nexter » produit des obus.",
        "Fin.",
        "Le ministre a parlé.",
    ]


def test_a_videoconference_or_talks_with_someone_is_a_meeting() -> None:
    for text in (
        "Lors d'une vidéoconférence, le ministre roumain Andrei Pop a parlé avec l'Ukraine.",
        "Le ministre ukrainien a tenu des discussions avec le ministre polonais de la Défense.",
    ):
        (meeting,) = facts_of(text, "meeting")
        assert "UA" in meeting.parties, text


def test_goods_received_are_a_supply_but_a_visitor_received_is_not() -> None:
    for text, supplier in (
        ("L'Ukraine recevra 100 000 obus de 155 mm de la République tchèque en juin.", "CZ"),
        ("Die Ukraine erhält Munition aus Norwegen.", "NO"),
    ):
        (supply,) = facts_of(text, "supply")
        assert (supply.supplier, supply.recipient) == (supplier, "UA"), text
    assert (
        facts_of("Le ministre polonais recevra son homologue ukrainien à Varsovie.", "supply") == []
    )


def test_aid_or_money_provided_with_fournir_is_a_funding() -> None:
    text = (
        "D'après le texte publié après le sommet, la Finlande fournira environ 1,25 milliard"
        " d'euros d'aide à l'Ukraine."
    )
    (funding,) = facts_of(text, "funding")
    assert (funding.funder, funding.recipient) == ("FI", "UA")
    assert float(funding.amount or 0) == 1.25e9
    assert facts_of(text, "supply") == []


def test_goods_provided_with_fournir_stay_a_supply() -> None:
    (supply,) = facts_of("La Suède fournira 2 000 obus de 155 mm à l'Ukraine.", "supply")
    assert (supply.supplier, supply.recipient) == ("SE", "UA")


def test_a_company_presented_or_a_production_guessed_at_is_no_production() -> None:
    for text in (
        "Thales, qui fabrique des radars, a ouvert un bureau à Lyon avec Kyiv.",
        "La nouvelle filiale de Thales se spécialisera dans la production de radars en Ukraine.",
        "La France et l'Ukraine vont produire des pièces détachées, et peut-être même des drones.",
        "Rheinmetall und die Ukraine könnten vielleicht bald gemeinsam Drohnen produzieren.",
    ):
        assert facts_of(text, "production") == [], text
