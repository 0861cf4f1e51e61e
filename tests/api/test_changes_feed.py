"""``GET /api/changes?since=``: the writes after a cursor, in order, only of records the caller
may see; the Atom variant parses; a bad cursor answers 422 in the one error shape."""

from __future__ import annotations

from typing import Any

import feedparser
import pytest
from sqlalchemy import select, true

from coprod.db import models as m
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.services.accounts import access
from coprod.services.accounts.access import Principal
from coprod.services.audit import sight
from coprod.services.records import to_record
from tests.api.conftest import ROLES, Platform
from tests.api.platform_world import USERS, VISIBLE


def _page(platform: Platform, role: str, since: str | None = None, **query: Any) -> Any:
    params = {**query, **({"since": since} if since is not None else {})}
    answer = platform.client.get("/api/changes", headers=platform.headers(role), params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _all(platform: Platform, role: str, since: str | None = None) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    page = _page(platform, role, since, limit=1000)
    found += page["changes"]
    while page["more"]:
        page = _page(platform, role, page["next"], limit=1000)
        found += page["changes"]
    return found


def _cursor(platform: Platform) -> str:
    return str(_page(platform, "ministry", limit=1000)["next"])


def _change_line_capacity(platform: Platform, capacity: int) -> None:
    line = platform.client.get(
        "/api/production_lines/acme-line", headers=platform.headers("manufacturer")
    )
    body = {k: v for k, v in line.json().items() if k != "version"}
    changed = platform.client.put(
        "/api/production_lines/acme-line",
        headers=platform.headers("manufacturer", **{"If-Match": line.headers["etag"]}),
        json={**body, "monthly_capacity": capacity},
    )
    assert changed.status_code == 200, changed.text


def _restricted_agreement(platform: Platform, key: str) -> None:
    created = platform.client.post(
        "/api/agreements",
        headers=platform.headers("ministry"),
        json={
            "key": key,
            "title": "Rival and Ukraine",
            "type": "contract",
            "status": "planned",
            "parties": ["rival", "ua-mod"],
            "visibility": "restricted",
        },
    )
    assert created.status_code == 201, created.text


def test_a_write_after_the_cursor_is_in_the_feed_of_those_who_see_it(platform: Platform) -> None:
    since = _cursor(platform)
    _change_line_capacity(platform, 321)
    _restricted_agreement(platform, "a-rival-secret")
    ministry = _all(platform, "ministry", since)
    assert [(c["kind"], c["key"], c["operation"]) for c in ministry] == [
        ("production_lines", "acme-line", "updated"),
        ("agreements", "a-rival-secret", "created"),
    ]
    line = ministry[0]
    assert "monthly_capacity" in line["fields"] and line["actor"] == USERS["manufacturer"][0]
    assert ministry[0]["seq"] < ministry[1]["seq"]
    # The maker made the change: it may know who; the funder paying its order sees the line
    # changed, not by whom; neither learns of the restricted agreement between others.
    maker = _all(platform, "manufacturer", since)
    assert [(c["key"], c["actor"]) for c in maker] == [("acme-line", USERS["manufacturer"][0])]
    funder = _all(platform, "funder", since)
    assert [(c["key"], c["actor"], c["organisation"]) for c in funder] == [
        ("acme-line", None, None)
    ]
    assert _all(platform, "analyst", since) == []


def test_nothing_the_caller_may_not_see_is_in_its_feed(platform: Platform) -> None:
    _restricted_agreement(platform, "a-rival-secret")
    for role in ROLES:
        changes = _all(platform, role)
        assert changes, role
        for change in changes:
            visible = VISIBLE[role].get(change["kind"])
            if visible is not None:
                stewards = {"a-rival-secret"} if role in ("ministry", "admin") else set()
                assert change["key"] in visible | stewards, (role, change)
        kinds_seen = {c["kind"] for c in changes}
        assert not kinds_seen & {"users", "api_tokens", "User", "ApiToken"}


def test_a_deletion_is_told_only_to_those_who_see_every_such_record(platform: Platform) -> None:
    _restricted_agreement(platform, "a-gone")
    since = _cursor(platform)
    headers = platform.headers("ministry")
    etag = platform.client.get("/api/agreements/a-gone", headers=headers).headers["etag"]
    deleted = platform.client.delete(
        "/api/agreements/a-gone", headers=platform.headers("ministry", **{"If-Match": etag})
    )
    assert deleted.status_code == 204, deleted.text
    assert [(c["key"], c["operation"]) for c in _all(platform, "ministry", since)] == [
        ("a-gone", "deleted")
    ]
    for role in ("funder", "manufacturer", "analyst"):
        assert _all(platform, role, since) == [], role


def test_pages_follow_each_other_without_gap_or_repeat(platform: Platform) -> None:
    whole = _page(platform, "funder", limit=1000)["changes"]
    seqs, since = [], None
    while True:
        page = _page(platform, "funder", since, limit=3)
        assert len(page["changes"]) <= 3
        seqs += [c["seq"] for c in page["changes"]]
        since = page["next"]
        if not page["more"]:
            break
    assert seqs == [c["seq"] for c in whole] == sorted(seqs)
    assert _page(platform, "funder", since)["changes"] == []


@pytest.mark.parametrize("cursor", ["abc", "-1", "1.5", "99999999", "１２"])
def test_a_bad_cursor_answers_422_in_the_error_shape(platform: Platform, cursor: str) -> None:
    answer = platform.client.get(
        "/api/changes", headers=platform.headers("funder"), params={"since": cursor}
    )
    assert answer.status_code == 422
    assert set(answer.json()) == {"error", "detail"} and "cursor" in answer.json()["detail"]


def test_the_feed_needs_an_account(platform: Platform) -> None:
    for path in ("/api/changes", "/api/changes.atom"):
        answer = platform.client.get(path)
        assert answer.status_code == 401 and set(answer.json()) == {"error", "detail"}


def test_the_atom_variant_parses_and_holds_the_same_changes(platform: Platform) -> None:
    since = _cursor(platform)
    _change_line_capacity(platform, 99)
    json_changes = _all(platform, "funder", since)
    for answer in (
        platform.client.get(
            "/api/changes.atom", headers=platform.headers("funder"), params={"since": since}
        ),
        platform.client.get(
            "/api/changes",
            headers=platform.headers("funder", Accept="application/atom+xml"),
            params={"since": since},
        ),
    ):
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(answer.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        assert [e.title for e in parsed.entries] == [
            f"{c['kind']} {c['key']} {c['operation']}" for c in json_changes
        ]
        (entry,) = parsed.entries
        assert entry.link.endswith("/records/production_lines/acme-line")
        assert "author" not in entry  # the funder may not know who changed the line


def test_the_atom_feed_links_its_next_page(platform: Platform) -> None:
    answer = platform.client.get(
        "/api/changes.atom", headers=platform.headers("ministry"), params={"limit": 2}
    )
    parsed = feedparser.parse(answer.content)
    assert not parsed.bozo and len(parsed.entries) == 2
    (following,) = [link.href for link in parsed.feed.links if link.rel == "next"]
    nxt = platform.client.get(following, headers=platform.headers("ministry"))
    again = feedparser.parse(nxt.content)
    assert again.entries and again.entries[0].id != parsed.entries[-1].id


def _change_agreement(platform: Platform, key: str, **fields: Any) -> None:
    headers = platform.headers("ministry")
    found = platform.client.get(f"/api/agreements/{key}", headers=headers)
    body = {k: v for k, v in found.json().items() if k != "version"}
    changed = platform.client.put(
        f"/api/agreements/{key}",
        headers=platform.headers("ministry", **{"If-Match": found.headers["etag"]}),
        json={**body, **fields},
    )
    assert changed.status_code == 200, changed.text


def _ops(changes: list[dict[str, Any]], key: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(c["operation"], tuple(c["fields"])) for c in changes if c["key"] == key]


def test_an_agreement_joined_later_shows_only_the_changes_from_then_on(
    platform: Platform,
) -> None:
    _restricted_agreement(platform, "a-joined")  # rival and Ukraine: acme sees nothing
    _change_agreement(platform, "a-joined", notes="priced at 3 M€")
    _change_agreement(platform, "a-joined", parties=["rival", "ua-mod", "acme"])
    _change_agreement(platform, "a-joined", title="Rival, Acme and Ukraine")
    maker = _ops(_all(platform, "manufacturer"), "a-joined")
    assert maker == [("updated", ("parties",)), ("updated", ("title",))]
    assert len(_ops(_all(platform, "ministry"), "a-joined")) == 4  # the trail reader: all
    # Made visible to every account: analysts learn of it from that change on, not before.
    assert _ops(_all(platform, "analyst"), "a-joined") == []
    _change_agreement(platform, "a-joined", visibility="public")
    assert _ops(_all(platform, "analyst"), "a-joined") == [("updated", ("visibility",))]


def test_an_agreement_left_shows_none_of_its_changes(platform: Platform) -> None:
    _change_agreement(platform, "a-acme", notes="seen by acme")
    assert _ops(_all(platform, "manufacturer"), "a-acme")[-1] == ("updated", ("notes",))
    _change_agreement(platform, "a-acme", parties=["UA"])
    _change_agreement(platform, "a-acme", parties=["UA", "acme"], notes="acme back")
    # Its changes while acme was a party, then again from the change that made it one.
    back = _ops(_all(platform, "manufacturer"), "a-acme")
    assert back[-2:] == [("updated", ("notes",)), ("updated", ("notes", "parties"))]
    assert ("updated", ("parties",)) not in back  # the change that removed it
    _change_agreement(platform, "a-acme", parties=["UA"])
    assert _ops(_all(platform, "manufacturer"), "a-acme") == []


def test_the_feeds_rule_for_agreements_is_the_querys(platform: Platform) -> None:
    _restricted_agreement(platform, "a-rival-secret")
    with UnitOfWork(platform.engine, access=access.SYSTEM) as uow:
        every = [to_record(a) for a in uow.records(kinds.AGREEMENT).list_()]
        for role, (user, organisation) in USERS.items():
            principal = Principal(user, access.AccountRole(role), organisation)
            scope = access.visible_rows(principal, kinds.AGREEMENT)
            query = select(m.AgreementRow.key).where(true() if scope is None else scope)
            by_query = set(uow.session.scalars(query))
            state = uow.session.scalar(access.state_of(organisation))
            by_rule = {
                a["key"]
                for a in every
                if access.sees_agreement(principal, a["visibility"], a["parties"], state)
            }
            assert by_rule == by_query, role
            spans = sight.agreement_spans(uow, principal, [a["key"] for a in every])
            now = {key for key, found in spans.items() if found and found[-1].end is None}
            assert now == by_query, role  # the replayed trail ends where the rows are
