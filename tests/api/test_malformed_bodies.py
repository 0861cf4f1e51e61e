"""A body the API's schema refuses is still judged by the registry's rules as far as its fields
read, as the forms are: one 422 holds the schema's problems and the rules broken elsewhere in
the record (a history dated backwards, an unknown reference, a change the stored version
forbids), each in ``problems`` with its code and field; nothing is written. A body that is no
record (not JSON, not an object) is refused as before, and a body that reads is untouched."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Platform, coded_problems

AGREEMENT: dict[str, Any] = {
    "key": "a-three",
    "title": "Three problems",
    "type": "contract",
    "status": "signed",
    "parties": ["FR", "UA"],
    "history": [
        {"status": "planned", "on": "2025-03-15"},
        {"status": "signed", "on": "2025-04-01"},
    ],
}


def _trail(platform: Platform) -> int:
    with platform.engine.connect() as conn:
        return int(conn.exec_driver_sql("select count(*) from audit_log").scalar() or 0)


def _read(platform: Platform, plural: str, key: str) -> Any:
    return platform.client.get(f"/api/{plural}/{key}", headers=platform.headers("ministry"))


def test_a_malformed_field_and_rules_broken_elsewhere_are_said_at_once(
    platform: Platform,
) -> None:
    body = {
        **AGREEMENT,
        "quantity": "many",
        "parties": ["no-such-co", "UA"],
        "history": [
            {"status": "planned", "on": "2025-03-15"},
            {"status": "signed", "on": "2025-02-01"},
        ],
    }
    before = _trail(platform)
    headers = {**platform.headers("ministry"), "Accept-Language": "uk"}
    answer = platform.client.post("/api/agreements", json=body, headers=headers)
    assert coded_problems(answer) == [
        ("format.whole_number", "quantity"),
        ("agreement.history_date_back", "history.1.on"),
        ("reference.unknown", "parties"),
    ]
    refusal = answer.json()
    assert refusal["error"] == "InvalidInput"
    assert "code" not in refusal  # a malformed body has no one code, as before
    # The schema's words first, as before; then each rule broken, one a line.
    first, *rules = refusal["detail"].split("\n")
    assert first.startswith("body.quantity: Input should be a valid integer")
    assert len(rules) == 2 and "no-such-co" in rules[1]
    said = [problem["said"] for problem in refusal["problems"]]
    assert said[0] == "Угоди, новий запис: поле «quantity» має бути цілим числом, а не 'many'."
    assert said[2] == "Запису no-such-co, доступного вам, не знайдено: оберіть запис зі списку."
    assert _read(platform, "agreements", "a-three").status_code == 404
    assert _trail(platform) == before


def test_an_unknown_field_is_said_with_an_unknown_reference_and_nothing_is_stored(
    platform: Platform,
) -> None:
    """Every field of the record reads: the registry judges it whole, and still writes
    nothing, the schema having refused the body."""
    body = {"key": "n-x", "system": "no-such", "quantity": 5, "priority": "1", "due": "2026-03"}
    answer = platform.client.post(
        "/api/needs", json={**body, "colour": "red"}, headers=platform.headers("ministry")
    )
    assert coded_problems(answer) == [
        ("format.unknown_field", "colour"),
        ("reference.unknown", "system"),
    ]
    assert _read(platform, "needs", "n-x").status_code == 404


def test_a_body_whose_rules_hold_gets_the_schema_s_problems_alone(platform: Platform) -> None:
    body = {**AGREEMENT, "quantity": "many"}
    answer = platform.client.post("/api/agreements", json=body, headers=platform.headers("admin"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"] == (
        "body.quantity: Input should be a valid integer, unable to parse string as an integer"
    )
    assert coded_problems(answer) == [("format.whole_number", "quantity")]
    assert _read(platform, "agreements", "a-three").status_code == 404


def test_a_replace_says_both_and_leaves_the_stored_record_as_it_was(platform: Platform) -> None:
    stored = _read(platform, "orders", "acme-order")
    body = {k: v for k, v in stored.json().items() if k != "version"}
    body |= {"quantity": "lots", "production_line": "no-line"}
    headers = platform.headers("ministry", **{"If-Match": stored.headers["ETag"]})
    answer = platform.client.put("/api/orders/acme-order", json=body, headers=headers)
    assert coded_problems(answer) == [
        ("format.whole_number", "quantity"),
        ("reference.unknown", "production_line"),
    ]
    after = _read(platform, "orders", "acme-order")
    assert after.json() == stored.json()
    assert after.headers["ETag"] == stored.headers["ETag"]


def test_a_change_the_stored_version_forbids_is_said_with_a_malformed_field(
    platform: Platform,
) -> None:
    stored = _read(platform, "funding_instruments", "fr-fund")
    body = {k: v for k, v in stored.json().items() if k != "version"}
    body |= {"name": "x" * 5000, "allocated": {"amount": "1", "currency": "EUR"}}
    headers = platform.headers("ministry", **{"If-Match": stored.headers["ETag"]})
    answer = platform.client.put("/api/funding_instruments/fr-fund", json=body, headers=headers)
    assert coded_problems(answer) == [
        ("bounds.text_length", "name"),
        ("rule.instrument.disbursed_within_allocated", "disbursed"),
        ("rule.instrument.allocated_from_orders", "allocated"),  # against the stored version
    ]
    assert _read(platform, "funding_instruments", "fr-fund").json() == stored.json()


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b'{"key": "n-x", "quantity": ', "body.27: JSON decode error"),
        (b"[1, 2]", "body: Input should be a valid dictionary or object to extract fields from"),
        (b"", "body: Field required"),
    ],
)
def test_a_body_that_is_no_record_is_refused_as_before(
    platform: Platform, content: bytes, detail: str
) -> None:
    headers = platform.headers("ministry", **{"Content-Type": "application/json"})
    answer = platform.client.post("/api/needs", content=content, headers=headers)
    assert answer.status_code == 422, answer.text
    said = answer.json()
    assert (said["error"], said["detail"]) == ("InvalidInput", detail)
    assert [problem.get("field") for problem in said["problems"]] == [None]


def test_a_caller_who_may_not_change_the_kind_learns_nothing_of_the_record(
    platform: Platform,
) -> None:
    body = {"key": "n-x", "system": "no-such", "quantity": "x", "priority": "1", "due": "2026-03"}
    anonymous = platform.client.post("/api/needs", json=body)
    assert anonymous.status_code == 401, anonymous.text
    analyst = platform.client.post("/api/needs", json=body, headers=platform.headers("analyst"))
    assert analyst.status_code == 403, analyst.text
    assert "problems" not in analyst.json()
    # A record the caller cannot see answers 404, as to a body that reads.
    foreign = platform.client.put(
        "/api/orders/rival-order",
        json={"key": "rival-order", "quantity": "x"},
        headers=platform.headers("manufacturer", **{"If-Match": '"1"'}),
    )
    assert foreign.status_code == 404, foreign.text


def test_a_body_that_reads_is_answered_as_before(platform: Platform) -> None:
    body = {"key": "n-new", "system": "drone", "quantity": 5, "priority": "1", "due": "2026-03"}
    answer = platform.client.post("/api/needs", json=body, headers=platform.headers("ministry"))
    assert answer.status_code == 201, answer.text
    assert answer.headers["Location"] == "/api/needs/n-new"
    assert answer.json()["quantity"] == 5
    schema = platform.client.get("/openapi.json").json()
    create = schema["paths"]["/api/needs"]["post"]["requestBody"]["content"]["application/json"]
    assert create["schema"] == {"$ref": "#/components/schemas/NeedCreate"}
