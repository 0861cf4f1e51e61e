"""The workflow actions in a real browser: advance an agreement with a date, place an order
(its line typed ahead) and confirm its delivery, set the account's language to Ukrainian and
see the dashboard in Ukrainian; axe finds no serious violation on the new pages, none scrolls
sideways on a phone. Screenshots, desktop and phone, English and Ukrainian, go to the
artifacts folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.browsing import DESKTOP, PHONE, log_in, logged_in, overflow, serious_violations

pytestmark = pytest.mark.browser

ACTION_PAGES = [
    "/records/agreements/a-fr/act/advance",
    "/records/needs/need-drones/act/place-order",
    "/records/orders/acme-order/act/record-delivery",
    "/records/orders/acme-order/act/report-production",
    "/records/orders/acme-order/act/record-payment",
    "/records/orders/acme-order/act/confirm-receipt",
    "/records/orders/acme-order",
    "/account",
]


def _ministry(browser: Any, live_server: str, viewport: dict[str, int]) -> Any:
    page = logged_in(browser, live_server, "ministry", viewport)
    page.goto(f"{live_server}/language/en?next=/")
    return page


def test_the_ministry_advances_an_agreement_with_a_date(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = _ministry(browser, live_server, DESKTOP)
    page.goto(f"{live_server}/records/agreements/a-public")
    page.click("[data-action=advance]")
    page.wait_for_url(f"{live_server}/records/agreements/a-public/act/advance")
    options = page.locator("select[name=status] option").all_inner_texts()
    assert options == ["in force", "cancelled"]
    page.select_option("select[name=status]", "in_force")
    page.fill("input[name=on]", "2024-12-31")  # before the signature: refused
    page.click("[data-testid=act]")
    error = page.locator("[data-field=on]")
    assert "earlier than the agreement's last recorded step" in error.inner_text()
    assert page.input_value("input[name=on]") == "2024-12-31"
    assert serious_violations(page) == []
    page.screenshot(path=str(artifacts / "action-refused-desktop-en.png"), full_page=True)
    page.fill("input[name=on]", "2026-02-03")
    page.click("[data-testid=act]")
    page.wait_for_url(f"{live_server}/records/agreements/a-public?done=advance")
    assert "The agreement was advanced." in page.inner_text("[data-testid=done]")
    assert "in force" in page.inner_text("main") and "Feb 3, 2026" in page.inner_text("main")
    page.close()


def test_an_order_is_placed_made_delivered_and_its_receipt_confirmed(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = _ministry(browser, live_server, DESKTOP)
    page.goto(f"{live_server}/records/needs/need-drones")
    page.click("[data-action=place-order]")
    line = page.locator("input[name=production_line]")
    with page.expect_response(lambda r: "/choices/production_lines?q=acme" in r.url) as asked:
        line.fill("acme")  # the typeahead asks the server for the caller's lines
    assert asked.value.json() == [{"key": "acme-line", "name": "acme-line"}]
    choice = page.locator("#a-production_line-listbox [role=option]", has_text="acme-line")
    choice.click()  # the combobox's list, under the field
    assert line.input_value() == "acme-line"
    page.fill("input[name=instrument]", "fr-fund")
    page.fill("input[name=quantity]", "5")
    page.fill("input[name=unit_price]", "1000")
    page.select_option("select[name='month.month']", "04")  # April, named in the page's words
    page.fill("input[name='month.year']", "2026")
    page.screenshot(path=str(artifacts / "action-place-order-desktop-en.png"), full_page=True)
    page.click("[data-testid=act]")
    page.wait_for_url(f"{live_server}/records/needs/need-drones?done=place-order")
    order = f"{live_server}/records/orders/acme-line-2026-04"
    page.goto(order)
    assert "placed" in page.inner_text("main")
    page.click("[data-action=report-production]")
    page.select_option("select[name='month.month']", "04")  # April, named in the page's words
    page.fill("input[name='month.year']", "2026")
    page.fill("input[name=quantity]", "5")
    page.click("[data-testid=act]")
    page.wait_for_url(f"{order}?done=report-production")
    page.click("[data-action=record-delivery]")
    page.fill("input[name=quantity]", "5")
    page.fill("input[name=delivered_on]", "2026-05-04")
    page.click("[data-testid=act]")
    page.wait_for_url(f"{order}?done=record-delivery")
    page.click("[data-action=confirm-receipt]")
    page.click("[data-testid=act]")
    page.wait_for_url(f"{order}?done=confirm-receipt")
    assert "The receipt of the order was confirmed." in page.inner_text("[data-testid=done]")
    assert "accepted" in page.inner_text("main")
    assert page.locator("[data-action=confirm-receipt]").count() == 0
    page.screenshot(path=str(artifacts / "order-accepted-desktop-en.png"), full_page=True)
    page.close()


def test_a_manufacturer_sees_only_its_own_actions(browser: Any, live_server: str) -> None:
    page = logged_in(browser, live_server, "manufacturer")
    page.goto(f"{live_server}/records/orders/acme-order")
    offered = set(
        page.locator("[data-action]").evaluate_all("els => els.map(e => e.dataset.action)")
    )
    assert offered == {"cancel-order", "report-production", "record-delivery"}
    answer = page.goto(f"{live_server}/records/orders/acme-order/act/confirm-receipt")
    assert answer is not None and answer.status == 403
    page.close()


def test_the_account_language_shows_the_dashboard_in_ukrainian(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "admin")
    try:
        _save_language(page, live_server, "uk")
        assert page.get_attribute("html", "lang") == "uk"
        page.screenshot(path=str(artifacts / "account-desktop-uk.png"), full_page=True)
        page.goto(f"{live_server}/")
        assert page.inner_text("h1") == "Огляд"
        # Another browser context (no switch cookie), an English browser: still Ukrainian.
        context = browser.new_context(viewport=DESKTOP, locale="en-GB")
        fresh = context.new_page()
        log_in(fresh, live_server, "admin")
        assert fresh.inner_text("h1") == "Огляд"
        context.close()
    finally:
        # The live server is shared by the process's browser tests: the admin reads English
        # again (as their browser asks) for the tests that follow: they once found
        # "адміністратор" where "admin" was expected.
        _save_language(page, live_server, "")
        page.close()


def _save_language(page: Any, live_server: str, language: str) -> None:
    page.goto(f"{live_server}/account")
    page.select_option("select[name=language]", language)
    page.click("[data-testid=save-language]")
    page.wait_for_url(f"{live_server}/account?saved=1")


@pytest.mark.parametrize(("viewport", "device"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_action_pages_are_accessible_and_fit_a_phone(
    browser: Any, live_server: str, artifacts: Path, viewport: dict[str, int], device: str
) -> None:
    page = logged_in(browser, live_server, "ministry", viewport)
    found: dict[str, list[str]] = {}
    wider: dict[str, int] = {}
    for language in ("en", "uk"):
        page.goto(f"{live_server}/language/{language}?next=/")
        for path in ACTION_PAGES:
            answer = page.goto(f"{live_server}{path}")
            assert answer is not None and answer.status == 200, path
            found[f"{path} ({language})"] = serious_violations(page)
            wider[f"{path} ({language})"] = overflow(page)
        page.goto(f"{live_server}/records/agreements/a-fr/act/advance")
        page.fill("input[name=on]", "2024-12-31")  # before the signature
        page.fill("input[name=note]", "Signed in Paris")
        page.click("[data-testid=act]")
        page.locator("[data-testid=refusal]").wait_for()
        found[f"refused ({language})"] = serious_violations(page)
        wider[f"refused ({language})"] = overflow(page)
        page.screenshot(
            path=str(artifacts / f"action-refused-{device}-{language}.png"), full_page=True
        )
        page.goto(f"{live_server}/records/needs/need-drones/act/place-order")
        month = page.locator("select[name='month.month'] option:checked").inner_text()
        assert month == {"en": "January", "uk": "січень"}[language]  # the need's due month
        assert page.input_value("input[name='month.year']") == "2026"
        page.screenshot(
            path=str(artifacts / f"action-place-order-{device}-{language}.png"), full_page=True
        )
    page.close()
    assert {path: v for path, v in found.items() if v} == {}
    assert {path: px for path, px in wider.items() if px > 0} == {}


def test_a_date_is_typed_as_the_pages_language_writes_it(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "ministry", PHONE)
    page.goto(f"{live_server}/language/uk?next=/records/agreements/a-fr/act/advance")
    date_input = page.locator("input[name=on]")
    assert date_input.get_attribute("type") is None  # a text input, not the browser's control
    assert page.inner_text("#a-on-hint") == "ДД.ММ.РРРР, наприклад 24.02.2025"
    date_input.fill("31.12.2024")  # the 31st of December, before the signature: refused
    page.click("[data-testid=act]")
    error = page.locator("[data-field=on]")
    assert error.inner_text().startswith("Дата раніша за останню")
    assert page.input_value("input[name=on]") == "31.12.2024"
    page.fill("input[name=on]", "31.02.2026")
    page.click("[data-testid=act]")
    assert page.locator("[data-field=on]").inner_text().startswith("Такого дня не існує")
    assert serious_violations(page) == [] and overflow(page) == 0
    page.screenshot(path=str(artifacts / "action-date-phone-uk.png"), full_page=True)
    page.close()
