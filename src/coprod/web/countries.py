"""Countries as the reader names them: the registry stores ISO 3166-1 alpha-2 codes (``UA``,
``FR``); the pages write each as CLDR's name of that territory in the reader's language
(Babel: ``Україна``, ``Ukraine``), wherever a field holds a code (a country field of the
kinds table) or may hold one (a party, a partner or a participant: a state or a record's
key). The API, CSV files and filters keep the codes."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

from babel import Locale

from coprod import catalog
from coprod.domain import kinds
from coprod.domain.kinds import Catalogue
from coprod.web.locales import LANGUAGES

CODE = re.compile(r"[A-Z]{2}")


def is_code(value: Any) -> bool:
    """Whether ``value`` is written like a country code (two capital letters)."""
    return isinstance(value, str) and CODE.fullmatch(value) is not None


def country_name(code: str, locale: Locale) -> str:
    """The reader's name of the country ``code`` (the code itself when CLDR has none)."""
    if not is_code(code):
        return code
    return str(locale.territories.get(code, code))


def code_fields(entity: Any) -> frozenset[str]:
    """The fields of a record class that hold a country code or may (a state among keys)."""
    return _code_fields(entity)


@cache
def _code_fields(entity: Any) -> frozenset[str]:
    kind = kinds.BY_ENTITY.get(entity) if entity is not None else None
    if kind is None:
        return frozenset()
    return frozenset(
        r.field for r in kind.references if r.catalogue is Catalogue.COUNTRY or r.states
    )


def _folded(text: str) -> str:
    """``text`` compared without case, accents, apostrophes' forms or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@cache
def _by_name() -> dict[str, str]:
    """Every country's code by its folded names: CLDR's in each language of the pages and the
    catalogue's (ISO 3166 and the names it keeps besides)."""
    found: dict[str, str] = {}
    for code, country in catalog.countries().items():
        for name in country.names:
            found.setdefault(_folded(name), code)
    for language in LANGUAGES:
        territories = Locale.parse(language).territories
        for code in catalog.countries():
            if code in territories:
                found[_folded(str(territories[code]))] = code
    return found


def code_of(typed: str, *, lower_codes: bool = True) -> str | None:
    """The code of the country ``typed`` names: its code (in any case unless ``lower_codes``
    is False: a lower-case word may be a record's key) or its name in Ukrainian, English or
    French, without regard to case or accents; None for no country."""
    text = typed.strip()
    if catalog.is_country_code(text.upper()) and (lower_codes or text.isupper()):
        return text.upper()
    return _by_name().get(_folded(text))


def countries_of(typed: str) -> tuple[list[str], list[str]]:
    """The codes of the countries named in ``typed``, comma-separated (a name that holds a
    comma, ``Гонконг, ОАР Китаю``, is read whole), and the names that are no country."""
    parts = [p.strip() for p in typed.split(",")]
    codes: list[str] = []
    unknown: list[str] = []
    index = 0
    while index < len(parts):
        joined = ", ".join(parts[index : index + 2])
        if index + 1 < len(parts) and code_of(joined, lower_codes=False):
            codes.append(str(code_of(joined, lower_codes=False)))
            index += 2
            continue
        part = parts[index]
        if part:
            found = code_of(part)
            codes.append(found) if found else unknown.append(part)
        index += 1
    return codes, unknown


@cache
def named(locale: Locale) -> tuple[tuple[str, str], ...]:
    """Every country's code and name in the reader's language, in the order of the names."""
    pairs = [(code, country_name(code, locale)) for code in catalog.countries()]
    return tuple(sorted(pairs, key=lambda pair: _sort_key(pair[1])))


# The Ukrainian alphabet in its order (Unicode puts є, і, ї and ґ after я).
ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
ORDER = {letter: chr(0xE000 + n) for n, letter in enumerate(ALPHABET)}


def _sort_key(name: str) -> str:
    """A name's place in an alphabetical list: Ukrainian letters in their alphabet's order,
    Latin ones without their accents."""
    letters = unicodedata.normalize("NFC", name.casefold())
    return "".join(ORDER.get(c) or _folded(c) for c in letters)
