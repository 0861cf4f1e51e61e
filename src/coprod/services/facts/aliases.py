"""Aliases learned in review: the spellings of organisations, people and systems that reviewers
confirmed, stored so the extractor's gazetteer knows them next time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from coprod import catalog
from coprod.db import fact_models as fm
from coprod.db.audit_models import session_actor
from coprod.db.uow import UnitOfWork
from coprod.domain.text import fold
from coprod.services.facts.ingestion import in_catalogue


def canonical_name(uow: UnitOfWork, kind: str, key: str) -> str:
    """The registry name of the organisation, person or system ``key`` (the key itself for a
    country code)."""
    repository: dict[str, Any] = {
        "organisation": uow.organisations,
        "person": uow.people,
        "system": uow.systems,
    }
    found = repository[kind].find_by_key(key) if kind in repository else None
    if found is None and kind == "organisation":
        found = uow.people.find_by_key(key)
    return str(found.name) if found is not None else key


def _known_spellings(uow: UnitOfWork, kind: str, key: str) -> set[str]:
    repository: dict[str, Any] = {
        "organisation": uow.organisations,
        "person": uow.people,
        "system": uow.systems,
    }
    entity = repository[kind].find_by_key(key)
    names = {entity.name, *entity.aliases} if entity is not None else set()
    learned = uow.session.scalars(
        select(fm.LearnedAliasRow.alias).where(fm.LearnedAliasRow.target == key)
    )
    return {fold(n) for n in [*names, *learned]}


def learn_aliases(
    uow: UnitOfWork, row: fm.FactProposalRow, entities: list[fm.FactEntityRow]
) -> list[str]:
    """Store each raw spelling of ``entities`` their registry entity does not know yet."""
    learned: list[str] = []
    for entity in entities:
        if entity.ref is None or entity.type not in ("organisation", "person", "system"):
            continue
        if catalog.is_country_code(entity.ref):
            continue
        kind = entity.type
        if kind == "organisation" and uow.organisations.find_by_key(entity.ref) is None:
            kind = "person"
        if kind == "person" and uow.people.find_by_key(entity.ref) is None:
            continue
        known = _known_spellings(uow, kind, entity.ref)
        # A registry entity outside the catalogue is unknown to the extractor: learn its name.
        names = [entity.name] if not in_catalogue(kind, entity.ref) else []
        for alias in dict.fromkeys([*names, *entity.mentions]):
            if alias.strip() and (alias in names or fold(alias) not in known):
                if _add_alias(uow, row, kind, alias, entity.ref):
                    learned.append(f"{alias} → {entity.ref}")
                known.add(fold(alias))
    return learned


def _add_alias(uow: UnitOfWork, row: fm.FactProposalRow, kind: str, alias: str, key: str) -> bool:
    alias_key = f"{kind}:{fold(alias)}"[:200]
    session = uow.session
    existing = session.scalars(
        select(fm.LearnedAliasRow).where(fm.LearnedAliasRow.key == alias_key)
    ).one_or_none()
    if existing is not None:
        return False
    session.add(
        fm.LearnedAliasRow(
            key=alias_key,
            version=1,
            type=kind,
            alias=alias[:500],
            target=key,
            name=canonical_name(uow, kind, key)[:500],
            learned_from=row.key,
            learned_by=session_actor(session).name,
        )
    )
    session.flush()
    return True


def list_aliases(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every learned alias: the spelling, the entity it names, who confirmed it and where."""
    rows = uow.session.scalars(select(fm.LearnedAliasRow).order_by(fm.LearnedAliasRow.id))
    return [
        {
            "alias": r.alias,
            "type": r.type,
            "target": r.target,
            "name": r.name,
            "learned_from": r.learned_from,
            "learned_by": r.learned_by,
        }
        for r in rows
    ]
