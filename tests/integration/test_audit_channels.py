"""The channel of a change in the audit trail (``db/audit_models.py``, migration 0019): a new
entry's hash covers its channel, entries written before the trail recorded one (no channel)
still verify, a store upgraded from 0018 keeps its old chain intact, and the store's units of
work record the command, the import or the system they work for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, update

from coprod.db import migrate
from coprod.db.audit_models import (
    GENESIS_HASH,
    Actor,
    AuditEntry,
    AuditHead,
    channel_of,
    entry_fields,
    entry_hash,
)
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.enums import OrganisationKind
from coprod.services.accounts.access import SYSTEM
from coprod.services.audit import verify_chain
from coprod.services.audit.history import Channel, Through, record_history
from coprod.services.records import importing
from coprod.services.store import open_store

BEFORE_CHANNELS = "0018_delivery_units"


def _company(key: str, name: str | None = None) -> d.Organisation:
    return d.Organisation(key, name or key.upper(), OrganisationKind.COMPANY)


def _channels(engine: Engine) -> list[tuple[str, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(select(AuditEntry.object_key, AuditEntry.channel).order_by("seq"))
        return [(key, channel) for key, channel in rows]


def _problems(engine: Engine) -> list[str]:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return verify_chain(uow).problems


def _write_old_entry(engine: Engine, key: str) -> None:
    """An entry as coprod wrote it before migration 0019: no channel, hashed without one."""
    with engine.begin() as conn:
        head = conn.execute(select(AuditHead.length, AuditHead.hash)).one_or_none()
        length, prev = head if head is not None else (0, GENESIS_HASH)
        entry = AuditEntry(
            seq=length + 1,
            at="2026-01-02T03:04:05.000000Z",
            actor="local:someone",
            organisation=None,
            object_type="Organisation",
            object_key=key,
            action="create",
            patch=json.dumps([{"op": "add", "path": "/key", "value": key}]),
        )
        values = {**entry_fields(entry), "patch": entry.patch}
        digest = entry_hash(entry_fields(entry), prev)
        conn.execute(insert(AuditEntry).values(**values, prev_hash=prev, hash=digest))
        moved = {"length": entry.seq, "hash": digest}
        if head is None:
            conn.execute(insert(AuditHead).values(id=1, **moved))
        else:
            conn.execute(update(AuditHead).where(AuditHead.id == 1).values(**moved))


def test_old_entries_without_a_channel_and_new_ones_with_one_verify(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    with UnitOfWork(engine, access=SYSTEM, actor=Actor("local:old")) as uow:
        uow.organisations.add(_company("old-co"))  # an actor that says no channel
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM, actor=Actor("mira", "ua-mod", "web")) as uow:
        uow.organisations.add(_company("new-co"))
        uow.commit()
    assert _channels(engine) == [("old-co", None), ("new-co", "web")]
    assert _problems(engine) == []
    with UnitOfWork(engine, access=SYSTEM) as uow:
        new = uow.session.scalars(select(AuditEntry).where(AuditEntry.object_key == "new-co")).one()
        fields, prev_hash, digest = entry_fields(new), new.prev_hash, new.hash
    # The channel is part of what is hashed: the same entry without it hashes otherwise.
    assert fields["channel"] == "web"
    del fields["channel"]
    assert entry_hash(fields, prev_hash) != digest
    engine.dispose()


def _tamper(engine: Engine, statement: str) -> None:
    with engine.begin() as conn:
        triggers = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        ).scalars()
        for name in list(triggers):
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        conn.exec_driver_sql(statement)


@pytest.mark.parametrize(
    ("statement", "seq"),
    [
        ("UPDATE audit_log SET channel = 'api' WHERE seq = 2", 2),  # a channel rewritten
        ("UPDATE audit_log SET channel = NULL WHERE seq = 2", 2),  # a channel removed
        ("UPDATE audit_log SET channel = 'web' WHERE seq = 1", 1),  # one given to an old entry
    ],
)
def test_a_changed_channel_breaks_its_entrys_hash(
    tmp_path: Path, migrated_sqlite_template: Path, statement: str, seq: int
) -> None:
    path = tmp_path / "coprod.db"
    path.write_bytes(migrated_sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    with UnitOfWork(engine, access=SYSTEM, actor=Actor("local:old")) as uow:
        uow.organisations.add(_company("old-co"))
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM, actor=Actor("mira", "ua-mod", "web")) as uow:
        uow.organisations.add(_company("new-co"))
        uow.commit()
    _tamper(engine, statement)
    assert _problems(engine) == [f"audit entry seq {seq}: hash does not match its content (edited)"]
    engine.dispose()


def test_a_store_upgraded_from_before_the_channels_keeps_its_chain(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    migrate.upgrade(engine)  # a no-op at the head: the copy of the template is migrated
    engine.dispose()
    fresh = migrated_url.replace("coprod.db", "old.db")
    if fresh == migrated_url:  # PostgreSQL: a database of its own is the fixture's
        pytest.skip("the migration path is run on SQLite; PostgreSQL runs the chain tests")
    engine = make_engine(fresh)
    migrate.upgrade(engine, BEFORE_CHANNELS)
    for key in ("co-1", "co-2"):
        _write_old_entry(engine, key)
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head(engine)
    with UnitOfWork(engine, access=SYSTEM, actor=Actor("local:op").through("cli:init")) as uow:
        uow.organisations.add(_company("co-3"))
        uow.commit()
    assert _channels(engine) == [("co-1", None), ("co-2", None), ("co-3", "cli:init")]
    assert _problems(engine) == []
    engine.dispose()


def test_commands_imports_and_the_system_name_their_channel(
    initialised_url: str, tmp_path: Path
) -> None:
    with open_store(initialised_url, command="organisations add") as store:
        store.write(lambda uow: uow.organisations.add(_company("by-command")))
        document = {
            "schema": "coprod.records/1",
            "organisations": [{"key": "by-import", "name": "Imported", "kind": "company"}],
        }
        parsed = importing.read_document("partners.json", document)
        store.write(lambda uow: importing.write(uow, str(tmp_path / "partners.json"), parsed))
        # a system's work stays the system's, even when it imports (the demo loads a file)
        system = store.through(channel_of("system", "demo"))
        parsed = importing.read_document(
            "demo.json",
            {
                **document,
                "organisations": [{"key": "by-system", "name": "Loaded", "kind": "company"}],
            },
        )
        system.write(lambda uow: importing.write(uow, "demo.json", parsed))
        store.write(lambda uow: uow.organisations.update(_company("by-command", "Renamed")))
        with UnitOfWork(store.engine, access=SYSTEM, actor=Actor("ana", "x", "web")) as uow:
            history = record_history(uow, kinds.ORGANISATION, "by-command")
    engine = make_engine(initialised_url)
    ours = [c for c in _channels(engine) if c[0].startswith("by-")]
    engine.dispose()
    assert ours == [
        ("by-command", "cli:organisations add"),
        ("by-import", "import:partners.json"),
        ("by-system", "system:demo"),
        ("by-command", "cli:organisations add"),
    ]
    assert [s.through for s in history] == [Through(Channel.CLI, "organisations add")] * 2


def test_the_demo_is_loaded_by_the_system(demo_url: str) -> None:
    engine = make_engine(demo_url)
    with engine.connect() as conn:
        channels = set(conn.scalars(select(AuditEntry.channel).distinct()))
    engine.dispose()
    assert channels == {"system:demo"}
