"""The alerts on the dashboard in a real browser: a funder sees the overdue delivery of its
own order and not a competitor's, follows a need from its page and finds it first, marked
followed; the section reads on a phone without sideways scroll and has no serious
accessibility violation. Screenshots (desktop English and Ukrainian, phone) go to the
artifacts folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.browsing import DESKTOP, PHONE, logged_in, overflow, serious_violations

pytestmark = pytest.mark.browser


def _alert_rows(page: Any) -> list[str]:
    return [row.inner_text() for row in page.locator("section.alerts table tbody tr").all()]


def test_the_dashboard_shows_the_callers_alerts_and_a_followed_need_first(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "funder")
    rows = _alert_rows(page)
    assert any("acme-order" in row for row in rows), rows
    assert not any("rival-order" in row for row in rows), rows
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "dashboard-alerts.png"), full_page=True)
    page.goto(f"{live_server}/records/needs/need-drones")
    page.click("button[aria-pressed=false]")
    page.wait_for_selector("button[aria-pressed=true]")
    page.goto(f"{live_server}/")
    first = _alert_rows(page)[0]
    assert "need-drones" in first and "(followed)" in first, first
    page.screenshot(path=str(artifacts / "dashboard-alerts-followed.png"), full_page=True)
    page.goto(f"{live_server}/language/uk?next=/")
    assert page.locator("#c-alerts").inner_text() == "Сповіщення"
    page.screenshot(path=str(artifacts / "dashboard-alerts-uk.png"), full_page=True)
    page.goto(f"{live_server}/language/en?next=/records/needs/need-drones")
    page.click("button[aria-pressed=true]")  # unfollow: leave the shared registry as found
    page.wait_for_selector("button[aria-pressed=false]")
    page.close()


def test_the_alerts_read_on_a_phone(browser: Any, live_server: str, artifacts: Path) -> None:
    page = logged_in(browser, live_server, "ministry", PHONE)
    assert page.locator("section.alerts table tbody tr").count() >= 1
    assert overflow(page) == 0
    page.locator("section.alerts").screenshot(path=str(artifacts / "dashboard-alerts-phone.png"))
    page.close()


@pytest.mark.parametrize(("language", "size"), [("en", DESKTOP), ("uk", PHONE)])
def test_every_alert_is_a_page_away_filtered_by_kind(
    browser: Any, live_server: str, artifacts: Path, language: str, size: Any
) -> None:
    page = logged_in(browser, live_server, "ministry", size)
    page.goto(f"{live_server}/language/{language}?next=/")
    page.click("section.alerts p:last-child a")  # "All alerts (N)"
    assert page.url.endswith("/alerts")
    kinds = page.locator("nav ul.kinds a")
    assert kinds.first.get_attribute("aria-current") == "page"
    kinds.nth(1).click()
    assert "kind=" in page.url
    assert page.locator("nav ul.kinds a[aria-current=page]").count() == 1
    assert page.locator("table.alerts tbody tr").count() >= 1
    assert serious_violations(page) == []
    assert overflow(page) == 0
    page.screenshot(path=str(artifacts / f"alerts-page-{language}.png"), full_page=True)
    page.close()
