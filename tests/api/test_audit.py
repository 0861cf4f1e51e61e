"""The audit trail: every change appends a hash-chained entry; any tampering is detected."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, exc

from coprod.db.audit_models import canonical_json, entry_hash
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import OrganisationKind
from coprod.services.accounts.access import SYSTEM
from coprod.services.audit import verify_chain
from coprod.services.records import importing
from tests.api.conftest import Platform


def _verify(engine: Engine) -> list[str]:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return verify_chain(uow).problems


def _rows(engine: Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def _as_attacker(engine: Engine, *statements: str) -> None:
    # Someone with write access to the file drops the triggers first.
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        for statement in statements:
            conn.exec_driver_sql(statement)


@pytest.fixture
def audited(platform: Platform) -> Iterator[Platform]:
    """The platform after one API change, so the chain has a few dozen entries."""
    headers = platform.headers("ministry")
    read = platform.client.get("/api/agreements/a-acme", headers=headers)
    body = {k: v for k, v in read.json().items() if k != "version"}
    changed = platform.client.put(
        "/api/agreements/a-acme",
        headers=platform.headers("ministry", **{"If-Match": read.headers["etag"]}),
        json={**body, "title": "Retitled", "parties": ["acme", "UA", "FR"]},
    )
    assert changed.status_code == 200, changed.text
    yield platform


def test_an_api_change_is_audited_with_actor_organisation_and_json_patch(audited: Platform) -> None:
    (_seq, actor, org, kind, key, action, patch, at) = _rows(
        audited.engine,
        "select seq, actor, organisation, object_type, object_key, action, patch, at "
        "from audit_log order by seq desc limit 1",
    )[0]
    assert (actor, org, kind, key, action) == ("mira", "ua-mod", "Agreement", "a-acme", "update")
    operations = json.loads(str(patch))
    assert {"op": "replace", "path": "/title", "value": "Retitled"} in operations
    assert {"op": "add", "path": "/parties/2", "value": {"party": "FR"}} in operations
    assert str(at).endswith("Z")
    assert _verify(audited.engine) == []


def test_one_change_is_one_entry_holding_the_new_version(platform: Platform) -> None:
    # A need's system is looked up while the row is filled: no early flush may write half
    # the change (two UPDATEs, two entries, the first without the new version).
    headers = platform.headers("ministry")
    read = platform.client.get("/api/needs/need-drones", headers=headers)
    body = {k: v for k, v in read.json().items() if k != "version"}
    before = _rows(platform.engine, "select count(*) from audit_log")[0][0]
    changed = platform.client.put(
        "/api/needs/need-drones",
        headers=platform.headers("ministry", **{"If-Match": read.headers["etag"]}),
        json={**body, "quantity": body["quantity"] + 1},
    )
    assert changed.status_code == 200, changed.text
    entries = _rows(
        platform.engine, f"select object_key, action, patch from audit_log where seq > {before}"
    )
    assert [entry[:2] for entry in entries] == [("need-drones", "update")]
    paths = {operation["path"] for operation in json.loads(str(entries[0][2]))}
    assert paths == {"/quantity", "/version"}


def test_imports_through_the_service_are_audited_too(platform: Platform) -> None:
    document = {
        "schema": "coprod.records/1",
        "systems": [{"key": "s2", "name": "S2", "category": "drones"}],
    }
    before = _rows(platform.engine, "select count(*) from audit_log")[0][0]
    with UnitOfWork(platform.engine, access=SYSTEM) as uow:
        importing.write(uow, "inline", importing.read_document("inline", document))
        uow.commit()
    after = _rows(platform.engine, "select actor, object_key from audit_log order by seq desc")
    assert len(after) == before + 1
    assert after[0][1] == "s2" and str(after[0][0]).startswith("local:")


def test_the_database_refuses_update_and_delete_of_audit_rows(audited: Platform) -> None:
    with pytest.raises(exc.DBAPIError, match="append-only"), audited.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET actor = 'someone' WHERE seq = 1")
    with pytest.raises(exc.DBAPIError, match="append-only"), audited.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = 2")
    assert _verify(audited.engine) == []


def test_an_edited_row_is_detected(audited: Platform) -> None:
    _as_attacker(audited.engine, "UPDATE audit_log SET actor = 'nobody' WHERE seq = 3")
    problems = _verify(audited.engine)
    assert any("seq 3" in p and "edited" in p for p in problems)


def test_an_edited_patch_is_detected(audited: Platform) -> None:
    _as_attacker(audited.engine, "UPDATE audit_log SET patch = '[]' WHERE seq = 5")
    assert any("seq 5" in p for p in _verify(audited.engine))


def test_a_deleted_row_is_detected(audited: Platform) -> None:
    _as_attacker(audited.engine, "DELETE FROM audit_log WHERE seq = 4")
    assert any("seq 5" in p for p in _verify(audited.engine))


def test_a_deleted_last_row_is_detected_by_the_head(audited: Platform) -> None:
    last = _rows(audited.engine, "select max(seq) from audit_log")[0][0]
    _as_attacker(audited.engine, f"DELETE FROM audit_log WHERE seq = {last}")
    assert any("audit head" in p for p in _verify(audited.engine))


def test_reordered_rows_are_detected(audited: Platform) -> None:
    _as_attacker(
        audited.engine,
        "UPDATE audit_log SET seq = -1 WHERE seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = -1",
    )
    problems = _verify(audited.engine)
    assert any("seq 2" in p for p in problems) and any("seq 3" in p for p in problems)


def test_an_inserted_row_is_detected_even_with_a_valid_own_hash(audited: Platform) -> None:
    # The forger shifts later rows up and computes a correct hash for its own row.
    prev = _rows(audited.engine, "select hash from audit_log where seq = 2")[0][0]
    fields = {
        "seq": 3,
        "at": "2026-01-01T00:00:00.000000Z",
        "actor": "forger",
        "organisation": None,
        "object_type": "Agreement",
        "object_key": "a-x",
        "action": "create",
        "patch": [],
    }
    forged = entry_hash(fields, str(prev))
    top = _rows(audited.engine, "select max(seq) from audit_log")[0][0]
    shifts = [f"UPDATE audit_log SET seq = {s + 1} WHERE seq = {s}" for s in range(top, 2, -1)]
    _as_attacker(
        audited.engine,
        *shifts,
        "INSERT INTO audit_log (seq, at, actor, organisation, object_type, object_key, action, "
        f"patch, prev_hash, hash) VALUES (3, '{fields['at']}', 'forger', NULL, 'Agreement', "
        f"'a-x', 'create', '{canonical_json([])}', '{prev}', '{forged}')",
    )
    problems = _verify(audited.engine)
    assert any("seq 4" in p and "prev_hash" in p for p in problems)


def test_a_fully_rewritten_chain_is_caught_by_an_external_head(audited: Platform) -> None:
    with UnitOfWork(audited.engine, access=SYSTEM) as uow:
        recorded = verify_chain(uow).head_hash
        assert verify_chain(uow, expected_head=recorded).intact
        assert not verify_chain(uow, expected_head="0" * 64).intact


def test_the_audit_api_lists_and_verifies(audited: Platform) -> None:
    headers = audited.headers("admin")
    entries = audited.client.get(
        "/api/audit", headers=headers, params={"object_key": "a-acme"}
    ).json()
    assert entries[0]["action"] == "update" and entries[0]["actor"] == "mira"
    verdict = audited.client.get("/api/audit/verify", headers=headers).json()
    assert verdict["intact"] is True and verdict["length"] > 10


def test_entities_in_a_unit_of_work_without_an_actor_name_the_os_user(platform: Platform) -> None:
    with UnitOfWork(platform.engine, access=SYSTEM) as uow:
        uow.organisations.add(d.Organisation("new-org", "New", OrganisationKind.COMPANY))
        uow.commit()
    actor = _rows(platform.engine, "select actor from audit_log order by seq desc limit 1")[0][0]
    assert str(actor).startswith("local:")
