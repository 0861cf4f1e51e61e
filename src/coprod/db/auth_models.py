"""Platform accounts: users, their browser sessions, their API tokens and failed logins.

A user belongs to one account organisation (a registry Organisation key) and has one role.
Passwords are stored as Argon2 hashes; session and API tokens only as SHA-256 digests, so a
copy of the database does not let anyone log in. Failed logins are kept in the store, not in
a server process, so every worker process (and a restarted server) throttles on one count.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from coprod.db.base import Base


class UserRow(Base):
    """A person who logs in to the platform."""

    __tablename__ = "platform_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The pages' language the person chose (uk, en, fr); None: as the browser asks.
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SessionRow(Base):
    """A logged-in browser: the cookie carries the token, the store only its digest."""

    __tablename__ = "platform_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("platform_user.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginFailureRow(Base):
    """One failed login: the user name tried, from which client address, when (UTC).

    Bookkeeping for the login throttle, not a record: kept out of the audit trail, deleted once
    older than the throttle's window (``coprod users purge``, or any successful login).
    """

    __tablename__ = "platform_login_failure"
    __table_args__ = (
        Index("ix_platform_login_failure_user_address_at", "user_key", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # What was typed, not a reference: unknown user names are throttled too.
    user_key: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiTokenRow(Base):
    """A bearer token for the API, shown once at creation and stored as its digest.

    Refused once revoked or past ``expires_at`` (None: no end). ``last_used_at`` is written
    at most once a minute per token, outside the request's transaction (bookkeeping: not
    audited, unlike creating and revoking a token).
    """

    __tablename__ = "platform_api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("platform_user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class IdempotencyRow(Base):
    """The answer given to an import, replayed when the same organisation repeats its key."""

    __tablename__ = "platform_idempotency"
    __table_args__ = (UniqueConstraint("organisation", "idempotency_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation: Mapped[str] = mapped_column(String(120))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WatchRow(Base):
    """A record a user follows (a need, an instrument, an agreement): its alerts come first.

    A person's own preference, not a record of the registry: kept out of the audit trail. The
    record is named by its kind's plural and key (it may be of any of those kinds, and a
    record deleted later simply drops out of the watchlist)."""

    __tablename__ = "platform_watch"
    __table_args__ = (UniqueConstraint("user_id", "record", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("platform_user.id", ondelete="CASCADE"))
    record: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
