"""Alembic environment: runs with the engine coprod hands over (``coprod.db.migrate``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from coprod.db.engine import WRITE_BEGIN, make_engine
from coprod.db.migrate import include_name, target_metadata

config = context.config


def run_migrations_online() -> None:
    """Run the migrations on a connection of the configured engine."""
    given = config.attributes.get("engine")
    engine: Engine = given or make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration copies a table and drops the old one; with foreign keys enforced,
            # dropping a table that stored rows reference fails. SQLite's own recipe: enforcement
            # off for the migration (outside any transaction, on the raw connection), the
            # references checked before the commit, enforcement back on after it.
            set_foreign_keys(connection, on=False)
        # SQLite: the transaction the migrations run in (begun by Alembic's first read of the
        # version table) takes the write lock at once, waiting for a busy writer as a unit of
        # work that writes does, instead of failing "database is locked" when its DDL writes
        # after reading an older snapshot. PostgreSQL ignores the option.
        connection.execution_options(**WRITE_BEGIN)
        context.configure(
            connection=connection,
            target_metadata=target_metadata(),
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                require_intact_references(connection)
        connection.commit()
        if sqlite:
            set_foreign_keys(connection, on=True)


def set_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Turn SQLite's enforcement of foreign keys on or off for this connection."""
    connection.connection.driver_connection.execute(  # type: ignore[union-attr]
        f"PRAGMA foreign_keys={'ON' if on else 'OFF'}"
    )


def require_intact_references(connection: Connection) -> None:
    """Refuse to commit a migration that left a row naming a row that does not exist."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise RuntimeError(
            f"the migration left {len(broken)} broken reference(s), the first in table {table} "
            f"(row {rowid}) to {parent}"
        )


run_migrations_online()
