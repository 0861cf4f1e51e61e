"""Loading the catalogue's organisations, people and systems into the store."""

from __future__ import annotations

from coprod import catalog
from coprod.db.uow import UnitOfWork
from coprod.services import registry


def load_catalogue(uow: UnitOfWork) -> dict[str, int]:
    """Upsert every catalogue organisation, person and system; counts of records created."""
    created = {"organisations": 0, "people": 0, "systems": 0}
    orgs = catalog.organisations()
    pending = dict(orgs)
    while pending:  # parents before children
        ready = [o for o in pending.values() if o.parent not in pending]
        for org in ready or list(pending.values()):
            created["organisations"] += registry.save(uow, org) == "created"
            del pending[org.key]
    for person in catalog.people().values():
        created["people"] += registry.save(uow, person) == "created"
    for system in catalog.systems().values():
        created["systems"] += registry.save(uow, system) == "created"
    return created
