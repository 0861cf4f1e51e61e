"""The audit chain verifier (``services/audit.py``) on a store whose triggers an attacker has
dropped: each kind of tampering is reported with exactly the problems it causes, an intact
chain with none, and an anchor kept outside the database is read and held to the chain."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from coprod.db import migrate
from coprod.db.audit_models import GENESIS_HASH, Actor
from coprod.db.engine import make_engine
from coprod.db.models import OrganisationRow
from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import AccountRole, OrganisationKind
from coprod.errors import Forbidden, InvalidInput
from coprod.services.accounts.access import SYSTEM, Principal
from coprod.services.audit import (
    ANCHOR_FORMAT,
    Anchor,
    act_as,
    chain_anchor,
    list_entries,
    read_anchor,
    verify_chain,
)

ENTRIES = 6  # three organisations created, one renamed, two systems created


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with a chain of ENTRIES entries."""
    path = tmp_path_factory.mktemp("audit") / "coprod.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    for key in ("org-a", "org-b", "org-c"):
        with UnitOfWork(engine, access=SYSTEM) as uow:
            uow.organisations.add(d.Organisation(key, key.upper(), OrganisationKind.COMPANY))
            uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.organisations.update(d.Organisation("org-b", "Renamed", OrganisationKind.COMPANY))
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.systems.add(d.System("sys-a", "System A", "drones"))
        uow.systems.add(d.System("sys-b", "System B", "drones"))
        uow.commit()
    engine.dispose()
    return path


@pytest.fixture
def engine(template: Path, tmp_path: Path) -> Iterator[Engine]:
    """A copy of the template store."""
    shutil.copyfile(template, tmp_path / "coprod.db")
    engine = make_engine(f"sqlite:///{tmp_path / 'coprod.db'}")
    yield engine
    engine.dispose()


def _tamper(engine: Engine, *statements: str) -> None:
    """Drop every trigger guarding the trail, then run ``statements``."""
    with engine.begin() as conn:
        triggers = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('audit_log', 'audit_head')"
        ).scalars()
        for name in list(triggers):
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        for statement in statements:
            conn.exec_driver_sql(statement)


def _hashes(engine: Engine) -> dict[int, str]:
    with engine.connect() as conn:
        return dict(conn.exec_driver_sql("SELECT seq, hash FROM audit_log").all())


def _problems(engine: Engine, **kwargs: object) -> list[str]:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return verify_chain(uow, **kwargs).problems  # type: ignore[arg-type]


