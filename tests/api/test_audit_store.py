"""The audit trail on each backend: appended by the store, refused UPDATE/DELETE by triggers
the migration creates (SQLite always; PostgreSQL when COPROD_TEST_POSTGRES is set)."""

from __future__ import annotations

import pytest
from sqlalchemy import exc

from coprod.db.audit_models import Actor
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import OrganisationKind
from coprod.services.accounts.access import SYSTEM
from coprod.services.audit import verify_chain


def test_the_migrated_audit_log_is_append_only_and_chained(migrated_url: str) -> None:
    engine = make_engine(migrated_url)
    try:
        with UnitOfWork(engine, access=SYSTEM, actor=Actor("tester", "ua-mod")) as uow:
            uow.organisations.add(d.Organisation("org-a", "A", OrganisationKind.COMPANY, "FR"))
            uow.organisations.add(d.Organisation("org-b", "B", OrganisationKind.COMPANY, "DE"))
            uow.commit()
        with UnitOfWork(engine, access=SYSTEM) as uow:
            changed = uow.organisations.get_by_key("org-a")
            changed.name = "A renamed"
            uow.organisations.update(changed)
            uow.organisations.delete("org-b")
            uow.commit()
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(exc.DBAPIError, match="append-only"), engine.begin() as conn:
                conn.exec_driver_sql(statement)
        with UnitOfWork(engine, access=SYSTEM) as uow:
            report = verify_chain(uow)
        assert report.intact, report.problems
        assert report.length == 4
        with engine.connect() as conn:
            actions = [
                tuple(row)
                for row in conn.exec_driver_sql(
                    "SELECT actor, object_key, action FROM audit_log ORDER BY seq"
                )
            ]
        assert actions[:2] == [("tester", "org-a", "create"), ("tester", "org-b", "create")]
        assert [a[1:] for a in actions[2:]] == [("org-a", "update"), ("org-b", "delete")]
    finally:
        engine.dispose()
