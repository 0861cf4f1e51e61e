"""Alembic environment: runs with the engine coprod hands over (``coprod.db.migrate``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from coprod.db.engine import make_engine
from coprod.db.migrate import target_metadata

config = context.config


def run_migrations_online() -> None:
    """Run the migrations on a connection of the configured engine."""
    given = config.attributes.get("engine")
    engine: Engine = given or make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
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
