"""Dates in articles (French, English, German), resolved against the publication date.

A resolved date is a string ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: as precise as the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from coprod.extraction.positions import Taken
from coprod.extraction.regexes import quick

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "janvier january jan januar jänner січня січень січні января январь январе",
        "février fevrier february feb fév févr februar лютого лютий лютому февраля февраль феврале",
        "mars march mar märz maerz березня березень березні марта март марте",
        "avril april apr avr квітня квітень квітні апреля апрель апреле",
        "mai may травня травень травні мая май мае",
        "juin june jun juni червня червень червні июня июнь июне",
        "juillet july jul juil juli липня липень липні июля июль июле",
        "août aout august aug серпня серпень серпні августа август августе",
        "septembre september sep sept вересня вересень вересні сентября сентябрь сентябре",
        "octobre october oct oktober okt жовтня жовтень жовтні октября октябрь октябре",
        "novembre november nov листопада листопад листопаді ноября ноябрь ноябре",
        "décembre decembre december dec déc dezember dez грудня грудень грудні декабря декабрь"
        " декабре",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_Adder = Callable[[int, int, str | None], None]
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_FLAGS = re.I | re.U
_ISO = quick(re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"))
_DMY = quick(re.compile(rf"\b(\d{{1,2}})(?:er|\.)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", _FLAGS))
_MDY = quick(re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,\s*(\d{{4}})\b", _FLAGS))
_DM = quick(re.compile(rf"\b(\d{{1,2}})(?:er|\.)?\s+({_MONTH})\b", _FLAGS))
_MD = quick(
    re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![\d,.]*\s*(?:\d|%))", _FLAGS)
)
_MY = quick(re.compile(rf"\b({_MONTH})\.?\s+(\d{{4}})\b", _FLAGS))
_M = quick(
    re.compile(
        rf"\b(?:en|in|im|au mois d[e']|since|depuis|seit|début|fin|early|late|mid|Anfang|Ende|Mitte"
        rf"|у|в|з|с|до|наприкінці|на початку|в конце|в начале)"
        rf"\s+({_MONTH})\b",
        _FLAGS,
    )
)
_Y = quick(re.compile(r"(?<![\d.,])\b(19[5-9]\d|20[0-4]\d)\b(?![\d.,]\d)"))
_WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "lundi monday montag понеділок понеділка понедельник",
        "mardi tuesday dienstag вівторок вівторка вторник",
        "mercredi wednesday mittwoch середу среду",
        "jeudi thursday donnerstag четвер четверга четверг",
        "vendredi friday freitag п'ятницю пятницу",
        "samedi saturday samstag sonnabend суботу субботу",
        "dimanche sunday sonntag неділю воскресенье",
    ]
):
    for _name in _names.split():
        _WEEKDAYS[_name] = _number
_WEEKDAY = quick(re.compile(rf"\b({'|'.join(_WEEKDAYS)})\b", _FLAGS))

# Relative expressions: (pattern, unit, offset). Units: day, week, month, year.
_RELATIVE: list[tuple[re.Pattern[str], str, int]] = [
    (quick(re.compile(p, _FLAGS)), unit, offset)
    for p, unit, offset in [
        (r"\bavant-hier\b|\bday before yesterday\b|\bvorgestern\b", "day", -2),
        (
            r"\bhier\b|\byesterday\b|\bgestern\b|\bla veille\b|\bthe day before\b|\bвчора\b"
            r"|\bвчера\b|\bнапередодні\b|\bнакануне\b",
            "day",
            -1,
        ),
        (
            r"\baujourd'hui\b|\baujourd’hui\b|\btoday\b|\bheute\b|\bce jour\b|\bсьогодні\b"
            r"|\bсегодня\b",
            "day",
            0,
        ),
        (r"\bdemain\b|\btomorrow\b", "day", 1),
        (
            r"\bla semaine (?:dernière|passée)\b|\blast week\b|\b(?:vergangene|letzte)n? Woche\b",
            "week",
            -1,
        ),
        (r"\bcette semaine\b|\bthis week\b|\bdiese[rn]? Woche\b", "week", 0),
        (
            r"\ble mois (?:dernier|passé)\b|\blast month\b|\b(?:vergangenen|letzten) Monat\b",
            "month",
            -1,
        ),
        (r"\bce mois-ci\b|\bthis month\b|\bdiese[nm] Monat\b", "month", 0),
        (r"\ble mois prochain\b|\bnext month\b|\bnächsten Monat\b", "month", 1),
        (
            r"\bl[’']ann[ée]e (?:dernière|passée)\b|\bl[’']an (?:dernier|passé)\b|\blast year\b"
            r"|\b(?:im )?(?:vergangenen|letzten) Jahr(?:es)?\b|\bvergangenes Jahr\b"
            r"|\bletztes Jahr\b|\bVorjahr(?:es)?\b|\bминулого року\b|\bторік\b"
            r"|\bв прошлом году\b",
            "year",
            -1,
        ),
        (
            r"\bcette année\b|\bthis year\b|\b(?:in )?diesem Jahr\b|\bdieses Jahr(?:es)?\b"
            r"|\bцього року\b|\bв этом году\b",
            "year",
            0,
        ),
        (
            r"\bl[’']ann[ée]e prochaine\b|\bl[’']an prochain\b|\bnext year\b"
            r"|\b(?:im )?nächsten Jahr\b|\bnächstes Jahr\b|\bнаступного року\b"
            r"|\bв следующем году\b",
            "year",
            1,
        ),
    ]
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a text and what it resolves to."""

    start: int
    end: int
    value: str


