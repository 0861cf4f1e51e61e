"""Alembic environment: runs with the engine coprod hands over (``coprod.db.migrate``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from coprod.db.engine import WRITE_BEGIN, make_engine
from coprod.db.migrate import target_metadata

config = context.config


def run_migrations_online() -> None:
    """Run the migrations on a connection of the configured engine."""
    given = config.attributes.get("engine")
    engine: Engine = given or make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
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
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
