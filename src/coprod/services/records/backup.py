"""Backup and restore of the whole store: every coprod table, the audit trail included.

Two backup formats:

- ``coprod.backup/1`` JSON (``FILE.json``, or ``FILE.json.gz`` compressed): every table's rows,
  read in one repeatable-read transaction, so the copy is consistent while the server runs.
  It is portable: a SQLite store restores into PostgreSQL and back.
- a SQLite file (``FILE.db`` / ``.sqlite`` / ``.sqlite3``), made by ``VACUUM INTO`` from a
  SQLite store: consistent, compact, and itself a working database.

A restore reads either, into an empty database (created at the backup's schema revision and
upgraded to the newest after loading), and verifies the audit chain before it commits: a
backup whose chain is broken restores nothing.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    Numeric,
    Table,
    func,
    select,
    text,
)
from sqlalchemy.orm import Session

from coprod.db import migrate
from coprod.db.audit_models import AuditEntry, AuditHead
from coprod.db.engine import WRITE_BEGIN, make_engine
from coprod.errors import Conflict, InvalidInput
from coprod.services.audit import ChainReport, check_chain
from coprod.services.store import Store

FORMAT = "coprod.backup/1"
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
SQLITE_MAGIC = b"SQLite format 3\x00"
CHUNK = 500

Rows = list[dict[str, Any]]
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class BackupReport:
    """What a backup wrote: the file, its format, the schema revision and rows per table."""

    path: Path
    kind: str
    revision: str | None
    rows: dict[str, int]


@dataclass(frozen=True)
class RestoreReport:
    """What a restore loaded, the revision it ended at, and the audit chain it verified."""

    rows: dict[str, int]
    revision: str | None
    chain: ChainReport


def tables() -> list[Table]:
    """Every coprod table, parents before children."""
    return list(migrate.target_metadata().sorted_tables)


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` names a SQLite backup (by its suffix)."""
    return path.suffix.lower() in SQLITE_SUFFIXES


# --- backup -----------------------------------------------------------------------------------


def backup(store: Store, path: Path, progress: Progress | None = None) -> BackupReport:
    """Write a consistent backup of ``store`` to ``path``."""
    engine = store.engine
    revision = migrate.current(engine)
    if revision is None:
        raise Conflict("the database has no coprod tables: there is nothing to back up")
    if is_sqlite_file(path):
        return _vacuum_into(engine, path, revision)
    with _snapshot(engine) as conn:
        data = {t.name: _dump_rows(conn, t) for t in tables()}
    for name, rows in data.items():
        if progress is not None:
            progress(name, len(rows))
    document = {
        "format": FORMAT,
        "revision": revision,
        "backend": engine.dialect.name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": data,
    }
    _write_atomically(path, _encode_document(document, path))
    return BackupReport(path, "json", revision, {n: len(r) for n, r in data.items()})


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    # One transaction sees one state of the store: SQLite's WAL snapshot, PostgreSQL's
    # repeatable read (a snapshot taken at the first query).
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        yield conn


def _dump_rows(conn: Connection, table: Table) -> Rows:
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execute(select(table).order_by(*order)).mappings()
    return [{c.name: _to_json(c, row[c.name]) for c in table.columns} for row in result]


def _to_json(column: Column[Any], value: Any) -> Any:
    if value is None or isinstance(column.type, JSON):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _encode_document(document: dict[str, Any], path: Path) -> bytes:
    raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return gzip.compress(raw) if path.name.endswith(".gz") else raw


def _write_atomically(path: Path, data: bytes) -> None:
    # Written beside the target, flushed to disk, then renamed: a crash leaves the old file or
    # the new one, never half of one.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, path)