def test_an_intact_chain_has_no_problem(engine: Engine) -> None:
    hashes = _hashes(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        report = verify_chain(uow, expected_head=hashes[ENTRIES])
    assert (report.length, report.head_hash, report.problems) == (ENTRIES, hashes[ENTRIES], [])
    assert report.intact
    assert sorted(hashes) == list(range(1, ENTRIES + 1))


def test_an_empty_chain_is_intact(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    migrate.upgrade(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        report = verify_chain(uow, expected_head=GENESIS_HASH)
        assert chain_anchor(uow) == Anchor(0, GENESIS_HASH, None)
    engine.dispose()
    assert (report.length, report.head_hash, report.problems) == (0, GENESIS_HASH, [])


def test_an_edited_field_breaks_only_that_entrys_hash(engine: Engine) -> None:
    _tamper(engine, "UPDATE audit_log SET actor = 'nobody' WHERE seq = 3")
    assert _problems(engine) == ["audit entry seq 3: hash does not match its content (edited)"]


def test_a_patch_that_is_no_json_is_reported_as_edited(engine: Engine) -> None:
    _tamper(engine, "UPDATE audit_log SET patch = 'not json' WHERE seq = 2")
    assert _problems(engine) == ["audit entry seq 2: patch is not valid JSON (edited)"]


def test_a_deleted_entry_is_reported_by_every_later_position(engine: Engine) -> None:
    hashes = _hashes(engine)
    _tamper(engine, "DELETE FROM audit_log WHERE seq = 4")
    moved = "(an entry was deleted, inserted or reordered)"
    assert _problems(engine) == [
        f"audit entry seq 5: expected seq 4 {moved}",
        f"audit entry seq 5: prev_hash does not match the hash of the entry before it {moved}",
        f"audit entry seq 6: expected seq 5 {moved}",
        f"audit head records {ENTRIES} entries ending in {hashes[6][:12]}…, the log has "
        f"{ENTRIES - 1} ending in {hashes[6][:12]}… (entries were removed or added)",
    ]


def test_a_deleted_last_entry_is_reported_by_the_head(engine: Engine) -> None:
    hashes = _hashes(engine)
    _tamper(engine, f"DELETE FROM audit_log WHERE seq = {ENTRIES}")
    assert _problems(engine) == [
        f"audit head records {ENTRIES} entries ending in {hashes[ENTRIES][:12]}…, the log has "
        f"{ENTRIES - 1} ending in {hashes[ENTRIES - 1][:12]}… (entries were removed or added)"
    ]


def test_a_missing_head_is_reported(engine: Engine) -> None:
    hashes = _hashes(engine)
    _tamper(engine, "DELETE FROM audit_head")
    assert _problems(engine) == [
        f"audit head records 0 entries ending in {GENESIS_HASH[:12]}…, the log has {ENTRIES} "
        f"ending in {hashes[ENTRIES][:12]}… (entries were removed or added)"
    ]


def test_another_expected_head_is_reported(engine: Engine) -> None:
    hashes = _hashes(engine)
    assert _problems(engine, expected_head="f" * 64) == [
        f"the chain ends in {hashes[ENTRIES][:12]}…, not in the expected head ffffffffffff…"
    ]


def _anchor(engine: Engine) -> Anchor:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        return chain_anchor(uow)


def test_the_anchor_names_the_last_entry(engine: Engine) -> None:
    anchor = _anchor(engine)
    assert (anchor.seq, anchor.hash) == (ENTRIES, _hashes(engine)[ENTRIES])
    assert anchor.at is not None and anchor.at.endswith("Z")
    assert anchor.to_json() == {
        "format": ANCHOR_FORMAT,
        "seq": ENTRIES,
        "hash": anchor.hash,
        "at": anchor.at,
    }
    assert read_anchor("kept.json", anchor.to_json()) == anchor
    assert _problems(engine, anchor=anchor) == []
    earlier = Anchor(2, _hashes(engine)[2], anchor.at)
    with engine.connect() as conn:
        at = conn.exec_driver_sql("SELECT at FROM audit_log WHERE seq = 2").scalar()
    assert _problems(engine, anchor=Anchor(2, earlier.hash, at)) == []
    assert _problems(engine, anchor=Anchor(0, GENESIS_HASH, None)) == []


def test_an_anchor_the_chain_no_longer_holds_is_reported(engine: Engine) -> None:
    anchor = _anchor(engine)
    beyond = Anchor(ENTRIES + 1, anchor.hash, anchor.at)
    assert _problems(engine, anchor=beyond) == [
        f"the anchored entry seq {ENTRIES + 1} is missing: the log has {ENTRIES} entries "
        "(entries were removed)"
    ]
    other = Anchor(ENTRIES, "e" * 64, anchor.at)
    assert _problems(engine, anchor=other) == [
        f"audit entry seq {ENTRIES} is not the anchored one: hash {anchor.hash[:12]}… at "
        f"{anchor.at}, anchored eeeeeeeeeeee… at {anchor.at} (the chain was rewritten)"
    ]
    later = Anchor(ENTRIES, anchor.hash, "2099-01-01T00:00:00.000000Z")
    assert len(_problems(engine, anchor=later)) == 1
    assert _problems(engine, anchor=Anchor(0, "e" * 64, None)) == [
        "the anchor of seq 0 has a wrong hash"
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "field 'format' must be 'coprod.audit-anchor/1'"),
        ({"format": "other", "seq": 1, "hash": "a" * 64, "at": None}, "field 'format'"),
        ({"format": ANCHOR_FORMAT, "seq": -1, "hash": "a" * 64}, "field 'seq' must be a whole "
         "number ≥ 0, not -1"),
        ({"format": ANCHOR_FORMAT, "seq": True, "hash": "a" * 64}, "not True"),
        ({"format": ANCHOR_FORMAT, "seq": "1", "hash": "a" * 64}, "not '1'"),
        ({"format": ANCHOR_FORMAT, "seq": 1, "hash": "a" * 63}, "field 'hash' must be 64 "
         "hexadecimal digits"),
        ({"format": ANCHOR_FORMAT, "seq": 1, "hash": 1}, "field 'hash'"),
        ({"format": ANCHOR_FORMAT, "seq": 1, "hash": "a" * 64, "at": 5}, "field 'at' must be a "
         "time (text) or null"),
    ],
)  # fmt: skip
def test_a_malformed_anchor_is_refused_naming_the_field(document: object, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_anchor("kept.json", document)
    assert refused.value.message.startswith("kept.json: ")
    assert message in refused.value.message


def test_an_anchor_at_its_lowest_values_is_read() -> None:
    document = {"format": ANCHOR_FORMAT, "seq": 0, "hash": GENESIS_HASH, "at": None}
    assert read_anchor("kept.json", document) == Anchor(0, GENESIS_HASH, None)


MINISTRY = Principal("mira", AccountRole.MINISTRY, "ua-mod")


def test_entries_are_listed_newest_first_filtered_and_paged(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        every = list_entries(uow, MINISTRY)
        organisations = list_entries(uow, MINISTRY, object_type="Organisation")
        org_b = list_entries(uow, MINISTRY, object_key="org-b")
        both = list_entries(uow, MINISTRY, object_type="System", object_key="sys-a")
        page = list_entries(uow, MINISTRY, limit=2, offset=1)
    assert [e["seq"] for e in every] == list(range(ENTRIES, 0, -1))
    assert [e["seq"] for e in organisations] == [4, 3, 2, 1]
    assert [(e["seq"], e["action"]) for e in org_b] == [(4, "update"), (2, "create")]
    assert [(e["object_key"], e["action"]) for e in both] == [("sys-a", "create")]
    assert [e["seq"] for e in page] == [ENTRIES - 1, ENTRIES - 2]
    assert every[0]["hash"] == _hashes(engine)[ENTRIES]
    assert isinstance(every[0]["patch"], list)


@pytest.mark.parametrize(
    "role", [AccountRole.FUNDER, AccountRole.MANUFACTURER, AccountRole.ANALYST]
)
def test_only_ministry_and_admin_list_entries(engine: Engine, role: AccountRole) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow, pytest.raises(Forbidden) as refused:
        list_entries(uow, Principal("x", role, "org-a"))
    assert refused.value.message == f"a {role.value} account may not read the audit trail"
    with UnitOfWork(engine, access=SYSTEM) as uow:
        assert len(list_entries(uow, Principal("adam", AccountRole.ADMIN, "ua-mod"))) == 6


def test_a_session_acting_as_someone_names_them_in_its_entries(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        act_as(uow, Actor("rev", "ua-mod"))
        uow.session.add(OrganisationRow(key="org-d", name="D", kind="company"))
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        (entry,) = list_entries(uow, MINISTRY, object_key="org-d")
    assert (entry["actor"], entry["organisation"], entry["action"]) == ("rev", "ua-mod", "create")


def test_the_trail_is_listed_a_hundred_entries_at_a_time(engine: Engine) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for n in range(100):
            uow.organisations.add(d.Organisation(f"bulk-{n}", "Bulk", OrganisationKind.COMPANY))
        uow.commit()
    with UnitOfWork(engine, access=SYSTEM) as uow:
        listed = list_entries(uow, MINISTRY)
    assert [e["seq"] for e in listed] == list(range(ENTRIES + 100, ENTRIES, -1))
