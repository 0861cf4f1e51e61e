"""API tokens expire and are revoked at once; each lists its last use (issue 15, finding 7)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from coprod.cli.users import expiry_of
from coprod.db.auth_models import ApiTokenRow
from coprod.db.uow import UnitOfWork
from coprod.errors import InvalidInput
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM
from tests.api.conftest import Platform
from tests.api.test_access import cookie_login
from tests.cli.runner import Coprod


@pytest.fixture
def coprod(
    platform: Platform, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Coprod:
    """``coprod`` on the platform's database."""
    return Coprod(platform.engine.url.render_as_string(hide_password=False), capsys, monkeypatch)


def _me(platform: Platform, token: str) -> int:
    answer = platform.client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    return answer.status_code


def test_a_revoked_token_is_refused_at_once(platform: Platform, coprod: Coprod) -> None:
    token = platform.tokens["analyst"]
    assert _me(platform, token) == 200
    assert coprod.ok("users", "revoke", "ana/tests").strip() == "token ana/tests revoked"
    assert _me(platform, token) == 401
    assert _me(platform, platform.tokens["ministry"]) == 200  # the others still work
    assert coprod("users", "revoke", "ana/nothing").code == 3
    assert "USER/NAME" in coprod("users", "revoke", "tests").err


def test_revoke_all_ends_every_token_and_browser_session(
    platform: Platform, coprod: Coprod
) -> None:
    second = coprod.ok("users", "token", "ana", "--name", "laptop").strip()
    cookie_login(platform, "ana")
    assert platform.client.get("/", follow_redirects=False).status_code == 200
    out = coprod.ok("users", "revoke", "--all", "ana")
    assert out.strip() == "2 token(s) of ana revoked, 1 browser session(s) ended"
    assert _me(platform, platform.tokens["analyst"]) == 401
    assert _me(platform, second) == 401
    assert platform.client.get("/", follow_redirects=False).status_code == 303  # to /login
    assert coprod("users", "revoke").code == 2  # neither a token nor --all


def test_an_expired_token_is_refused(platform: Platform, coprod: Coprod) -> None:
    token = coprod.ok("users", "token", "ana", "--name", "ci", "--expires", "1d").strip()
    assert _me(platform, token) == 200
    with Session(platform.engine) as session:  # a day later
        session.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.key == "ana/ci")
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        session.commit()
    assert _me(platform, token) == 401
    listed = json.loads(coprod.ok("users", "tokens", "ana", "--json"))
    assert {row["token"]: row["state"] for row in listed} == {
        "ana/ci": "expired",
        "ana/tests": "live",
    }
    result = coprod("users", "token", "ana", "--name", "old", "--expires", "2001-01-01")
    assert result.code == 2 and "has passed" in result.err


def test_tokens_list_their_last_use(platform: Platform, coprod: Coprod) -> None:
    before = {row["token"]: row for row in json.loads(coprod.ok("users", "tokens", "--json"))}
    assert before["maya/tests"]["last_used"] is None
    assert _me(platform, platform.tokens["manufacturer"]) == 200
    after = {row["token"]: row for row in json.loads(coprod.ok("users", "tokens", "--json"))}
    assert after["maya/tests"]["last_used"] is not None
    assert after["ana/tests"]["last_used"] is None
    assert all(row["state"] == "live" and row["expires"] is None for row in after.values())
    assert "maya/tests" in coprod.ok("users", "tokens")


def test_expires_reads_durations_and_dates() -> None:
    soon = expiry_of("90d") - datetime.now(UTC)
    assert timedelta(days=89) < soon <= timedelta(days=90)
    assert expiry_of("2027-03-31") == datetime(2027, 3, 31, tzinfo=UTC)
    assert expiry_of("2027-03-31T18:00+02:00").astimezone(UTC).hour == 16
    for wrong in ("soon", "-5d", "99999999999d"):
        with pytest.raises(InvalidInput, match="--expires"):
            expiry_of(wrong)


def test_issuing_a_token_that_has_already_expired_is_refused(platform: Platform) -> None:
    with UnitOfWork(platform.engine, access=SYSTEM) as uow:
        user = auth.get_user(uow, "ana")
        with pytest.raises(InvalidInput, match="has passed"):
            auth.issue_token(uow, user, "x", expires_at=datetime(2020, 1, 1, tzinfo=UTC))


def test_creating_and_revoking_a_token_are_audited_without_the_digest(
    platform: Platform, coprod: Coprod
) -> None:
    token = coprod.ok("users", "token", "ana", "--name", "audited").strip()
    coprod.ok("users", "revoke", "ana/audited")
    with platform.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT action, patch FROM audit_log WHERE object_key = 'ana/audited' ORDER BY seq"
        ).all()
    assert [row[0] for row in rows] == ["create", "update"]
    assert '"<redacted>"' in rows[0][1] and auth.token_digest(token) not in rows[0][1]
    assert json.loads(rows[1][1]) == [{"op": "replace", "path": "/revoked", "value": True}]
