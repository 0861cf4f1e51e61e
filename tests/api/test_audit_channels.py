"""Each audit entry records the channel its change came through, set where the entry point
calls its use case: the web pages (``web``), the API (``api``), the acceptance of a proposed
fact; a record's history page says it in the reader's language, and the change feed tells it
with the actor (to the same callers)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Platform
from tests.api.test_facts import _ingest
from tests.api.test_page_actions import act, login

HTML = {"Accept": "text/html"}


def _entries(platform: Platform, key: str) -> list[dict[str, Any]]:
    answer = platform.client.get(
        "/api/audit", headers=platform.headers("ministry"), params={"object_key": key}
    )
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def _rename(platform: Platform, key: str, title: str) -> None:
    headers = platform.headers("ministry")
    agreement = platform.client.get(f"/api/agreements/{key}", headers=headers).json()
    body = {k: v for k, v in agreement.items() if k != "version"}
    changed = platform.client.put(
        f"/api/agreements/{key}",
        headers={**headers, "If-Match": f'"{agreement["version"]}"'},
        json={**body, "title": title},
    )
    assert changed.status_code == 200, changed.text


def _newest_step(platform: Platform, path: str, language: str) -> str:
    page = platform.client.get(path, headers={**HTML, "Accept-Language": language})
    assert page.status_code == 200, page.text
    return page.text.split('data-testid="history"')[1].split("<li>")[1]


def test_a_change_through_the_api_and_one_on_the_pages_say_so(platform: Platform) -> None:
    _rename(platform, "a-public", "Renamed through the API")
    assert _entries(platform, "a-public")[0]["channel"] == "api"
    token = login(platform, "ministry")
    advanced = act(
        platform,
        token,
        "/records/agreements/a-public/act/advance",
        status="in_force",
        on="2026-02-03",
    )
    assert advanced.status_code == 303, advanced.text
    web, api = _entries(platform, "a-public")[:2]
    assert (web["channel"], web["actor"], api["channel"]) == ("web", "mira", "api")
    history = "/records/agreements/a-public/history"
    steps = platform.client.get(history, headers=HTML).text.split('data-testid="history"')[1]
    newest, older = steps.split("<li>")[1:3]
    assert '<span class="channel">on the web pages</span>' in newest
    assert '<span class="channel">through the API</span>' in older
    assert '<span class="channel">на вебсторінках</span>' in _newest_step(platform, history, "uk")
    assert '<span class="channel">sur les pages web</span>' in _newest_step(platform, history, "fr")


def test_the_change_feed_tells_the_channel_with_the_actor(platform: Platform) -> None:
    _rename(platform, "a-public", "Renamed for the feed")
    seq = _entries(platform, "a-public")[0]["seq"]
    since = str(seq - 1)

    def change(role: str) -> dict[str, Any]:
        page = platform.client.get(
            "/api/changes", headers=platform.headers(role), params={"since": since, "limit": 1}
        ).json()
        (first,) = page["changes"]
        return dict(first)

    ministry, analyst = change("ministry"), change("analyst")
    assert (ministry["actor"], ministry["channel"], ministry["channel_detail"]) == (
        "mira",
        "api",
        None,
    )
    assert ministry["channel_words"] == "through the API"
    assert (analyst["actor"], analyst["channel"], analyst["channel_words"]) == (None, None, None)
    for language, words in (("uk", "через API"), ("fr", "par l’API")):
        page = platform.client.get(
            "/api/changes",
            headers={**platform.headers("ministry"), "Accept-Language": language},
            params={"since": since, "limit": 1},
        ).json()
        assert page["changes"][0]["channel_words"] == words
    atom = platform.client.get(
        "/api/changes.atom", headers=platform.headers("ministry"), params={"since": since}
    ).text
    assert "through: api" in atom


def test_an_accepted_fact_records_the_acceptance_as_its_channel(platform: Platform) -> None:
    proposal = _ingest(platform)
    accepted = platform.client.post(
        f"/api/facts/{proposal}/accept", headers=platform.headers("ministry"), json={}
    )
    assert accepted.status_code == 200, accepted.text
    record = accepted.json()["record_key"]
    (created,) = _entries(platform, record)
    assert created["channel"] == f"fact acceptance:{proposal}"
    history = f"/records/agreements/{record}/history"
    login(platform, "ministry")
    said = {
        "en": f"by accepting the proposed fact {proposal}",
        "uk": f"прийняттям запропонованого факту {proposal}",
        "fr": f"par l’acceptation du fait proposé {proposal}",
    }
    for language, words in said.items():
        assert f'<span class="channel">{words}</span>' in _newest_step(platform, history, language)
