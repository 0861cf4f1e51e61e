"""Imports with an Idempotency-Key scoped to the organisation; plans for ministry and admin."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.api.conftest import Platform
from tests.api.test_access import cookie_login

DOCUMENT = {
    "schema": "coprod.records/1",
    "systems": [{"key": "imported-system", "name": "Imported", "category": "drones"}],
}


def _audit_length(platform: Platform) -> int:
    with platform.engine.connect() as conn:
        return int(conn.exec_driver_sql("select count(*) from audit_log").scalar() or 0)


def test_an_import_repeated_with_its_key_is_answered_once(platform: Platform) -> None:
    headers = platform.headers("ministry", **{"Idempotency-Key": "import-1"})
    first = platform.client.post("/api/import", headers=headers, json=DOCUMENT)
    assert first.status_code == 200, first.text
    assert first.json()["created"] == 1
    length = _audit_length(platform)
    again = platform.client.post("/api/import", headers=headers, json=DOCUMENT)
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert _audit_length(platform) == length


def test_the_same_key_with_another_body_is_a_conflict(platform: Platform) -> None:
    headers = platform.headers("ministry", **{"Idempotency-Key": "import-2"})
    assert platform.client.post("/api/import", headers=headers, json=DOCUMENT).status_code == 200
    other = {**DOCUMENT, "systems": [{**DOCUMENT["systems"][0], "name": "Other"}]}  # type: ignore[dict-item]
    assert platform.client.post("/api/import", headers=headers, json=other).status_code == 409


def test_idempotency_keys_are_scoped_to_the_organisation(platform: Platform) -> None:
    key = {"Idempotency-Key": "shared-key"}
    ministry = platform.client.post(
        "/api/import", headers=platform.headers("ministry", **key), json=DOCUMENT
    )
    assert ministry.status_code == 200
    # The funder's own first use of the same key is not the ministry's answer replayed.
    funder = platform.client.post(
        "/api/import", headers=platform.headers("funder", **key), json=DOCUMENT
    )
    assert funder.status_code == 403
    assert "idempotent-replayed" not in funder.headers


def test_an_unreadable_record_is_refused_before_anything_is_written(platform: Platform) -> None:
    bad = {"schema": "coprod.records/1", "systems": [{"key": "x", "name": "X"}]}
    answer = platform.client.post("/api/import", headers=platform.headers("ministry"), json=bad)
    assert answer.status_code == 422
    assert "category" in answer.json()["detail"]


def _table_counts(platform: Platform) -> dict[str, int]:
    tables = ("systems", "needs", "orders", "audit_log")
    with platform.engine.connect() as conn:
        return {
            t: int(conn.exec_driver_sql(f"select count(*) from {t}").scalar() or 0) for t in tables
        }


# Every record is readable, and the systems, the need and the first order are written before
# the last order takes the need over its quantity: the whole import must be rolled back.
MANY = {
    "schema": "coprod.records/1",
    "systems": [
        {"key": "imported-a", "name": "Imported A", "category": "drones"},
        {"key": "imported-b", "name": "Imported B", "category": "drones"},
    ],
    "needs": [
        {
            "key": "imported-need",
            "system": "drone",
            "quantity": 10,
            "priority": "1",
            "due": "2026-06",
        },
    ],
    "orders": [
        {
            "key": f"imported-order-{n}",
            "need": "imported-need",
            "production_line": "acme-line",
            "instrument": None,
            "quantity": 6,
            "unit_price": {"amount": "1.00", "currency": "EUR"},
            "month": "2026-02",
        }
        for n in (1, 2)
    ],
}


def test_a_failed_import_of_many_records_changes_nothing(platform: Platform) -> None:
    before = _table_counts(platform)
    headers = platform.headers("ministry")
    answer = platform.client.post("/api/import", headers=headers, json=MANY)
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert "need 'imported-need' would have more units ordered than it needs" in detail
    assert _table_counts(platform) == before
    for path in (
        "systems/imported-a",
        "systems/imported-b",
        "needs/imported-need",
        "orders/imported-order-1",
    ):
        assert platform.client.get(f"/api/{path}", headers=headers).status_code == 404, path
    fits = {**MANY, "orders": MANY["orders"][:1]}
    assert platform.client.post("/api/import", headers=headers, json=fits).status_code == 200
    assert _table_counts(platform)["orders"] == before["orders"] + 1


@pytest.mark.parametrize("role", ["funder", "manufacturer", "analyst"])
def test_only_ministry_and_admin_plan(platform: Platform, role: str) -> None:
    body = {"months": 3, "start": "2026-01"}
    for path in ("/api/plans/run", "/api/plans/compare"):
        assert (
            platform.client.post(path, headers=platform.headers(role), json=body).status_code == 403
        )


def test_the_ministry_runs_and_compares_plans(platform: Platform) -> None:
    body = {"months": 6, "start": "2026-01"}
    run = platform.client.post("/api/plans/run", headers=platform.headers("ministry"), json=body)
    assert run.status_code == 200, run.text
    plan = run.json()
    assert plan["status"] == "optimal"
    assert [n["id"] for n in plan["needs"]] == ["need-drones"]
    assert {i["id"] for i in plan["instruments"]} == {"fr-fund", "de-fund"}
    what_if = {**body, "edits": ["instruments.fr-fund.budget=100"]}
    compared = platform.client.post(
        "/api/plans/compare", headers=platform.headers("ministry"), json=what_if
    )
    assert compared.status_code == 200, compared.text
    changes = compared.json()["changes"]
    assert any(c["kind"] == "instrument" and c["id"] == "fr-fund" for c in changes)
    bad = {**body, "edits": ["nonsense"]}
    refused = platform.client.post(
        "/api/plans/compare", headers=platform.headers("ministry"), json=bad
    )
    assert refused.status_code == 422


def _put(platform: Platform, role: str, path: str, change: dict[str, object]) -> None:
    record = platform.client.get(path, headers=platform.headers(role))
    body = {k: v for k, v in record.json().items() if k != "version"}
    answer = platform.client.put(
        path,
        headers=platform.headers(role, **{"If-Match": record.headers["etag"]}),
        json={**body, **change},
    )
    assert answer.status_code == 200, answer.text


def test_contract_terms_through_the_api_give_a_contract_plan(platform: Platform) -> None:
    _put(platform, "manufacturer", "/api/production_lines/acme-line", {"min_order": 7})
    _put(platform, "ministry", "/api/needs/need-drones", {"max_suppliers": 1})
    line = platform.client.get(
        "/api/production_lines/acme-line", headers=platform.headers("manufacturer")
    )
    assert line.json()["min_order"] == 7
    body = {"months": 6, "start": "2026-01"}
    run = platform.client.post("/api/plans/run", headers=platform.headers("ministry"), json=body)
    assert run.status_code == 200, run.text
    plan = run.json()
    assert plan["status"] == "optimal"
    assert plan["bound"] >= plan["objective"] and plan["relaxation"] >= plan["bound"]
    assert len({c["producer"] for c in plan["contracts"] if c["need"] == "need-drones"}) <= 1
    assert all(c["quantity"] >= 7 for c in plan["contracts"] if c["producer"] == "acme-line")
    bad = platform.client.get(
        "/api/production_lines/acme-line", headers=platform.headers("manufacturer")
    )
    body = {k: v for k, v in bad.json().items() if k != "version"}
    answer = platform.client.put(
        "/api/production_lines/acme-line",
        headers=platform.headers("manufacturer", **{"If-Match": bad.headers["etag"]}),
        json={**body, "lot_size": 0},
    )
    assert answer.status_code == 422
    assert "lot_size" in answer.text
    csrf = cookie_login(platform, "mira")
    page = platform.client.post(
        "/planner/run", data={"csrf_token": csrf, "months": "6", "start": "2026-01"}
    )
    assert page.status_code == 200, page.text
    assert "Contracts: one per line and need" in page.text
    assert "acme-line" in page.text


def test_an_import_through_the_api_is_not_told_as_a_file(platform: Platform) -> None:
    """The trail of an API import names no file: the history page reads "by an import", not
    "by importing the file request body"."""
    headers = platform.headers("ministry")
    assert platform.client.post("/api/import", headers=headers, json=DOCUMENT).status_code == 200
    with platform.engine.connect() as conn:
        channels = conn.execute(
            text("select channel from audit_log where object_key = :key"),
            {"key": "imported-system"},
        ).all()
    assert [row[0] for row in channels] == ["import"]
