"""What the browser tests share: the two window sizes, logging in as a role, and the two
checks every page passes (axe-core finds no serious violation; no sideways scroll).

axe-core comes from the ``axe-playwright-python`` package (PyPI, a dev dependency), which ships
its ``axe.min.js``; the checks evaluate that file in the page themselves (nothing is fetched).
"""

from __future__ import annotations

import json
import socket
from functools import cache
from importlib import resources
from typing import Any

from tests.api.platform_world import PASSWORD, USERS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = {"serious", "critical"}


def free_port() -> int:
    """A TCP port free on this machine now (for a live server)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def log_in(page: Any, live_server: str, role: str) -> Any:
    """Log ``page`` in as the platform world's account of ``role``; the page, on the
    dashboard."""
    page.goto(f"{live_server}/login")
    page.fill("input[name=user]", USERS[role][0])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    return page


def logged_in(browser: Any, live_server: str, role: str, viewport: dict[str, int] = DESKTOP) -> Any:
    """A new page of ``viewport``'s size, logged in as ``role``'s account, on the dashboard."""
    return log_in(browser.new_page(viewport=viewport), live_server, role)


@cache
def axe_source() -> str:
    """axe-core's script, as the axe-playwright-python package ships it."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text()


def serious_violations(page: Any) -> list[str]:
    """The serious and critical axe-core violations of the page as it is now."""
    page.evaluate(axe_source())
    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    result = page.evaluate(f"async () => await axe.run(document, {json.dumps(options)})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scroll)."""
    width: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return width
