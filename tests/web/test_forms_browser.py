"""A real browser fills in a record's form as a ministry official does on a phone, in
Ukrainian: enum values by their labels, countries by their names, dates in the page's
pattern, the agreement's steps and evidence as rows added with a button; a refused date is
said beside its field, the form kept; axe finds no serious violation, nothing scrolls
sideways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.browsing import PHONE, logged_in, overflow, serious_violations

pytestmark = pytest.mark.browser

KEY = "browser-uk-form"
DOCUMENT = "browser-uk-letter"


def _api(page: Any, live_server: str, method: str, path: str, **more: Any) -> Any:
    """A call of the API in the page's session (its cookie, and its form's CSRF token)."""
    token = page.input_value("input[name=csrf_token] >> nth=0")
    headers = {"X-CSRF-Token": token, **more.pop("headers", {})}
    return page.request.fetch(f"{live_server}{path}", method=method, headers=headers, **more)


def _remove(page: Any, live_server: str, plural: str, key: str) -> None:
    found = _api(page, live_server, "GET", f"/api/{plural}/{key}")
    if found.status == 200:
        etag = found.headers["etag"]
        gone = _api(page, live_server, "DELETE", f"/api/{plural}/{key}", headers={"If-Match": etag})
        assert gone.status == 204, gone.text()


def test_an_agreement_is_made_through_its_form_on_a_phone_in_ukrainian(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "ministry", PHONE)
    try:
        page.goto(f"{live_server}/language/uk?next=/records/agreements/new")
        body = {"key": DOCUMENT, "name": "letter.txt", "sha256": "1" * 64}
        made = _api(page, live_server, "POST", "/api/source_documents", data=body)
        assert made.status == 201, made.text()
        page.fill("input[name=key]", KEY)
        page.fill("input[name=title]", "Меморандум про спільне виробництво дронів")
        page.select_option("select[name=type]", label="меморандум про взаєморозуміння")
        page.select_option("select[name=status]", label="підписано")
        page.fill("input[name=parties]", "Франція, Україна")
        page.get_by_label("спільне виробництво").check()
        page.select_option("select[name='history.0.status']", label="заплановано")
        page.fill("input[name='history.0.on']", "01.02.2025")
        page.click("button[name=more][value=history]")  # "Додати етап": the page again
        assert page.input_value("input[name='history.0.on']") == "01.02.2025"
        page.select_option("select[name='history.1.status']", label="підписано")
        page.fill("input[name='history.1.on']", "31.02.2025")
        page.click("button[name=more][value=evidence]")
        page.fill("input[name='evidence.0.document']", DOCUMENT)
        page.fill("input[name='evidence.0.note']", "Лист підписано в Парижі")
        page.click("[data-testid=save]")
        error = page.locator("[data-field='history.1.on']")
        assert error.inner_text().startswith("Такого дня не існує")
        assert page.input_value("input[name='history.1.on']") == "31.02.2025"
        assert page.input_value("input[name=parties]") == "Франція, Україна"
        assert serious_violations(page) == [] and overflow(page) == 0
        page.screenshot(path=str(artifacts / "agreement-form-phone-uk.png"), full_page=True)
        page.fill("input[name='history.1.on']", "15.03.2025")
        page.click("[data-testid=save]")
        page.wait_for_url(f"{live_server}/records/agreements/{KEY}")
        shown = page.inner_text("main")
        assert "меморандум про взаєморозуміння" in shown and "Франція" in shown
        stored = _api(page, live_server, "GET", f"/api/agreements/{KEY}").json()
        assert stored["history"] == [
            {"status": "planned", "on": "2025-02-01"},
            {"status": "signed", "on": "2025-03-15"},
        ]
        assert stored["parties"] == ["FR", "UA"] and stored["evidence"][0]["document"] == DOCUMENT
        assert overflow(page) == 0
    finally:
        _remove(page, live_server, "agreements", KEY)
        _remove(page, live_server, "source_documents", DOCUMENT)
        page.close()
