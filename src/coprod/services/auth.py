"""Accounts, logins, browser sessions and API tokens.

Passwords are hashed with Argon2 (argon2-cffi). Session and API tokens are random 256-bit
strings handed to the client once; the store keeps only their SHA-256 digests. Failed logins
are throttled per user and client address.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from coprod.db.auth_models import ApiTokenRow, SessionRow, UserRow
from coprod.domain.enums import AccountRole
from coprod.errors import Conflict, InvalidInput, NotFound, Throttled, Unauthenticated
from coprod.services.access import Principal

SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 8
_HASHER = PasswordHasher()
BAD_LOGIN = "wrong user name or password"


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password``."""
    return _HASHER.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches the stored Argon2 hash."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    """The SHA-256 digest under which a session or API token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def principal_of(user: UserRow) -> Principal:
    """The access principal of a stored user."""
    return Principal(user=user.key, role=AccountRole(user.role), organisation=user.organisation)


def _now() -> datetime:
    return datetime.now(UTC)


def create_user(
    session: Session, key: str, *, name: str, role: str, organisation: str, password: str
) -> UserRow:
    """Add an account; Conflict when the user key is taken."""
    if role not in {r.value for r in AccountRole}:
        choices = ", ".join(r.value for r in AccountRole)
        raise InvalidInput(f"role {role!r} is not one of {choices}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password of {key!r}: at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(UserRow.id).where(UserRow.key == key)) is not None:
        raise Conflict(f"a user with key {key!r} already exists")
    user = UserRow(
        key=key,
        name=name,
        role=role,
        organisation=organisation,
        password_hash=hash_password(password),
        active=True,
        created_at=_now(),
    )
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, key: str) -> UserRow:
    """The account with ``key``."""
    user = session.scalar(select(UserRow).where(UserRow.key == key))
    if user is None:
        raise NotFound(f"no user with key {key!r}")
    return user


def list_users(session: Session) -> list[UserRow]:
    """Every account, by key."""
    return list(session.scalars(select(UserRow).order_by(UserRow.key)))


class LoginThrottle:
    """At most ``limit`` failed logins per user and address within ``window`` seconds."""

    def __init__(
        self, limit: int = 5, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, who: tuple[str, str]) -> deque[float]:
        failures = self._failures.setdefault(who, deque())
        while failures and failures[0] <= self.clock() - self.window:
            failures.popleft()
        return failures

    def check(self, user: str, address: str) -> None:
        """Throttled when the caller has used up its failed attempts."""
        with self._lock:
            if len(self._recent((user, address))) >= self.limit:
                raise Throttled(
                    f"too many failed logins for {user!r}: wait {int(self.window)} seconds"
                )

    def failed(self, user: str, address: str) -> None:
        """Count one failed attempt."""
        with self._lock:
            self._recent((user, address)).append(self.clock())

    def succeeded(self, user: str, address: str) -> None:
        """Forget the failures of a caller who got in."""
        with self._lock:
            self._failures.pop((user, address), None)


def authenticate(
    session: Session, key: str, password: str, address: str, throttle: LoginThrottle
) -> UserRow:
    """The active user with this key and password; Unauthenticated or Throttled otherwise."""
    throttle.check(key, address)
    user = session.scalar(select(UserRow).where(UserRow.key == key))
    if user is None or not user.active or not password_matches(user.password_hash, password):
        throttle.failed(key, address)
        raise Unauthenticated(BAD_LOGIN)
    throttle.succeeded(key, address)
    return user


@dataclass(frozen=True)
class BrowserSession:
    """A logged-in browser: the token for the cookie and the CSRF token for its forms."""

    token: str
    csrf_token: str
    user: UserRow


def open_session(session: Session, user: UserRow) -> BrowserSession:
    """Start a browser session for ``user``."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = _now()
    row = SessionRow(
        token_hash=token_digest(token),
        user_id=user.id,
        csrf_token=csrf,
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    session.add(row)
    session.flush()
    return BrowserSession(token=token, csrf_token=csrf, user=user)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def session_of(session: Session, token: str) -> BrowserSession | None:
    """The live browser session with this cookie token, or None."""
    row = session.scalar(select(SessionRow).where(SessionRow.token_hash == token_digest(token)))
    if row is None or _aware(row.expires_at) <= _now():
        return None
    user = session.get(UserRow, row.user_id)
    if user is None or not user.active:
        return None
    return BrowserSession(token=token, csrf_token=row.csrf_token, user=user)


def close_session(session: Session, token: str) -> None:
    """End the browser session with this cookie token (log out)."""
    row = session.scalar(select(SessionRow).where(SessionRow.token_hash == token_digest(token)))
    if row is not None:
        session.delete(row)
        session.flush()


def issue_token(session: Session, user: UserRow, name: str) -> str:
    """A new API token for ``user``; the only time the token itself is seen."""
    token = f"coprod_{secrets.token_urlsafe(32)}"
    key = f"{user.key}/{name}"
    if session.scalar(select(ApiTokenRow.id).where(ApiTokenRow.key == key)) is not None:
        raise Conflict(f"user {user.key!r} already has a token named {name!r}")
    session.add(
        ApiTokenRow(
            key=key,
            token_hash=token_digest(token),
            user_id=user.id,
            created_at=_now(),
            revoked=False,
        )
    )
    session.flush()
    return token


def user_of_token(session: Session, token: str) -> UserRow:
    """The active user an API token belongs to; Unauthenticated for anything else."""
    # One query per request: the token's user, when the token is live.
    user = session.scalar(
        select(UserRow)
        .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
        .where(ApiTokenRow.token_hash == token_digest(token), ApiTokenRow.revoked.is_(False))
    )
    if user is None or not user.active:
        raise Unauthenticated("the API token is unknown or revoked")
    return user
