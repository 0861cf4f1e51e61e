"""The public view in a real browser: the ministry makes a record public from its page (Make
public, the confirmation showing what the public reads, the message); without an account it
is listed on /public and reads on its own page with the address to cite, no empty or internal
field; a private record is not found; the ministry withdraws it the same way. Every page has
no serious accessibility violation and fits a phone. Screenshots (desktop and phone) go to the
artifacts folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.browsing import DESKTOP, PHONE, logged_in, overflow, serious_violations

pytestmark = pytest.mark.browser
MARK = "/api/agreements/a-public/public"


def _as_ministry(browser: Any, live_server: str, method: str) -> None:
    """Mark (PUT) or withdraw (DELETE) the agreement a-public, as the ministry's session."""
    page = logged_in(browser, live_server, "ministry")
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    answer = page.request.fetch(
        f"{live_server}{MARK}", method=method, headers={"X-CSRF-Token": csrf or ""}
    )
    assert answer.status in {200, 204}, answer.text()
    page.close()


def _decide_on_the_page(
    browser: Any, live_server: str, artifacts: Path, button: str, done: str
) -> None:
    """As the ministry, on a phone: the record's page, its button, the confirmation, the
    message back on the record's page."""
    page = logged_in(browser, live_server, "ministry", PHONE)
    page.goto(f"{live_server}/records/agreements/a-public")
    page.click(f"[data-testid=publishing]:has-text('{button}')")
    page.wait_for_url("**/records/agreements/a-public/public")
    preview = page.inner_text("[data-testid=public-preview]")
    assert "Agreement a-public" in preview and "Visibility" not in preview
    assert serious_violations(page) == [] and overflow(page) == 0
    page.screenshot(path=str(artifacts / f"public-{done}-phone.png"))
    page.click("[data-testid=confirm-publishing]")
    page.wait_for_url(f"**/records/agreements/a-public?done={done}")
    assert page.locator("[data-testid=done]").is_visible()
    assert serious_violations(page) == [] and overflow(page) == 0
    page.close()


def test_a_public_record_reads_without_an_account(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    _decide_on_the_page(browser, live_server, artifacts, "Make public", "published")
    try:
        for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
            page = browser.new_page(viewport=viewport)  # a context of its own: no account
            page.goto(f"{live_server}/public")
            assert serious_violations(page) == [] and overflow(page) == 0
            page.click("a[href='/public/agreements/a-public']")
            page.wait_for_url("**/public/agreements/a-public")
            main = page.inner_text("main")
            assert "Agreement a-public" in main and "Visibility" not in main
            assert f"{live_server}/public/agreements/a-public" in main
            assert serious_violations(page) == [] and overflow(page) == 0
            page.screenshot(path=str(artifacts / f"public-record-{name}.png"), full_page=True)
            private = page.goto(f"{live_server}/public/agreements/a-acme")
            assert private is not None and private.status == 404
            page.close()
        _decide_on_the_page(browser, live_server, artifacts, "Withdraw from public", "withdrawn")
        gone = browser.new_page(viewport=DESKTOP)
        answer = gone.goto(f"{live_server}/public/agreements/a-public")
        assert answer is not None and answer.status == 404
        gone.close()
    finally:
        _as_ministry(browser, live_server, "DELETE")  # withdrawn whatever happened above
