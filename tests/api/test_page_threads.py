"""A page that writes waits for SQLite's write lock in a worker thread, not in the event loop:
while one form waits behind a busy writer, the server's other requests are answered."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from coprod.api.deps import SESSION_COOKIE
from tests.api.conftest import Platform
from tests.api.test_access import cookie_login
from tests.sqlite_writer import Writer

HOLD_S = 1.0

# A form that writes, per page: where it is posted and what it sends (with the CSRF token).
FORMS: dict[str, tuple[str, dict[str, str]]] = {
    "create": (
        "/records/systems/new",
        {"key": "s-form", "name": "Form system", "category": "drones"},
    ),
    "edit": (
        "/records/systems/drone/edit",
        {"version": "1", "name": "Renamed", "category": "drones"},
    ),
    "plan": ("/planner/run", {"start": "2026-01", "months": "6", "edits": ""}),
}


async def _while_the_lock_is_held(
    platform: Platform, cookie: str, path: str, form: dict[str, str]
) -> tuple[httpx.Response, float, httpx.Response, float]:
    """Post ``form``, and meanwhile ask who am I; each answer with the time it came."""
    transport = httpx.ASGITransport(app=platform.client.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", cookies={SESSION_COOKIE: cookie}
    ) as client:

        async def post() -> tuple[httpx.Response, float]:
            answer = await client.post(path, data=form)
            return answer, time.monotonic()

        async def me() -> tuple[httpx.Response, float]:
            await asyncio.sleep(0.2)  # the form is then waiting for the lock
            answer = await client.get("/api/me")
            return answer, time.monotonic()

        (posted, posted_at), (mine, mine_at) = await asyncio.gather(post(), me())
    return posted, posted_at, mine, mine_at


@pytest.mark.parametrize("page", list(FORMS))
def test_a_form_waiting_for_the_write_lock_does_not_stop_other_requests(
    platform: Platform, tmp_path: Path, page: str
) -> None:
    csrf = cookie_login(platform, "mira")
    cookie = platform.client.cookies[SESSION_COOKIE]
    path, form = FORMS[page]
    with Writer(tmp_path / "coprod.db", HOLD_S) as writer:
        started = time.monotonic()
        posted, posted_at, mine, mine_at = asyncio.run(
            _while_the_lock_is_held(platform, cookie, path, {**form, "csrf_token": csrf})
        )
    assert posted.status_code in (200, 303), posted.text
    assert mine.status_code == 200 and mine.json()["user"] == "mira"
    assert writer.releasing_at <= posted_at  # the form waited for the lock, then saved
    assert mine_at < writer.releasing_at, (  # answered while the form was still waiting
        f"/api/me took {mine_at - started:.2f} s, the lock was held {HOLD_S} s"
    )
