"""``coprod init``, ``coprod db upgrade|current`` and the global ``--database-url`` option."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from coprod.cli.options import database_url
from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.errors import Conflict
from coprod.services.registry.catalogue import load_catalogue


def open_engine(*, require_schema: bool = True) -> Engine:
    """An engine on the configured database; Conflict when it was never initialised."""
    engine = make_engine(database_url())
    if require_schema and migrate.current(engine) is None:
        where = make_url(database_url()).render_as_string(hide_password=True)
        raise Conflict(f"the database {where} has no coprod tables: run `coprod init` first")
    return engine


def init() -> None:
    """Create or upgrade the database and load the catalogue's organisations, people, systems."""
    engine = open_engine(require_schema=False)
    migrate.upgrade(engine)
    with UnitOfWork(engine, write=True) as uow:
        created = load_catalogue(uow)
        uow.commit()
    where = make_url(database_url()).render_as_string(hide_password=True)
    typer.echo(f"database ready at {where} (revision {migrate.current(engine)})")
    typer.echo("catalogue: " + ", ".join(f"{n} new {k}" for k, n in created.items()))


db_app = typer.Typer(help="The database schema: upgrade it, show its revision.")


@db_app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Argument(help="target revision")] = "head",
) -> None:
    """Apply the packaged migrations up to REVISION (default: the newest)."""
    engine = open_engine(require_schema=False)
    migrate.upgrade(engine, revision)
    typer.echo(f"database at revision {migrate.current(engine)}")


@db_app.command("current")
def current() -> None:
    """Print the database's revision and the newest one this coprod ships."""
    engine = open_engine(require_schema=False)
    typer.echo(f"current: {migrate.current(engine) or '(empty)'}")
    typer.echo(f"head:    {migrate.head(engine)}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(init)
    app.add_typer(db_app, name="db")
