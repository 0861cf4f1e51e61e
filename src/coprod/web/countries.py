"""Countries as the reader names them: the registry stores ISO 3166-1 alpha-2 codes (``UA``,
``FR``); the pages write each as CLDR's name of that territory in the reader's language
(Babel: ``Україна``, ``Ukraine``), wherever a field holds a code (a country field of the
kinds table) or may hold one (a party, a partner or a participant: a state or a record's
key). The API, CSV files and filters keep the codes."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from babel import Locale

from coprod.domain import kinds
from coprod.domain.kinds import Catalogue

CODE = re.compile(r"[A-Z]{2}")


def is_code(value: Any) -> bool:
    """Whether ``value`` is written like a country code (two capital letters)."""
    return isinstance(value, str) and CODE.fullmatch(value) is not None


def country_name(code: str, locale: Locale) -> str:
    """The reader's name of the country ``code`` (the code itself when CLDR has none)."""
    if not is_code(code):
        return code
    return str(locale.territories.get(code, code))


@cache
def code_fields(entity: type[Any] | None) -> frozenset[str]:
    """The fields of a record class that hold a country code or may (a state among keys)."""
    kind = kinds.BY_ENTITY.get(entity) if entity is not None else None
    if kind is None:
        return frozenset()
    return frozenset(
        r.field for r in kind.references if r.catalogue is Catalogue.COUNTRY or r.states
    )
