"""Production and funding words in their other forms (issue 14, fourteenth session; sentences
written for these tests): French "fabriquent", Ukrainian "випускає", Russian "выпустит",
French "financés", "financerait", English "allocation", "earmarked", German "finanzierten",
French "débloquée"."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import facts_of


@pytest.mark.parametrize(
    ("text", "producer"),
    [
        ("Arquus fabriquent désormais 40 véhicules Bastion par mois à Saint-Nazaire.", "Arquus"),
        ("Компанія Ukrspecsystems випускає 300 дронів Shark на місяць.", "Ukrspecsystems"),
        ("Компания Diehl Defence выпустит 12 комплексов IRIS-T в 2027 году.", "Diehl Defence"),
    ],
)
def test_a_production_word_in_another_form_tells_a_production(text: str, producer: str) -> None:
    productions = facts_of(text, "production")
    assert any(producer in f.parties for f in productions), text


@pytest.mark.parametrize(
    ("text", "funder"),
    [
        ("Les obusiers Caesar pour l'Ukraine seront financés par la Belgique.", "BE"),
        ("La Norvège financerait les drones Shark de l'Ukraine.", "NO"),
        ("Canada confirmed the allocation of new funds for NASAMS for Ukraine.", "CA"),
        ("Finland has earmarked new money for Ukraine's Bohdana howitzers.", "FI"),
        ("Schweden und Dänemark finanzierten die Bohdana-Haubitzen der Ukraine.", "SE"),
        ("Les crédits débloquées par l'Espagne paieront des drones pour l'Ukraine.", "ES"),
    ],
)
def test_a_funding_word_in_another_form_tells_a_funding(text: str, funder: str) -> None:
    fundings = facts_of(text, "funding")
    assert [f.funder for f in fundings] == [funder], text


def test_a_news_issue_is_no_production() -> None:
    text = "Випуск новин 24 Канал вийшов о 9:00."
    assert facts_of(text, "production") == []


@pytest.mark.parametrize(
    "text",
    [
        "Нідерланди виділять 90 мільйонів євро на збільшення виробництва дронів в Україні.",
        "La Norvège financera la montée en cadence de la production de drones ukrainiens.",
    ],
)
def test_money_for_production_is_a_funding_only(text: str) -> None:
    assert facts_of(text, "production") == [], text
    assert facts_of(text, "funding"), text


def test_money_for_a_counted_production_keeps_the_production() -> None:
    text = "Denmark will finance the production of 18 Bohdana howitzers per month in Ukraine."
    assert facts_of(text, "production")
