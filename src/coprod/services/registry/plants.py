"""The rules of plants, owners and investments that weigh other stored records: the stakes in
one company sum to at most 100 % at any date, a plant's production lines are in its country,
a plant's and an investment's status only move forward. Every write path calls them through
``services/registry`` (``check_change`` before a record is written, ``check_writes`` once its
records are written, in the same transaction); ``verify`` lists stored records that break them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import rules
from coprod.domain.ledger import Breach, label
from coprod.services import ledger


def _refuse(breach: Breach | None) -> None:
    if breach is not None:
        raise ledger.violation(breach)


def check_change(uow: UnitOfWork, entity: Any) -> None:
    """A stored plant's or investment's status does not go back."""
    if isinstance(entity, d.Plant):
        before = uow.plants.unscoped().find_by_key(entity.key)
        _refuse(rules.plant_step_back(entity, before.status if before else None))
    elif isinstance(entity, d.Investment):
        stored = uow.investments.unscoped().find_by_key(entity.key)
        _refuse(rules.investment_step_back(entity, stored.status if stored else None))


def check_writes(uow: UnitOfWork, entities: Iterable[Any]) -> None:
    """The stakes of every company whose ownership was written; the country of every line at
    a plant and of every plant written (its lines)."""
    written = list(entities)
    owned = {e.owned: e for e in written if isinstance(e, d.Ownership)}
    for company, ownership in sorted(owned.items()):
        held = uow.ownerships.unscoped().list_({"owned": company}, limit=None)
        _refuse(rules.stakes_breach(company, held, label("ownerships", ownership.key)))
    lines = [(e, e.plant) for e in written if isinstance(e, d.ProductionLine) and e.plant]
    at = {p.key: p for p in uow.plants.unscoped().list_in("key", {k for _, k in lines})}
    for line, key in lines:
        where = label("production_lines", line.key)
        _refuse(rules.site_breach(line, at[key], where, "site_country"))
    for plant in (e for e in written if isinstance(e, d.Plant)):
        plant_id = uow.plants.unscoped().id_of(plant.key)
        for line in uow.production_lines.unscoped().list_in("plant_id", [plant_id]):
            _refuse(rules.site_breach(line, plant, label("plants", plant.key), "country"))


def verify(uow: UnitOfWork) -> list[Breach]:
    """Every stored plant, line and ownership that breaks one of these rules."""
    plants = {p.key: p for p in uow.plants.unscoped().list_(limit=None)}
    ownerships = uow.ownerships.unscoped().list_(limit=None)
    found: list[Breach | None] = [rules.plant_history_breach(p) for p in plants.values()]
    for line in uow.production_lines.unscoped().list_(limit=None):
        if line.plant is not None:
            where = label("production_lines", line.key)
            found.append(rules.site_breach(line, plants[line.plant], where, "site_country"))
    for company in sorted({o.owned for o in ownerships}):
        first = next(o for o in ownerships if o.owned == company)
        found.append(rules.stakes_breach(company, ownerships, label("ownerships", first.key)))
    return [b for b in found if b is not None]
