"""Facts on unseen press (issue 14, thirteenth session; sentences written for these tests):
supply words in their other forms (French "envoyer" and "envoi", English "supplying" and
"transfer", German "beliefern", "versorgen", "schicken", Ukrainian "поставок")."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import facts_of


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        ("La Belgique a envoyé douze obusiers Caesar à l'Ukraine en mars.", "BE"),
        ("Le Portugal enverra des blindés VAB à l'armée ukrainienne.", "PT"),
        ("L'envoi de chars Leopard par la Norvège à l'Ukraine a commencé.", "NO"),
        ("Norway has been supplying Ukraine with NASAMS systems since 2022.", "NO"),
        ("Sweden plans to transfer 20 CV90 vehicles to Ukraine this year.", "SE"),
        ("Dänemark beliefert die Ukraine mit Leopard-Panzern.", "DK"),
        ("Polen hat zehn Leopard-Panzer in die Ukraine geschickt.", "PL"),
        ("Фінляндія оголосила про збільшення поставок гаубиць CAESAR в Україну.", "FI"),
    ],
)
def test_a_supply_word_in_another_form_tells_a_supply(text: str, supplier: str) -> None:
    supplies = facts_of(text, "supply")
    assert [f.supplier for f in supplies] == [supplier], text


def test_the_special_envoy_sends_no_goods() -> None:
    text = "L'envoyé spécial de la France a rencontré le ministre ukrainien à Kyiv."
    assert facts_of(text, "supply") == []


def test_a_technology_transfer_is_no_supply() -> None:
    text = "Sweden and Ukraine signed an agreement on CV90 vehicles covering technology transfer."
    assert facts_of(text, "supply") == []


@pytest.mark.parametrize(
    ("text", "producer"),
    [
        ("Die IRIS-T-Systeme werden von Diehl Defence hergestellt.", "Diehl Defence"),
        ("Rheinmetall hat eine Produktionslinie für Lynx-Fahrzeuge eröffnet.", "Rheinmetall"),
        ("Arquus ne produisait que 11 véhicules Bastion par mois.", "Arquus"),
    ],
)
def test_a_production_word_in_another_form_tells_a_production(text: str, producer: str) -> None:
    productions = facts_of(text, "production")
    assert any(producer in f.parties for f in productions), text


def test_a_headline_makes_a_fact_of_a_type_the_body_tells_none_of() -> None:
    headline = "La France va transférer six robots de déminage à l'Ukraine\n\n"
    body = "Les six systèmes seront utilisés dans la région de Kharkiv. Le ministre salue."
    supplies = facts_of(headline + body, "supply")
    assert [f.supplier for f in supplies] == ["FR"]


def test_a_headline_adds_to_the_fact_the_body_tells() -> None:
    headline = "La France va transférer six robots de déminage à l'Ukraine\n\n"
    body = "La France a livré six robots de déminage à l'Ukraine en mai. Le ministre salue."
    assert len(facts_of(headline + body, "supply")) == 1


def test_belgium_named_is_the_main_partner_that_supplies_goods_told_in_the_passive() -> None:
    text = (
        "La Belgique a signé un accord de sécurité avec l'Ukraine. "
        "Il fixe le nombre d'avions F-16 qui seront livrés à l'Ukraine d'ici 2028."
    )
    supplies = facts_of(text, "supply")
    assert [f.supplier for f in supplies] == ["BE"]
