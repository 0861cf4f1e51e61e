"""A real browser: log in as each role, see the dashboard's charts, create an agreement, plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.api.platform_world import USERS
from tests.api.test_facts import ARTICLE
from tests.web.browsing import logged_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", sorted(USERS))
def test_each_role_logs_in_and_sees_the_dashboard_charts(
    browser: Any, live_server: str, artifacts: Path, role: str
) -> None:
    organisation = USERS[role][1]
    page = logged_in(browser, live_server, role)
    assert role in page.inner_text("[data-testid=who]")
    assert organisation in page.inner_text("[data-testid=who]")
    charts = page.locator("figure.chart")
    assert charts.count() >= 1
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20
    if role in {"ministry", "admin"}:
        assert charts.count() == 5
        assert page.locator("figure.chart rect.bar").count() > 5
    page.screenshot(path=str(artifacts / f"dashboard-{role}.png"), full_page=True)
    page.close()


def test_a_manufacturer_sees_only_its_own_line(browser: Any, live_server: str) -> None:
    page = logged_in(browser, live_server, "manufacturer")
    page.goto(f"{live_server}/records/production_lines")
    text = page.inner_text("main")
    assert "acme-line" in text and "rival-line" not in text
    page.goto(f"{live_server}/records/production_lines/rival-line")
    assert "404" in page.inner_text("h1")
    page.close()


def test_the_ministry_creates_an_agreement(browser: Any, live_server: str, artifacts: Path) -> None:
    page = logged_in(browser, live_server, "ministry")
    page.goto(f"{live_server}/records/agreements/new")
    page.fill("input[name=key]", "browser-mou")
    page.fill("input[name=title]", "Memorandum made in a browser")
    page.select_option("select[name=type]", "memorandum_of_understanding")
    page.select_option("select[name=status]", "planned")
    page.fill("input[name=parties]", "FR, UA")
    page.click("[data-testid=save]")
    page.wait_for_url(f"{live_server}/records/agreements/browser-mou")
    assert "Memorandum made in a browser" in page.inner_text("main")
    page.screenshot(path=str(artifacts / "agreement-created.png"), full_page=True)
    page.click("text=Timeline")
    assert "browser-mou" in page.inner_text("main")
    page.close()


def test_the_ministry_runs_a_plan_and_compares_a_what_if(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "ministry")
    page.goto(f"{live_server}/planner")
    page.fill("input[name=start]", "2026-01")
    page.fill("input[name=months]", "6")
    page.click("[data-testid=run-plan]")
    result = page.locator("[data-testid=plan-result]")
    result.wait_for()
    assert "optimal" in result.inner_text()
    assert page.locator("figure.chart").count() >= 1
    page.screenshot(path=str(artifacts / "planner.png"), full_page=True)
    page.fill("textarea[name=edits]", "instruments.fr-fund.budget=100")
    page.click("[data-testid=compare-plan]")
    page.locator("[data-testid=comparison]").wait_for()
    assert "fr-fund" in page.inner_text("[data-testid=comparison]")
    page.close()


def test_the_ministry_accepts_a_fact_from_the_review_queue(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "ministry")
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    ingested = page.request.post(
        f"{live_server}/api/documents",
        data={"name": "browser-note.txt", "text": ARTICLE},
        headers={"X-CSRF-Token": csrf or ""},
    )
    assert ingested.ok, ingested.text()
    page.goto(f"{live_server}/review")
    page.locator("[data-testid=queue] a").first.click()
    mark = page.locator("mark#evidence").first
    assert "lettre d'intention" in mark.inner_text()
    page.screenshot(path=str(artifacts / "review.png"), full_page=True)
    page.click("[data-testid=accept]")
    page.wait_for_url(f"{live_server}/records/agreements/**")
    assert "letter of intent" in page.inner_text("main")
    page.close()


def test_the_api_docs_render_without_a_network(browser: Any, live_server: str) -> None:
    page = browser.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server) else outside.append(request.url)
        ),
    )
    page.goto(f"{live_server}/docs")
    page.locator(".opblock").first.wait_for(timeout=30_000)
    assert page.locator(".opblock").count() > 30
    assert outside == []
    page.close()


def test_pages_and_api_docs_break_no_content_security_policy_rule(
    browser: Any, live_server: str
) -> None:
    page = logged_in(browser, live_server, "ministry")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ["/", "/records/agreements", "/records/needs/need-drones", "/planner", "/review"]:
        answer = page.goto(f"{live_server}{path}")
        assert (
            answer is not None
            and "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        )
    page.goto(f"{live_server}/docs")
    page.locator(".opblock").first.wait_for(timeout=30_000)
    page.locator(".opblock-summary").first.click()  # Swagger UI's own interaction works
    page.locator(".opblock-body").first.wait_for(timeout=10_000)
    assert violations == []
    page.close()
