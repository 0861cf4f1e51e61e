"""The public view: records marked public are readable without an account (API and pages),
read-only and rate-limited; private records answer 404 like missing ones; only the owning
organisation, the ministry or an admin mark a record public, and the trail says who."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient

from coprod.app import create_app
from coprod.http.public_limit import PublicLimit, SharedCounts
from tests.api.conftest import Platform, settings_for
from tests.api.platform_world import USERS


def _publish(platform: Platform, role: str, path: str) -> Any:
    return platform.client.put(f"/api/{path}/public", headers=platform.headers(role))


def _published(platform: Platform, role: str, path: str) -> None:
    answer = _publish(platform, role, path)
    assert answer.status_code == 200, answer.text
    assert answer.json()["public"] is True and answer.json()["url"] == f"/public/{path}"


def test_a_record_marked_public_is_readable_without_an_account(platform: Platform) -> None:
    client = platform.client
    assert client.get("/api/public/agreements/a-public").status_code == 404
    _published(platform, "ministry", "agreements/a-public")
    answer = client.get("/api/public/agreements/a-public")
    assert answer.status_code == 200 and answer.json()["title"] == "Agreement a-public"
    page = client.get("/public/agreements/a-public")
    assert page.status_code == 200 and "Agreement a-public" in page.text
    assert "http://testserver/public/agreements/a-public" in page.text  # the address to cite
    assert client.get("/api/public").json() == {
        "agreements": [{"key": "a-public", "title": "Agreement a-public"}]
    }
    listing = client.get("/api/public/agreements").json()
    assert [r["key"] for r in listing["items"]] == ["a-public"] and listing["total"] == 1
    assert "/public/agreements/a-public" in client.get("/public").text
    assert 'href="/public"' in client.get("/login").text  # found without an account


@pytest.mark.parametrize(
    "path", ["agreements/a-acme", "production_lines/rival-line", "organisations/acme"]
)
def test_a_private_record_answers_404_like_a_missing_one(platform: Platform, path: str) -> None:
    kind = path.split("/", maxsplit=1)[0]
    private = platform.client.get(f"/api/public/{path}")
    missing = platform.client.get(f"/api/public/{kind}/no-such-key")
    assert private.status_code == missing.status_code == 404
    assert set(private.json()) == {"error", "detail"}
    key = path.split("/")[1]
    assert private.json()["detail"].replace(key, "X") == missing.json()["detail"].replace(
        "no-such-key", "X"
    )
    assert platform.client.get(f"/public/{path}").status_code == 404
    assert platform.client.get(f"/api/{path}").status_code == 401  # the account routes


def test_the_public_view_refuses_writes(platform: Platform) -> None:
    _published(platform, "ministry", "agreements/a-public")
    client = platform.client
    body = {"key": "a-public", "title": "changed"}
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        answer = client.request(method, "/api/public/agreements/a-public", json=body)
        assert answer.status_code == 405, method
        assert set(answer.json()) == {"error", "detail"}
    assert client.put("/api/agreements/a-public/public").status_code == 401
    assert client.delete("/api/agreements/a-public/public").status_code == 401
    assert client.post("/public/agreements/a-public").status_code == 405
    record = client.get("/api/public/agreements/a-public").json()
    assert record["title"] == "Agreement a-public"


def test_the_owner_the_ministry_or_an_admin_mark_records_public(platform: Platform) -> None:
    _published(platform, "manufacturer", "production_lines/acme-line")
    # Not its own: a competitor's line is as unknown as a missing one; an instrument it sees
    # (it pays its order) is the funder's to publish; an agreement, the ministry's.
    assert _publish(platform, "manufacturer", "production_lines/rival-line").status_code == 404
    assert _publish(platform, "manufacturer", "funding_instruments/fr-fund").status_code == 403
    assert _publish(platform, "funder", "production_lines/acme-line").status_code == 403
    assert _publish(platform, "analyst", "agreements/a-public").status_code == 403
    _published(platform, "funder", "funding_instruments/fr-fund")
    _published(platform, "admin", "agreements/a-acme")
    again = _publish(platform, "ministry", "agreements/a-acme")  # already public: unchanged
    assert again.json()["published_by"] == USERS["admin"][0]
    trail = platform.client.get(
        "/api/audit", headers=platform.headers("ministry"), params={"object_type": "PublicRecord"}
    ).json()
    assert {(e["object_key"], e["actor"], e["action"]) for e in trail} == {
        ("production_lines/acme-line", USERS["manufacturer"][0], "create"),
        ("funding_instruments/fr-fund", USERS["funder"][0], "create"),
        ("agreements/a-acme", USERS["admin"][0], "create"),
    }
    withdrawn = platform.client.delete(
        "/api/agreements/a-acme/public", headers=platform.headers("ministry")
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["public"] is False
    assert platform.client.get("/api/public/agreements/a-acme").status_code == 404


def test_nothing_private_leaks_through_lists_links_or_the_feed(platform: Platform) -> None:
    _published(platform, "manufacturer", "orders/acme-order")
    client = platform.client
    assert client.get("/api/public").json().keys() == {"orders"}
    for plural in ("agreements", "production_lines", "organisations", "deliveries", "needs"):
        assert client.get(f"/api/public/{plural}").json()["items"] == [], plural
    page = client.get("/public/orders/acme-order").text
    assert "acme-line" in page and "/public/production_lines/acme-line" not in page
    assert "/records/" not in page  # no link into the account pages
    _published(platform, "manufacturer", "production_lines/acme-line")
    assert "/public/production_lines/acme-line" in client.get("/public/orders/acme-order").text
    changes = client.get("/api/public/changes", params={"limit": 1000}).json()["changes"]
    assert {(c["kind"], c["key"]) for c in changes} == {
        ("orders", "acme-order"),
        ("production_lines", "acme-line"),
    }
    assert all(c["actor"] is None and c["organisation"] is None for c in changes)
    atom = client.get("/api/public/changes.atom")
    parsed = feedparser.parse(atom.content)
    assert not parsed.bozo and len(parsed.entries) == len(changes)
    assert all("/public/" in entry.link for entry in parsed.entries)


def test_a_deleted_public_record_is_not_public_again_under_its_key(platform: Platform) -> None:
    headers = platform.headers("ministry")
    system = {"key": "s-pub", "name": "Published", "category": "drones"}
    assert platform.client.post("/api/systems", headers=headers, json=system).status_code == 201
    _published(platform, "ministry", "systems/s-pub")
    etag = platform.client.get("/api/systems/s-pub", headers=headers).headers["etag"]
    gone = platform.client.delete(
        "/api/systems/s-pub", headers=platform.headers("ministry", **{"If-Match": etag})
    )
    assert gone.status_code == 204, gone.text
    assert platform.client.post("/api/systems", headers=headers, json=system).status_code == 201
    assert platform.client.get("/api/public/systems/s-pub").status_code == 404
    feed = platform.client.get("/api/public/changes", params={"limit": 1000}).json()
    assert feed["changes"] == []  # neither the deletion nor the new private record


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_public_view_is_rate_limited_per_address(platform: Platform) -> None:
    clock = Clock()
    platform.client.app.state.public_limit = PublicLimit(limit=3, window=60, clock=clock)  # type: ignore[attr-defined]
    paths = ["/api/public", "/public", "/api/public/agreements"]
    assert [platform.client.get(p).status_code for p in paths] == [200, 200, 200]
    refused = platform.client.get("/api/public/agreements/a-public")
    assert refused.status_code == 429
    assert refused.json()["error"] == "Throttled" and "wait" in refused.json()["detail"]
    # The accounts' routes are not the public view's: not counted, not refused.
    assert platform.client.get("/api/agreements", headers=platform.headers("analyst")).is_success
    clock.now += 61
    assert platform.client.get("/api/public").status_code == 200


def _public_feed(platform: Platform) -> list[tuple[str, str, str]]:
    changes = platform.client.get("/api/public/changes", params={"limit": 1000}).json()["changes"]
    return [(c["key"], c["operation"], ",".join(c["fields"])) for c in changes]


def _change_system(platform: Platform, name: str) -> None:
    headers = platform.headers("ministry")
    found = platform.client.get("/api/systems/s-told", headers=headers)
    changed = platform.client.put(
        "/api/systems/s-told",
        headers=platform.headers("ministry", **{"If-Match": found.headers["etag"]}),
        json={"key": "s-told", "name": name, "category": "drones"},
    )
    assert changed.status_code == 200, changed.text


def test_the_public_feed_tells_only_changes_made_while_public(platform: Platform) -> None:
    headers = platform.headers("ministry")
    system = {"key": "s-told", "name": "Draft name", "category": "drones"}
    assert platform.client.post("/api/systems", headers=headers, json=system).status_code == 201
    _change_system(platform, "Secret codename")  # private: never told to the public
    _published(platform, "ministry", "systems/s-told")
    _change_system(platform, "Public name")
    assert _public_feed(platform) == [("s-told", "published", ""), ("s-told", "updated", "name")]
    # Withdrawn: nothing of it is told any more, neither its publication nor its changes.
    assert platform.client.delete("/api/systems/s-told/public", headers=headers).is_success
    _change_system(platform, "Private again")
    assert _public_feed(platform) == []
    # Public again: the changes of both public spans, not those made while it was private.
    _published(platform, "ministry", "systems/s-told")
    assert _public_feed(platform) == [
        ("s-told", "published", ""),
        ("s-told", "updated", "name"),
        ("s-told", "published", ""),
    ]
    # The accounts' feed is not the public's: the ministry sees every change (no publications).
    ministry = platform.client.get("/api/changes", headers=headers, params={"limit": 1000})
    told = [(c["operation"]) for c in ministry.json()["changes"] if c["key"] == "s-told"]
    assert told == ["created", "updated", "updated", "updated"]


def test_two_server_processes_count_an_address_together(platform: Platform, tmp_path: Path) -> None:
    # Two applications over one database, as `coprod serve --workers 2` runs them, each with
    # its own connection to the shared count (COPROD_PUBLIC_LIMIT_FILE).
    shared = tmp_path / "public-limit.sqlite"
    second = create_app(settings_for(tmp_path), engine=platform.engine)
    for app in (platform.client.app, second):
        app.state.public_limit = PublicLimit(limit=3, window=60, counts=SharedCounts(shared))  # type: ignore[attr-defined]
    with TestClient(second) as other:
        answers = [c.get("/api/public").status_code for c in (platform.client, other) * 2]
    assert answers == [200, 200, 200, 429]  # not three per process
