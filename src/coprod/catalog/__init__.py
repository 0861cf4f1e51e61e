"""Reference data shipped with coprod: countries, product categories, systems, organisations
and people, each with its legitimate names (aliases, transliterations, translations).

The data lives in ``catalog/data/*.json`` (package data). Countries come from ISO 3166-1
(``pycountry``) completed by ``countries.json`` (names in other languages, demonyms, capitals).
Organisations, people and systems are the hand-kept ``KIND.json`` plus ``KIND_sourced.json``,
entries built from public facts, each naming the page it was read on (``source``);
``aliases_sourced.json`` adds sourced spellings (Cyrillic, German...) to existing entries.
Typos are never aliases: fuzzy matching of noisy spellings is the extractor's job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import pycountry

from coprod.domain.entities import Organisation, Person, Role, System
from coprod.domain.enums import OrganisationKind
from coprod.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class Country:
    """An ISO 3166-1 country with the names a text may use for it or its state."""

    code: str
    name: str
    names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    """A product category of the catalogue (``drones``, ``air_defence``...)."""

    id: str
    name: str
    names: tuple[str, ...] = field(default=())


def _load(name: str) -> Any:
    text = resources.files("coprod.catalog").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


_SINGULAR = {"organisations": "organisation", "people": "person", "systems": "system"}


def _has_source(row: dict[str, Any]) -> bool:
    return str(row.get("source") or "").startswith(("https://", "http://"))


def merge_sourced(
    kind: str,
    base: list[dict[str, Any]],
    sourced: list[dict[str, Any]],
    aliases: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """``base`` rows of ``kind``, then the ``sourced`` ones, with the sourced aliases merged in."""
    keys = {row["key"] for row in base}
    for row in sourced:
        if row["key"] in keys:
            raise InvalidInput(f"{kind}_sourced.json: key {row['key']!r} is already in use")
        if not _has_source(row):
            raise InvalidInput(f"{kind}_sourced.json: {row['key']!r} names no source URL")
        keys.add(row["key"])
    rows = [dict(row) for row in [*base, *sourced]]
    by_key = {row["key"]: row for row in rows}
    for number, extra in enumerate(aliases, start=1):
        if extra.get("type") not in _SINGULAR.values() or not _has_source(extra):
            raise InvalidInput(f"aliases_sourced.json: entry {number} needs a type and a source")
        if extra["type"] != _SINGULAR[kind]:
            continue
        target = by_key.get(extra.get("key", ""))
        if target is None:
            raise InvalidInput(
                f"aliases_sourced.json: entry {number}: no {extra['type']} {extra.get('key')!r}"
            )
        target["aliases"] = list(dict.fromkeys([*target.get("aliases", []), *extra["aliases"]]))
    return rows


def _rows(kind: str) -> list[dict[str, Any]]:
    """Every row of ``kind`` (organisations, people, systems): hand-kept and sourced."""
    base = _load(f"{kind}.json")
    return merge_sourced(kind, base, _load(f"{kind}_sourced.json"), _load("aliases_sourced.json"))


@cache
def countries() -> dict[str, Country]:
    """Every ISO 3166-1 country by alpha-2 code, with the catalogue's extra names."""
    extra: dict[str, dict[str, list[str]]] = _load("countries.json")
    result: dict[str, Country] = {}
    for c in pycountry.countries:
        more = extra.get(c.alpha_2, {})
        official = getattr(c, "common_name", None) or c.name
        result[c.alpha_2] = Country(
            code=c.alpha_2,
            name=official,
            names=tuple(dict.fromkeys([official, c.name, *more.get("names", [])])),
            demonyms=tuple(more.get("demonyms", [])),
            capitals=tuple(more.get("capitals", [])),
        )
    return result


def country(code: str) -> Country:
    """The country with ISO 3166-1 alpha-2 ``code``; InvalidInput when there is none."""
    found = countries().get(code.upper()) if isinstance(code, str) else None
    if found is None:
        raise InvalidInput(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return found


def is_country_code(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 code (upper case)."""
    return isinstance(code, str) and code.isupper() and code in countries()


@cache
def categories() -> dict[str, Category]:
    """The product categories, by id."""
    return {
        row["id"]: Category(row["id"], row["name"], tuple(row.get("names", [])))
        for row in _load("categories.json")
    }


@cache
def systems() -> dict[str, System]:
    """The catalogue's systems and products, by key."""
    return {
        row["key"]: System(
            key=row["key"],
            name=row["name"],
            category=row["category"],
            aliases=list(row.get("aliases", [])),
            manufacturer=row.get("manufacturer"),
        )
        for row in _rows("systems")
    }


@cache
def organisations() -> dict[str, Organisation]:
    """The catalogue's organisations, by key."""
    return {
        row["key"]: Organisation(
            key=row["key"],
            name=row["name"],
            kind=OrganisationKind(row["kind"]),
            country=row.get("country"),
            parent=row.get("parent"),
            aliases=list(row.get("aliases", [])),
        )
        for row in _rows("organisations")
    }


@cache
def _organisations_by_name() -> dict[str, tuple[Organisation, ...]]:
    found: dict[str, list[Organisation]] = {}
    for organisation in organisations().values():
        found.setdefault(organisation.name, []).append(organisation)
    return {name: tuple(named) for name, named in found.items()}


def organisations_named(name: str) -> tuple[Organisation, ...]:
    """The catalogue's organisations whose canonical name is ``name`` (an index built once,
    not a scan of the catalogue per look-up)."""
    return _organisations_by_name().get(name, ())


def _role(row: dict[str, Any]) -> Role:
    return Role(
        title=row["title"],
        organisation=row.get("organisation"),
        start=date.fromisoformat(row["start"]) if row.get("start") else None,
        end=date.fromisoformat(row["end"]) if row.get("end") else None,
    )


@cache
def people() -> dict[str, Person]:
    """The catalogue's people, by key."""
    return {
        row["key"]: Person(
            key=row["key"],
            name=row["name"],
            country=row.get("country"),
            aliases=list(row.get("aliases", [])),
            roles=[_role(r) for r in row.get("roles", [])],
        )
        for row in _rows("people")
    }


def system(key: str) -> System:
    """The catalogue system ``key``; NotFound when the catalogue has none."""
    try:
        return systems()[key]
    except KeyError:
        raise NotFound(f"the catalogue has no system {key!r}") from None
