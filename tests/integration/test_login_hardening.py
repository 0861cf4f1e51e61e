"""Logins against enumeration and guessing (issue 15, findings 5 and 6), on each backend.

- An unknown user, an inactive one or one without a usable hash costs one Argon2
  verification, like a wrong password for a real user: counted, not timed.
- The throttle counts per account (from any address) and per address (for any account).
- Counting and checking are one atomic step: 20 parallel wrong tries get at most the limit
  of password checks; the others are throttled without a check.
"""

from __future__ import annotations

import threading
from typing import Literal

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session

from coprod.db.auth_models import UserRow
from coprod.db.uow import UnitOfWork
from coprod.errors import Throttled, Unauthenticated
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM

PASSWORD = "correct-horse-battery"


@pytest.fixture
def store(engine: Engine) -> Engine:
    """The migrated store with two accounts: ``mira`` (active), ``olga`` (deactivated)."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for key in ("mira", "olga"):
            auth.create_user(
                uow, key, name=key, role="analyst", organisation="ua", password=PASSWORD
            )
        uow.session.execute(update(UserRow).where(UserRow.key == "olga").values(active=False))
        uow.commit()
    return engine


class CountingHasher(PasswordHasher):
    """The same Argon2 hasher, counting its verifications (thread-safe)."""

    def __init__(self) -> None:
        super().__init__()
        self.count, self.lock = 0, threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        with self.lock:
            self.count += 1
        return super().verify(hash, password)


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counter = CountingHasher()
    monkeypatch.setattr(auth, "_HASHER", counter)
    return counter


def _try(
    engine: Engine, user: str, password: str, throttle: auth.LoginThrottle, address: str
) -> UserRow:
    with UnitOfWork(engine, access=SYSTEM) as uow:
        account = auth.authenticate(uow, user, password, address, throttle)
        uow.session.expunge(account)  # read after the unit of work has closed
        return account


def _verifications_of(
    store: Engine, verifications: CountingHasher, user: str, password: str = "wrong-password"
) -> int:
    before = verifications.count
    with pytest.raises(Unauthenticated):
        _try(store, user, password, auth.LoginThrottle(limit=100), f"192.0.2.{len(user)}")
    return verifications.count - before


def test_every_failed_login_costs_one_argon2_verification(
    store: Engine, verifications: CountingHasher
) -> None:
    auth._dummy_hash()  # made once per process, outside the counted calls
    assert _verifications_of(store, verifications, "mira") == 1  # wrong password
    assert _verifications_of(store, verifications, "nobody") == 1  # unknown user
    assert _verifications_of(store, verifications, "olga") == 1  # deactivated
    with Session(store) as session:  # an account whose password was never set or was locked
        session.execute(update(UserRow).where(UserRow.key == "mira").values(password_hash="!"))
        session.commit()
    assert _verifications_of(store, verifications, "mira", PASSWORD) == 1


def test_the_throttle_counts_per_account_from_any_address(store: Engine) -> None:
    throttle = auth.LoginThrottle(limit=3, address_limit=100)
    for n in range(3):
        with pytest.raises(Unauthenticated):
            _try(store, "mira", "wrong-password", throttle, f"198.51.100.{n}")
    with pytest.raises(Throttled, match="for 'mira'"):
        _try(store, "mira", PASSWORD, throttle, "198.51.100.200")  # a fresh address waits too


def test_the_throttle_counts_per_address_for_any_account(store: Engine) -> None:
    throttle = auth.LoginThrottle(limit=100, address_limit=4)
    for n in range(4):
        with pytest.raises(Unauthenticated):
            _try(store, f"user-{n}", "wrong-password", throttle, "203.0.113.9")
    with pytest.raises(Throttled, match="from your address"):
        _try(store, "mira", PASSWORD, throttle, "203.0.113.9")
    assert _try(store, "mira", PASSWORD, throttle, "203.0.113.10").key == "mira"


def test_parallel_wrong_tries_get_no_more_checks_than_the_limit(
    store: Engine, verifications: CountingHasher
) -> None:
    auth._dummy_hash()
    throttle = auth.LoginThrottle(limit=5, address_limit=100)
    start = threading.Barrier(20)
    outcomes: list[str] = []

    def one_try(n: int) -> None:
        start.wait()
        try:
            _try(store, "mira", "wrong-password", throttle, f"198.51.100.{n}")
        except (Unauthenticated, Throttled) as exc:
            outcomes.append(type(exc).__name__)
        except Exception as exc:  # reported by the assertion below
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=one_try, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Throttled"] * 15 + ["Unauthenticated"] * 5
    assert verifications.count == 5
