"""ETag and If-Match: a stale change answers 412 and never overwrites; none answers 428."""

from __future__ import annotations

import pytest

from tests.api.conftest import Platform


def _body(answer_json: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in answer_json.items() if k != "version"}


def test_read_carries_the_version_as_etag(platform: Platform) -> None:
    answer = platform.client.get("/api/agreements/a-acme", headers=platform.headers("ministry"))
    assert answer.headers["etag"] == '"1"'
    assert answer.json()["version"] == 1


def test_update_without_if_match_answers_428_and_changes_nothing(platform: Platform) -> None:
    headers = platform.headers("ministry")
    read = platform.client.get("/api/agreements/a-acme", headers=headers).json()
    answer = platform.client.put(
        "/api/agreements/a-acme", headers=headers, json={**_body(read), "title": "new"}
    )
    assert answer.status_code == 428
    again = platform.client.get("/api/agreements/a-acme", headers=headers).json()
    assert again["title"] == read["title"]


def test_a_stale_update_answers_412_and_keeps_the_newer_change(platform: Platform) -> None:
    headers = platform.headers("ministry")
    first = platform.client.get("/api/agreements/a-acme", headers=headers)
    etag, body = first.headers["etag"], _body(first.json())
    winner = platform.client.put(
        "/api/agreements/a-acme",
        headers=platform.headers("ministry", **{"If-Match": etag}),
        json={**body, "title": "first writer"},
    )
    assert winner.status_code == 200
    assert winner.headers["etag"] == '"2"'
    loser = platform.client.put(
        "/api/agreements/a-acme",
        headers=platform.headers("ministry", **{"If-Match": etag}),
        json={**body, "title": "second writer"},
    )
    assert loser.status_code == 412
    now = platform.client.get("/api/agreements/a-acme", headers=headers).json()
    assert now["title"] == "first writer"
    assert now["version"] == 2


def test_delete_needs_the_current_version(platform: Platform) -> None:
    headers = platform.headers("ministry")
    assert platform.client.delete("/api/agreements/a-public", headers=headers).status_code == 428
    stale = platform.headers("ministry", **{"If-Match": '"7"'})
    assert platform.client.delete("/api/agreements/a-public", headers=stale).status_code == 412
    current = platform.headers("ministry", **{"If-Match": '"1"'})
    assert platform.client.delete("/api/agreements/a-public", headers=current).status_code == 204
    assert platform.client.get("/api/agreements/a-public", headers=headers).status_code == 404


def test_create_answers_201_with_location_and_etag(platform: Platform) -> None:
    record = {
        "key": "a-new",
        "title": "New agreement",
        "type": "memorandum_of_understanding",
        "status": "planned",
        "parties": ["FR", "UA"],
    }
    answer = platform.client.post(
        "/api/agreements", headers=platform.headers("ministry"), json=record
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["location"] == "/api/agreements/a-new"
    assert answer.headers["etag"] == '"1"'
    again = platform.client.post(
        "/api/agreements", headers=platform.headers("ministry"), json=record
    )
    assert again.status_code == 409


def test_list_pages_sort_and_filter(platform: Platform) -> None:
    headers = platform.headers("ministry")
    page = platform.client.get(
        "/api/agreements", headers=headers, params={"limit": 2, "offset": 1, "sort": "-key"}
    ).json()
    assert [a["key"] for a in page["items"]] == ["a-public", "a-fr"]
    assert page["total"] == 4
    parties = platform.client.get(
        "/api/agreements", headers=headers, params={"filter": "party:acme"}
    ).json()
    assert [a["key"] for a in parties["items"]] == ["a-acme"]
    bad = platform.client.get("/api/agreements", headers=headers, params={"filter": "nope:1"})
    assert bad.status_code == 422


@pytest.mark.parametrize(
    ("limit", "offset", "shown"),
    [(2, 0, 2), (2, 2, 2), (3, 2, 2), (10, 0, 4), (10, 3, 1), (10, 4, 0), (10, 9, 0)],
)
def test_the_total_is_every_match_whatever_the_page(
    platform: Platform, limit: int, offset: int, shown: int
) -> None:
    # Full pages count; a short page ends the listing (its total needs no count query).
    page = platform.client.get(
        "/api/agreements",
        headers=platform.headers("ministry"),
        params={"limit": limit, "offset": offset},
    ).json()
    assert (len(page["items"]), page["total"]) == (shown, 4)
