"""Every page, in a real browser: accessible (axe-core finds no serious or critical violation),
no horizontal scroll on a 390 × 844 phone, a menu that works there, and Ukrainian on demand.

The checks, the window sizes and the login are ``tests/web/browsing.py``'s, shared by every
browser test.
Screenshots, desktop and phone, in English and Ukrainian, go to the artifacts folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coprod.domain import kinds
from tests.web.browsing import DESKTOP, PHONE, logged_in, overflow, serious_violations

pytestmark = pytest.mark.browser

# Pages with nothing to click to reach them; each record kind's list and first record are added.
FIXED_PAGES = [
    "/",
    "/records/agreements/new",
    "/records/agreements/a-public/edit",
    "/agreements/a-public/timeline",
    "/records/agreements/a-public/history",
    "/planner",
    "/review",
    "/account/password",
    "/records/agreements/no-such-agreement",  # the error page
]


def every_page(page: Any, live_server: str) -> list[str]:
    """The fixed pages, each record kind's list and the first record of each list."""
    paths = list(FIXED_PAGES)
    for kind in kinds.KINDS:
        listing = f"/records/{kind.plural}"
        paths.append(listing)
        page.goto(f"{live_server}{listing}")
        first = page.locator("table.records tbody a").first
        if first.count():
            paths.append(first.get_attribute("href"))
    return paths


@pytest.fixture(scope="module")
def paths(browser: Any, live_server: str) -> list[str]:
    """``every_page`` once for the module's tests (each visit of a list costs a page load)."""
    page = logged_in(browser, live_server, "ministry")
    found = every_page(page, live_server)
    page.close()
    assert len(found) > 2 * len(kinds.KINDS)
    return found


def test_no_page_has_a_serious_accessibility_violation(
    browser: Any, live_server: str, paths: list[str]
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{live_server}/login")
    found = {"/login": serious_violations(page)}
    page.close()
    page = logged_in(browser, live_server, "ministry")
    for path in paths:
        page.goto(f"{live_server}{path}")
        found[path] = serious_violations(page)
    page.goto(f"{live_server}/language/uk?next=/")
    found["/ (uk)"] = serious_violations(page)
    page.close()
    assert {path: v for path, v in found.items() if v} == {}


def test_the_planner_with_a_plan_has_no_serious_accessibility_violation(
    browser: Any, live_server: str
) -> None:
    page = logged_in(browser, live_server, "ministry")
    page.goto(f"{live_server}/planner")
    page.fill("input[name=start]", "2026-01")
    page.fill("input[name=months]", "6")
    page.click("[data-testid=run-plan]")
    page.locator("[data-testid=plan-result]").wait_for()
    assert serious_violations(page) == []
    page.close()


def test_no_page_scrolls_sideways_on_a_phone(
    browser: Any, live_server: str, paths: list[str]
) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(f"{live_server}/login")
    wider = {"/login": overflow(page)}
    page.close()
    page = logged_in(browser, live_server, "ministry", PHONE)
    for language in ("en", "uk"):
        page.goto(f"{live_server}/language/{language}?next=/")
        for path in paths:
            page.goto(f"{live_server}{path}")
            wider[f"{path} ({language})"] = overflow(page)
    page.close()
    assert {path: px for path, px in wider.items() if px > 0} == {}


def test_the_phone_menu_opens_and_leads_to_a_list(browser: Any, live_server: str) -> None:
    page = logged_in(browser, live_server, "ministry", PHONE)
    assert not page.locator("nav.wide").is_visible()
    menu = page.locator("details.menu")
    assert not menu.locator("a[href='/records/agreements']").is_visible()
    menu.locator("summary").click()
    link = menu.locator("a[href='/records/agreements']")
    assert link.is_visible()
    box = link.bounding_box()
    assert box is not None and box["height"] >= 24  # a target a thumb can hit (WCAG 2.5.8)
    link.click()
    page.wait_for_url(f"{live_server}/records/agreements")
    assert overflow(page) == 0
    page.close()


def test_the_switch_shows_the_dashboard_in_ukrainian(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    for viewport, device in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = logged_in(browser, live_server, "ministry", viewport)
        page.goto(f"{live_server}/language/en?next=/")
        assert page.inner_text("h1") == "Dashboard"
        page.screenshot(path=str(artifacts / f"dashboard-{device}-en.png"), full_page=True)
        page.click("header a[lang=uk]")
        page.wait_for_url(f"{live_server}/")
        assert page.get_attribute("html", "lang") == "uk"
        assert page.inner_text("h1") == "Огляд"
        text = page.inner_text("main")
        assert "Угоди за статусом" in text and "Забезпечення потреб" in text
        assert "підписано" in text  # an agreement status, labelled in Ukrainian
        assert overflow(page) == 0
        page.screenshot(path=str(artifacts / f"dashboard-{device}-uk.png"), full_page=True)
        page.goto(f"{live_server}/records/funding_instruments")
        page.screenshot(path=str(artifacts / f"instruments-{device}-uk.png"), full_page=True)
        page.close()


def test_the_checks_catch_an_unlabelled_field_and_a_page_too_wide(
    browser: Any, live_server: str
) -> None:
    page = logged_in(browser, live_server, "ministry", PHONE)
    assert serious_violations(page) == [] and overflow(page) == 0
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.append(document.createElement('input'));
            const wide = document.createElement('div');
            wide.style.width = '900px';
            wide.textContent = 'wide';
            main.append(wide);
        }"""
    )
    assert any(v.startswith("label ") for v in serious_violations(page))
    assert overflow(page) > 400
    page.close()
