"""Every registry route, as every role, against records of other organisations: no leak."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import ROLES, Platform
from tests.api.platform_world import ACME_PRICE, EVERY, RIVAL_PRICE, VISIBLE

KINDS = sorted(EVERY)
ORGANISATIONS = {"ua-mod", "fr-dga", "de-bmvg", "acme", "rival", "think-tank"}


def _keys(platform: Platform, role: str, plural: str, **params: object) -> list[str]:
    answer = platform.client.get(f"/api/{plural}", headers=platform.headers(role), params=params)
    assert answer.status_code == 200, answer.text
    return [item["key"] for item in answer.json()["items"]]


@pytest.mark.parametrize("role", ROLES)
def test_lists_and_counts_hold_only_what_the_role_may_see(platform: Platform, role: str) -> None:
    for plural in KINDS:
        answer = platform.client.get(f"/api/{plural}", headers=platform.headers(role))
        body = answer.json()
        assert {item["key"] for item in body["items"]} == VISIBLE[role][plural], plural
        assert body["total"] == len(VISIBLE[role][plural]), plural


@pytest.mark.parametrize("role", ROLES)
def test_a_foreign_record_answers_exactly_like_a_missing_one(platform: Platform, role: str) -> None:
    for plural in KINDS:
        for key in sorted(EVERY[plural] - VISIBLE[role][plural]):
            foreign = platform.client.get(f"/api/{plural}/{key}", headers=platform.headers(role))
            missing = platform.client.get(f"/api/{plural}/nope", headers=platform.headers(role))
            assert foreign.status_code == missing.status_code == 404
            assert foreign.json()["detail"].replace(key, "X") == missing.json()["detail"].replace(
                "nope", "X"
            )
            assert "etag" not in foreign.headers


def _valid_body(platform: Platform, plural: str, key: str) -> tuple[dict[str, object], str]:
    """The record as the ministry reads it (a body the API accepts), and its ETag."""
    answer = platform.client.get(f"/api/{plural}/{key}", headers=platform.headers("ministry"))
    assert answer.status_code == 200, answer.text
    body = {k: v for k, v in answer.json().items() if k != "version"}
    return body, answer.headers["etag"]


def _audit_length(platform: Platform) -> int:
    with platform.engine.connect() as conn:
        return int(conn.exec_driver_sql("select count(*) from audit_log").scalar() or 0)


@pytest.mark.parametrize("role", ROLES)
def test_foreign_records_cannot_be_changed_or_deleted(platform: Platform, role: str) -> None:
    audited = _audit_length(platform)
    for plural in KINDS:
        for key in sorted(EVERY[plural] - VISIBLE[role][plural]):
            body, etag = _valid_body(platform, plural, key)
            headers = platform.headers(role, **{"If-Match": etag})
            # A valid record with its true version: only the scope check can refuse it.
            put = platform.client.put(f"/api/{plural}/{key}", headers=headers, json=body)
            assert put.status_code == 404, (plural, key, put.text)
            delete = platform.client.delete(f"/api/{plural}/{key}", headers=headers)
            assert delete.status_code == 404, (plural, key)
            assert _valid_body(platform, plural, key) == (body, etag)
    assert _audit_length(platform) == audited


def test_a_manufacturer_never_sees_a_competitor_price(platform: Platform) -> None:
    rival = str(RIVAL_PRICE)
    headers = platform.headers("manufacturer")
    for path, params in [
        ("/api/orders", {"sort": "-unit_price_amount"}),
        ("/api/orders", {"filter": "unit_price_currency:EUR"}),
        ("/api/production_lines", {"sort": "unit_cost_amount"}),
        ("/api/production_lines", {"filter": "system:drone"}),
        ("/api/export", {}),
        ("/", {}),
    ]:
        answer = platform.client.get(path, headers=headers, params=params)
        assert answer.status_code == 200, path
        assert rival not in answer.text and "rival-line" not in answer.text, path
    export = platform.client.get("/api/export", headers=headers).json()
    prices = {o["unit_price"]["amount"] for o in export["orders"]}
    assert prices == {str(ACME_PRICE)}


def test_the_dashboard_totals_count_only_the_callers_records(platform: Platform) -> None:
    cookie_login(platform, "maya")
    page = platform.client.get("/").text
    assert ">1 order<" in page
    assert ">1 production line<" in page


def test_an_analyst_sees_public_records_and_changes_nothing(platform: Platform) -> None:
    headers = platform.headers("analyst")
    assert set(_keys(platform, "analyst", "organisations")) == ORGANISATIONS
    created = platform.client.post(
        "/api/systems", headers=headers, json={"key": "x", "name": "X", "category": "drones"}
    )
    assert created.status_code == 403
    agreement = platform.client.get("/api/agreements/a-public", headers=headers)
    body = {k: v for k, v in agreement.json().items() if k != "version"}
    changed = platform.client.put(
        "/api/agreements/a-public",
        headers=platform.headers("analyst", **{"If-Match": agreement.headers["etag"]}),
        json={**body, "title": "changed"},
    )
    assert changed.status_code == 403


def test_a_manufacturer_cannot_order_on_a_competitors_line(platform: Platform) -> None:
    order = {
        "key": "sneaky",
        "need": "need-drones",
        "production_line": "rival-line",
        "instrument": None,
        "quantity": 1,
        "unit_price": {"amount": "1.00", "currency": "EUR"},
        "month": "2026-01",
    }
    headers = platform.headers("manufacturer")
    answer = platform.client.post("/api/orders", headers=headers, json=order)
    missing = platform.client.post(
        "/api/orders", headers=headers, json={**order, "production_line": "no-line"}
    )
    # The competitor's line is as unknown to the manufacturer as a line that does not exist.
    assert answer.status_code == missing.status_code == 422
    assert answer.json()["detail"].replace("rival-line", "X") == missing.json()["detail"].replace(
        "no-line", "X"
    )
    ministry = platform.client.get("/api/orders/sneaky", headers=platform.headers("ministry"))
    assert ministry.status_code == 404


def test_a_manufacturer_changes_its_own_line(platform: Platform) -> None:
    headers = platform.headers("manufacturer")
    line = platform.client.get("/api/production_lines/acme-line", headers=headers)
    body = {k: v for k, v in line.json().items() if k != "version"}
    changed = platform.client.put(
        "/api/production_lines/acme-line",
        headers=platform.headers("manufacturer", **{"If-Match": line.headers["etag"]}),
        json={**body, "monthly_capacity": 250},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["monthly_capacity"] == 250
    moved = platform.client.put(
        "/api/production_lines/acme-line",
        headers=platform.headers("manufacturer", **{"If-Match": changed.headers["etag"]}),
        json={**body, "organisation": "rival"},
    )
    assert moved.status_code == 403
    again = platform.client.get("/api/production_lines/acme-line", headers=headers)
    assert again.json()["organisation"] == "acme"


def test_feature_gates_answer_403_for_roles_without_them(platform: Platform) -> None:
    for role in ("funder", "manufacturer", "analyst"):
        assert platform.client.get("/api/audit", headers=platform.headers(role)).status_code == 403
    assert (
        platform.client.get("/api/audit", headers=platform.headers("ministry")).status_code == 200
    )


def test_unauthenticated_calls_answer_401(platform: Platform) -> None:
    assert platform.client.get("/api/agreements").status_code == 401
    bad = {"Authorization": "Bearer coprod_not-a-token"}
    answer = platform.client.get("/api/agreements", headers=bad)
    assert answer.status_code == 401
    assert json.loads(answer.text)["error"] == "Unauthenticated"


def cookie_login(platform: Platform, user: str) -> str:
    """Log in through the login form; the session's CSRF token."""
    from tests.api.platform_world import PASSWORD

    form = platform.client.get("/login").text
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    answer = platform.client.post(
        "/login",
        data={"user": user, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    page = platform.client.get("/").text
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def test_the_need_cap_counts_every_organisations_orders(platform: Platform) -> None:
    # need-drones: 500 needed, 50 ordered from Acme and 60 from Rival (which Acme cannot see).
    order = {
        "key": "acme-big",
        "need": "need-drones",
        "production_line": "acme-line",
        "instrument": None,
        "quantity": 420,
        "unit_price": {"amount": "1000.00", "currency": "EUR"},
        "month": "2026-02",
    }
    headers = platform.headers("manufacturer")
    too_many = platform.client.post("/api/orders", headers=headers, json=order)
    assert too_many.status_code == 422
    assert str(RIVAL_PRICE) not in too_many.text
    fits = platform.client.post("/api/orders", headers=headers, json={**order, "quantity": 390})
    assert fits.status_code == 201, fits.text
