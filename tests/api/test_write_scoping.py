"""Write scoping per role, through the API with valid bodies (records the API would store for
the ministry): each role creates, changes and deletes only the kinds it may, and only inside its
own organisation; a refused write leaves the store and its audit trail as they were."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Platform

WRITE_KINDS = (
    "funding_instruments",
    "production_lines",
    "orders",
    "deliveries",
    "production_reports",
    "payments",
    "needs",
)
# The kinds of record each role may write (within its organisation); the rest answer 403.
WRITABLE = {
    "funder": {"funding_instruments", "payments"},
    "manufacturer": {"production_lines", "orders", "deliveries", "production_reports"},
    "analyst": set(),
}
# Per kind: a record of the world to copy from, and the changes that make the copy the role's
# own (None: the copy is already inside the role's organisation).
TEMPLATES: dict[str, str] = {
    "funding_instruments": "fr-fund",
    "production_lines": "acme-line",
    "orders": "acme-order",
    "deliveries": "acme-delivery",
    "production_reports": "acme-report",
    "payments": "acme-payment",
    "needs": "need-drones",
}


def _read(platform: Platform, plural: str, key: str, role: str = "ministry") -> Any:
    return platform.client.get(f"/api/{plural}/{key}", headers=platform.headers(role))


def _body(platform: Platform, plural: str, key: str, **changes: Any) -> dict[str, Any]:
    """A valid body: the template record as the ministry reads it, under a new key."""
    answer = _read(platform, plural, TEMPLATES[plural])
    assert answer.status_code == 200, answer.text
    body = {k: v for k, v in answer.json().items() if k != "version"}
    return {**body, "key": key, **changes}


def _small(plural: str) -> dict[str, Any]:
    # Quantities that fit: need-drones has 390 left, acme-order 30 produced and not delivered,
    # 10 not reported produced, and €40 000 of its cost not paid.
    return {
        "orders": {"quantity": 1},
        "deliveries": {"quantity": 1},
        "production_reports": {"quantity": 1},
        "payments": {"amount": {"amount": "1", "currency": "EUR"}},
    }.get(plural, {})


def _trail(platform: Platform) -> int:
    with platform.engine.connect() as conn:
        return int(conn.exec_driver_sql("select count(*) from audit_log").scalar() or 0)


@pytest.mark.parametrize("role", sorted(WRITABLE))
def test_each_role_creates_only_the_kinds_it_may(platform: Platform, role: str) -> None:
    for plural in WRITE_KINDS:
        before = _trail(platform)
        body = _body(platform, plural, f"new-{role}", **_small(plural))
        answer = platform.client.post(f"/api/{plural}", headers=platform.headers(role), json=body)
        stored = _read(platform, plural, f"new-{role}")
        if plural in WRITABLE[role]:
            assert answer.status_code == 201, (plural, answer.text)
            assert stored.status_code == 200
        else:
            assert answer.status_code == 403, (plural, answer.text)
            assert answer.json()["detail"] == f"a {role} account may not change {_one(plural)}s"
            assert stored.status_code == 404
            assert _trail(platform) == before


def _one(plural: str) -> str:
    return {
        "funding_instruments": "funding instrument",
        "production_lines": "production line",
        "orders": "order",
        "deliveries": "delivery",
        "production_reports": "production report",
        "payments": "payment",
        "needs": "need",
    }[plural]


def test_the_ministry_and_the_admin_create_every_kind(platform: Platform) -> None:
    for role in ("ministry", "admin"):
        for plural in WRITE_KINDS:
            body = _body(platform, plural, f"new-{role}", **_small(plural))
            answer = platform.client.post(
                f"/api/{plural}", headers=platform.headers(role), json=body
            )
            assert answer.status_code == 201, (role, plural, answer.text)


@pytest.mark.parametrize(
    ("funder", "answer"),
    [("fr-dga", 201), ("FR", 201), ("de-bmvg", 403), ("DE", 403), ("acme", 403)],
)
def test_a_funder_creates_instruments_only_for_itself_or_its_state(
    platform: Platform, funder: str, answer: int
) -> None:
    body = _body(platform, "funding_instruments", "f-new", funder=funder)
    created = platform.client.post(
        "/api/funding_instruments", headers=platform.headers("funder"), json=body
    )
    assert created.status_code == answer, created.text
    if answer == 403:
        assert created.json()["detail"] == (
            "funding instrument 'f-new' would be outside your organisation's records: not saved"
        )
    stored = _read(platform, "funding_instruments", "f-new")
    assert stored.status_code == (200 if answer == 201 else 404)


def _replace(platform: Platform, role: str, plural: str, key: str, **changes: Any) -> Any:
    current = _read(platform, plural, key, role)
    assert current.status_code == 200, current.text
    body = {k: v for k, v in current.json().items() if k != "version"}
    return platform.client.put(
        f"/api/{plural}/{key}",
        headers=platform.headers(role, **{"If-Match": current.headers["etag"]}),
        json={**body, **changes},
    )


def test_a_funder_changes_its_instrument_but_cannot_give_it_away(platform: Platform) -> None:
    renamed = _replace(platform, "funder", "funding_instruments", "fr-fund", name="Renamed")
    assert renamed.status_code == 200, renamed.text
    before = _trail(platform)
    moved = _replace(platform, "funder", "funding_instruments", "fr-fund", funder="de-bmvg")
    assert moved.status_code == 403, moved.text
    assert moved.json()["detail"] == (
        "funding instrument 'fr-fund' would be outside your organisation's records: not saved"
    )
    assert _read(platform, "funding_instruments", "fr-fund").json()["funder"] == "fr-dga"
    assert _trail(platform) == before


def test_a_funder_reads_the_orders_it_pays_but_cannot_write_them(platform: Platform) -> None:
    before = _trail(platform)
    changed = _replace(platform, "funder", "orders", "acme-order", quantity=1)
    assert changed.status_code == 403, changed.text
    order = _read(platform, "orders", "acme-order", "funder")
    deleted = platform.client.delete(
        "/api/orders/acme-order",
        headers=platform.headers("funder", **{"If-Match": order.headers["etag"]}),
    )
    assert deleted.status_code == 403, deleted.text
    assert _read(platform, "orders", "acme-order").json()["quantity"] == 50
    assert _trail(platform) == before


def test_a_funder_deletes_its_own_new_instrument(platform: Platform) -> None:
    body = _body(platform, "funding_instruments", "f-own")
    headers = platform.headers("funder")
    created = platform.client.post("/api/funding_instruments", headers=headers, json=body)
    assert created.status_code == 201, created.text
    deleted = platform.client.delete(
        "/api/funding_instruments/f-own",
        headers=platform.headers("funder", **{"If-Match": created.headers["etag"]}),
    )
    assert deleted.status_code == 204, deleted.text
    assert _read(platform, "funding_instruments", "f-own").status_code == 404


@pytest.mark.parametrize(("organisation", "answer"), [("acme", 201), ("rival", 403)])
def test_a_manufacturer_creates_lines_only_for_itself(
    platform: Platform, organisation: str, answer: int
) -> None:
    body = _body(platform, "production_lines", "l-new", organisation=organisation)
    created = platform.client.post(
        "/api/production_lines", headers=platform.headers("manufacturer"), json=body
    )
    assert created.status_code == answer, created.text
    stored = _read(platform, "production_lines", "l-new")
    assert stored.status_code == (200 if answer == 201 else 404)


def test_a_manufacturer_delivers_only_against_its_own_orders(platform: Platform) -> None:
    headers = platform.headers("manufacturer")
    own = _body(platform, "deliveries", "d-own", quantity=1)
    assert platform.client.post("/api/deliveries", headers=headers, json=own).status_code == 201
    foreign = {**own, "key": "d-foreign", "order": "rival-order"}
    missing = {**own, "key": "d-foreign", "order": "no-order"}
    refused = platform.client.post("/api/deliveries", headers=headers, json=foreign)
    unknown = platform.client.post("/api/deliveries", headers=headers, json=missing)
    # A competitor's order is as unknown to the manufacturer as one that does not exist.
    assert refused.status_code == unknown.status_code == 422
    assert refused.json()["detail"].replace("rival-order", "X") == unknown.json()["detail"].replace(
        "no-order", "X"
    )
    assert _read(platform, "deliveries", "d-foreign").status_code == 404


def test_a_manufacturer_cannot_move_its_order_to_a_competitors_line(platform: Platform) -> None:
    before = _trail(platform)
    moved = _replace(platform, "manufacturer", "orders", "acme-order", production_line="rival-line")
    assert moved.status_code == 422, moved.text
    assert "rival-line" in moved.json()["detail"]
    assert _read(platform, "orders", "acme-order").json()["production_line"] == "acme-line"
    assert _trail(platform) == before


def test_an_analyst_changes_and_deletes_nothing_it_sees(platform: Platform) -> None:
    before = _trail(platform)
    changed = _replace(platform, "analyst", "agreements", "a-public", title="Changed")
    assert changed.status_code == 403, changed.text
    agreement = _read(platform, "agreements", "a-public", "analyst")
    deleted = platform.client.delete(
        "/api/agreements/a-public",
        headers=platform.headers("analyst", **{"If-Match": agreement.headers["etag"]}),
    )
    assert deleted.status_code == 403, deleted.text
    assert _read(platform, "agreements", "a-public").json()["title"] == "Agreement a-public"
    assert _trail(platform) == before


@pytest.mark.parametrize("role", ["funder", "manufacturer", "analyst"])
def test_feature_gates_name_the_role_and_what_it_may_not_do(platform: Platform, role: str) -> None:
    headers = platform.headers(role)
    gates = [
        (platform.client.get("/api/audit", headers=headers), "read the audit trail"),
        (
            platform.client.post(
                "/api/plans/run", headers=headers, json={"months": 3, "start": "2026-01"}
            ),
            "run or read plans",
        ),
        (platform.client.get("/api/facts", headers=headers), "review extracted facts"),
    ]
    for answer, what in gates:
        assert answer.status_code == 403, answer.text
        assert answer.json()["detail"] == f"a {role} account may not {what}"