def find_header_date(text: str) -> str | None:
    """The ``YYYY-MM-DD`` of a dateline such as ``06 juin 2025`` or ``4. Juni 2025``."""
    found = _DMY.search(text) or _MDY.search(text)
    if not found:
        iso = _ISO.search(text)
        return _iso(int(iso[1]), int(iso[2]), int(iso[3])) if iso else None
    if found.re is _DMY:
        return _iso(int(found[3]), MONTHS[found[2].lower()], int(found[1]))
    return _iso(int(found[3]), MONTHS[found[1].lower()], int(found[2]))


def _iso(year: int, month: int, day: int | None = None) -> str | None:
    try:
        when = date(year, month, day or 1)
    except ValueError:
        return None
    return when.isoformat() if day else when.isoformat()[:7]


def parse_published(value: str | None) -> date | None:
    """The publication date of a ``YYYY-MM-DD`` string, else None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression of ``text`` that can be resolved, in text order."""
    found: list[DateMention] = []
    taken = Taken()

    def add(start: int, end: int, value: str | None) -> None:
        if value and taken.take(start, end):
            found.append(DateMention(start, end, value))

    for m in _ISO.finditer(text):
        add(m.start(), m.end(), _iso(int(m[1]), int(m[2]), int(m[3])))
    for m in _DMY.finditer(text):
        add(m.start(), m.end(), _iso(int(m[3]), MONTHS[m[2].lower()], int(m[1])))
    for m in _MDY.finditer(text):
        add(m.start(), m.end(), _iso(int(m[3]), MONTHS[m[1].lower()], int(m[2])))
    for m in _MY.finditer(text):
        add(m.start(), m.end(), _iso(int(m[2]), MONTHS[m[1].lower()]))
    _add_partial(text, published, add, _Years(text))
    for m in _Y.finditer(text):
        add(m.start(1), m.end(1), m[1])
    found.sort(key=lambda d: d.start)
    return found


class _Years:
    """The years written in a text, by offset, for "the last year written before here"."""

    def __init__(self, text: str) -> None:
        found = [(m.start(), int(m[1])) for m in _Y.finditer(text)]
        self.starts = [start for start, _ in found]
        self.years = [year for _, year in found]

    def before(self, position: int) -> int | None:
        """The last year that starts before ``position``."""
        index = bisect_left(self.starts, position)
        return self.years[index - 1] if index else None


def _add_partial(text: str, published: date | None, add: _Adder, years: _Years) -> None:
    for m in _DM.finditer(text):
        month = MONTHS[m[2].lower()]
        year = _year_for(month, years, m.start(), published)
        add(m.start(), m.end(), _iso(year, month, int(m[1])) if year else None)
    for m in _MD.finditer(text):
        if not m[1][0].isupper():
            continue
        month = MONTHS[m[1].lower()]
        year = _year_for(month, years, m.start(), published)
        add(m.start(), m.end(), _iso(year, month, int(m[2])) if year else None)
    for m in _M.finditer(text):
        month = MONTHS[m[1].lower()]
        year = _year_for(month, years, m.start(), published)
        add(m.start(1), m.end(1), _iso(year, month) if year else None)
    if published is None:
        return
    for m in _WEEKDAY.finditer(text):
        back = (published.weekday() - _WEEKDAYS[m[1].lower()]) % 7
        add(m.start(), m.end(), (published - timedelta(days=back)).isoformat())
    for pattern, unit, offset in _RELATIVE:
        for m in pattern.finditer(text):
            add(m.start(), m.end(), resolve_relative(published, unit, offset))


def _year_for(month: int, years: _Years, position: int, published: date | None) -> int | None:
    """The year of a month named without one: the last year written before it, else the
    publication's (the year before when the month is still to come: news tell the past)."""
    written = years.before(position)
    if written is not None:
        return written
    if published is None:
        return None
    return published.year - 1 if month > published.month else published.year


def resolve_relative(published: date, unit: str, offset: int) -> str:
    """A date ``offset`` units (day, week, month, year) from ``published``."""
    if unit == "day":
        return (published + timedelta(days=offset)).isoformat()
    if unit == "week":
        return (published + timedelta(weeks=offset)).isoformat()[:7]
    if unit == "month":
        index = published.year * 12 + published.month - 1 + offset
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
    return f"{published.year + offset:04d}"
