"""Plants, ownerships and investments through the API (issue 19): who sees them, who changes
them, and a refused write answers a 4xx ``{"error", "detail"}`` naming the record, the field
and the rule, with nothing stored and nothing added to the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ROLES, Platform

PLANT = {
    "key": "acme-ua-plant",
    "name": "Acme's drone plant in Ukraine",
    "operator": "acme",
    "country": "UA",
    "city": "Lviv",
    "kind": "production",
    "status": "under_construction",
    "history": [
        {"status": "announced", "on": "2025-02-01"},
        {"status": "under_construction", "on": "2025-06-01"},
    ],
}
OWNERSHIP = {"key": "acme-owns-rival", "owner": "acme", "owned": "rival", "stake": "51"}
INVESTMENT = {
    "key": "acme-in-plant",
    "investor": "acme",
    "status": "committed",
    "plant": "acme-ua-plant",
    "amount": {"amount": "20000000", "currency": "EUR"},
    "on": "2025-06-01",
}
BODIES = {"plants": PLANT, "ownerships": OWNERSHIP, "investments": INVESTMENT}


def _trail(platform: Platform) -> int:
    with platform.engine.connect() as conn:
        return int(conn.exec_driver_sql("select count(*) from audit_log").scalar() or 0)


def _create(platform: Platform, plural: str, body: dict[str, Any], role: str = "ministry") -> Any:
    return platform.client.post(f"/api/{plural}", headers=platform.headers(role), json=body)


def _world(platform: Platform) -> None:
    for plural, body in BODIES.items():
        answer = _create(platform, plural, body)
        assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_plants_owners_and_investments(platform: Platform, role: str) -> None:
    _world(platform)
    for plural, body in BODIES.items():
        listed = platform.client.get(f"/api/{plural}", headers=platform.headers(role))
        one = platform.client.get(f"/api/{plural}/{body['key']}", headers=platform.headers(role))
        hidden = role == "analyst" and plural == "investments"
        assert listed.status_code == 200, listed.text
        keys = [item["key"] for item in listed.json()["items"]]
        assert keys == ([] if hidden else [body["key"]]), (role, plural)
        assert one.status_code == (404 if hidden else 200), (role, plural)


@pytest.mark.parametrize("role", ["funder", "manufacturer", "analyst"])
def test_only_ministry_and_admin_change_them(platform: Platform, role: str) -> None:
    _world(platform)
    for plural, body in BODIES.items():
        before = _trail(platform)
        created = _create(platform, plural, {**body, "key": f"{body['key']}-2"}, role)
        assert created.status_code == 403, created.text
        assert created.json()["detail"] == f"a {role} account may not change {plural[:-1]}s"
        deleted = platform.client.delete(
            f"/api/{plural}/{body['key']}", headers=platform.headers(role)
        )
        assert deleted.status_code in (403, 404), deleted.text
        assert _trail(platform) == before


def test_admin_changes_them(platform: Platform) -> None:
    for plural, body in BODIES.items():
        assert _create(platform, plural, body, "admin").status_code == 201


@pytest.mark.parametrize(
    ("plural", "body", "status", "detail"),
    [
        (
            "ownerships",
            {**OWNERSHIP, "key": "x", "stake": "49.01"},
            422,
            "ownerships 'x': field stake: the stakes in 'rival' sum to 100.01 % from the start "
            "(rule: the stakes in one company sum to at most 100 % at any date)",
        ),
        (
            "plants",
            {**PLANT, "history": [{"status": "under_construction"}, {"status": "announced"}]},
            422,
            "plants 'acme-ua-plant': field history.1.status: announced cannot follow "
            "under_construction "
            "(rule: a plant's status and its dates move forward)",
        ),
        (
            "ownerships",
            {**OWNERSHIP, "key": "x", "stake": "100.5"},
            422,
            "body.stake: stake must be between 0.01 and 100, not 100.5",
        ),
    ],
)
def test_a_refused_write_names_field_and_rule_and_stores_nothing(
    platform: Platform, plural: str, body: dict[str, Any], status: int, detail: str
) -> None:
    assert _create(platform, "ownerships", OWNERSHIP).status_code == 201
    before = _trail(platform)
    answer = _create(platform, plural, body)
    assert answer.status_code == status, answer.text
    assert answer.json()["detail"] == detail
    # A refusal by a rule of the rulebook also names the rule's stable id; a malformed
    # body has no one code: each of its problems has its own, with its field.
    rule = detail.endswith(")")
    assert set(answer.json()) == {"error", "detail", "code" if rule else "problems"}
    if rule:
        assert answer.json()["code"] in {"rule.ownership.stakes_within_whole", "rule.plant.forward"}
    else:
        assert [p["field"] for p in answer.json()["problems"]] == ["stake"]
    assert _trail(platform) == before
    listed = platform.client.get(f"/api/{plural}", headers=platform.headers("ministry"))
    assert [i["key"] for i in listed.json()["items"]] == (
        ["acme-owns-rival"] if plural == "ownerships" else []
    )
