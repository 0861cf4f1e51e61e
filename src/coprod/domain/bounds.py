"""The bounds and syntax of every value a record may hold, in one table for every entry point.

API bodies, page forms, JSON and CSV imports and accepted facts all become records through the
records format's models (``services/records.py``), which take their constraints from here, and
are stored after ``check_record`` (through ``domain/rules.py``): a value outside these bounds
is refused with the field that holds it, before the planner, the dashboard or the store ever
sees it. ``docs/records-format.md`` documents the same figures.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from coprod.domain import entities as d
from coprod.domain.money import Money
from coprod.domain.partial import unread_of, whole_class
from coprod.errors import InvalidInput

KEY_LENGTH = 200
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
KEY = re.compile(KEY_PATTERN)
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
URL_SCHEMES = frozenset({"http", "https"})

FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates and months
TEXT_LENGTH = 500  # a name, an alias, a reference: what the store's String(500) columns hold
LONG_TEXT_LENGTH = 20_000  # notes, titles, the source of a document
URL_LENGTH = 2_000
LIST_LENGTH = 1_000  # items of one list (parties, aliases, evidence…)


@dataclass(frozen=True)
class Range:
    """The values a number may take: ``low ≤ value ≤ high``, with at most ``places`` decimals."""

    low: Decimal
    high: Decimal
    places: int = 0

    def check(self, value: int | Decimal, field: str) -> None:
        """InvalidInput naming ``field`` when ``value`` lies outside the range."""
        if isinstance(value, Decimal) and not value.is_finite():
            raise InvalidInput(
                f"{field} must be a finite number, not {value}", code="form.number", field=field
            )
        if not self.low <= value <= self.high:
            raise InvalidInput(
                f"{field} must be between {self.low} and {self.high}, not {value}",
                code="bounds.range",
                field=field,
                params={"low": str(self.low), "high": str(self.high)},
            )
        exponent = Decimal(value).as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.places:
            raise InvalidInput(
                f"{field} has more than {self.places} decimal places: {value}"
                if self.places
                else f"{field} must be a whole number, not {value}",
                code="bounds.places" if self.places else "form.whole_number",
                field=field,
                params={"places": str(self.places)},
            )


BILLION = Decimal(10**9)
QUANTITY = Range(Decimal(0), BILLION)  # units ordered, delivered or agreed
NEEDED = Range(Decimal(1), BILLION)  # a need is for at least one unit
CAPACITY = Range(Decimal(0), BILLION)  # units a line makes in a month
LEAD_TIME = Range(Decimal(0), Decimal(120))  # ten years between order and delivery
LOT = Range(Decimal(1), BILLION)  # a line's batch: at least one unit
SUPPLIERS = Range(Decimal(1), Decimal(1000))  # lines that may serve one need
PRIORITY = Range(Decimal(0), Decimal(10**6), places=4)  # the value of one unit of a need
# Under 10^16: 18 significant digits, more than a float keeps (money is exact), and what the
# store's SQLite column (an integer count of cents, db/types.py) holds with room to spare.
AMOUNT = Range(Decimal(0), Decimal("9999999999999999.99"), places=2)
OFFSET = Range(Decimal(0), BILLION)  # a character position in a document
PLAN_MONTHS = Range(Decimal(1), Decimal(60))  # the planner's horizon
STAKE = Range(Decimal("0.01"), Decimal(100), places=2)  # percent of a company
PAGE = Range(Decimal(1), Decimal(10**6))  # a page number of a listing
DIGITS = re.compile(r"[0-9]{1,18}")

NUMBERS: dict[tuple[type[Any], str], Range] = {
    (d.Agreement, "quantity"): QUANTITY,
    (d.Need, "quantity"): NEEDED,
    (d.Need, "priority"): PRIORITY,
    (d.ProductionLine, "monthly_capacity"): CAPACITY,
    (d.ProductionLine, "lead_time_months"): LEAD_TIME,
    (d.ProductionLine, "lot_size"): LOT,
    (d.ProductionLine, "min_order"): QUANTITY,
    (d.Need, "max_suppliers"): SUPPLIERS,
    (d.Order, "quantity"): QUANTITY,
    (d.Delivery, "quantity"): QUANTITY,
    (d.ProductionReport, "quantity"): QUANTITY,
    (d.Plant, "annual_capacity"): QUANTITY,
    (d.Ownership, "stake"): STAKE,
    (d.Investment, "stake"): STAKE,
    (d.Evidence, "start"): OFFSET,
    (d.Evidence, "end"): OFFSET,
}
MONTHS: frozenset[tuple[type[Any], str]] = frozenset(
    {
        (d.Need, "due"),
        (d.Order, "month"),
        (d.ProductionReport, "month"),
        (d.FundingInstrument, "first_month"),
        (d.FundingInstrument, "last_month"),
    }
)
LONG_TEXTS: frozenset[str] = frozenset({"notes", "note", "title", "source"})


def whole_number(text: str, *, field: str, bound: Range | None = None) -> int:
    """The whole number ``text`` writes in ASCII digits (``str.isdigit`` also takes ``²``,
    which ``int`` refuses), within ``bound``; InvalidInput naming ``field`` otherwise."""
    if not DIGITS.fullmatch(text):
        raise InvalidInput(
            f"{field} must be a whole number written in digits, not {text[:40]!r}",
            code="form.whole_number",
            field=field,
        )
    value = int(text)
    if bound is not None:
        bound.check(value, field)
    return value


def check_key(key: str, *, field: str = "key") -> None:
    """A record key: a slug of 1 to 200 letters, digits, ``-``, ``_`` and ``.`` (no ``/``)."""
    if not isinstance(key, str) or len(key) > KEY_LENGTH or not KEY.match(key):
        raise InvalidInput(
            f"{field} must be 1 to {KEY_LENGTH} characters: ASCII letters, digits, '-', '_' "
            f"and '.', starting with a letter or a digit, not {key!r}",
            code="form.key",
            field=field,
        )


def check_month(value: str, *, field: str = "month") -> str:
    """A month ``YYYY-MM`` between 1900-01 and 2100-12; InvalidInput otherwise."""
    found = MONTH.match(value) if isinstance(value, str) else None
    if found is None:
        raise InvalidInput(
            f"{field} must be a month written YYYY-MM, not {value!r}",
            code="form.month",
            field=field,
        )
    if not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
        raise InvalidInput(
            f"{field} must be a month between {FIRST_YEAR}-01 and {LAST_YEAR}-12, not {value!r}",
            code="bounds.year",
            field=field,
            params={"low": str(FIRST_YEAR), "high": str(LAST_YEAR)},
        )
    return value


def check_date(value: date, *, field: str) -> None:
    """A date between 1900-01-01 and 2100-12-31."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InvalidInput(
            f"{field} must be a date between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31, "
            f"not {value.isoformat()}",
            code="bounds.year",
            field=field,
            params={"low": str(FIRST_YEAR), "high": str(LAST_YEAR)},
        )


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http or https address (what a page may link to)."""
    if not isinstance(url, str) or len(url) > URL_LENGTH:
        return False
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in URL_SCHEMES and bool(parts.hostname)


def check_url(url: str, *, field: str = "url") -> None:
    """An absolute http or https address, at most 2 000 characters (never ``javascript:``)."""
    if not is_web_url(url):
        raise InvalidInput(
            f"{field} must be an http:// or https:// address of at most {URL_LENGTH} characters "
            f"without spaces, not {url[:100]!r}",
            code="bounds.url",
            field=field,
            params={"high": str(URL_LENGTH)},
        )


def text_length(name: str) -> int:
    """The most characters a text field called ``name`` may hold."""
    if name == "key":
        return KEY_LENGTH
    if name == "url":
        return URL_LENGTH
    return LONG_TEXT_LENGTH if name in LONG_TEXTS else TEXT_LENGTH


def check_text(value: str, *, name: str, field: str) -> None:
    """A text of at most ``text_length(name)`` characters, without NUL (no store keeps it)."""
    limit = text_length(name)
    if len(value) > limit:
        raise InvalidInput(
            f"{field} must be at most {limit} characters, not {len(value)}",
            code="bounds.text_length",
            field=field,
            params={"high": str(limit), "value": str(len(value))},
        )
    if "\x00" in value:
        raise InvalidInput(
            f"{field} must not contain the NUL character", code="bounds.nul", field=field
        )


def check_value(cls: type[Any], name: str, value: Any, field: str | None = None) -> None:
    """The bounds of one value of field ``name`` of record class ``cls``."""
    field = field or name
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, list):
        if len(value) > LIST_LENGTH:
            raise InvalidInput(
                f"{field} must hold at most {LIST_LENGTH} items, not {len(value)}",
                code="bounds.list_length",
                field=field,
                params={"high": str(LIST_LENGTH)},
            )
        for i, item in enumerate(value):
            check_value(cls, name, item, f"{field}.{i}")
        return
    if isinstance(value, Money):
        AMOUNT.check(value.amount, f"{field}.amount")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        check_fields(value, prefix=f"{field}.")
    elif isinstance(value, int | Decimal):
        _check_number(cls, name, value, field)
    elif isinstance(value, date):
        check_date(value, field=field)
    elif isinstance(value, str):
        _check_string(cls, name, value, field)


def _check_number(cls: type[Any], name: str, value: int | Decimal, field: str) -> None:
    bound = NUMBERS.get((cls, name))
    if bound is not None:
        bound.check(value, field)


def _check_string(cls: type[Any], name: str, value: str, field: str) -> None:
    check_text(value, name=name, field=field)
    if name == "key":
        check_key(value, field=field)
    elif (cls, name) in MONTHS:
        check_month(value, field=field)
    elif name == "url":
        check_url(value, field=field)
    elif name == "sha256" and not SHA256.match(value):
        raise InvalidInput(
            f"{field} must be 64 hexadecimal digits, not {value[:80]!r}",
            code="bounds.sha256",
            field=field,
        )


def check_fields(record: Any, *, prefix: str = "") -> None:
    """Every field of ``record`` (a registry entity or one of its nested values) in bounds."""
    cls = whole_class(type(record))
    unread = unread_of(record)  # a field that could not be read has no bounds to check
    for f in dataclasses.fields(record):
        if f.name not in unread:
            check_value(cls, f.name, getattr(record, f.name), prefix + f.name)


def json_schema(cls: type[Any], name: str) -> dict[str, Any]:
    """What the OpenAPI schema says of field ``name`` of ``cls``: its bounds, as JSON Schema."""
    bound = NUMBERS.get((cls, name))
    if bound is not None:
        return {"minimum": int(bound.low), "maximum": int(bound.high)}
    if name == "key":
        return {"minLength": 1, "maxLength": KEY_LENGTH, "pattern": KEY_PATTERN}
    if (cls, name) in MONTHS:
        return {"pattern": r"^(19\d\d|20\d\d|2100)-(0[1-9]|1[0-2])$"}
    if name == "url":
        return {"maxLength": URL_LENGTH, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$"}
    return {}
