"""Users change their own password (ASVS 6.2.2, 6.2.3, 7.4.3): the current one is checked
(throttled like a login), the new one meets the policy, the user's other sessions end."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from tests.api.conftest import Platform
from tests.api.platform_world import PASSWORD
from tests.api.test_access import cookie_login

NEW = "lantern-orchard-seven-quays"


def _user_entries(engine: Engine) -> list[tuple[str, str, str, str, list[object]]]:
    query = "SELECT actor, organisation, object_key, action, patch FROM audit_log"
    with engine.connect() as conn:
        rows = conn.execute(text(f"{query} WHERE object_type = 'User' ORDER BY seq")).all()
    return [(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]


def _login(client: TestClient, password: str) -> int:
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    data = {"user": "mira", "password": password, "csrf_token": token}
    return client.post("/login", data=data, follow_redirects=False).status_code


def _change(platform: Platform, csrf: str, current: str, new: str, confirm: str) -> int:
    form = {"csrf_token": csrf, "current": current, "new": new, "confirm": confirm}
    answer = platform.client.post("/account/password", data=form, follow_redirects=False)
    return answer.status_code


def test_a_user_changes_their_password_and_their_other_sessions_end(platform: Platform) -> None:
    other = TestClient(platform.client.app)
    assert _login(other, PASSWORD) == 303  # the same user on another browser
    csrf = cookie_login(platform, "mira")
    assert 'href="/account"' in platform.client.get("/").text  # the header's account page
    assert 'href="/account/password"' in platform.client.get("/account").text
    assert _change(platform, csrf, PASSWORD, NEW, NEW) == 303
    page = platform.client.get("/account/password?ended=1").text
    assert "Your password was changed. 1 other session of yours ended." in page
    assert platform.client.get("/", follow_redirects=False).status_code == 200  # this one stays
    assert other.get("/", follow_redirects=False).status_code == 303  # the other ended
    fresh = TestClient(platform.client.app)
    assert _login(fresh, PASSWORD) == 401
    assert _login(fresh, NEW) == 303


def test_the_current_password_confirmation_and_policy_are_checked(platform: Platform) -> None:
    csrf = cookie_login(platform, "mira")
    assert _change(platform, csrf, "not-the-password", NEW, NEW) == 401
    assert _change(platform, csrf, PASSWORD, NEW, NEW + "x") == 422
    assert _change(platform, csrf, PASSWORD, "x" * 12, "x" * 12) == 422
    assert _change(platform, csrf, PASSWORD, PASSWORD, PASSWORD) == 422
    assert _change(platform, "forged", PASSWORD, NEW, NEW) == 403
    assert _login(TestClient(platform.client.app), PASSWORD) == 303  # unchanged


def test_a_password_change_alone_writes_one_audit_entry_without_the_secret(
    platform: Platform,
) -> None:
    csrf = cookie_login(platform, "mira")
    before = _user_entries(platform.engine)
    assert _change(platform, csrf, "not-the-password", NEW, NEW) == 401
    assert _change(platform, csrf, PASSWORD, NEW, NEW + "x") == 422
    assert _user_entries(platform.engine) == before  # a refused change writes nothing
    assert _change(platform, csrf, PASSWORD, NEW, NEW) == 303
    redacted = [{"op": "replace", "path": "/password_hash", "value": "<redacted>"}]
    assert _user_entries(platform.engine) == [
        *before,
        ("mira", "ua-mod", "mira", "update", redacted),
    ]
    with platform.engine.connect() as conn:
        trail = " ".join(conn.execute(text("SELECT patch FROM audit_log")).scalars())
    assert "argon2" not in trail and NEW not in trail
