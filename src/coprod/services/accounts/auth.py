"""Accounts, logins, browser sessions and API tokens.

Passwords are hashed with Argon2 (argon2-cffi); a login for an unknown user (or one without a
usable hash) verifies against a dummy hash, so both cost one Argon2 verification and take the
same time. Session and API tokens are random 256-bit strings handed to the client once; the
store keeps only their SHA-256 digests. Failed logins are throttled per account and per client
address, counted in the store so that every server process sees them; an attempt is counted
before its password is checked, in one locked step, so a burst of parallel tries gets no more
checks than the limit. Expired sessions and old failures are purged at each login and by
``coprod users purge``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from logging import WARNING
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    Result,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from coprod.db.auth_models import ApiTokenRow, LoginFailureRow, SessionRow, UserRow
from coprod.db.engine import WRITE_BEGIN
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.domain.enums import AccountRole
from coprod.errors import Conflict, InvalidInput, NotFound, Throttled, Unauthenticated
from coprod.services.accounts.access import Principal
from coprod.services.accounts.password_policy import check_password
from coprod.services.accounts.security_log import security_event

SESSION_LIFETIME = timedelta(hours=12)
_HASHER = PasswordHasher()
BAD_LOGIN = "wrong user name or password"


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password``."""
    return _HASHER.hash(password)


@cache
def _dummy_hash() -> str:
    # Made with the same parameters as real hashes, so verifying against it costs the same.
    return _HASHER.hash(secrets.token_urlsafe(32))


