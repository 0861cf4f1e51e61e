"""The audit trail's writer (``db/audit_models.py``): every flush appends one entry per record
created, changed or deleted, with the patch that turns the record's previous state into its
new one (references by key, secrets redacted, child lists in order), chained by hashes that
are recomputed here from the stored columns alone, and the head moved to the last entry."""

from __future__ import annotations

import dataclasses
import getpass
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonpatch
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session
from tests.stores import copy_sqlite

from coprod.db.audit_models import (
    GENESIS_HASH,
    Actor,
    AuditEntry,
    canonical_json,
    entry_fields,
    entry_hash,
    record_state,
)
from coprod.db.auth_models import SessionRow, UserRow
from coprod.db.engine import make_engine
from coprod.db.models import ProductionLineRow
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import MaturityStage, OrganisationKind
from coprod.domain.money import Money
from coprod.services.accounts.access import SYSTEM

COLUMNS = "seq, at, actor, organisation, object_type, object_key, action, patch, prev_hash, hash"


@pytest.fixture
def engine(migrated_sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(copy_sqlite(migrated_sqlite_template, tmp_path / "audit.db"))
    yield engine
    engine.dispose()


def entries(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT {COLUMNS} FROM audit_log ORDER BY seq")).mappings()
        return [dict(row) | {"patch": json.loads(row["patch"])} for row in rows]


def head(engine: Engine) -> tuple[int, str] | None:
    with engine.connect() as conn:
        row = conn.execute(text("SELECT id, length, hash FROM audit_head")).one_or_none()
    if row is None:
        return None
    assert row.id == 1
    return int(row.length), str(row.hash)


def state_of(engine: Engine, key: str) -> Any:
    """A record's state replayed from its entries' patches alone."""
    state: Any = {}
    for entry in entries(engine):
        if entry["object_key"] == key:
            state = jsonpatch.apply_patch(state, entry["patch"]) if entry["patch"] else state
    return state


def eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


ORG_A = d.Organisation("org-a", "Maker A", OrganisationKind.COMPANY, "FR", aliases=["MA"])
ORG_B = d.Organisation("org-b", "Maker B", OrganisationKind.COMPANY, "UA")
DRONE = d.System("drone", "Drone", "drones")
LINE = d.ProductionLine("l-1", "org-a", "drone", "FR", "FR", eur("10.50"), 5)
PROJECT = d.InnovationProject(
    "p-1",
    "Sensors",
    ["org-a", "org-b"],
    stages=[d.StageChange(MaturityStage.TRL2, date(2026, 1, 2))],
)


def world(engine: Engine, actor: Actor | None = Actor("u-1", "org-x")) -> None:
    with UnitOfWork(engine, access=SYSTEM, actor=actor) as uow:
        for org in (ORG_A, ORG_B):
            uow.organisations.add(org)
        uow.systems.add(DRONE)
        uow.production_lines.add(LINE)
        uow.innovation_projects.add(PROJECT)
        uow.commit()


# --- what an entry holds ----------------------------------------------------------------------


def test_a_create_adds_each_field_to_an_empty_record(engine: Engine) -> None:
    world(engine)
    create = next(e for e in entries(engine) if e["object_key"] == "org-a")
    expected = {
        "key": "org-a", "name": "Maker A", "kind": "company", "country": "FR",
        "aliases": ["MA"], "parent": None, "version": 1,
    }  # fmt: skip
    assert sorted(create["patch"], key=lambda op: op["path"]) == [
        {"op": "add", "path": f"/{name}", "value": expected[name]} for name in sorted(expected)
    ]


def test_a_created_record_is_its_whole_state_with_references_by_key(engine: Engine) -> None:
    world(engine)
    assert state_of(engine, "org-a") == {
        "key": "org-a", "name": "Maker A", "kind": "company", "country": "FR",
        "aliases": ["MA"], "parent": None, "version": 1,
    }  # fmt: skip
    assert state_of(engine, "l-1") == {
        "key": "l-1", "organisation": "org-a", "system": "drone", "company_country": "FR",
        "site_country": "FR", "unit_cost_amount": "10.50", "unit_cost_currency": "EUR",
        "monthly_capacity": 5, "lead_time_months": 0, "illustrative": False,
        "lot_size": None, "min_order": None, "plant": None, "licence": None, "licensor": None,
        "version": 1,
    }  # fmt: skip
    assert state_of(engine, "p-1") == {
        "key": "p-1", "name": "Sensors", "need": None, "funding_amount": None,
        "funding_currency": None, "notes": None, "version": 1,
        "partners": [{"partner": "org-a"}, {"partner": "org-b"}],
        "stages": [{"stage": "trl2", "on": "2026-01-02"}], "evidence": [],
    }  # fmt: skip


def test_each_entry_names_its_record_action_actor_and_organisation(engine: Engine) -> None:
    world(engine)
    named = [
        (e["seq"], e["object_type"], e["object_key"], e["action"], e["actor"], e["organisation"])
        for e in entries(engine)
    ]
    assert named == [
        (1, "Organisation", "org-a", "create", "u-1", "org-x"),
        (2, "Organisation", "org-b", "create", "u-1", "org-x"),
        (3, "System", "drone", "create", "u-1", "org-x"),
        (4, "ProductionLine", "l-1", "create", "u-1", "org-x"),
        (5, "InnovationProject", "p-1", "create", "u-1", "org-x"),
    ]


def test_without_an_actor_the_operating_system_user_is_named(engine: Engine) -> None:
    world(engine, actor=None)
    assert {(e["actor"], e["organisation"]) for e in entries(engine)} == {
        (f"local:{getpass.getuser()}", None)
    }


def test_an_entry_is_stamped_in_utc_when_it_is_written(engine: Engine) -> None:
    before = datetime.now(UTC)
    world(engine)
    after = datetime.now(UTC)
    for entry in entries(engine):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", entry["at"]), entry["at"]
        at = datetime.strptime(entry["at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        assert before <= at <= after


def test_an_update_holds_only_what_changed_and_a_reference_by_its_new_key(
    engine: Engine,
) -> None:
    world(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.production_lines.update(
            dataclasses.replace(LINE, organisation="org-b", monthly_capacity=7)
        )
        uow.commit()
    last = entries(engine)[-1]
    assert (last["object_key"], last["action"]) == ("l-1", "update")
    assert sorted(last["patch"], key=lambda op: op["path"]) == [
        {"op": "replace", "path": "/monthly_capacity", "value": 7},
        {"op": "replace", "path": "/organisation", "value": "org-b"},
        {"op": "replace", "path": "/version", "value": 2},
    ]
    assert state_of(engine, "l-1")["organisation"] == "org-b"


def test_a_write_that_changes_nothing_adds_no_entry(engine: Engine) -> None:
    world(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.production_lines.update(LINE)
        uow.commit()
    assert len(entries(engine)) == 5


def test_a_child_list_changed_is_an_update_of_its_owner_in_order(engine: Engine) -> None:
    world(engine)
    later = d.StageChange(MaturityStage.TRL4, date(2026, 3, 1))
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.innovation_projects.update(
            dataclasses.replace(PROJECT, partners=["org-b"], stages=[*PROJECT.stages, later])
        )
        uow.commit()
    last = entries(engine)[-1]
    assert (last["object_type"], last["object_key"], last["action"]) == (
        "InnovationProject", "p-1", "update",
    )  # fmt: skip
    project = state_of(engine, "p-1")
    assert project["partners"] == [{"partner": "org-b"}]
    assert project["stages"] == [
        {"stage": "trl2", "on": "2026-01-02"},
        {"stage": "trl4", "on": "2026-03-01"},
    ]
    assert project["version"] == 2


def test_a_child_list_reordered_is_recorded_in_its_new_order(engine: Engine) -> None:
    world(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.innovation_projects.update(dataclasses.replace(PROJECT, partners=["org-b", "org-a"]))
        uow.commit()
    assert state_of(engine, "p-1")["partners"] == [{"partner": "org-b"}, {"partner": "org-a"}]


def test_a_deleted_record_keeps_its_last_state_in_the_entry(engine: Engine) -> None:
    world(engine)
    before = state_of(engine, "p-1")
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.innovation_projects.delete("p-1")
        uow.commit()
    last = entries(engine)[-1]
    assert (last["object_key"], last["action"]) == ("p-1", "delete")
    kept, *removes = last["patch"]
    assert kept == {"op": "test", "path": "", "value": before}
    assert kept["value"]["partners"] == [{"partner": "org-a"}, {"partner": "org-b"}]
    assert kept["value"]["stages"] == [{"stage": "trl2", "on": "2026-01-02"}]
    assert jsonpatch.apply_patch(kept["value"], removes) == {}


def test_a_user_s_password_hash_is_never_written_to_the_trail(engine: Engine) -> None:
    created = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with Session(engine) as session:
        session.add(
            UserRow(
                key="u-9", name="Nine", role="ministry", organisation="ua-mod",
                password_hash="$argon2id$secret", active=True, created_at=created,
            )
        )  # fmt: skip
        session.commit()
        user = session.query(UserRow).one()
        session.add(
            SessionRow(
                token_hash="t" * 64, user_id=user.id, csrf_token="c", created_at=created,
                expires_at=created,
            )
        )  # fmt: skip
        user.password_hash = "$argon2id$other"
        user.name = "Nine N."
        session.commit()
    found = entries(engine)
    assert [(e["object_type"], e["action"]) for e in found] == [
        ("User", "create"),
        ("User", "update"),
    ]
    state = jsonpatch.apply_patch({}, found[0]["patch"])
    assert state["password_hash"] == "<redacted>"
    assert state["created_at"] == "2026-01-02T03:04:05+00:00"
    assert "secret" not in json.dumps(found) and "other" not in json.dumps(found)
    # The secret changed, its redacted value did not: the update replaces it all the same.
    assert found[1]["patch"] == [
        {"op": "replace", "path": "/name", "value": "Nine N."},
        {"op": "replace", "path": "/password_hash", "value": "<redacted>"},
    ]
    assert jsonpatch.apply_patch(state, found[1]["patch"])["password_hash"] == "<redacted>"


# --- the chain --------------------------------------------------------------------------------


def independent_hash(entry: dict[str, Any]) -> str:
    """SHA-256 over the entry's fields and previous hash, in JSON written out here."""
    fields = {k: entry[k] for k in COLUMNS.split(", ") if k != "hash"}
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def test_every_entry_is_chained_to_the_one_before(engine: Engine) -> None:
    world(engine)
    with UnitOfWork(engine, access=SYSTEM, actor=Actor("u-2", "ua-mod")) as uow:
        uow.organisations.delete("org-b")
        uow.commit()
    found = entries(engine)
    assert [e["seq"] for e in found] == [1, 2, 3, 4, 5, 6]
    previous = GENESIS_HASH
    for entry in found:
        assert entry["prev_hash"] == previous
        assert entry["hash"] == independent_hash(entry)
        previous = entry["hash"]
    assert head(engine) == (6, previous)


def test_the_hash_covers_every_field(engine: Engine) -> None:
    world(engine)
    entry = entries(engine)[0]
    fields = {k: entry[k] for k in COLUMNS.split(", ") if k not in ("hash", "prev_hash")}
    assert entry_hash(fields, entry["prev_hash"]) == entry["hash"]
    for name, other in [("seq", 9), ("at", "x"), ("actor", "y"), ("organisation", None),
                        ("object_type", "T"), ("object_key", "k"), ("action", "delete"),
                        ("patch", [])]:  # fmt: skip
        assert entry_hash(fields | {name: other}, entry["prev_hash"]) != entry["hash"], name
    assert entry_hash(fields, "1" * 64) != entry["hash"]


def test_stored_fields_read_back_as_they_were_hashed(engine: Engine) -> None:
    world(engine)
    with Session(engine) as session:
        stored = session.get(AuditEntry, 1)
        assert stored is not None
        assert entry_hash(entry_fields(stored), stored.prev_hash) == stored.hash
        assert entry_fields(stored)["patch"] == entries(engine)[0]["patch"]


def test_canonical_json_sorts_keys_without_spaces_and_keeps_letters() -> None:
    assert canonical_json({"b": 1, "a": ["é", None, 1.5]}) == '{"a":["é",null,1.5],"b":1}'


def test_several_flushes_of_one_transaction_continue_the_chain(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.organisations.add(ORG_A)
        uow.session.flush()
        assert head_in(uow.session) == 1
        uow.organisations.add(ORG_B)
        uow.session.flush()
        assert head_in(uow.session) == 2
        uow.commit()
    found = entries(engine)
    assert [e["seq"] for e in found] == [1, 2]
    assert found[1]["prev_hash"] == found[0]["hash"]
    assert head(engine) == (2, found[1]["hash"])


def head_in(session: Session) -> int:
    return int(session.execute(text("SELECT length FROM audit_head")).scalar_one())


def test_a_rolled_back_transaction_leaves_no_entry_and_the_chain_goes_on(
    engine: Engine,
) -> None:
    world(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.organisations.add(d.Organisation("org-c", "C", OrganisationKind.COMPANY, "PL"))
        uow.session.flush()
        uow.session.rollback()
        uow.organisations.add(d.Organisation("org-d", "D", OrganisationKind.COMPANY, "DE"))
        uow.commit()
    found = entries(engine)
    assert [(e["seq"], e["object_key"]) for e in found[-2:]] == [(5, "p-1"), (6, "org-d")]
    assert found[-1]["prev_hash"] == found[-2]["hash"]
    assert head(engine) == (6, found[-1]["hash"])


def test_a_rolled_back_savepoint_takes_its_entries_with_it(engine: Engine) -> None:
    world(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        nested = uow.session.begin_nested()
        uow.organisations.add(d.Organisation("org-c", "C", OrganisationKind.COMPANY, "PL"))
        uow.session.flush()
        nested.rollback()
        uow.organisations.add(d.Organisation("org-d", "D", OrganisationKind.COMPANY, "DE"))
        uow.commit()
    found = entries(engine)
    assert [(e["seq"], e["object_key"]) for e in found[-2:]] == [(5, "p-1"), (6, "org-d")]
    assert head(engine) == (6, found[-1]["hash"])


def test_the_first_entry_creates_the_head_and_later_ones_move_it(engine: Engine) -> None:
    assert head(engine) is None
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.organisations.add(ORG_A)
        uow.commit()
    first = entries(engine)[0]
    assert head(engine) == (1, first["hash"])
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.organisations.add(ORG_B)
        uow.commit()
    assert head(engine) == (2, entries(engine)[1]["hash"])


def test_a_transaction_that_audits_nothing_leaves_the_head_alone(engine: Engine) -> None:
    world(engine)
    stored = head(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.organisations.get_by_key("org-a")
        uow.session.flush()
        uow.commit()
    assert head(engine) == stored


def test_record_state_before_a_flush_is_the_stored_state(engine: Engine) -> None:
    world(engine)
    with Session(engine) as session:
        row = session.query(ProductionLineRow).one()
        row.monthly_capacity = 9
        assert record_state(row, before=True)["monthly_capacity"] == 5
        assert record_state(row)["monthly_capacity"] == 9
        assert "id" not in record_state(row)
        session.rollback()
