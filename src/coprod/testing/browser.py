"""The headless Chromium the browser tests and ``scripts/dashboard_screenshot.py`` drive.

Debian's chromium (``apt-get install chromium``), launched by Playwright (a dev dependency,
imported only when a browser is launched).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM = Path("/usr/bin/chromium")
# No sandbox (containers, root), no GPU, and nothing that calls home or updates itself.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's chromium, headless, with the flags above."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=list(CHROMIUM_ARGS)
    )
