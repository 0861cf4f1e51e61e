"""Hostile numbers, keys and links found by the security probe (issue 15, findings 1–4 and 10):
each is refused with a clear 4xx naming the field, and nothing of it is stored or rendered."""

from __future__ import annotations

from typing import Any

import pytest

from coprod.api.routers.registry import expected_version
from coprod.errors import InvalidInput
from tests.api.conftest import Platform
from tests.api.test_access import cookie_login


def eur(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "EUR"}


def line(key: str, **changes: Any) -> dict[str, Any]:
    record = {
        "key": key,
        "organisation": "acme",
        "system": "drone",
        "company_country": "FR",
        "site_country": "UA",
        "unit_cost": eur("1000"),
        "monthly_capacity": 10,
        "lead_time_months": 1,
    }
    return {**record, **changes}


def need(key: str, **changes: Any) -> dict[str, Any]:
    return {
        "key": key,
        "system": "drone",
        "quantity": 5,
        "priority": "1",
        "due": "2026-05",
        **changes,
    }


def order(key: str, **changes: Any) -> dict[str, Any]:
    record = {
        "key": key,
        "need": None,
        "production_line": "acme-line",
        "instrument": None,
        "quantity": 1,
        "unit_price": eur("1000"),
        "month": "2026-05",
    }
    return {**record, **changes}


def refused(platform: Platform, role: str, plural: str, body: dict[str, Any], field: str) -> str:
    answer = platform.client.post(f"/api/{plural}", headers=platform.headers(role), json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "InvalidInput"
    assert field in answer.json()["detail"]
    stored = platform.client.get(f"/api/{plural}/{body['key']}", headers=platform.headers(role))
    assert stored.status_code in {404, 422}  # 422: a key the path itself refuses
    return str(answer.json()["detail"])


@pytest.mark.parametrize("months", [1_000_000_000, 2**62, 121, -1])
def test_a_lead_time_beyond_ten_years_is_refused(platform: Platform, months: int) -> None:
    detail = refused(
        platform, "manufacturer", "production_lines", line("long", lead_time_months=months), "lead"
    )
    assert "between 0 and 120" in detail


@pytest.mark.parametrize(
    ("plural", "body", "field"),
    [
        ("needs", need("n-prio", priority=1e30), "priority"),
        ("needs", need("n-places", priority="0.00001"), "priority"),
        ("needs", need("n-due", due="9999-12"), "due"),
        ("production_lines", line("l-cost", unit_cost=eur("99999999999999999999.99")), "unit_cost"),
        ("production_lines", line("l-cap", monthly_capacity=2**63), "monthly_capacity"),
        ("orders", order("o-huge", quantity=2**63), "quantity"),
        ("orders", order("o-price", unit_price=eur("1e30")), "unit_price"),
    ],
)
def test_huge_numbers_are_refused_not_a_server_error(
    platform: Platform, plural: str, body: dict[str, Any], field: str
) -> None:
    refused(platform, "ministry", plural, body, field)


def test_a_need_of_nothing_is_refused(platform: Platform) -> None:
    refused(platform, "ministry", "needs", need("n-zero", quantity=0), "quantity")


def test_a_need_of_nothing_stored_earlier_does_not_break_the_dashboard(platform: Platform) -> None:
    with platform.engine.begin() as conn:  # as a store written before the rule holds it
        conn.exec_driver_sql("update needs set quantity = 0 where key = 'need-drones'")
    cookie_login(platform, "mira")
    answer = platform.client.get("/")
    assert answer.status_code == 200
    assert "Needs coverage" in answer.text


@pytest.mark.parametrize("header", ['"²"', '"١"', '"' + "9" * 5000 + '"', '"-1"'])
def test_if_match_that_is_no_version_is_a_clear_error(header: str) -> None:
    # What uvicorn hands over for the raw bytes b'"\xb2"' (headers are read as latin-1);
    # the test client re-encodes such headers, so the parser is called directly.
    with pytest.raises(InvalidInput, match="If-Match"):
        expected_version(header)
    assert expected_version('W/"12"') == 12


def test_a_page_number_beyond_any_listing_is_a_clear_error(platform: Platform) -> None:
    cookie_login(platform, "mira")
    answer = platform.client.get("/records/needs", params={"page": 10**20})
    assert answer.status_code == 422
    assert "page" in answer.text
    assert platform.client.get("/records/needs", params={"page": 2}).status_code == 200


@pytest.mark.parametrize("months", ["²", "100000000000000000000", "0"])
def test_planner_months_are_bounded(platform: Platform, months: str) -> None:
    csrf = cookie_login(platform, "mira")
    answer = platform.client.post("/planner/run", data={"csrf_token": csrf, "months": months})
    assert answer.status_code == 422, answer.text
    assert "months" in answer.text


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.domain)", "JavaScript:alert(1)", "data:text/html,x", "//x"]
)
def test_a_document_link_must_be_http_or_https(platform: Platform, url: str) -> None:
    body = {"key": "doc-x", "name": "x", "sha256": "a" * 64, "url": url}
    refused(platform, "ministry", "source_documents", body, "url")


