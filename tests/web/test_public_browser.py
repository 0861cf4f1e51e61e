"""The public view in a real browser, without an account: a record the ministry marked public
is listed on /public and reads on its own page with the address to cite; a private record is
not found; both pages have no serious accessibility violation and fit a phone. Screenshots
(desktop and phone) go to the artifacts folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.api.platform_world import USERS
from tests.web.test_reading_everywhere import (
    DESKTOP,
    PHONE,
    _logged_in,
    overflow,
    serious_violations,
)

pytestmark = pytest.mark.browser
MARK = "/api/agreements/a-public/public"


def _as_ministry(browser: Any, live_server: str, method: str) -> None:
    """Mark (PUT) or withdraw (DELETE) the agreement a-public, as the ministry's session."""
    page = _logged_in(browser, live_server, USERS["ministry"][0], DESKTOP)
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    answer = page.request.fetch(
        f"{live_server}{MARK}", method=method, headers={"X-CSRF-Token": csrf or ""}
    )
    assert answer.status in {200, 204}, answer.text()
    page.close()


def test_a_public_record_reads_without_an_account(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    _as_ministry(browser, live_server, "PUT")
    try:
        for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
            page = browser.new_page(viewport=viewport)  # a context of its own: no account
            page.goto(f"{live_server}/public")
            assert serious_violations(page) == [] and overflow(page) == 0
            page.click("a[href='/public/agreements/a-public']")
            page.wait_for_url("**/public/agreements/a-public")
            assert "Agreement a-public" in page.inner_text("main")
            assert f"{live_server}/public/agreements/a-public" in page.inner_text("main")
            assert serious_violations(page) == [] and overflow(page) == 0
            page.screenshot(path=str(artifacts / f"public-record-{name}.png"), full_page=True)
            private = page.goto(f"{live_server}/public/agreements/a-acme")
            assert private is not None and private.status == 404
            page.close()
    finally:
        _as_ministry(browser, live_server, "DELETE")
