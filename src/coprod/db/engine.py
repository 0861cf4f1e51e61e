"""Engines for the store: SQLite (default, a file) or PostgreSQL (``postgresql+psycopg://``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.orm import Session

from coprod.errors import Conflict, InvalidInput

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Execution option naming the statement that opens a SQLite transaction: a unit of work that
# will write asks for "BEGIN IMMEDIATE" (UnitOfWork(write=True)), so it holds the write lock from
# its first read and never meets a newer snapshot when it writes.
BEGIN_OPTION = "coprod_sqlite_begin"
# The execution options of a connection or session whose transaction will write.
WRITE_BEGIN = {BEGIN_OPTION: "BEGIN IMMEDIATE"}


def begin_writing(session: Session) -> None:
    """Start ``session``'s transaction as one that will write: on SQLite it takes the write
    lock at once (waiting up to the busy timeout for a busy writer) instead of failing
    "database is locked" at its first write. Call it before the session's first statement."""
    session.connection(execution_options=WRITE_BEGIN)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """``with write_session(engine) as session: ...; session.commit()`` — a plain session
    (no unit of work) whose transaction holds the write lock from its start."""
    with Session(engine) as session:
        begin_writing(session)
        yield session


@contextmanager
def savepoint(session: Session) -> Iterator[None]:
    """``with savepoint(session): ...`` — all of the block's changes or none: a SAVEPOINT in
    the session's transaction, released when the block ends, rolled back when it raises."""
    nested = session.begin_nested()
    try:
        yield
    except BaseException:
        nested.rollback()
        raise
    nested.commit()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside a writer; FULL makes a committed import survive a power cut.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # pysqlite's own transaction handling is off (see below); start one explicitly.
    conn.exec_driver_sql(conn.get_execution_options().get(BEGIN_OPTION, "BEGIN"))


def _sqlite_busy(context: ExceptionContext) -> None:
    # A deferred transaction that read an older snapshot cannot write after another writer
    # committed (SQLITE_BUSY), and a write lock held past the busy timeout ends the same way:
    # the change was not made, as with a stale version.
    original = context.original_exception
    if isinstance(original, sqlite3.OperationalError) and "database is locked" in str(original):
        raise Conflict(
            "another change to the store was being written at the same time: nothing was "
            "saved; try again"
        ) from original


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created when missing."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        # Room for the web server's worker threads (40 by default) without queueing.
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30)
    raise InvalidInput(f"database URL {parsed!r}: use sqlite:///PATH or postgresql+psycopg://")


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"isolation_level": None, "timeout": 30})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    event.listen(engine, "handle_error", _sqlite_busy)
    return engine
