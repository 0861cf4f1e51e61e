"""Finding records on the pages: each list's search box and filter panel, kept in the URL.

A list's address carries what the reader asked for (``/records/agreements?q=drone&status=
signed&from=2024-01-01``): the search words (``q``), one parameter per filter, the sort and the
page. Which filters a kind takes is the store's (``services/registry/editing.filter_names``:
its text columns, each field naming one record by key, ``from``/``to`` where it has a date);
which of them its panel shows first is presentation, written here per kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlencode

from babel import Locale

from coprod.domain import kinds
from coprod.domain.bounds import DIGITS, PAGE
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput
from coprod.services.registry.editing import (
    RELEVANCE,
    choices_of,
    filter_names,
    refused_filters,
    searches,
    sort_names,
)
from coprod.web import dates
from coprod.web.countries import code_fields, code_of
from coprod.web.labels import N_, field_label
from coprod.web.locales import Reader

SEARCH = "q"
DATES = frozenset({"from", "to"})  # the filters that take a day or a month
SEARCH_LENGTH = 200  # characters of a search
# The filters each list's panel shows (others given in the address are shown after them).
MAIN: dict[str, tuple[str, ...]] = {
    "source_documents": ("language", "from", "to"),
    "organisations": ("kind", "country"),
    "people": ("country", "roles"),
    "systems": ("category",),
    "agreements": ("status", "type", "party", "system", "from", "to"),
    "plants": ("status", "kind", "country", "operator"),
    "ownerships": ("owner", "owned", "from", "to"),
    "investments": ("status", "investor", "plant", "company", "from", "to"),
    "needs": ("system", "recipient", "from", "to"),
    "production_lines": ("system", "organisation", "site_country", "plant"),
    "funding_instruments": ("kind", "funder"),
    "orders": ("status", "need", "production_line", "instrument", "from", "to"),
    "production_reports": ("production_line", "order", "from", "to"),
    "deliveries": ("order", "from", "to"),
    "payments": ("instrument", "order", "from", "to"),
    "innovation_projects": ("partners", "need"),
    "events": ("kind", "participants", "from", "to"),
}
# The names of filters that are not a field of the record (the others are its fields' names).
LABELS = {
    "from": N_("From"),
    "to": N_("To"),
    "party": N_("Party"),
    "roles": N_("Organisation"),
}
# Enum-valued fields whose values are the record's own words, not a choice.
NOT_CHOICES = frozenset({"language"})
# Filters named otherwise than the field whose records they name (an agreement's ``party``).
FILTERED_FIELD = {"party": "parties", "system": "systems"}


@dataclass(frozen=True)
class FilterField:
    """One control of a filter panel: its name, what it holds and the value asked for."""

    name: str
    label: str  # in the reader's words
    widget: str  # "select" (an enum's values), "date" (from / to) or "text" (a key, a code)
    choices: tuple[Enum, ...]
    value: str
    error: str = ""  # why the value was refused, in the reader's words
    source: str = ""  # the kind of record a text filter names (typed ahead from its records)
    country: bool = False  # it takes a country, by its name (typed ahead) or its code


def days_read(params: Iterable[tuple[str, str]], locale: Locale) -> list[tuple[str, str]]:
    """An address's parameters with each date filter (``from``, ``to``) typed in the
    reader's order (``05.03.2024``) written as ISO, which the store reads; a month or a value
    that is not a date is kept as given (the list refuses it beside its field)."""
    return [
        (name, dates.iso_or_typed(value, locale) if name in DATES else value)
        for name, value in params
    ]


def country_filters(kind: Kind[Any]) -> frozenset[str]:
    """The filters of ``kind`` that take a country (or a state among records' keys)."""
    fields = code_fields(kind.entity)
    return frozenset(n for n in filter_names(kind) if FILTERED_FIELD.get(n, n) in fields)


def countries_read(kind: Kind[Any], params: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """An address's parameters with each country filter given by the country's name (in
    Ukrainian, English or French, any case or accents) written as its code, which the store
    reads; a code, a record's key or a name of no country is kept as given. Where a filter
    may name a record instead (a party), only a name or a code in capitals is a country."""
    names = country_filters(kind)
    states = {r.field for r in kind.references if r.states}
    read = []
    for name, value in params:
        lower = FILTERED_FIELD.get(name, name) not in states
        code = code_of(value, lower_codes=lower) if name in names else None
        read.append((name, code or value))
    return read


def chosen(kind: Kind[Any], params: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The filters the address asks for (non-empty values of parameters the kind takes)."""
    names = filter_names(kind)
    return {name: value for name, value in params if name in names and value.strip()}


def filter_label(name: str, reader: Reader) -> str:
    """The reader's name of a filter."""
    marked = LABELS.get(name)
    return reader.gettext(marked) if marked else field_label(name, reader)


def source_of(kind: Kind[Any], name: str) -> str:
    """The plural of the kind of record a filter names by key (typed ahead from the caller's
    records of that kind), or "" when it names none or several kinds."""
    for field in (name, FILTERED_FIELD.get(name, "")):
        for reference in kind.references:
            if reference.field == field and len(reference.kinds) == 1:
                return kinds.BY_NAME[reference.kinds[0]].plural
    return ""


def panel(
    kind: Kind[Any],
    given: dict[str, str],
    reader: Reader,
    errors: dict[str, str] | None = None,
) -> list[FilterField]:
    """The controls of ``kind``'s filter panel: its main filters, then any other asked for,
    each with the value asked and, for a value refused, why (``errors``)."""
    names = [n for n in MAIN.get(kind.plural, ()) if n in filter_names(kind)]
    names += [n for n in given if n not in names]
    countries = country_filters(kind)
    fields = []
    for name in names:
        enum = None if name in NOT_CHOICES else choices_of(kind, name)
        widget = "select" if enum else "date" if name in DATES else "text"
        choices = tuple(enum) if enum else ()
        label = filter_label(name, reader)
        error = (errors or {}).get(name, "")
        country = name in countries
        source = source_of(kind, name) if widget == "text" and not country else ""
        value = given.get(name, "")
        fields.append(FilterField(name, label, widget, choices, value, error, source, country))
    return fields


def address(q: str, filters: dict[str, str], **more: Any) -> str:
    """The query string of a list asked with ``q``, ``filters`` and ``more`` (sort, page)."""
    pairs = [(SEARCH, q)] if q else []
    pairs += list(filters.items())
    pairs += [(name, str(value)) for name, value in more.items() if value not in (None, "")]
    return urlencode(pairs)


def _sort(sort: str, q: str) -> str:
    # Unless the address says otherwise: a search's best matches first, else by key.
    return sort or (RELEVANCE if searches(q) else "key")


def _page_refused(page: str) -> InvalidInput | None:
    text = page.strip()
    if not text or (DIGITS.fullmatch(text) and 1 <= int(text) <= int(PAGE.high)):
        return None
    return InvalidInput(
        f"page {text!r}: write a whole number from 1 to {int(PAGE.high)}",
        code="list.page",
        field="page",
        params={"value": text[:40]},
    )


def _sort_refused(kind: Kind[Any], sort: str) -> InvalidInput | None:
    if not sort or sort.removeprefix("-") in sort_names(kind):
        return None
    return InvalidInput(
        f"{kind.plural} cannot be sorted by {sort!r}",
        code="list.sort",
        field="sort",
        params={"value": sort[:40]},
    )


def _search_refused(q: str) -> InvalidInput | None:
    if len(q) <= SEARCH_LENGTH:
        return None
    return InvalidInput(
        f"search: at most {SEARCH_LENGTH} characters",
        code="list.search",
        field=SEARCH,
        params={"high": str(SEARCH_LENGTH)},
    )


@dataclass(frozen=True)
class Asked:
    """What a list's address asks for, read: the filters as given (the panel keeps them),
    those the list can take (``applied``), the search, sort and page, and each refusal by
    the field it concerns (a value refused is left out; the rest still applies)."""

    filters: dict[str, str]
    applied: dict[str, str]
    q: str
    sort: str
    page: int
    refused: dict[str, InvalidInput]

    @classmethod
    def of(
        cls,
        kind: Kind[Any],
        params: Iterable[tuple[str, str]],
        *,
        page: str,
        sort: str,
        q: str,
    ) -> Asked:
        """The list of ``kind`` asked by an address's ``params``."""
        filters = chosen(kind, params)
        found = [
            *refused_filters(kind, filters),
            _page_refused(page),
            _sort_refused(kind, sort),
            _search_refused(q),
        ]
        refused = {r.field or "": r for r in found if r is not None}
        return cls(
            filters,
            {n: v for n, v in filters.items() if n not in refused},
            "" if SEARCH in refused else q,
            _sort(sort if "sort" not in refused else "", q if SEARCH not in refused else ""),
            1 if "page" in refused or not page.strip() else int(page),
            refused,
        )
