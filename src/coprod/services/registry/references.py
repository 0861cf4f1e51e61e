"""The references a record makes to other records, and their resolution against the store.

A reference to a system, organisation or person that the store lacks but the catalogue has is
resolved by adding the catalogue's record: catalogue entries count as known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from coprod import catalog
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.kinds import Catalogue, Kind, Reference
from coprod.domain.partial import unread_of
from coprod.errors import InvalidInput

# The kinds whose records the catalogue also ships: a reference to one of them that the store
# lacks is resolved by adding the catalogue's record.
CATALOGUED: dict[Kind[Any], Callable[[], Mapping[str, Any]]] = {
    kinds.ORGANISATION: catalog.organisations,
    kinds.SYSTEM: catalog.systems,
    kinds.PERSON: catalog.people,
}

# What a reviewer's edit of a fact may name (``services/facts/editing.py``).
A_SYSTEM = kinds.to("system", "systems")
A_PARTICIPANT = kinds.participant("parties", "a party to")


def references(
    entity: Any, skip: frozenset[str] = frozenset()
) -> Iterator[tuple[str, Reference, str]]:
    """(field, reference, key) for every reference ``entity`` makes (``Kind.references``),
    but those of the fields ``skip``."""
    for reference in kinds.kind_of(entity).references:
        if reference.field in skip:
            continue
        value = getattr(entity, reference.field)
        values = value if isinstance(value, list) else [value]
        for i, item in enumerate(values):
            if item is None:
                continue
            if reference.through is None:
                yield reference.field, reference, item
                continue
            key = getattr(item, reference.through)
            if key is not None:
                yield f"{reference.field}.{i}.{reference.through}", reference, key


def kinds_named(reference: Reference, key: str) -> tuple[Kind[Any], ...]:
    """The kinds of record ``reference`` to ``key`` may name (none for a state's code)."""
    if reference.states and catalog.is_country_code(key):
        return ()
    return kinds.referenced(reference)


def _in_store(uow: UnitOfWork, kind: Kind[Any], key: str) -> bool:
    repository = uow.records(kind)
    if repository.exists(key):
        return True
    entries = CATALOGUED.get(kind)
    entry = None if entries is None else entries().get(key)
    if entry is None:
        return False
    check_references(uow, entry, f"catalogue {kind.label} {key!r}")
    repository.add(entry)
    return True


def is_known(uow: UnitOfWork, reference: Reference, key: str) -> bool:
    """Whether ``key`` names what ``reference`` may name (adding a record from the catalogue
    if needed)."""
    if reference.catalogue is Catalogue.COUNTRY:
        return catalog.is_country_code(key)
    if reference.catalogue is Catalogue.CATEGORY:
        return key in catalog.categories()
    if reference.states and catalog.is_country_code(key):
        return True
    return any(_in_store(uow, kind, key) for kind in kinds.referenced(reference))


def check_references(uow: UnitOfWork, entity: Any, where: str) -> None:
    """InvalidInput naming the field and the key of the first reference nothing answers."""
    for refused in unknown_references(uow, entity, where):
        raise refused


def unknown_references(uow: UnitOfWork, entity: Any, where: str) -> Iterator[InvalidInput]:
    """The refusal of each reference of ``entity`` that nothing answers, naming the field and
    the key; a field that could not be read (a partial record's: ``domain/partial.py``) is
    left out, its reader has said why."""
    unread = unread_of(entity)
    for field, reference, key in references(entity, skip=unread):
        if not is_known(uow, reference, key):
            yield InvalidInput(
                f"{where}: field {field!r}: unknown {reference.words} {key!r}",
                code="reference.unknown",
                field=field,
                params={"key": key},
            )
