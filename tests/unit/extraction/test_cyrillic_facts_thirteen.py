"""Ukrainian and Russian supply and meeting forms (thirteenth session): the infinitive, the
imperfective, the gerund and the nouns of giving, sending, receiving and arriving, and the
visit forms of a meeting. Invented sentences only."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import facts_of


@pytest.mark.parametrize(
    "text",
    [
        "Естонія планує поставити Україні 20 гаубиць CAESAR до кінця року.",
        "Латвія підтримує Україну, передаючи їй бронетранспортери M113 зі своїх запасів.",
        "Литва обіцяє доставити Україні партію бронемашин M113.",
        "Данія відправлятиме в Україну снаряди калібру 155 мм щомісяця.",
        "Эстония отправила Украине партию гаубиц CAESAR.",
    ],
)
def test_giving_and_sending_forms_are_supplies(text: str) -> None:
    assert facts_of(text, "supply"), text


@pytest.mark.parametrize(
    "text",
    [
        "Україна має отримати гаубиці CAESAR від Естонії до кінця року.",
        "Украина будет получать бронемашины M113 от Латвии.",
    ],
)
def test_receiving_goods_is_a_supply(text: str) -> None:
    (supply,) = facts_of(text, "supply")
    assert "UA" in supply.parties, text


@pytest.mark.parametrize(
    "text",
    [
        "Міністр має отримати запрошення на зустріч від естонського колеги.",
        "Это відправна точка для нової співпраці з Естонією.",
    ],
)
def test_no_goods_received_or_sent_is_no_supply(text: str) -> None:
    assert not facts_of(text, "supply"), text


def test_goods_arriving_later_are_a_supply() -> None:
    text = "Гаубиці CAESAR від Естонії надійдуть в Україну до кінця року."
    assert facts_of(text, "supply")


@pytest.mark.parametrize(
    "text",
    [
        "Під час відвідин Таллінна президент України зустрівся з прем'єр-міністром Естонії.",
        "Міністр оборони Естонії відвідає Київ наступного тижня.",
        "Про це сказав президент Латвії на пресконференції в Києві.",
    ],
)
def test_visit_forms_are_meetings(text: str) -> None:
    assert facts_of(text, "meeting"), text