def _verify(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def password_matches(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches the stored Argon2 hash; without a usable hash (unknown
    user, no password set) one verification against a dummy hash, and False: the same cost."""
    if not stored_hash or not stored_hash.startswith("$argon2"):
        _verify(_dummy_hash(), password)
        return False
    return _verify(stored_hash, password)


def token_digest(token: str) -> str:
    """The SHA-256 digest under which a session or API token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def principal_of(user: UserRow) -> Principal:
    """The access principal of a stored user."""
    return Principal(user=user.key, role=AccountRole(user.role), organisation=user.organisation)


def _now() -> datetime:
    return datetime.now(UTC)


LOGIN_FAILURE_LIMIT = 5  # per account, from any address
ADDRESS_FAILURE_LIMIT = 20  # per client address, for any account names
LOGIN_FAILURE_WINDOW = timedelta(seconds=60)
# Bulk deletes by date: nothing in the session needs to learn of them (and SQLite's naive
# datetimes would not compare with the aware bound in Python).
_NO_SYNC = {"synchronize_session": False}


def create_user(
    uow: UnitOfWork, key: str, *, name: str, role: str, organisation: str, password: str
) -> UserRow:
    """Add an account; Conflict when the user key is taken."""
    session = uow.session
    if role not in {r.value for r in AccountRole}:
        choices = ", ".join(r.value for r in AccountRole)
        raise InvalidInput(f"role {role!r} is not one of {choices}")
    check_password(password, user=key, context=(name, organisation))
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


def get_user(uow: UnitOfWork, key: str) -> UserRow:
    """The account with ``key``."""
    session = uow.session
    user = session.scalar(select(UserRow).where(UserRow.key == key))
    if user is None:
        raise NotFound(f"no user with key {key!r}")
    return user


def list_users(uow: UnitOfWork) -> list[UserRow]:
    """Every account, by key."""
    session = uow.session
    return list(session.scalars(select(UserRow).order_by(UserRow.key)))


class LoginThrottle:
    """At most ``limit`` failed logins per account (from any address) and ``address_limit``
    per client address (for any account names) within ``window``.

    The failures are rows of the store (``platform_login_failure``), so every server process
    and a restarted server see one count. ``attempt`` counts an attempt as a failure *before*
    its password is checked, in one transaction that counts, refuses or inserts (SQLite: the
    write lock from BEGIN; PostgreSQL: the table locked against other writers), on a
    connection of its own and committed at once, since the caller rolls back a failed login.
    ``succeeded`` deletes the caller's failures in the caller's session, made permanent by the
    login's commit. Call ``attempt`` before the caller's session writes anything: on SQLite
    that session would otherwise hold the write lock ``attempt`` waits for.
    """

    def __init__(
        self,
        limit: int = LOGIN_FAILURE_LIMIT,
        window: timedelta = LOGIN_FAILURE_WINDOW,
        clock: Callable[[], datetime] = _now,
        address_limit: int = ADDRESS_FAILURE_LIMIT,
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self.address_limit = address_limit

    def _since(self) -> datetime:
        return self.clock().astimezone(UTC) - self.window

    def _refuse_when_spent(self, conn: Connection, user: str, address: str) -> None:
        since = self._since()
        recent = select(func.count()).where(LoginFailureRow.at > since)
        seconds = int(self.window.total_seconds())
        by_user = conn.execute(recent.where(LoginFailureRow.user_key == user)).scalar_one()
        if by_user >= self.limit:
            raise Throttled(f"too many failed logins for {user!r}: wait {seconds} seconds")
        by_address = conn.execute(recent.where(LoginFailureRow.address == address)).scalar_one()
        if by_address >= self.address_limit:
            raise Throttled(f"too many failed logins from your address: wait {seconds} seconds")

    def check(self, uow: UnitOfWork, user: str, address: str) -> None:
        """Throttled when the account or the address has used up its failed attempts."""
        user, address = _who(user, address)
        with _engine_of(uow.session).connect() as conn:  # a read of its own: see authenticate()
            self._refuse_when_spent(conn, user, address)

    def attempt(self, uow: UnitOfWork, user: str, address: str) -> None:
        """Throttled when spent; otherwise count this attempt as a failure (committed at once)
        until ``succeeded`` clears it: the count and the insert are one atomic step."""
        self._record(uow.session, user, address, check=True)

    def failed(self, uow: UnitOfWork, user: str, address: str) -> None:
        """Count one failed attempt, committed at once, and forget this caller's old ones."""
        self._record(uow.session, user, address, check=False)

    def _record(self, session: Session, user: str, address: str, *, check: bool) -> None:
        user, address = _who(user, address)
        now = self.clock().astimezone(UTC)
        pair = (LoginFailureRow.user_key == user, LoginFailureRow.address == address)
        # Its own connection and transaction (SQLite: holding the write lock from BEGIN, as
        # UnitOfWork(write=True) does), so that the caller's rollback does not undo it.
        with (
            _engine_of(session).connect() as conn,
            conn.execution_options(**WRITE_BEGIN).begin(),
        ):
            if conn.dialect.name == "postgresql":  # one counter at a time (SQLite: BEGIN IMMEDIATE)
                conn.execute(text(f"LOCK TABLE {LoginFailureRow.__tablename__} {PG_LOCK_MODE}"))
            if check:
                self._refuse_when_spent(conn, user, address)
            conn.execute(delete(LoginFailureRow).where(*pair, LoginFailureRow.at <= self._since()))
            conn.execute(insert(LoginFailureRow).values(user_key=user, address=address, at=now))

    def succeeded(self, uow: UnitOfWork, user: str, address: str) -> None:
        """Forget the failures of a caller who got in (this attempt's among them), and
        everyone's older than the window.

        In the caller's session: the login's commit makes it permanent (``open_session``
        purges the expired sessions in the same transaction).
        """
        user, address = _who(user, address)
        pair = (LoginFailureRow.user_key == user, LoginFailureRow.address == address)
        uow.session.execute(delete(LoginFailureRow).where(*pair), execution_options=_NO_SYNC)
        _delete_failures_before(uow.session, self._since())


# Conflicts with itself and with INSERT/DELETE, not with plain reads.
PG_LOCK_MODE = "IN SHARE ROW EXCLUSIVE MODE"


def _who(user: str, address: str) -> tuple[str, str]:
    # What a client typed, cut to the columns' sizes: the throttle counts, it does not identify.
    return user[:200], address[:64]


def _engine_of(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def authenticate(
    uow: UnitOfWork, key: str, password: str, address: str, throttle: LoginThrottle
) -> UserRow:
    """The active user with this key and password; Unauthenticated or Throttled otherwise.

    The attempt is counted (and committed) as a failure before the password is checked, even
    though the caller rolls back; a success clears this user's and address's failures when
    the caller commits. An unknown or inactive user costs one Argon2 verification like a known
    one. Call it first in ``uow``: the password is checked outside its transaction, which
    then starts by writing.
    """
    session = uow.session
    engine = _engine_of(session)
    try:
        throttle.attempt(uow, key, address)
    except Throttled as refused:
        security_event(
            "login.throttled", level=WARNING, user=key[:200], address=address, why=str(refused)
        )
        raise
    with engine.connect() as conn:  # no snapshot held while Argon2 works (~0.1 s)
        stored = conn.execute(
            select(UserRow.password_hash).where(UserRow.key == key, UserRow.active.is_(True))
        ).scalar_one_or_none()
    if not password_matches(stored, password):
        security_event("login.failed", level=WARNING, user=key[:200], address=address)
        raise Unauthenticated(BAD_LOGIN)
    # A write first: on SQLite the session's transaction then reads the newest snapshot, and a
    # commit by another worker meanwhile cannot make the login's own writes fail.
    throttle.succeeded(uow, key, address)
    user = session.scalar(select(UserRow).where(UserRow.key == key))
    if user is None or not user.active or user.password_hash != stored:
        raise Unauthenticated(BAD_LOGIN)  # deactivated or given a new password meanwhile
    security_event("login.succeeded", user=key, address=address)
    return user


def change_password(
    uow: UnitOfWork,
    user: str,
    *,
    current: str,
    new: str,
    address: str,
    throttle: LoginThrottle,
    keep_session: str | None = None,
) -> int:
    """Give ``user`` the password ``new`` once ``current`` is checked (throttled and logged
    like a login); every browser session of the user but ``keep_session`` (a cookie token)
    ends. The number of sessions ended. Call it first in ``uow``, as ``authenticate``."""
    session = uow.session
    account = session.scalar(select(UserRow.name, UserRow.organisation).where(UserRow.key == user))
    context = tuple(account) if account is not None else ()
    check_password(new, user=user, context=context)  # before the attempt: no failure counted
    if new == current:
        raise InvalidInput(f"password of {user!r}: the new password is the current one")
    session.rollback()  # the read above must not hold a snapshot while Argon2 works
    checked = authenticate(uow, user, current, address, throttle)
    checked.password_hash = hash_password(new)
    others = delete(SessionRow).where(SessionRow.user_id == checked.id)
    if keep_session is not None:
        others = others.where(SessionRow.token_hash != token_digest(keep_session))
    ended = session.execute(others, execution_options=_NO_SYNC)
    session.flush()
    security_event("password.changed", user=user, address=address, sessions_ended=_count(ended))
    return _count(ended)


@dataclass(frozen=True)
class Purged:
    """How many rows ``purge_expired`` deleted."""

    sessions: int
    login_failures: int


def purge_expired(
    uow: UnitOfWork, *, now: datetime | None = None, window: timedelta = LOGIN_FAILURE_WINDOW
) -> Purged:
    """Delete the expired browser sessions and the failed logins older than ``window``."""
    session = uow.session
    moment = (now or _now()).astimezone(UTC)
    sessions = _delete_expired_sessions(session, moment)
    return Purged(
        sessions=sessions, login_failures=_delete_failures_before(session, moment - window)
    )


def _delete_expired_sessions(session: Session, now: datetime) -> int:
    result = session.execute(
        delete(SessionRow).where(SessionRow.expires_at <= now), execution_options=_NO_SYNC
    )
    return _count(result)


def _delete_failures_before(session: Session, moment: datetime) -> int:
    result = session.execute(
        delete(LoginFailureRow).where(LoginFailureRow.at <= moment), execution_options=_NO_SYNC
    )
    return _count(result)


def _count(result: Result[Any]) -> int:
    return max(cast("CursorResult[Any]", result).rowcount, 0)


@dataclass(frozen=True)
class BrowserSession:
    """A logged-in browser: the token for the cookie and the CSRF token for its forms."""

    token: str
    csrf_token: str
    user: UserRow


def open_session(uow: UnitOfWork, user: UserRow) -> BrowserSession:
    """Start a browser session for ``user``; expired sessions are purged on the way."""
    session = uow.session
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = _now()
    _delete_expired_sessions(session, now)
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


def session_of(uow: UnitOfWork, token: str) -> BrowserSession | None:
    """The live browser session with this cookie token, or None."""
    session = uow.session
    row = session.scalar(select(SessionRow).where(SessionRow.token_hash == token_digest(token)))
    if row is None or _aware(row.expires_at) <= _now():
        return None
    user = session.get(UserRow, row.user_id)
    if user is None or not user.active:
        return None
    return BrowserSession(token=token, csrf_token=row.csrf_token, user=user)


def close_session(uow: UnitOfWork, token: str) -> None:
    """End the browser session with this cookie token (log out)."""
    session = uow.session
    row = session.scalar(select(SessionRow).where(SessionRow.token_hash == token_digest(token)))
    if row is not None:
        session.delete(row)
        session.flush()


def issue_token(
    uow: UnitOfWork, user: UserRow, name: str, *, expires_at: datetime | None = None
) -> str:
    """A new API token for ``user`` (refused after ``expires_at``, when given); the only time
    the token itself is seen."""
    session = uow.session
    token = f"coprod_{secrets.token_urlsafe(32)}"
    key = f"{user.key}/{name}"
    if session.scalar(select(ApiTokenRow.id).where(ApiTokenRow.key == key)) is not None:
        raise Conflict(f"user {user.key!r} already has a token named {name!r}")
    now = _now()
    if expires_at is not None and expires_at.astimezone(UTC) <= now:
        raise InvalidInput(f"token {key!r}: its expiry {expires_at.isoformat()} has passed")
    session.add(
        ApiTokenRow(
            key=key,
            token_hash=token_digest(token),
            user_id=user.id,
            created_at=now,
            revoked=False,
            expires_at=expires_at,
        )
    )
    session.flush()
    return token


TOKEN_USE_INFO_KEY = "coprod.token_use"
# How stale a token's last use may be before it is written again (one write a minute at most).
TOKEN_USE_GRANULARITY = timedelta(minutes=1)


def user_of_token(uow: UnitOfWork, token: str) -> UserRow:
    """The active user a live API token belongs to; Unauthenticated for anything else
    (unknown, revoked or expired). A last use older than a minute is noted for
    ``record_token_use``."""
    session = uow.session
    now = _now()
    # One query per request: the token's user, when the token is live.
    found = session.execute(
        select(UserRow, ApiTokenRow.id, ApiTokenRow.last_used_at)
        .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
        .where(
            ApiTokenRow.token_hash == token_digest(token),
            ApiTokenRow.revoked.is_(False),
            or_(ApiTokenRow.expires_at.is_(None), ApiTokenRow.expires_at > now),
        )
    ).first()
    if found is None or not found[0].active:
        raise Unauthenticated("the API token is unknown, revoked or expired")
    user, token_id, last_used = found
    if last_used is None or _aware(last_used) <= now - TOKEN_USE_GRANULARITY:
        session.info[TOKEN_USE_INFO_KEY] = token_id
    return cast(UserRow, user)


def token_use_due(uow: UnitOfWork) -> int | None:
    """The id of the token ``user_of_token`` found in ``uow`` whose last use is to be
    written, or None."""
    session = uow.session
    due = session.info.pop(TOKEN_USE_INFO_KEY, None)
    return due if isinstance(due, int) else None


def record_token_use(units: UnitsOfWork, token_id: int) -> None:
    """Write a token's last use, in a unit of work of its own: call it after the request's
    own transaction has ended (on SQLite it waits for the write lock)."""
    now = _now()
    stale = or_(
        ApiTokenRow.last_used_at.is_(None),
        ApiTokenRow.last_used_at <= now - TOKEN_USE_GRANULARITY,
    )
    with units.writing() as uow:
        uow.session.execute(
            update(ApiTokenRow).where(ApiTokenRow.id == token_id, stale).values(last_used_at=now),
            execution_options=_NO_SYNC,
        )
        uow.commit()


@dataclass(frozen=True)
class TokenInfo:
    """What ``coprod users tokens`` shows of a token (never the token itself)."""

    key: str
    user: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool

    def state(self, now: datetime) -> str:
        """live, revoked or expired."""
        if self.revoked:
            return "revoked"
        if self.expires_at is not None and _aware(self.expires_at) <= now:
            return "expired"
        return "live"


def issue_token_to(
    uow: UnitOfWork, user: str, name: str, *, expires_at: datetime | None = None
) -> str:
    """A new API token for the account ``user`` (``issue_token``); NotFound if none."""
    return issue_token(uow, get_user(uow, user), name, expires_at=expires_at)


def list_tokens(uow: UnitOfWork, user: str | None = None) -> list[TokenInfo]:
    """Every API token (or ``user``'s), by key, with its expiry and last use."""
    session = uow.session
    query = select(ApiTokenRow, UserRow.key).join(UserRow, ApiTokenRow.user_id == UserRow.id)
    if user is not None:
        query = query.where(UserRow.id == get_user(uow, user).id)
    rows = session.execute(query.order_by(ApiTokenRow.key))
    return [
        TokenInfo(
            key=token.key,
            user=owner,
            created_at=_aware(token.created_at),
            expires_at=_aware(token.expires_at) if token.expires_at else None,
            last_used_at=_aware(token.last_used_at) if token.last_used_at else None,
            revoked=token.revoked,
        )
        for token, owner in rows
    ]


def revoke_token(uow: UnitOfWork, key: str) -> None:
    """Revoke the token ``USER/NAME`` (refused at once from then on); NotFound if none."""
    session = uow.session
    if "/" not in key:
        raise InvalidInput(
            f"token {key!r}: name it as USER/NAME, as `coprod users tokens` lists it"
        )
    token = session.scalar(select(ApiTokenRow).where(ApiTokenRow.key == key))
    if token is None:
        raise NotFound(f"no API token {key!r}: `coprod users tokens` lists them")
    token.revoked = True
    session.flush()


@dataclass(frozen=True)
class Revoked:
    """How many tokens and browser sessions ``revoke_all`` ended."""

    tokens: int
    sessions: int


def revoke_all(uow: UnitOfWork, user: str) -> Revoked:
    """Revoke every live token of ``user`` and end their browser sessions (log out
    everywhere)."""
    session = uow.session
    account = get_user(uow, user)
    live = session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.user_id == account.id, ApiTokenRow.revoked.is_(False))
    ).all()
    for token in live:
        token.revoked = True
    ended = session.execute(
        delete(SessionRow).where(SessionRow.user_id == account.id), execution_options=_NO_SYNC
    )
    session.flush()
    return Revoked(tokens=len(live), sessions=_count(ended))
