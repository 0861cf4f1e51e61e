"""Money and counts in French, English and German."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coprod.extraction.amounts import find_amounts, parse_count, parse_number


@pytest.mark.parametrize(
    ("text", "language", "amount", "currency"),
    [
        ("une aide de deux milliards d'euros", "fr", 2_000_000_000, "EUR"),
        ("un fonds de 200 millions d’euros", "fr", 200_000_000, "EUR"),
        ("a $680M sale", "en", 680_000_000, "USD"),
        ("Denmark adds DKK 1.3bn", "en", 1_300_000_000, "DKK"),
        ("mit 1,4 Mrd. Euro", "de", 1_400_000_000, "EUR"),
        ("zwei Milliarden Euro", "de", 2_000_000_000, "EUR"),
        ("€2bn for drones", "en", 2_000_000_000, "EUR"),
        ("£1.6 billion package", "en", 1_600_000_000, "GBP"),
        ("2,5 milliards d'euros", "fr", 2_500_000_000, "EUR"),
        ("500 000 euros", "fr", 500_000, "EUR"),
        ("EUR 1.250.000", "de", 1_250_000, "EUR"),
        ("SEK 2.5 billion", "en", 2_500_000_000, "SEK"),
        ("$1,234.5 million", "en", 1_234_500_000, "USD"),
        ("300 millions de dollars", "fr", 300_000_000, "USD"),
    ],
)
def test_amounts_are_exact(text: str, language: str, amount: int, currency: str) -> None:
    found = find_amounts(text, language)
    assert [(a.amount, a.currency) for a in found] == [(Decimal(amount), currency)]
    assert text[found[0].start : found[0].end].strip()


def test_a_german_billion_is_a_thousand_milliards() -> None:
    assert find_amounts("eine Billion Euro", "de")[0].amount == Decimal(10**12)


def test_numbers_without_currency_are_not_money() -> None:
    assert find_amounts("1,000 drones and 155 mm shells", "en") == []


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [("1,4", "de", "1.4"), ("1,000", "en", "1000"), ("1.000", "de", "1000"), ("douze", "fr", "12")],
)
def test_numbers(text: str, language: str, value: str) -> None:
    assert parse_number(text, language) == Decimal(value)


def test_counts() -> None:
    assert parse_count("une douzaine") == 12
    assert parse_count("100") == 100
    assert parse_count("plusieurs") is None
