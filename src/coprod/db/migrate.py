"""Alembic migrations run from Python: ``coprod db upgrade`` and ``coprod init`` use these.

The migration scripts ship inside the package (``coprod/db/migrations``), so an installed coprod
can create and upgrade its database without an ``alembic.ini``.
"""

from __future__ import annotations

import importlib
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData

from coprod.db.base import Base

# Modules whose tables the migrations create. Add a module here together with its migration.
MODEL_MODULES = (
    "coprod.db.models",
    "coprod.db.auth_models",
    "coprod.db.audit_models",
    "coprod.db.fact_models",
    "coprod.db.ledger_models",
    "coprod.db.search",
)
# Objects the migrations create that the metadata cannot describe: SQLite's FTS5 table of the
# search index (and the shadow tables FTS5 keeps), PostgreSQL's GIN index on an expression.
UNDESCRIBED = ("search_fts", "ix_search_entries_words_tsv")


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Whether a comparison of the database with the metadata looks at ``name``."""
    return not (name and type_ in ("table", "index") and name.startswith(UNDESCRIBED))


def target_metadata() -> MetaData:
    """The metadata of every model module the migrations cover."""
    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base.metadata


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at the packaged scripts and ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("coprod.db") / "migrations"))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the newest by default)."""
    command.upgrade(alembic_config(engine), revision)


def current(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head(engine: Engine) -> str | None:
    """The newest revision the package ships."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