@pytest.mark.parametrize("key", ["a/b", "nul\x00byte", "zero\u200bwidth", "..", "-lead", "é"])
def test_keys_are_slugs(platform: Platform, key: str) -> None:
    body = {"key": key, "name": "x", "kind": "company"}
    answer = platform.client.post(
        "/api/organisations", headers=platform.headers("ministry"), json=body
    )
    assert answer.status_code == 422, answer.text
    assert "key must" in answer.json()["detail"]


def test_keys_of_letters_digits_dots_dashes_and_underscores_are_taken(platform: Platform) -> None:
    body = {"key": "Acme_2.0-fr", "name": "x", "kind": "company"}
    answer = platform.client.post(
        "/api/organisations", headers=platform.headers("ministry"), json=body
    )
    assert answer.status_code == 201, answer.text


def test_a_reference_to_a_record_the_caller_cannot_see_answers_like_a_missing_one(
    platform: Platform,
) -> None:
    headers = platform.headers("manufacturer")
    answers = {}
    for target in ("rival-line", "no-such-line"):  # Rival's line exists; Acme cannot see it
        body = order(f"o-{target}", production_line=target)
        answer = platform.client.post("/api/orders", headers=headers, json=body)
        answers[target] = (answer.status_code, answer.json()["detail"].replace(target, "X"))
    assert answers["rival-line"] == answers["no-such-line"]
    assert answers["rival-line"][0] == 422
    delivery = {"key": "d-x", "order": "rival-order", "quantity": 1, "delivered_on": "2026-03-01"}
    answer = platform.client.post("/api/deliveries", headers=headers, json=delivery)
    assert answer.status_code == 422 and "unknown order" in answer.json()["detail"]


def test_a_key_taken_by_a_hidden_record_answers_like_one_taken_by_a_visible_record(
    platform: Platform,
) -> None:
    # Keys are one namespace: a create must fail on a taken key either way, and the answer
    # says nothing more about a record the caller cannot see than about its own.
    headers = platform.headers("manufacturer")
    answers = {}
    for key in ("acme-order", "rival-order"):  # Acme's own order, and Rival's (hidden)
        answer = platform.client.post("/api/orders", headers=headers, json=order(key))
        answers[key] = (answer.status_code, answer.json()["detail"].replace(key, "X"))
    assert answers["acme-order"] == answers["rival-order"]
    assert answers["rival-order"][0] == 409
    assert "exists" not in answers["rival-order"][1]
    hidden = platform.client.get("/api/orders/rival-order", headers=headers)
    assert hidden.status_code == 404


@pytest.mark.parametrize("key", ["a/b", "zero\u200bwidth", "x" * 201])
def test_review_accept_holds_the_record_key_to_the_same_rules(platform: Platform, key: str) -> None:
    from tests.api.test_facts import _ingest

    proposal = _ingest(platform)
    headers = platform.headers("ministry")
    answer = platform.client.post(
        f"/api/facts/{proposal}/accept", headers=headers, json={"key": key}
    )
    assert answer.status_code == 422, answer.text
    assert "key" in answer.json()["detail"]
    fact = platform.client.get(f"/api/facts/{proposal}", headers=headers).json()
    assert fact["state"] == "unverified"