def _vacuum_into(engine: Engine, path: Path, revision: str) -> BackupReport:
    if engine.dialect.name != "sqlite":
        raise InvalidInput(
            f"{path}: a SQLite-file backup needs a SQLite store; back up "
            f"{engine.dialect.name} to a .json or .json.gz file"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        # VACUUM INTO copies one consistent read transaction, beside running writers.
        raw.cursor().execute("VACUUM INTO ?", (str(partial),))
    finally:
        raw.close()
    os.replace(partial, path)
    source = make_engine(f"sqlite:///{path}")
    try:
        with source.connect() as conn:
            rows = {t.name: _count(conn, t) for t in tables()}
    finally:
        source.dispose()
    return BackupReport(path, "sqlite", revision, rows)


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


# --- reading a backup -------------------------------------------------------------------------


def read_backup(path: Path) -> tuple[str | None, dict[str, Rows]]:
    """The schema revision and rows per table of a backup file (either format)."""
    try:
        head = path.open("rb").read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read the backup: {exc.strerror}") from None
    if head == SQLITE_MAGIC:
        return _read_sqlite(path)
    return _read_json(path)


def _read_json(path: Path) -> tuple[str | None, dict[str, Rows]]:
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        document = json.loads(raw)
    except RecursionError:
        raise InvalidInput(f"{path}: not a coprod backup: JSON nested too deeply") from None
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"{path}: not a coprod backup (JSON or SQLite): {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(f"{path}: not a coprod backup: field 'format' must be {FORMAT!r}")
    data = document.get("tables")
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise InvalidInput(f"{path}: field 'tables' must map table names to lists of rows")
    unknown = sorted(set(data) - {t.name for t in tables()})
    if unknown:
        raise InvalidInput(f"{path}: unknown table(s) {unknown}: made by a newer coprod?")
    return document.get("revision"), data


def _read_sqlite(path: Path) -> tuple[str | None, dict[str, Rows]]:
    source = make_engine(f"sqlite:///{path}")
    try:
        revision = migrate.current(source)
        with source.connect() as conn:
            present = set(source.dialect.get_table_names(conn))
            data = {t.name: _dump_rows(conn, t) for t in tables() if t.name in present}
    finally:
        source.dispose()
    if revision is None:
        raise InvalidInput(f"{path}: a SQLite file without coprod tables")
    return revision, data


# --- restore ----------------------------------------------------------------------------------


def restore(
    store: Store, path: Path, *, force: bool = False, progress: Progress | None = None
) -> RestoreReport:
    """Load the backup ``path`` into ``store`` (empty, unless ``force``)."""
    engine = store.engine
    revision, data = read_backup(path)
    _make_room(engine, force=force)
    _prepare_schema(engine, revision)
    # SQLite: hold the write lock from the start, waiting for a busy writer (db/engine.py).
    writer = engine.connect().execution_options(**WRITE_BEGIN)
    with writer as conn, conn.begin() as transaction:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        rows = {}
        for table in tables():
            rows[table.name] = _load(conn, table, data.get(table.name, []))
            if progress is not None:
                progress(table.name, rows[table.name])
        _reset_sequences(conn)
        chain = _chain_in(conn)
        if not chain.intact:
            transaction.rollback()
            raise Conflict(
                f"{path}: the backup's audit chain is broken, nothing restored: "
                + "; ".join(chain.problems[:3])
            )
    migrate.upgrade(engine)
    return RestoreReport(rows, migrate.current(engine), chain)


def _chain_in(conn: Connection) -> ChainReport:
    # The restored chain, checked inside the restore's transaction (before its commit).
    session = Session(bind=conn)
    entries = session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()
    return check_chain(entries, session.get(AuditHead, 1))


def _prepare_schema(engine: Engine, revision: str | None) -> None:
    current = migrate.current(engine)
    if current is None:
        migrate.upgrade(engine, revision or "head")
    elif revision is not None and current != revision:
        raise Conflict(
            f"the database is at schema revision {current}, the backup at {revision}: "
            "restore into an empty database"
        )


def _make_room(engine: Engine, *, force: bool) -> None:
    if migrate.current(engine) is None:
        return
    with engine.connect() as conn:
        present = set(engine.dialect.get_table_names(conn))
        filled = {t.name: n for t in tables() if t.name in present and (n := _count(conn, t))}
    if not filled:
        return
    if not force:
        shown = ", ".join(f"{name} ({n})" for name, n in list(filled.items())[:5])
        raise Conflict(
            f"the database is not empty: {shown}…; restore into an empty database, or add "
            "--force to replace everything in it"
        )
    # The audit log refuses DELETE (triggers): the schema's own downgrade removes it all.
    command.downgrade(migrate.alembic_config(engine), "base")


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _load(conn: Connection, table: Table, raw_rows: Rows) -> int:
    rows = [_row_from_json(table, r) for r in raw_rows]
    later = _self_references(table)
    # A row may name a parent stored after it: insert without those links, then set them.
    first = [{**r, **dict.fromkeys(later)} for r in rows] if later else rows
    for start in range(0, len(first), CHUNK):
        conn.execute(table.insert(), first[start : start + CHUNK])
    pk = [c.name for c in table.primary_key.columns]
    for row in rows if later else []:
        links = {name: row[name] for name in later if row.get(name) is not None}
        if links:
            match = [table.c[name] == row[name] for name in pk]
            conn.execute(table.update().where(*match).values(**links))
    return len(rows)


def _row_from_json(table: Table, raw: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidInput(f"table {table.name}: a row must be an object, not {raw!r:.60}")
    unknown = sorted(set(raw) - set(table.c.keys()))
    if unknown:
        raise InvalidInput(f"table {table.name}: unknown column(s) {unknown}")
    try:
        return {c.name: _from_json(c, raw.get(c.name)) for c in table.columns}
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise InvalidInput(f"table {table.name}: row {raw!r:.80}: {exc}") from None


def _from_json(column: Column[Any], value: Any) -> Any:
    if value is None or isinstance(column.type, JSON):
        return value
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, Date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, Numeric) and isinstance(value, str):
        return Decimal(value)
    if isinstance(kind, LargeBinary) and isinstance(value, str):
        return base64.b64decode(value)
    return value


def _reset_sequences(conn: Connection) -> None:
    # PostgreSQL's serial counters do not see explicit ids: move each past the largest one.
    if conn.dialect.name != "postgresql":
        return
    for table in tables():
        for column in table.primary_key.columns:
            sequence = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            ).scalar()
            if sequence:
                top = conn.execute(select(func.max(column))).scalar()
                conn.execute(
                    text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": (top or 0) + 1}
                )
