"""Finding records in a real browser, as each role: the header's search, a list searched and
filtered from its panel (the address keeps both), a plant's page with its owners, lines and
investments; axe-core finds no serious violation on these pages, none scrolls sideways on a
phone. Screenshots go to the artifacts folder."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import uvicorn

from coprod.app import create_app
from coprod.db import migrate
from coprod.db.engine import make_engine
from tests.api.conftest import settings_for
from tests.api.platform_world import USERS, populate
from tests.api.test_page_finding import add_plant
from tests.web.browsing import (
    DESKTOP,
    PHONE,
    free_port,
    log_in,
    logged_in,
    overflow,
    serious_violations,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The platform world with Acme's plant in Kyiv, served in a thread."""
    folder = tmp_path_factory.mktemp("finding")
    settings = settings_for(folder)
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    populate(engine)
    add_plant(engine)
    port = free_port()
    app = create_app(settings, engine=engine)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.05)
    assert server.started, "the live server ended before it started"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def _clean(page: Any) -> None:
    assert serious_violations(page) == [], page.url


# What the header's search for "rival" shows each role: Rival's line, order and the rest are
# only the stewards' to see; everyone sees Rival itself and its stake in Acme (public kinds).
EVERY = [
    "organisations",
    "agreements",
    "ownerships",
    "production_lines",
    "orders",
    "production_reports",
    "deliveries",
    "payments",
]
PUBLIC = ["organisations", "ownerships"]
FOUND = {"ministry": EVERY, "admin": EVERY, "funder": PUBLIC, "manufacturer": PUBLIC}
FOUND["analyst"] = PUBLIC


@pytest.mark.parametrize("role", sorted(USERS))
def test_each_role_searches_and_filters(
    browser: Any, live_server: str, artifacts: Path, role: str
) -> None:
    page = logged_in(browser, live_server, role)
    page.fill("#site-q", "RIVAL")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search?q=RIVAL")
    shown = page.locator(".found h2").evaluate_all("hs => hs.map(h => h.id.slice(6))")
    assert shown == FOUND[role]
    _clean(page)
    page.screenshot(path=str(artifacts / f"search-{role}.png"), full_page=True)
    # A list searched and filtered from its panel: the address keeps both.
    page.goto(f"{live_server}/records/organisations")
    page.fill("#find-q", "drones")
    page.click("form.find details.filters summary")  # the filters fold away until asked for
    page.fill("#find-country", "DE")
    page.click("form.find button[type=submit]")
    page.wait_for_url("**/records/organisations?**")
    asked = parse_qs(urlparse(page.url).query)
    assert asked["q"] == ["drones"] and asked["country"] == ["DE"]
    keys = page.locator("table.records tbody tr td:first-child a").all_inner_texts()
    assert keys == ["rival"]
    _clean(page)
    page.goto(f"{live_server}/records/agreements")
    page.click("form.find details.filters summary")
    page.select_option("#find-status", "signed")
    page.click("form.find button[type=submit]")
    page.wait_for_url("**/records/agreements?**status=signed**")
    keys = page.locator("table.records tbody tr td:first-child a").all_inner_texts()
    expected = {"ministry": 4, "admin": 4, "funder": 2, "manufacturer": 2, "analyst": 1}
    assert len(keys) == expected[role]
    assert page.locator("form.find details.filters").get_attribute("open") is not None
    page.screenshot(path=str(artifacts / f"list-filtered-{role}.png"), full_page=True)
    page.close()


def test_a_plant_page_shows_its_owners_lines_investments_and_evidence(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "ministry")
    page.goto(f"{live_server}/records/plants/acme-kyiv-plant")
    related = page.inner_text("div.related-groups")
    for shown in ("rival-in-acme", "rival", "acme-line", "fr-into-kyiv"):
        assert shown in related
    assert "Acme drone plant, Kyiv" in page.inner_text("main")
    evidence = page.inner_text("ul.evidence")
    assert "acme-plant-release" in evidence and "opening announced" in evidence
    _clean(page)
    page.screenshot(path=str(artifacts / "plant.png"), full_page=True)
    page.click("div.related-groups >> text=acme-line")
    page.wait_for_url("**/records/production_lines/acme-line")
    page.close()


@pytest.mark.parametrize("language", ["en", "uk"])
def test_finding_pages_fit_a_phone(
    browser: Any, live_server: str, artifacts: Path, language: str
) -> None:
    page = logged_in(browser, live_server, "ministry", PHONE)
    page.goto(f"{live_server}/language/{language}?next=/")
    for path, name in (
        ("/search?q=acme", "search"),
        ("/records/orders?q=acme&status=placed&from=2026-01-01", "list-filtered"),
        ("/records/plants/acme-kyiv-plant", "plant"),
    ):
        page.goto(f"{live_server}{path}")
        assert overflow(page) <= 0, path
        _clean(page)
        page.screenshot(path=str(artifacts / f"{name}-phone-{language}.png"), full_page=True)
    page.close()


def test_a_filter_naming_a_record_is_typed_ahead_as_a_combobox(
    browser: Any, live_server: str, artifacts: Path
) -> None:
    page = logged_in(browser, live_server, "ministry")
    page.goto(f"{live_server}/records/orders")
    page.click("form.find details.filters summary")
    line = page.locator("#find-production_line")
    assert line.get_attribute("role") == "combobox"
    assert line.get_attribute("aria-expanded") == "false"
    with page.expect_response(lambda r: "/choices/production_lines?q=acme" in r.url):
        line.press_sequentially("acme")  # the server is asked for the caller's lines
    listbox = page.locator("#find-production_line-listbox")
    listbox.wait_for(state="visible")
    assert line.get_attribute("aria-expanded") == "true"
    assert listbox.locator("[role=option]").all_inner_texts() == ["acme-line"]
    line.press("ArrowDown")  # the first choice is the active one, read out by its id
    assert line.get_attribute("aria-activedescendant") == "find-production_line-listbox-0"
    _clean(page)
    page.screenshot(path=str(artifacts / "filter-typeahead.png"), full_page=True)
    line.press("Enter")  # takes the choice, closes the list, does not submit yet
    assert line.input_value() == "acme-line"
    assert line.get_attribute("aria-expanded") == "false"
    assert urlparse(page.url).query == ""
    line.press("Enter")
    page.wait_for_url("**/records/orders?**production_line=acme-line**")
    keys = page.locator("table.records tbody tr td:first-child a").all_inner_texts()
    assert keys == ["acme-order"]
    page.close()


def test_a_filter_naming_a_record_works_without_javascript(browser: Any, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    log_in(page, live_server, "ministry")
    page.goto(f"{live_server}/records/orders")
    page.click("form.find details.filters summary")
    line = page.locator("#find-production_line")
    assert line.get_attribute("role") is None  # a plain text input, nothing promised
    line.fill("acme-line")
    page.click("form.find button[type=submit]")
    page.wait_for_url("**/records/orders?**production_line=acme-line**")
    keys = page.locator("table.records tbody tr td:first-child a").all_inner_texts()
    assert keys == ["acme-order"]
    context.close()
