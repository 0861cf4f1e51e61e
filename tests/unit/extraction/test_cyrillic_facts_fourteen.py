"""Ukrainian and Russian facts (fourteenth session): the imperfective past of giving as a
delivery, two unpriced fundings of one donor kept apart, state contracts and orders written as
one word, production told by "випуск" and the reflexive, an outlet credited with "передає", and
"пів"/"півтора" and a glued currency code in sums. Invented sentences only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.unit.extraction.helpers import facts_of

from coprod.extraction.amounts import find_amounts


@pytest.mark.parametrize(
    "text",
    [
        "Минулого року Естонія щомісяця передавала Україні гаубиці CAESAR.",
        "Латвія постачала Україні бронетранспортери M113 з 2022 року.",
        "Эстония поставляла Украине гаубицы CAESAR весь прошлый год.",
    ],
)
def test_imperfective_past_of_giving_is_delivered(text: str) -> None:
    (supply,) = facts_of(text, "supply")
    assert supply.status == "delivered", text


def test_a_past_and_a_coming_supply_of_one_giver_are_two() -> None:
    text = (
        "Минулого року Естонія щомісяця передавала Україні гаубиці CAESAR. "
        "Наступного року Естонія постачатиме Україні гаубиці CAESAR щотижня."
    )
    statuses = sorted(s.status or "" for s in facts_of(text, "supply"))
    assert statuses == ["delivered", "planned"]


def test_two_unpriced_fundings_of_one_donor_for_other_goods_are_two() -> None:
    text = (
        "Естонія погодилася фінансувати роботу терміналів Starlink в Україні. "
        "Раніше повідомлялося, що Естонія планує інвестувати у виробництво ракет в Україні."
    )
    fundings = facts_of(text, "funding")
    assert len(fundings) == 2
    assert {f.status for f in fundings} == {"signed", "planned"}


def test_the_same_unpriced_funding_told_twice_stays_one() -> None:
    text = (
        "Естонія фінансуватиме виробництво дронів в Україні. "
        "Естонія фінансуватиме виробництво дронів в Україні і надалі."
    )
    assert len(facts_of(text, "funding")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Міністерство оборони України уклало чотири держконтракти на дрони-перехоплювачі.",
        "Минулого місяця Укроборонпром законтрактував у Чехії бронемашини на 2 млрд гривень.",
        "Министерство обороны Украины заключило госконтракт на поставку дронов.",
    ],
)
def test_state_contracts_written_as_one_word_are_contracts(text: str) -> None:
    (contract,) = facts_of(text, "agreement")
    assert contract.agreement_type == "contract", text


@pytest.mark.parametrize(
    "text",
    [
        "Естонська компанія Milrem планує почати випуск роботів THeMIS в Україні.",
        "Естонська компанія Milrem випускає роботи THeMIS в Україні.",
        "Роботи THeMIS вироблятимуться в Україні естонською компанією Milrem.",
    ],
)
def test_output_and_reflexive_forms_are_productions(text: str) -> None:
    assert facts_of(text, "production"), text


def test_an_outlet_credited_with_peredaie_is_no_supply() -> None:
    text = "Перша гаубиця CAESAR буде зібрана в Естонії цього року, передає Укрінформ."
    assert not facts_of(text, "supply")
    assert facts_of("Естонія передає Україні гаубиці CAESAR.", "supply")


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("майже пів мільярда доларів", Decimal("500000000"), "USD"),
        ("півтора мільярда євро", Decimal("1500000000"), "EUR"),
        ("полтора миллиарда долларов", Decimal("1500000000"), "USD"),
        ("на EUR80 млн", Decimal("80000000"), "EUR"),
    ],
)
def test_halves_and_glued_codes_in_sums(text: str, amount: Decimal, currency: str) -> None:
    (found,) = find_amounts(text, "uk")
    assert (found.amount, found.currency) == (amount, currency)


def test_a_half_inside_a_word_is_no_sum() -> None:
    assert [a.amount for a in find_amounts("співпраця на 5 млн євро", "uk")] == [Decimal(5000000)]
