"""``coprod users purge``: expired browser sessions and old failed logins go, live ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coprod.db.auth_models import LoginFailureRow, SessionRow
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM
from tests.cli.runner import Coprod


def test_purge_deletes_expired_sessions_and_old_failures(coprod: Coprod) -> None:
    coprod.ok(
        "users",
        "add",
        "mira",
        "--role",
        "analyst",
        "--org",
        "ua",
        "--password",
        "harbour-violet-engine-17",
    )
    now = datetime.now(UTC)
    engine = make_engine(coprod.url)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        user = auth.get_user(uow, "mira")
        for token, expires in [
            ("gone", now - timedelta(hours=1)),
            ("kept", now + timedelta(hours=1)),
        ]:
            uow.session.add(
                SessionRow(
                    token_hash=auth.token_digest(token),
                    user_id=user.id,
                    csrf_token="csrf",
                    created_at=expires - auth.SESSION_LIFETIME,
                    expires_at=expires,
                )
            )
        for seconds in (3600, 120, 5):
            at = now - timedelta(seconds=seconds)
            uow.session.add(LoginFailureRow(user_key="mira", address="192.0.2.7", at=at))
        uow.commit()

    out = coprod.ok("users", "purge")
    assert out.strip() == "1 expired session(s) and 2 old failed login(s) deleted"
    with Session(engine) as session:
        assert list(session.scalars(select(SessionRow.token_hash))) == [auth.token_digest("kept")]
        assert len(session.scalars(select(LoginFailureRow)).all()) == 1
    engine.dispose()
    assert coprod.ok("users", "purge").startswith("0 expired session(s) and 0 old")
