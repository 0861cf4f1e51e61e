"""Links between records: a field that names another record's key links to that record's page.

Which fields name which kind is the kinds table's (``domain/kinds.py``); a field that may name
records of several kinds (an event's participants) or a catalogue code stays text, and a
country code (``UA``, ``FR``) where a party may be a state is written as the country's name in
the reader's language (``web/countries.py``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from babel import Locale
from markupsafe import Markup, escape

from coprod.domain.kinds import BY_NAME, Kind
from coprod.web.countries import country_name, is_code


def target(kind: Kind[Any], field: str) -> str | None:
    """The plural of the one kind of record that ``field`` of ``kind`` names, if any."""
    for reference in kind.references:
        if reference.field == field and len(reference.kinds) == 1 and reference.through is None:
            return BY_NAME[reference.kinds[0]].plural
    return None


def linked(value: Any, kind: Kind[Any], field: str, locale: Locale) -> Markup:
    """The key (or keys) in ``value`` as links to their records' pages (a country code as the
    country's name)."""
    plural = target(kind, field)
    keys = value if isinstance(value, list) else [value]
    parts = []
    for key in keys:
        text = escape(str(key))
        if is_code(key):
            parts.append(escape(country_name(key, locale)))
        elif plural is None:
            parts.append(text)
        else:
            address = escape(f"/records/{plural}/{quote(str(key), safe='')}")
            parts.append(Markup(f'<a href="{address}">{text}</a>'))
    return Markup(", ").join(parts)


def public_linked(
    value: Any, kind: Kind[Any], field: str, shown: dict[str, set[str]], locale: Locale
) -> Markup:
    """The key (or keys) in ``value`` as links to their public pages, where ``shown`` (per
    plural, the keys that are public) holds them; the others stay text (a country code the
    country's name)."""
    plural = target(kind, field)
    keys = value if isinstance(value, list) else [value]
    public = shown.get(plural or "", set())
    parts = []
    for key in keys:
        text = escape(str(key))
        if is_code(key):
            parts.append(escape(country_name(key, locale)))
        elif plural is not None and str(key) in public:
            address = escape(f"/public/{plural}/{quote(str(key), safe='')}")
            parts.append(Markup(f'<a href="{address}">{text}</a>'))
        else:
            parts.append(text)
    return Markup(", ").join(parts)
