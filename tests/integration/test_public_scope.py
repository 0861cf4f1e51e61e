"""The public's scope in the store itself, on SQLite and PostgreSQL: a unit of work carrying
``access.PUBLIC`` sees the records marked public and nothing else, in lists, counts, keys and
the change feed; deleting a record withdraws it."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.errors import Forbidden, NotFound
from coprod.services import public
from coprod.services.accounts.access import PUBLIC, SYSTEM
from coprod.services.audit import changes


def _systems(engine: Engine, *keys: str) -> None:
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        for key in keys:
            uow.records(kinds.SYSTEM).add(d.System(key=key, name=key.upper(), category="drones"))
        uow.commit()


def _publish(engine: Engine, key: str) -> None:
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        public.publish(uow, kinds.SYSTEM, key)
        uow.commit()


def test_the_public_sees_only_marked_records(engine: Engine) -> None:
    _systems(engine, "s-open", "s-closed")
    _publish(engine, "s-open")
    with UnitOfWork(engine, access=PUBLIC) as uow:
        systems = uow.records(kinds.SYSTEM)
        assert [s.key for s in systems.list_()] == ["s-open"] and systems.count() == 1
        with pytest.raises(NotFound):
            systems.get_by_key("s-closed")
        assert uow.records(kinds.ORGANISATION).count() == 0
        page = changes.changes(uow)
        assert [(c.kind, c.key) for c in page.changes] == [("systems", "s-open")]
        with pytest.raises(Forbidden):
            public.publish(uow, kinds.SYSTEM, "s-open")


def test_deleting_a_record_withdraws_it(engine: Engine) -> None:
    _systems(engine, "s-gone")
    _publish(engine, "s-gone")
    with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
        uow.records(kinds.SYSTEM).delete("s-gone")
        uow.commit()
    _systems(engine, "s-gone")
    with UnitOfWork(engine, access=PUBLIC) as uow:
        assert uow.records(kinds.SYSTEM).count() == 0
        assert changes.changes(uow).changes == []
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert public.marks(uow) == []
