"""An import asks the database once per entity, not once per record, and still checks every
reference and writes every change to the audit trail (SQLite; PostgreSQL when
COPROD_TEST_POSTGRES is set)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, select

from coprod.db.audit_models import AuditEntry
from coprod.db.uow import UnitOfWork
from coprod.errors import InvalidInput, RuleViolation
from coprod.services.accounts.access import SYSTEM
from coprod.services.records import importing


def registry_of(n: int, tag: str = "") -> dict[str, Any]:
    """n organisations, systems, needs with one order each, and agreements (keys with ``tag``)."""
    return {
        "schema": "coprod.records/1",
        "organisations": [
            {"key": f"org{tag}-{i}", "name": f"Org {i}", "kind": "company", "country": "FR"}
            for i in range(n)
        ],
        "systems": [
            {"key": f"sys{tag}-{i}", "name": f"S {i}", "category": "drones"} for i in range(n)
        ],
        "agreements": [
            {
                "key": f"agr{tag}-{i}",
                "title": f"Agreement {i}",
                "type": "contract",
                "status": "planned",
                "parties": ["UA", f"org{tag}-{i}"],
                "systems": [f"sys{tag}-{i}", "drones"],
            }
            for i in range(n)
        ],
        "needs": [
            {
                "key": f"need{tag}-{i}",
                "system": f"sys{tag}-{i}",
                "quantity": 10,
                "priority": "1",
                "due": "2026-01",
            }
            for i in range(n)
        ],
        "production_lines": [
            {
                "key": f"line{tag}-{i}",
                "organisation": f"org{tag}-{i}",
                "system": f"sys{tag}-{i}",
                "company_country": "FR",
                "site_country": "UA",
                "unit_cost": {"amount": "100", "currency": "EUR"},
                "monthly_capacity": 5,
            }
            for i in range(n)
        ],
        "orders": [
            {
                "key": f"order{tag}-{i}",
                "need": f"need{tag}-{i}",
                "production_line": f"line{tag}-{i}",
                "instrument": None,
                "quantity": 10,
                "unit_price": {"amount": "100", "currency": "EUR"},
                "month": "2026-01",
            }
            for i in range(n)
        ],
    }


def import_counting(engine: Engine, path: Path) -> Counter[str]:
    """Import ``path``; the statements the database was sent, by their first word."""
    sent: Counter[str] = Counter()

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent[statement.split(maxsplit=1)[0].upper()] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        with UnitOfWork(engine, access=SYSTEM) as uow:
            importing.write(uow, str(path), importing.read_file(path))
            uow.commit()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return sent


def write(tmp_path: Path, name: str, records: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_selects_do_not_grow_with_the_number_of_records(engine: Engine, tmp_path: Path) -> None:
    small = import_counting(engine, write(tmp_path, "small.json", registry_of(3, "s")))
    large_records = registry_of(30, "l")
    large = import_counting(engine, write(tmp_path, "large.json", large_records))
    assert large["SELECT"] == small["SELECT"], (small, large)
    assert large["INSERT"] > 10 * small["SELECT"]  # rows and audit entries: one per record
    again = import_counting(engine, write(tmp_path, "again.json", large_records))
    assert again["SELECT"] <= small["SELECT"] + 6 and again["INSERT"] == 0, again


def test_references_and_quantities_are_still_checked(engine: Engine, tmp_path: Path) -> None:
    records = registry_of(5)
    import_counting(engine, write(tmp_path, "first.json", records))
    records["agreements"][3]["systems"] = ["sys-1", "no-such-system"]
    with pytest.raises(InvalidInput, match=r"agreements\[3\].*unknown system 'no-such-system'"):
        import_counting(engine, write(tmp_path, "bad.json", records))
    records = registry_of(5)
    records["orders"][2]["quantity"] = 11  # need-2 asks for 10
    with pytest.raises(RuleViolation, match="need 'need-2' would have more units ordered"):
        import_counting(engine, write(tmp_path, "over.json", records))


def test_every_record_and_every_change_of_a_list_is_audited(engine: Engine, tmp_path: Path) -> None:
    records = registry_of(4)
    import_counting(engine, write(tmp_path, "first.json", records))
    records["agreements"][1]["parties"] = ["UA", "FR", "org-1"]  # only a child list changes
    import_counting(engine, write(tmp_path, "second.json", records))
    with UnitOfWork(engine, access=SYSTEM) as uow:
        entries = [
            (e.object_type, e.object_key, e.action, e.patch)
            for e in uow.session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        ]
    created = Counter(kind for kind, _key, action, _patch in entries if action == "create")
    assert created == {
        "Organisation": 4,
        "System": 5,  # and the catalogue's "drones", which the agreements name
        "Agreement": 4,
        "Need": 4,
        "ProductionLine": 4,
        "Order": 4,
    }
    updates = [(kind, key, patch) for kind, key, action, patch in entries if action == "update"]
    assert [(kind, key) for kind, key, _patch in updates] == [("Agreement", "agr-1")]
    assert '"FR"' in updates[0][2]
