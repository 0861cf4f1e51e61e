"""Logins: Argon2 passwords, session cookies with CSRF on forms, throttling, API tokens."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coprod.app import create_app
from coprod.db.auth_models import ApiTokenRow, LoginFailureRow, UserRow
from coprod.db.engine import make_engine
from coprod.services.accounts.auth import token_digest
from tests.api.conftest import Platform, settings_for
from tests.api.platform_world import PASSWORD
from tests.api.test_access import cookie_login


def _login_form(platform: Platform) -> str:
    page = platform.client.get("/login").text
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def test_passwords_are_argon2_and_tokens_stored_as_digests(platform: Platform) -> None:
    with Session(platform.engine) as session:
        user = session.scalar(select(UserRow).where(UserRow.key == "maya"))
        assert user is not None and user.password_hash.startswith("$argon2id$")
        stored = set(session.scalars(select(ApiTokenRow.token_hash)))
    assert platform.tokens["manufacturer"] not in stored
    assert token_digest(platform.tokens["manufacturer"]) in stored


def test_the_session_cookie_is_httponly_and_samesite(platform: Platform) -> None:
    token = _login_form(platform)
    answer = platform.client.post(
        "/login",
        data={"user": "mira", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"]
    assert "coprod_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_a_wrong_password_is_refused(platform: Platform) -> None:
    token = _login_form(platform)
    answer = platform.client.post(
        "/login", data={"user": "mira", "password": "wrong-password", "csrf_token": token}
    )
    assert answer.status_code == 401


def test_login_without_the_forms_token_is_refused(platform: Platform) -> None:
    platform.client.get("/login")
    answer = platform.client.post("/login", data={"user": "mira", "password": PASSWORD})
    assert answer.status_code == 403


def test_forms_and_cookie_api_calls_need_the_csrf_token(platform: Platform) -> None:
    csrf = cookie_login(platform, "mira")
    record = {"key": "s-new", "name": "New system", "category": "drones"}
    without = platform.client.post("/api/systems", json=record)
    assert without.status_code == 403
    form = {"key": "s-form", "name": "Form system", "category": "drones"}
    forged = platform.client.post("/records/systems/new", data=form, follow_redirects=False)
    assert forged.status_code == 403
    good = platform.client.post(
        "/records/systems/new", data={**form, "csrf_token": csrf}, follow_redirects=False
    )
    assert good.status_code == 303, good.text
    logout_forged = platform.client.post("/logout", data={"csrf_token": "x"})
    assert logout_forged.status_code == 403


def test_five_failed_logins_a_minute_then_429(platform: Platform) -> None:
    statuses = []
    for _ in range(6):
        token = _login_form(platform)
        answer = platform.client.post(
            "/login", data={"user": "ana", "password": "not-it-at-all", "csrf_token": token}
        )
        statuses.append(answer.status_code)
    assert statuses == [401] * 5 + [429]
    token = _login_form(platform)
    right = platform.client.post(
        "/login", data={"user": "ana", "password": PASSWORD, "csrf_token": token}
    )
    assert right.status_code == 429  # even the right password waits out the minute


def _fail_login(client: TestClient, user: str = "ana") -> int:
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/login", data={"user": user, "password": "not-it-at-all", "csrf_token": token}
    )
    return answer.status_code


def test_failed_logins_are_counted_in_the_store(platform: Platform) -> None:
    assert _fail_login(platform.client) == 401
    with Session(platform.engine) as session:
        rows = session.execute(select(LoginFailureRow.user_key, LoginFailureRow.address)).all()
    assert [tuple(row) for row in rows] == [("ana", "testclient")]
    cookie_login(platform, "ana")  # a success clears them
    with Session(platform.engine) as session:
        assert session.scalars(select(LoginFailureRow)).all() == []


def test_every_worker_process_sees_the_same_failures(platform: Platform, tmp_path: Path) -> None:
    # A second app with its own engine over the same file: another `serve --workers` process.
    settings = settings_for(tmp_path)
    other_engine = make_engine(settings.database_url)
    with TestClient(create_app(settings, engine=other_engine)) as other:
        statuses = [_fail_login(client) for client in [platform.client, other] * 3]
    other_engine.dispose()
    assert statuses == [401] * 5 + [429]
    assert _fail_login(platform.client) == 429


def test_pages_redirect_to_login_without_a_session(platform: Platform) -> None:
    answer = platform.client.get("/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"


def test_a_form_saved_over_a_newer_version_is_refused(platform: Platform) -> None:
    csrf = cookie_login(platform, "mira")
    form_page = platform.client.get("/records/systems/drone/edit").text
    assert 'name="version" value="1"' in form_page
    form = {"csrf_token": csrf, "version": "1", "name": "Renamed", "category": "drones"}
    first = platform.client.post("/records/systems/drone/edit", data=form, follow_redirects=False)
    assert first.status_code == 303, first.text
    stale = platform.client.post(
        "/records/systems/drone/edit",
        data={**form, "name": "Lost update"},
        headers={"Accept": "text/html"},
    )
    assert stale.status_code == 412
    assert "version" in stale.text
    detail = platform.client.get("/records/systems/drone").text
    assert "Renamed" in detail and "Lost update" not in detail


def test_logging_in_again_ends_the_previous_session(platform: Platform) -> None:
    cookie_login(platform, "mira")
    first = platform.client.cookies.get("coprod_session")
    cookie_login(platform, "mira")
    second = platform.client.cookies.get("coprod_session")
    assert first and second and first != second
    platform.client.cookies.set("coprod_session", first)
    assert platform.client.get("/", follow_redirects=False).status_code == 303  # to /login
    platform.client.cookies.set("coprod_session", second)
    assert platform.client.get("/", follow_redirects=False).status_code == 200


def test_after_logout_the_cookie_opens_nothing(platform: Platform) -> None:
    csrf = cookie_login(platform, "mira")
    token = platform.client.cookies.get("coprod_session")
    answer = platform.client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert answer.status_code == 303
    platform.client.cookies.set("coprod_session", token or "")
    assert platform.client.get("/", follow_redirects=False).status_code == 303
    assert platform.client.get("/api/me").status_code == 401
