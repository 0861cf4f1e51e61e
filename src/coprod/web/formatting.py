"""Numbers, money and dates as the reader writes them (Babel, CLDR data), and record values.

Money keeps its cents only when it has some (``€2,000,000,000``, ``2 000 000 000 євро``); the
compact form (``€2B``, ``2 млрд євро``) is for charts and summaries. Quantities are whole
units; months (``2026-03``) and dates are written in the reader's language.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from typing import Any, Union

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton, get_month_names
from babel.numbers import (
    format_compact_currency,
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
)

from coprod.domain.enums import AgreementType, FactStatus, Scope
from coprod.domain.money import Money
from coprod.web.countries import code_fields, country_name, is_code
from coprod.web.labels import CATEGORY_FIELDS, category_label, enum_label, field_label
from coprod.web.locales import Reader

# Where CLDR writes the ISO code, an official writes the word.
CURRENCY_WORDS = {"uk": {"EUR": "євро", "USD": "дол. США", "UAH": "грн"}}
MONTH_FIELDS = frozenset({"due", "month", "first_month", "last_month"})
# A stored row's name for one state among a record's parties, partners or participants (the
# audit trail's changes are written in the store's rows).
STATE_PARTS = frozenset({"party", "partner", "participant", "country"})


def _worded(text: str, currency: str, locale: Locale) -> str:
    word = CURRENCY_WORDS.get(str(locale.language), {}).get(currency)
    return text.replace(currency, word) if word else text


def money(amount: Decimal | float | str, currency: str, locale: Locale) -> str:
    """A full amount with the locale's separators; cents only when there are some."""
    value = Decimal(str(amount))
    pattern = locale.currency_formats["standard"].pattern
    if value == value.to_integral_value():
        pattern = pattern.replace(".00", "")
    text = format_currency(value, currency, pattern, locale=locale, currency_digits=False)
    return _worded(text, currency, locale)


def compact_money(amount: Decimal | float | str, currency: str, locale: Locale) -> str:
    """A short amount: ``€2B``, ``€1.2M``, ``2 млрд євро``."""
    value = Decimal(str(amount))
    if abs(value) < 1000:
        return money(value, currency, locale)
    text = format_compact_currency(value, currency, locale=locale, fraction_digits=1)
    return _worded(text, currency, locale)


def units(value: float | int | Decimal, locale: Locale) -> str:
    """A quantity in whole units with the locale's separators: ``42,000``, ``42 000``."""
    return format_decimal(round(value), locale=locale)


def compact(value: float, locale: Locale) -> str:
    """A short number: ``42K``, ``42 тис.``; small numbers in full."""
    if abs(value) < 10_000:
        return format_decimal(round(value, 1), locale=locale)
    return format_compact_decimal(value, locale=locale, fraction_digits=1)


def decimal(value: float | Decimal, locale: Locale, digits: int = 2) -> str:
    """A number with at most ``digits`` decimals (none when whole)."""
    return format_decimal(value, format=f"#,##0.{'#' * digits}", locale=locale)


def percent(share: float, locale: Locale) -> str:
    """A share already in percent (42 → ``42%``, ``42 %``)."""
    return format_percent(share / 100, locale=locale)


def day(value: date | str, locale: Locale) -> str:
    """A date in the locale's medium form: ``Mar 5, 2024``, ``5 бер. 2024 р.``."""
    try:
        when = value if isinstance(value, date) else date.fromisoformat(value)
    except ValueError:
        return str(value)
    return format_date(when, "medium", locale=locale)


def moment(value: datetime, locale: Locale) -> str:
    """A moment in UTC as the locale writes a date and time: ``Mar 5, 2024, 14:03 UTC``."""
    return f"{format_datetime(value, 'medium', tzinfo=UTC, locale=locale)} UTC"


def month(value: str, locale: Locale) -> str:
    """A ``YYYY-MM`` month as ``Mar 2026``, ``бер. 2026 р.``; anything else as it is."""
    try:
        when = date.fromisoformat(f"{value}-01")
    except ValueError:
        return value
    return format_skeleton("yMMM", when, locale=locale)


def _core(hint: Any) -> Any:
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _core(args[0])
    if typing.get_origin(hint) is list:
        return _core(typing.get_args(hint)[0])
    return hint


@cache
def field_types(cls: type[Any]) -> dict[str, Any]:
    """Each field of a record class with its value's type (inside lists and optionals)."""
    return {name: _core(hint) for name, hint in typing.get_type_hints(cls).items()}


