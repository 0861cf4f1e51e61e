"""The references a record makes to other records, and their resolution against the store.

A reference to a system, organisation or person that the store lacks but the catalogue has is
resolved by adding the catalogue's record: catalogue entries count as known.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from coprod import catalog
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.errors import InvalidInput

# field → kind of record it names; "party" is a country code or an organisation key,
# "participant" a country code, organisation key or person key.
REFERENCES: dict[type[Any], dict[str, str]] = {
    d.Organisation: {"country": "country", "parent": "organisation"},
    d.Person: {"country": "country", "roles": "roles"},
    d.System: {"category": "category"},
    d.Agreement: {"parties": "party", "systems": "system", "evidence": "evidence"},
    d.Need: {"system": "system", "recipient": "party"},
    d.ProductionLine: {
        "organisation": "organisation",
        "system": "system",
        "company_country": "country",
        "site_country": "country",
    },
    d.FundingInstrument: {
        "funder": "party",
        "site_countries": "country",
        "producer_countries": "country",
        "categories": "category",
        "evidence": "evidence",
    },
    d.Order: {"need": "need", "production_line": "line", "instrument": "instrument"},
    d.Delivery: {"order": "order"},
    d.InnovationProject: {"partners": "party", "need": "need", "evidence": "evidence"},
    d.Event: {"participants": "participant", "evidence": "evidence"},
}

REPOSITORY_OF_KIND = {
    "organisation": "organisations",
    "system": "systems",
    "person": "people",
    "document": "documents",
    "need": "needs",
    "line": "lines",
    "instrument": "instruments",
    "order": "orders",
}


def references(entity: Any) -> Iterator[tuple[str, str, str]]:
    """(field, kind, key) for every reference ``entity`` makes."""
    for name, kind in REFERENCES.get(type(entity), {}).items():
        value = getattr(entity, name)
        values = value if isinstance(value, list) else [value]
        for i, item in enumerate(values):
            if item is None:
                continue
            if kind == "roles":
                if item.organisation is not None:
                    yield f"{name}.{i}.organisation", "organisation", item.organisation
            elif kind == "evidence":
                yield f"{name}.{i}.document", "document", item.document
            else:
                yield name, kind, item


def repositories_named(kind: str, key: str) -> tuple[str, ...]:
    """The repositories a reference of ``kind`` to ``key`` may name a record of."""
    if kind in ("party", "participant") and catalog.is_country_code(key):
        return ()
    if kind == "party":
        return ("organisations",)
    if kind == "participant":
        return ("organisations", "people")
    repository = REPOSITORY_OF_KIND.get(kind)
    return () if repository is None else (repository,)


def _in_store(uow: UnitOfWork, kind: str, key: str) -> bool:
    repository = getattr(uow, REPOSITORY_OF_KIND[kind])
    if repository.exists(key):
        return True
    entry: Any = None
    if kind == "organisation":
        entry = catalog.organisations().get(key)
    elif kind == "system":
        entry = catalog.systems().get(key)
    elif kind == "person":
        entry = catalog.people().get(key)
    if entry is None:
        return False
    check_references(uow, entry, f"catalogue {kind} {key!r}")
    repository.add(entry)
    return True


def is_known(uow: UnitOfWork, kind: str, key: str) -> bool:
    """Whether ``key`` names a record of ``kind`` (adding it from the catalogue if needed)."""
    if kind == "country":
        return catalog.is_country_code(key)
    if kind == "category":
        return key in catalog.categories()
    if kind == "party":
        return catalog.is_country_code(key) or _in_store(uow, "organisation", key)
    if kind == "participant":
        return (
            catalog.is_country_code(key)
            or _in_store(uow, "organisation", key)
            or _in_store(uow, "person", key)
        )
    return _in_store(uow, kind, key)


DESCRIPTION = {
    "country": "ISO 3166-1 alpha-2 country code",
    "category": "catalogue category",
    "party": "state (country code) or organisation",
    "participant": "state, organisation or person",
    "line": "production line",
    "instrument": "funding instrument",
    "document": "source document",
}


def check_references(uow: UnitOfWork, entity: Any, where: str) -> None:
    """InvalidInput naming the field and the key of the first reference nothing answers."""
    for field, kind, key in references(entity):
        if not is_known(uow, kind, key):
            raise InvalidInput(
                f"{where}: field {field!r}: unknown {DESCRIPTION.get(kind, kind)} {key!r}"
            )
