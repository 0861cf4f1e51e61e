"""Session cookies are ``Secure`` (and named ``__Host-…``) by default unless the server listens
on loopback only (issue 15, finding 7); ``COPROD_SECURE_COOKIES`` decides explicitly."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from coprod.app import bind
from coprod.config import Settings, is_loopback
from coprod.errors import InvalidInput
from tests.api.conftest import Platform, settings_for
from tests.api.platform_world import PASSWORD


def _login_cookies(platform: Platform, settings: Settings) -> list[str]:
    # Over HTTPS, as a Secure cookie is only sent back there.
    client = TestClient(
        bind(platform.client.app, settings, engine=platform.engine), base_url="https://testserver"
    )
    form = client.get("/login")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/login",
        data={"user": "mira", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return [form.headers["set-cookie"], answer.headers["set-cookie"]]


@pytest.mark.parametrize(
    ("host", "secure", "expected"),
    [
        ("0.0.0.0", None, True),
        ("192.0.2.10", None, True),
        ("127.0.0.1", None, False),
        ("::1", None, False),
        ("localhost", None, False),
        ("0.0.0.0", False, False),  # plain HTTP on a closed network, said explicitly
        ("127.0.0.1", True, True),
    ],
)
def test_cookies_are_secure_unless_served_on_loopback(
    platform: Platform, tmp_path: Path, host: str, secure: bool | None, expected: bool
) -> None:
    settings = replace(settings_for(tmp_path), host=host, secure_cookies=secure)
    for cookie in _login_cookies(platform, settings):
        assert ("; secure" in cookie.lower()) is expected, cookie
        # A Secure cookie is a __Host- one: Path=/, no Domain, set by this host only.
        assert cookie.startswith("__Host-coprod_") is expected, cookie
        assert "; path=/" in cookie.lower() and "domain=" not in cookie.lower()


def test_the_setting_reads_one_or_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    for value, expected in [("1", True), ("0", False), ("", None), ("no", False)]:
        monkeypatch.setenv("COPROD_SECURE_COOKIES", value)
        assert Settings.from_env().secure_cookies is expected
        assert (
            Settings.from_env().to_env()["COPROD_SECURE_COOKIES"]
            == {
                True: "1",
                False: "0",
                None: "",
            }[expected]
        )
    monkeypatch.setenv("COPROD_SECURE_COOKIES", "maybe")
    with pytest.raises(InvalidInput, match="COPROD_SECURE_COOKIES"):
        Settings.from_env()
    assert is_loopback("127.0.0.5") and is_loopback("[::1]") and not is_loopback("0.0.0.0")


def test_a_secure_session_logs_out_with_its_prefixed_cookie(
    platform: Platform, tmp_path: Path
) -> None:
    settings = replace(settings_for(tmp_path), host="0.0.0.0")
    client = TestClient(
        bind(platform.client.app, settings, engine=platform.engine), base_url="https://testserver"
    )
    form = client.get("/login").text
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"user": "mira", "password": PASSWORD, "csrf_token": token})
    assert client.cookies.get("__Host-coprod_session")
    page = client.get("/").text
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert answer.status_code == 303
    deleted = answer.headers["set-cookie"].lower()
    assert deleted.startswith("__host-coprod_session=") and "; secure" in deleted
    assert client.get("/", follow_redirects=False).status_code == 303  # logged out
