"""Dates typed on the pages, in the page's language rather than the browser's.

A date field is a text input whose hint gives the reader's pattern (``ДД.ММ.РРРР``,
``MM/DD/YYYY``, ``JJ/MM/AAAA``) and an example; what is typed is read on the server (no
JavaScript needed) in the reader's order (CLDR's short date pattern, through Babel: day, month,
year in Ukrainian and French, month, day, year in English), the year in full, or as ISO
``YYYY-MM-DD`` in any language. The browser's own date control is not used: it speaks the
language of the browser or of the computer, not the page's, so that a Ukrainian page could
ask for ``mm/dd/yyyy``.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date

from coprod.web.labels import NC_
from coprod.web.locales import Reader

ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
ISO_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
PARTS = re.compile(r"\s*[./\-\s]\s*")
FIELD = re.compile(r"d+|M+|y+|L+")
EXAMPLE = date(2025, 2, 24)  # a day above 12: the example shows which number is the day
# How a pattern's letters are written for people, in each language (``РРРР``, ``AAAA``).
LETTERS = {
    "d": NC_("date pattern", "DD"),
    "M": NC_("date pattern", "MM"),
    "y": NC_("date pattern", "YYYY"),
}


class DateUnreadable(ValueError):
    """A typed date that could not be read: ``code`` says why (``form.date``: not in the
    pattern; ``form.date_year``: the year not in full; ``form.date_day``: no such day)."""

    def __init__(self, code: str, typed: str) -> None:
        super().__init__(f"{typed!r}: {code}")
        self.code = code
        self.typed = typed


@cache
def order(locale: Locale) -> tuple[tuple[str, ...], str]:
    """The order of day (``d``), month (``M``) and year (``y``) in the locale's short date,
    and the separator it writes between them."""
    pattern = locale.date_formats["short"].pattern
    fields = [f[0].replace("L", "M") for f in FIELD.findall(pattern)]
    between = re.search(r"[dMyL]+([^dMyL']+)[dMyL]", pattern)
    separator = between.group(1).strip() if between else "."
    seen = tuple(dict.fromkeys(f for f in fields if f in "dMy"))
    return (seen if len(seen) == 3 else ("d", "M", "y")), separator or "."


def entry_pattern(locale: Locale) -> str:
    """The CLDR pattern a date is typed in: two-digit day and month, the year in full."""
    fields, separator = order(locale)
    return separator.join({"d": "dd", "M": "MM", "y": "yyyy"}[f] for f in fields)


def written(value: date | str, locale: Locale) -> str:
    """A date as it is typed in the locale (``24.02.2025``, ``02/24/2025``); text that is
    not an ISO date is given back as it is (what the reader typed)."""
    if isinstance(value, date):
        return format_date(value, entry_pattern(locale), locale=locale)
    try:
        return format_date(date.fromisoformat(value), entry_pattern(locale), locale=locale)
    except ValueError:
        return value


def pattern_hint(reader: Reader) -> str:
    """The pattern in the reader's letters: ``ДД.ММ.РРРР``, ``MM/DD/YYYY``, ``JJ/MM/AAAA``."""
    fields, separator = order(reader.locale)
    return separator.join(reader.pgettext(*LETTERS[f]) for f in fields)


def example(reader: Reader) -> str:
    """The example date of the hints, as the reader types it."""
    return written(EXAMPLE, reader.locale)


def _day(year: str, month: str, day: str, typed: str) -> date:
    if len(year) != 4:
        raise DateUnreadable("form.date_year", typed)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise DateUnreadable("form.date_day", typed) from None


def parse(typed: str, locale: Locale) -> date:
    """A date typed in the locale's order (any of ``. / -`` or a space between its numbers)
    or as ISO ``YYYY-MM-DD``; DateUnreadable saying what is wrong otherwise."""
    text = typed.strip()
    iso = ISO_DAY.fullmatch(text)
    if iso:
        return _day(iso.group(1), iso.group(2), iso.group(3), text)
    parts = PARTS.split(text)
    if len(parts) != 3 or not all(p.isdigit() and len(p) <= 4 for p in parts):
        raise DateUnreadable("form.date", text)
    fields, _ = order(locale)
    given = dict(zip(fields, parts, strict=True))
    if len(given["d"]) > 2 or len(given["M"]) > 2:
        raise DateUnreadable("form.date", text)
    return _day(given["y"], given["M"], given["d"], text)


def iso_or_typed(typed: str, locale: Locale) -> str:
    """A filter's date as the store reads it: a day typed in the locale's order as ISO
    ``YYYY-MM-DD``; a month (``YYYY-MM``) or anything unreadable as it was typed."""
    text = typed.strip()
    if ISO_MONTH.fullmatch(text):
        return text
    try:
        return parse(text, locale).isoformat()
    except DateUnreadable:
        return typed
