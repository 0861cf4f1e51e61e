"""Dates resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from coprod.extraction.dates import find_dates, find_header_date, resolve_relative

PUBLISHED = date(2025, 6, 6)  # a Friday


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("signé lundi à Kyiv", "2025-06-02"),
        ("la réunion de la veille", "2025-06-05"),
        ("le 4 juin au siège", "2025-06-04"),
        ("l'année dernière", "2024"),
        ("last week in Brussels", "2025-05"),
        ("im Mai", "2025-05"),
        ("en novembre", "2024-11"),
        ("opérationnelle dès mars 2026", "2026-03"),
        ("on June 4, 2025", "2025-06-04"),
        ("am 4. Juni 2025", "2025-06-04"),
        ("in 2023", "2023"),
        ("gestern", "2025-06-05"),
        ("next year", "2026"),
    ],
)
def test_dates_resolve(text: str, value: str) -> None:
    assert [d.value for d in find_dates(text, PUBLISHED)] == [value]


def test_a_month_takes_the_last_year_written_before_it() -> None:
    text = "En 2023, Kyiv a organisé un forum en septembre."
    assert [d.value for d in find_dates(text, None)] == ["2023", "2023-09"]


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("signé lundi, l'année dernière", None) == []


def test_header_dates() -> None:
    assert find_header_date("06 juin 2025") == "2025-06-06"
    assert find_header_date("March 3, 2024") == "2024-03-03"
    assert find_header_date("nothing") is None


def test_relative_units() -> None:
    assert resolve_relative(date(2025, 1, 15), "month", -1) == "2024-12"
    assert resolve_relative(date(2025, 1, 15), "week", -1) == "2025-01"