def value(raw: Any, kind: Any, field: str, reader: Reader) -> str:
    """A value of a record (as ``to_record`` writes it) in the reader's words and numbers."""
    if raw is None or raw == []:
        return ""
    hint = field_types(kind)[field] if kind is not None and field in field_types(kind) else None
    if isinstance(raw, list):
        return ", ".join(value(item, kind, field, reader) for item in raw)
    if is_code(raw) and field in code_fields(kind):
        return country_name(raw, reader.locale)
    return _one(raw, hint, field, reader)


def _one(raw: Any, hint: Any, field: str, reader: Reader) -> str:
    loc = reader.locale
    if isinstance(raw, dict) and set(raw) == {"amount", "currency"}:
        return money(raw["amount"], raw["currency"], loc)
    if isinstance(raw, bool):
        return reader.gettext("yes") if raw else reader.gettext("no")
    if isinstance(hint, type) and issubclass(hint, Enum):
        return enum_label(hint, str(raw), reader)
    if field in CATEGORY_FIELDS and isinstance(raw, str):
        return category_label(raw, reader)
    if isinstance(raw, int):
        return units(raw, loc)
    if hint is Decimal:
        return _decimal_text(raw, loc)
    if hint is date or (field in {"on", "start", "end"} and isinstance(raw, str)):
        return day(raw, loc)
    if field in MONTH_FIELDS and isinstance(raw, str):
        return month(raw, loc)
    if isinstance(raw, dict):
        return _nested(raw, hint, reader)
    return str(raw)


def _decimal_text(raw: Any, locale: Locale) -> str:
    try:
        return decimal(Decimal(str(raw)), locale)
    except InvalidOperation:
        return str(raw)


BARE_PARTS = frozenset({"status", "stage", "on", "title", "document"})  # written unlabelled


def part_pieces(raw: dict[str, Any], hint: Any, reader: Reader) -> list[tuple[str, str]]:
    """A history step's, an evidence span's or a role's filled fields in order, each as
    (the field, its words: labelled, ``організація acme``, unless it speaks for itself)."""
    inner = field_types(hint) if isinstance(hint, type) and dataclasses.is_dataclass(hint) else {}
    pieces = []
    for name, item in raw.items():
        if item is None:
            continue
        if is_code(item) and name in STATE_PARTS:
            pieces.append((name, country_name(item, reader.locale)))
            continue
        shown = _one(item, inner.get(name), name, reader)
        bare = name in BARE_PARTS
        pieces.append((name, shown if bare else f"{field_label(name, reader).lower()} {shown}"))
    return pieces


def _nested(raw: dict[str, Any], hint: Any, reader: Reader) -> str:
    """A history step, an evidence span or a role: its filled parts, labelled."""
    return ", ".join(words for _, words in part_pieces(raw, hint, reader))


def money_of(amount: Money, reader: Reader) -> str:
    """A Money value in full."""
    return money(amount.amount, amount.currency, reader.locale)


def month_names(locale: Locale) -> list[tuple[str, str]]:
    """The months of a year as a form offers them: (``01``…``12``, the name the reader uses
    for a month on its own: ``January``, ``січень``, ``janvier``)."""
    names = get_month_names("wide", context="stand-alone", locale=locale)
    return [(f"{number:02d}", str(names[number])) for number in range(1, 13)]


# A proposed fact's fields that hold an enum's values (the extraction's words for them).
FACT_ENUMS: dict[str, type[Enum]] = {
    "status": FactStatus,
    "agreement_type": AgreementType,
    "scope": Scope,
}


def fact_value(raw: Any, field: str, reader: Reader) -> str:
    """A proposed fact's field in the reader's words: an enum's label, a party's country, a
    date in the locale; anything else as it is (lists comma-separated)."""
    if isinstance(raw, list):
        return ", ".join(fact_value(item, field, reader) for item in raw)
    if raw is None:
        return ""
    if field in FACT_ENUMS:
        return enum_label(FACT_ENUMS[field], str(raw), reader)
    if field in {"parties", "funder", "recipient", "supplier"} and is_code(raw):
        return country_name(raw, reader.locale)
    if field == "date" and isinstance(raw, str):
        return day(raw, reader.locale) if len(raw) == 10 else month(raw, reader.locale)
    if isinstance(raw, dict):
        return ", ".join(f"{name} {item}" for name, item in raw.items())
    return str(raw)
