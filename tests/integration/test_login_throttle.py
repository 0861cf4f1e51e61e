"""Failed logins and browser sessions in the store (SQLite; PostgreSQL when configured).

Several server processes share one store: each has its own engine and its own LoginThrottle,
and must see the failures the others recorded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from coprod.db import migrate
from coprod.db.audit_models import AuditEntry
from coprod.db.auth_models import LoginFailureRow, SessionRow
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.errors import Throttled, Unauthenticated
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM

PASSWORD = "correct-horse-battery"
ADDRESS = "192.0.2.7"
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def store(engine: Engine) -> Engine:
    """The migrated store with one account, ``mira``."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        auth.create_user(
            uow, "mira", name="Mira", role="analyst", organisation="ua", password=PASSWORD
        )
        uow.commit()
    return engine


@pytest.fixture
def second_engine(store: Engine) -> Iterator[Engine]:
    """Another engine on the same database, as another worker process has."""
    other = make_engine(store.url.render_as_string(hide_password=False))
    yield other
    other.dispose()


def failures(engine: Engine) -> list[tuple[str, str]]:
    with Session(engine) as session:
        rows = session.execute(select(LoginFailureRow.user_key, LoginFailureRow.address))
        return sorted((user, address) for user, address in rows)


def audit_length(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def login(engine: Engine, password: str, throttle: auth.LoginThrottle, user: str = "mira") -> None:
    """Log in as the web pages do: one session, committed only on success."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        account = auth.authenticate(uow, user, password, ADDRESS, throttle)
        auth.open_session(uow, account)
        uow.commit()


def test_a_failed_login_is_committed_although_the_login_rolls_back(store: Engine) -> None:
    throttle = auth.LoginThrottle()
    with UnitOfWork(store, access=SYSTEM) as uow, pytest.raises(Unauthenticated):
        auth.authenticate(uow, "mira", "wrong-password", ADDRESS, throttle)
    # The session closed without a commit: its work was rolled back, the failure was not.
    assert failures(store) == [("mira", ADDRESS)]
    with UnitOfWork(store, access=SYSTEM) as uow, pytest.raises(Unauthenticated):
        auth.authenticate(uow, "nobody", "wrong-password", ADDRESS, throttle)
    assert failures(store) == [("mira", ADDRESS), ("nobody", ADDRESS)]


def test_workers_with_their_own_engines_share_one_count(
    store: Engine, second_engine: Engine
) -> None:
    clock = Clock()
    first = auth.LoginThrottle(limit=3, clock=clock)
    second = auth.LoginThrottle(limit=3, clock=clock)
    for engine, throttle in [(store, first), (second_engine, second), (store, first)]:
        with pytest.raises(Unauthenticated):
            login(engine, "wrong-password", throttle)
    with pytest.raises(Throttled):
        login(second_engine, PASSWORD, second)  # even the right password waits
    with pytest.raises(Throttled):
        login(store, PASSWORD, auth.LoginThrottle(limit=3, clock=clock))  # a restarted server


def test_the_count_survives_concurrent_workers(store: Engine) -> None:
    engines = [make_engine(store.url.render_as_string(hide_password=False)) for _ in range(4)]
    errors: list[Exception] = []

    def worker(engine: Engine) -> None:
        throttle = auth.LoginThrottle(limit=100)
        try:
            for _ in range(5):
                with UnitOfWork(engine, access=SYSTEM) as uow:
                    throttle.failed(uow, "mira", ADDRESS)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    assert errors == []
    assert len(failures(store)) == 20


def test_the_throttle_forgets_after_its_window(store: Engine) -> None:
    clock = Clock()
    throttle = auth.LoginThrottle(limit=2, window=timedelta(seconds=60), clock=clock)
    with UnitOfWork(store, access=SYSTEM) as uow:
        throttle.failed(uow, "u", ADDRESS)
        clock.advance(30)
        throttle.failed(uow, "u", ADDRESS)
        with pytest.raises(Throttled, match="wait 60 seconds"):
            throttle.check(uow, "u", ADDRESS)
        with pytest.raises(Throttled):  # the account is held back from any address
            throttle.check(uow, "u", "198.51.100.1")
        throttle.check(uow, "v", ADDRESS)  # another account is not
        clock.advance(30)  # the first failure is 60 s old: out of the window
        throttle.check(uow, "u", ADDRESS)
        throttle.failed(uow, "u", ADDRESS)  # and deleted when the next one is counted
    assert failures(store) == [("u", ADDRESS), ("u", ADDRESS)]


def test_a_success_clears_that_callers_failures_only(store: Engine) -> None:
    clock = Clock()
    throttle = auth.LoginThrottle(clock=clock)
    with UnitOfWork(store, access=SYSTEM) as uow:
        throttle.failed(uow, "mira", ADDRESS)
        throttle.failed(uow, "mira", "198.51.100.1")
        throttle.failed(uow, "ana", ADDRESS)
    clock.advance(61)
    with UnitOfWork(store, access=SYSTEM) as uow:
        throttle.failed(uow, "ana", "198.51.100.2")  # recent: kept
        throttle.failed(uow, "mira", "198.51.100.1")  # recent, another address: kept
        throttle.failed(uow, "mira", ADDRESS)
    login(store, PASSWORD, throttle)
    # mira's failures from this address are gone; everyone's older than the window too.
    assert failures(store) == [("ana", "198.51.100.2"), ("mira", "198.51.100.1")]


def test_a_success_is_cleared_only_when_the_login_commits(store: Engine) -> None:
    throttle = auth.LoginThrottle()
    with UnitOfWork(store, access=SYSTEM) as uow:
        throttle.failed(uow, "mira", ADDRESS)
    with UnitOfWork(store, access=SYSTEM) as uow:
        auth.authenticate(uow, "mira", PASSWORD, ADDRESS, throttle)
        uow.rollback()
    # The attempt was counted before its password was checked; only a committed login clears.
    assert failures(store) == [("mira", ADDRESS), ("mira", ADDRESS)]
    login(store, PASSWORD, throttle)
    assert failures(store) == []


def test_failed_logins_stay_out_of_the_audit_trail(store: Engine) -> None:
    before = audit_length(store)
    throttle = auth.LoginThrottle()
    for _ in range(2):
        with pytest.raises(Unauthenticated):
            login(store, "wrong-password", throttle)
    login(store, PASSWORD, throttle)
    with UnitOfWork(store, access=SYSTEM) as uow:
        auth.purge_expired(uow, now=START + timedelta(days=400))
        uow.commit()
    assert audit_length(store) == before


def add_session(engine: Engine, token: str, expires_at: datetime) -> None:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        user = auth.get_user(uow, "mira")
        uow.session.add(
            SessionRow(
                token_hash=auth.token_digest(token),
                user_id=user.id,
                csrf_token="csrf",
                created_at=expires_at - auth.SESSION_LIFETIME,
                expires_at=expires_at,
            )
        )
        uow.commit()


def live_tokens(engine: Engine) -> set[str]:
    with Session(engine) as session:
        return set(session.scalars(select(SessionRow.token_hash)))


def test_purge_deletes_expired_sessions_and_old_failures(store: Engine) -> None:
    now = datetime.now(UTC)
    add_session(store, "expired", now - timedelta(minutes=1))
    add_session(store, "live", now + timedelta(hours=1))
    clock = Clock(now - timedelta(seconds=90))
    throttle = auth.LoginThrottle(limit=100, clock=clock)
    with UnitOfWork(store, access=SYSTEM) as uow:
        throttle.failed(uow, "old", ADDRESS)
        clock.advance(60)
        throttle.failed(uow, "recent", ADDRESS)
    with UnitOfWork(store, access=SYSTEM) as uow:
        purged = auth.purge_expired(uow, now=now)
        uow.commit()
    assert purged == auth.Purged(sessions=1, login_failures=1)
    assert live_tokens(store) == {auth.token_digest("live")}
    assert failures(store) == [("recent", ADDRESS)]
    with UnitOfWork(store, access=SYSTEM) as uow:
        assert auth.session_of(uow, "live") is not None
        assert auth.purge_expired(uow, now=now) == auth.Purged(0, 0)


def test_opening_a_session_purges_the_expired_ones(store: Engine) -> None:
    now = datetime.now(UTC)
    add_session(store, "expired", now - timedelta(seconds=1))
    add_session(store, "live", now + timedelta(minutes=5))
    login(store, PASSWORD, auth.LoginThrottle())
    tokens = live_tokens(store)
    assert auth.token_digest("expired") not in tokens
    assert auth.token_digest("live") in tokens
    assert len(tokens) == 2


def test_the_login_failures_migration_goes_down_and_up(store: Engine) -> None:
    with UnitOfWork(store, access=SYSTEM) as uow:
        auth.LoginThrottle().failed(uow, "mira", ADDRESS)
    command.downgrade(migrate.alembic_config(store), "0004_store_marks")
    assert migrate.current(store) == "0004_store_marks"
    migrate.upgrade(store)
    assert migrate.current(store) == migrate.head(store)
    assert failures(store) == []


def test_a_login_survives_another_worker_writing_during_the_password_check(
    store: Engine, second_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Argon2 takes a tenth of a second; another worker's commit then (here, a failed login)
    # must not turn this login into "another change was being written at the same time".
    real = auth.password_matches

    def slow_check(stored_hash: str, password: str) -> bool:
        with UnitOfWork(second_engine, access=SYSTEM) as uow:
            auth.LoginThrottle().failed(uow, "someone-else", "198.51.100.9")
        return real(stored_hash, password)

    monkeypatch.setattr(auth, "password_matches", slow_check)
    login(store, PASSWORD, auth.LoginThrottle())
    assert failures(store) == [("someone-else", "198.51.100.9")]
    assert len(live_tokens(store)) == 1
