"""The audit trail's guards in the database itself (SQLite; PostgreSQL when configured).

Issue 15, finding 8: without dropping a trigger, ``INSERT OR REPLACE`` over the last entry (a
forged entry with a correct hash) plus an ``UPDATE audit_head`` passed ``coprod audit verify``.
Now the triggers of migration 0006 refuse both, and every other change to the head but the
append path; the append path itself still works, deletes keep the deleted values.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, exc

from coprod.db import migrate
from coprod.db.audit_models import Actor, canonical_json, entry_hash
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import OrganisationKind
from coprod.services.accounts.access import SYSTEM
from coprod.services.audit import verify_chain


def _changes(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM, actor=Actor("tester", "ua-mod")) as uow:
        uow.organisations.add(d.Organisation("org-a", "A", OrganisationKind.COMPANY, "FR"))
        uow.organisations.add(d.Organisation("org-b", "B", OrganisationKind.COMPANY, "DE"))
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.organisations.delete("org-b")
        uow.commit()


def _last(engine: Engine) -> tuple[int, str, str]:
    with engine.connect() as conn:
        seq, prev_hash, digest = conn.exec_driver_sql(
            "SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).one()
    return int(seq), str(prev_hash), str(digest)


def _forged_last_entry(engine: Engine) -> tuple[str, str]:
    """An INSERT that replaces the last entry with a forged one whose hash is correct."""
    seq, prev_hash, _ = _last(engine)
    fields = {
        "seq": seq,
        "at": "2026-01-01T00:00:00.000000Z",
        "actor": "forger",
        "organisation": None,
        "object_type": "Organisation",
        "object_key": "org-b",
        "action": "update",
        "patch": [],
    }
    forged = entry_hash(fields, prev_hash)
    columns = (
        "seq, at, actor, organisation, object_type, object_key, action, patch, prev_hash, hash"
    )
    values = (
        f"{seq}, '{fields['at']}', 'forger', NULL, 'Organisation', 'org-b', 'update', "
        f"'{canonical_json([])}', '{prev_hash}', '{forged}'"
    )
    if engine.dialect.name == "sqlite":
        return f"INSERT OR REPLACE INTO audit_log ({columns}) VALUES ({values})", forged
    assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns.split(", ")[1:])
    upsert = f"INSERT INTO audit_log ({columns}) VALUES ({values}) ON CONFLICT (seq) DO UPDATE"
    return f"{upsert} SET {assignments}", forged


def _refused(engine: Engine, statement: str) -> None:
    with pytest.raises(exc.DBAPIError, match="append-only"), engine.begin() as conn:
        conn.exec_driver_sql(statement)


def test_a_replaced_last_entry_and_a_rewritten_head_are_refused(engine: Engine) -> None:
    _changes(engine)
    seq, prev_hash, _ = _last(engine)
    replace, forged = _forged_last_entry(engine)
    _refused(engine, replace)
    _refused(engine, f"UPDATE audit_head SET hash = '{forged}'")
    _refused(engine, f"UPDATE audit_head SET length = {seq - 1}, hash = '{prev_hash}'")
    _refused(engine, f"UPDATE audit_head SET length = {seq + 1}")
    _refused(engine, "UPDATE audit_head SET id = 2")
    _refused(engine, "DELETE FROM audit_head")
    _refused(engine, f"INSERT INTO audit_head (id, length, hash) VALUES (2, 0, '{'0' * 64}')")
    if engine.dialect.name == "sqlite":
        _refused(engine, f"INSERT OR REPLACE INTO audit_head VALUES (1, {seq}, '{forged}')")
    else:
        _refused(engine, "TRUNCATE audit_head")
    with UnitOfWork(engine, access=SYSTEM) as uow:
        report = verify_chain(uow)
    assert report.intact, report.problems
    assert report.length == seq


def test_the_append_path_still_moves_the_head_over_many_flushes(engine: Engine) -> None:
    _changes(engine)
    # One transaction, several flushes and a savepoint that is rolled back: the head follows.
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.organisations.add(d.Organisation("org-c", "C", OrganisationKind.COMPANY, "PL"))
        uow.session.flush()
        savepoint = uow.session.begin_nested()
        uow.organisations.add(d.Organisation("org-x", "X", OrganisationKind.COMPANY, "PL"))
        uow.session.flush()
        savepoint.rollback()
        uow.organisations.add(d.Organisation("org-d", "D", OrganisationKind.COMPANY, "PL"))
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        report = verify_chain(uow)
    assert report.intact, report.problems
    assert report.length == 5


def test_a_delete_keeps_the_deleted_values_in_its_patch(engine: Engine) -> None:
    _changes(engine)
    with engine.connect() as conn:
        action, patch = conn.exec_driver_sql(
            "SELECT action, patch FROM audit_log WHERE object_key = 'org-b' ORDER BY seq DESC"
        ).first() or ("", "[]")
    operations = json.loads(str(patch))
    assert action == "delete"
    assert operations[0]["op"] == "test" and operations[0]["path"] == ""
    assert operations[0]["value"]["name"] == "B" and operations[0]["value"]["country"] == "DE"
    assert {"op": "remove", "path": "/name"} in operations


def test_the_guards_migration_goes_down_and_up(engine: Engine) -> None:
    from alembic import command

    _changes(engine)
    command.downgrade(migrate.alembic_config(engine), "0005_login_failures")
    migrate.upgrade(engine)
    replace, _ = _forged_last_entry(engine)
    _refused(engine, replace)
