"""Alerts a page at a time: ``GET /api/alerts?limit=&offset=&kind=`` (the default answer is
still every alert), the dashboard's first alerts with their counts per kind, and the
``/alerts`` page, paginated and filtered by kind, in English and Ukrainian. Over the platform
world (``platform_world.py``) judged on a fixed day: the ministry has 7 alerts there (2
overdue orders, 1 need past due, 4 stalled agreements)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from coprod.services import alerts
from tests.api.conftest import Platform
from tests.api.test_access import cookie_login

TODAY = "2026-12-06"


def _get(platform: Platform, role: str, **params: str) -> Any:
    answer = platform.client.get(
        "/api/alerts", params={"today": TODAY, **params}, headers=platform.headers(role)
    )
    assert answer.status_code == 200, answer.text
    return answer


def _keys(found: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(a["kind"], a["key"]) for a in found]


@pytest.mark.parametrize("kind", [None, "agreement_stalled", "delivery_overdue"])
def test_every_page_is_a_slice_of_all_the_alerts(platform: Platform, kind: str | None) -> None:
    # A followed agreement comes first: the stalled ones are cut by the database after it.
    assert platform.client.put(
        "/api/watchlist/agreements/a-fr", headers=platform.headers("ministry")
    ).is_success
    asked = {"kind": kind} if kind else {}
    everything = _get(platform, "ministry", **asked).json()
    assert everything[0]["key"] == "a-fr" or kind == "delivery_overdue"
    assert len(everything) == {None: 7, "agreement_stalled": 4, "delivery_overdue": 2}[kind]
    for limit in (1, 2, 3, 7):
        for offset in range(len(everything) + 1):
            page = _get(platform, "ministry", limit=str(limit), offset=str(offset), **asked)
            assert page.json() == everything[offset : offset + limit], (limit, offset)
            assert page.headers["X-Total-Count"] == str(len(everything))
            assert ("Link" in page.headers) == (offset + limit < len(everything))


def test_the_next_link_leads_through_every_alert(platform: Platform) -> None:
    everything = _get(platform, "funder").json()
    seen: list[dict[str, Any]] = []
    address = f"/api/alerts?today={TODAY}&limit=2"
    while address:
        answer = platform.client.get(address, headers=platform.headers("funder"))
        assert answer.status_code == 200, answer.text
        seen += answer.json()
        link = answer.headers.get("Link", "")
        address = link[1 : link.index(">")] if link else ""
    assert seen == everything and len(seen) == 4


@pytest.mark.parametrize(
    "params", [{"limit": "0"}, {"limit": "501"}, {"offset": "-1"}, {"kind": "late"}]
)
def test_a_bad_page_is_refused(platform: Platform, params: dict[str, str]) -> None:
    answer = platform.client.get("/api/alerts", params=params, headers=platform.headers("ministry"))
    assert answer.status_code == 422, answer.text


def test_the_service_counts_every_kind_whatever_the_page(platform: Platform) -> None:
    found = _get(platform, "ministry").json()
    cookie_login(platform, "mira")  # the ministry's official
    page = platform.client.get("/alerts?kind=need_past_due").text
    counts = Counter(a["kind"] for a in found)
    assert counts == {"delivery_overdue": 2, "need_past_due": 1, "agreement_stalled": 4}
    assert "Agreement stalled: 4" in page and "Delivery overdue: 2" in page
    assert "All: 7" in page and "need-drones" in page and "acme-order" not in page
    assert 'href="/alerts?kind=need_past_due" aria-current="page"' in page


def test_the_dashboard_lists_the_first_alerts_and_counts_them_all(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alerts, "DASHBOARD", 3)
    cookie_login(platform, "mira")
    page = platform.client.get("/").text
    table = page[page.index('<table class="records cards alerts">') : page.index("</table>")]
    assert table.count("<tr class=") == 3
    assert "The first 3 of 7 alerts" in page
    assert '<a href="/alerts?kind=agreement_stalled">Agreement stalled: 4</a>' in page
    assert '<a href="/alerts">All alerts (7)</a>' in page


def test_the_alerts_page_goes_page_by_page_in_ukrainian(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alerts, "PAGE", 3)
    cookie_login(platform, "mira")
    uk = {"Accept-Language": "uk"}
    first = platform.client.get("/alerts", headers=uk).text
    assert "Сповіщення" in first and "Сторінка 1 з 3" in first
    assert 'href="?page=2" rel="next"' in first
    last = platform.client.get("/alerts?page=3", headers=uk).text
    assert last.count("<tr class=") == 1 and 'rel="prev"' in last and 'rel="next"' not in last
    stalled = platform.client.get("/alerts?kind=agreement_stalled&page=2", headers=uk).text
    assert stalled.count("<tr class=") == 1 and "kind=agreement_stalled&amp;page=1" in stalled
    assert platform.client.get("/alerts?kind=late").status_code == 422
