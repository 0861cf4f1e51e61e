"""Regenerate docs/img/dashboard*.png and planner.png: the demo registry as the ministry sees
it, on a desktop in English and Ukrainian and on a 390 x 844 phone in Ukrainian.

Run after ``coprod demo`` (which leaves var/demo.db):
``.venv/bin/python scripts/dashboard_screenshot.py [DATABASE_FILE]``.
Needs Debian's chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from coprod.app import create_app
from coprod.config import Settings
from coprod.db.engine import make_engine
from coprod.services.accounts.demo_accounts import ensure_demo_accounts
from coprod.services.store import Store
from coprod.testing.browser import launch_chromium


def main() -> None:
    """Serve var/demo.db on a free port, log in as the ministry, save the screenshots."""
    database = Path(sys.argv[1] if len(sys.argv) > 1 else "var/demo.db").resolve()
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    Store(url, engine).write(ensure_demo_accounts)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(database_url=url, secret_key="", host="127.0.0.1", port=port)
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, engine=engine), port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        Path("docs/img").mkdir(parents=True, exist_ok=True)
        phone = logged_in(browser, base, {"width": 390, "height": 844}, "uk")
        phone.screenshot(path="docs/img/dashboard-phone-uk.png", full_page=True)
        phone.locator("details.menu summary").click()
        phone.screenshot(path="docs/img/menu-phone-uk.png")
        page = logged_in(browser, base, {"width": 1280, "height": 900}, "uk")
        page.screenshot(path="docs/img/dashboard-uk.png", full_page=True)
        page.goto(f"{base}/language/en?next=/")
        page.screenshot(path="docs/img/dashboard.png", full_page=True)
        page.goto(f"{base}/planner")
        page.click("[data-testid=run-plan]")
        page.locator("[data-testid=plan-result]").wait_for(timeout=120_000)
        page.screenshot(path="docs/img/planner.png", full_page=True)
        browser.close()
    server.should_exit = True
    print(
        "wrote docs/img/dashboard.png, dashboard-uk.png, dashboard-phone-uk.png, menu-phone-uk.png"
    )
    print("and docs/img/planner.png")


def logged_in(browser: Browser, base: str, viewport: ViewportSize, language: str) -> Page:
    """A page logged in as the demo ministry, its pages in ``language``, on the dashboard."""
    page = browser.new_page(viewport=viewport)
    page.goto(f"{base}/language/{language}?next=/login")
    page.fill("input[name=user]", "ministry")
    page.fill("input[name=password]", "ministry-demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


if __name__ == "__main__":
    main()
