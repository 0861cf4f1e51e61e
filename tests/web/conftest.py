"""A live server on a free port over the platform world, and a headless Debian chromium."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from coprod.app import create_app
from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.testing.browser import CHROMIUM, launch_chromium
from tests.api.conftest import settings_for
from tests.api.platform_world import populate
from tests.web.browsing import free_port

# Screenshots go to test-artifacts/ at the repository's root (ignored by git, removed by
# `make clean`), or where COPROD_TEST_ARTIFACTS says.
ARTIFACTS_ENV = "COPROD_TEST_ARTIFACTS"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a coprod server running in a thread, over the platform world (one per
    test process: the tests that write into it add records and do not remove any)."""
    folder = tmp_path_factory.mktemp("live")
    settings = settings_for(folder)
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    populate(engine)
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, engine=engine), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():  # pytest-timeout ends a hang
        time.sleep(0.05)
    assert server.started, "the live server ended before it started"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright (one per test process; each test
    opens its own pages and closes them)."""
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        yield launched
        launched.close()


@pytest.fixture
def artifacts() -> Path:
    """The folder screenshots are kept in: $COPROD_TEST_ARTIFACTS, else test-artifacts/."""
    folder = Path(os.environ.get(ARTIFACTS_ENV) or ARTIFACTS)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
