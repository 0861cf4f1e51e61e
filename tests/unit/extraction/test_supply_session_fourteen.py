"""Supplies on unseen press (issue 14, fourteenth session; sentences written for these tests):
the company a supply's subject refers to, a capital in a wire's dateline, Ukraine receiving
goods from a giver the sentence does not name, and supply words in their other forms."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import facts_of


def test_the_company_referred_to_supplies_not_its_home_state() -> None:
    text = (
        "Rheinmetall opened a new plant in Germany last month.\n\n"
        "The company will deliver 50 Lynx vehicles to Ukraine next year."
    )
    supplies = facts_of(text, "supply")
    assert [f.supplier for f in supplies] == ["Rheinmetall"]


def test_a_company_of_another_state_does_not_replace_the_paying_state() -> None:
    text = (
        "Germany will pay for the new armoured vehicles, Berlin said.\n\n"
        "Roshel builds them in Canada. The company will deliver 50 Senator vehicles to Ukraine."
    )
    supplies = facts_of(text, "supply")
    assert "Roshel" not in {f.supplier for f in supplies}


def test_a_capital_in_a_dateline_is_no_party() -> None:
    text = "WARSAW — Rheinmetall will deliver twelve Skynex systems to Ukraine in June."
    supplies = facts_of(text, "supply")
    assert [f.parties for f in supplies] == [["Rheinmetall", "UA"]]


def test_a_capital_as_the_subject_is_still_a_party() -> None:
    text = "Berlin will deliver IRIS-T systems to Ukraine in the spring."
    supplies = facts_of(text, "supply")
    assert [f.supplier for f in supplies] == ["DE"]


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine received a second batch of NASAMS launchers in April.",
        "Україна отримала ще шість гаубиць Caesar.",
        "Forty Bradley vehicles will be delivered to the Ukrainian army in October.",
    ],
)
def test_ukraine_receiving_named_goods_from_an_untold_giver(text: str) -> None:
    supplies = facts_of(text, "supply")
    assert [(f.parties, f.supplier) for f in supplies] == [(["UA"], None)], text


def test_no_supply_without_goods_named() -> None:
    assert facts_of("Ukraine received the first deliveries last week.", "supply") == []


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        ("La Grande-Bretagne va remettre deux chasseurs de mines Sandown à l'Ukraine.", "GB"),
        ("Norway is delivering NASAMS systems to Ukraine this month.", "NO"),
        ("L'armée ukrainienne a déjà reçu quatre obusiers Caesar du Danemark.", "DK"),
    ],
)
def test_a_supply_word_in_another_form_tells_a_supply(text: str, supplier: str) -> None:
    supplies = facts_of(text, "supply")
    assert [f.supplier for f in supplies] == [supplier], text
