"""Dates typed on the pages are read in the page's language (web/dates.py): the locale's order
of day, month and year, the year in full, or ISO in any language; what is wrong is named."""

from __future__ import annotations

from datetime import date

import pytest
from babel import Locale

from coprod.web import dates
from coprod.web.locales import reader

UK, EN, FR = (Locale.parse(language) for language in ("uk", "en", "fr"))
MARCH_5 = date(2024, 3, 5)


@pytest.mark.parametrize(
    ("locale", "typed"),
    [
        (UK, "05.03.2024"),
        (UK, "5.3.2024"),
        (UK, " 05/03/2024 "),  # another separator, spaces around
        (FR, "05/03/2024"),
        (FR, "5-3-2024"),
        (EN, "03/05/2024"),  # month first in English
        (EN, "3/5/2024"),
        (UK, "2024-03-05"),  # ISO in every language
        (EN, "2024-03-05"),
        (FR, "2024-3-5"),
    ],
)
def test_a_date_is_read_in_the_locales_order_or_as_iso(locale: Locale, typed: str) -> None:
    assert dates.parse(typed, locale) == MARCH_5


@pytest.mark.parametrize(
    ("locale", "typed", "code"),
    [
        (UK, "", "form.date"),
        (UK, "завтра", "form.date"),
        (UK, "05.03", "form.date"),  # no year
        (UK, "05.03.2024.1", "form.date"),
        (EN, "2024/03/05", "form.date"),  # the year where the day goes
        (UK, "05.03.24", "form.date_year"),  # the year not in full
        (FR, "05/03/202", "form.date_year"),
        (UK, "31.02.2025", "form.date_day"),  # no such day
        (EN, "13/05/2024", "form.date_day"),  # no thirteenth month: the day came first
        (UK, "2025-02-30", "form.date_day"),
    ],
)
def test_what_cannot_be_read_is_named(locale: Locale, typed: str, code: str) -> None:
    with pytest.raises(dates.DateUnreadable) as refused:
        dates.parse(typed, locale)
    assert refused.value.code == code and refused.value.typed == typed.strip()


def test_the_pattern_and_example_are_the_readers() -> None:
    assert dates.entry_pattern(UK) == "dd.MM.yyyy"
    assert dates.entry_pattern(FR) == "dd/MM/yyyy"
    assert dates.entry_pattern(EN) == "MM/dd/yyyy"
    assert dates.pattern_hint(reader("uk")) == "ДД.ММ.РРРР"
    assert dates.pattern_hint(reader("fr")) == "JJ/MM/AAAA"
    assert dates.pattern_hint(reader("en")) == "MM/DD/YYYY"
    assert [dates.example(reader(lang)) for lang in ("uk", "fr", "en")] == [
        "24.02.2025",
        "24/02/2025",
        "02/24/2025",
    ]


def test_a_date_is_written_back_as_it_is_typed() -> None:
    assert dates.written("2024-03-05", UK) == "05.03.2024"
    assert dates.written(MARCH_5, EN) == "03/05/2024"
    assert dates.written("05.03.24", UK) == "05.03.24"  # what was typed stays as typed
    for locale in (UK, FR, EN):  # what is written is read back as the same day
        assert dates.parse(dates.written(MARCH_5, locale), locale) == MARCH_5


def test_a_filter_takes_a_typed_day_as_iso_and_leaves_a_month() -> None:
    assert dates.iso_or_typed("05.03.2024", UK) == "2024-03-05"
    assert dates.iso_or_typed("2024-03", UK) == "2024-03"
    assert dates.iso_or_typed("last week", EN) == "last week"
