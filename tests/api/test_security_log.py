"""Logins and refused requests are logged on ``coprod.security`` (ASVS 16.3.1, 16.3.2),
one line each, with values encoded so that a typed line break cannot forge a line."""

from __future__ import annotations

import logging

import pytest

from coprod.services.accounts.security_log import security_event
from tests.api.conftest import Platform
from tests.api.platform_world import PASSWORD


def _login(platform: Platform, user: str, password: str) -> int:
    page = platform.client.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    answer = platform.client.post(
        "/login",
        data={"user": user, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    return answer.status_code


def _events(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "coprod.security"]


def test_logins_and_refusals_are_logged(
    platform: Platform, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="coprod.security")
    assert _login(platform, "mira", "not-the-password") == 401
    assert _login(platform, "mira", PASSWORD) == 303
    assert (
        platform.client.get("/api/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    )
    assert platform.client.get("/api/audit", headers=platform.headers("analyst")).status_code == 403
    events = _events(caplog)
    assert 'login.failed user="mira" address="testclient"' in events
    assert 'login.succeeded user="mira" address="testclient"' in events
    refused = [e for e in events if e.startswith("request.refused")]
    assert any("status=401" in e and 'path="/api/me"' in e for e in refused)
    assert any("status=403" in e and 'path="/api/audit"' in e for e in refused)


def test_a_typed_line_break_stays_inside_its_value(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="coprod.security")
    security_event("login.failed", user="eve\nlogin.succeeded user=admin", address="x")
    (line,) = _events(caplog)
    assert "\n" not in line and line.startswith('login.failed user="eve\\nlogin.succeeded')
