"""A page that writes waits for SQLite's write lock in a worker thread, not in the event loop:
while one form waits behind a busy writer, the server's other requests are answered."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from coprod.http.request import SESSION_COOKIE
from tests.api.conftest import Platform
from tests.api.test_access import cookie_login
from tests.sqlite_writer import Writer

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
    platform: Platform, writer: Writer, cookie: str, path: str, form: dict[str, str]
) -> tuple[httpx.Response, bool, httpx.Response]:
    """Post ``form``; once it waits for the lock, ask who am I; then release the lock.

    The answers, and whether the form was still waiting when /api/me was answered."""
    transport = httpx.ASGITransport(app=platform.client.app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", cookies={SESSION_COOKIE: cookie}
    ) as client:
        posting = asyncio.create_task(client.post(path, data=form))
        # The form's worker thread asks for the write lock (BEGIN IMMEDIATE) and waits.
        asked = await asyncio.to_thread(writer.asking.wait, 60)
        assert asked, "the form never asked for the write lock"
        mine = await client.get("/api/me")
        still_waiting = not posting.done() and writer.holding
        writer.release.set()
        posted = await posting
    return posted, still_waiting, mine


@pytest.mark.parametrize("page", list(FORMS))
def test_a_form_waiting_for_the_write_lock_does_not_stop_other_requests(
    platform: Platform, tmp_path: Path, page: str
) -> None:
    csrf = cookie_login(platform, "mira")
    cookie = platform.client.cookies[SESSION_COOKIE]
    path, form = FORMS[page]
    with Writer(tmp_path / "coprod.db") as writer, writer.held_when_asked():
        posted, still_waiting, mine = asyncio.run(
            _while_the_lock_is_held(platform, writer, cookie, path, {**form, "csrf_token": csrf})
        )
    assert posted.status_code in (200, 303), posted.text
    assert mine.status_code == 200 and mine.json()["user"] == "mira"
    assert still_waiting  # /api/me was answered while the form waited for the lock
    assert writer.got == [True]  # the form then got the lock after the writer's commit
