"""``coprod init``, ``coprod db upgrade|current`` and the global ``--database-url`` option."""

from __future__ import annotations

from typing import Annotated

import typer

from coprod.cli.options import STATE, database_url
from coprod.services import store
from coprod.services.store import Store


def open_store(*, require_schema: bool = True) -> Store:
    """The configured database, its changes recorded as made through the command being run
    (channel ``cli:<command>``); Conflict when it was never initialised."""
    command = STATE.command or ""  # run other than by ``main()``: the command line, unnamed
    return store.open_store(database_url(), require_schema=require_schema, command=command)


def init() -> None:
    """Create or upgrade the database and load the catalogue's organisations, people, systems."""
    opened = open_store(require_schema=False)
    done = store.initialise(opened)
    typer.echo(f"database ready at {opened.where} (revision {done.revision})")
    typer.echo("catalogue: " + ", ".join(f"{n} new {k}" for k, n in done.created.items()))


db_app = typer.Typer(help="The database schema: upgrade it, show its revision.")


@db_app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Argument(help="target revision")] = "head",
) -> None:
    """Apply the packaged migrations up to REVISION (default: the newest)."""
    reached = store.upgrade(open_store(require_schema=False), revision)
    typer.echo(f"database at revision {reached}")


@db_app.command("current")
def current() -> None:
    """Print the database's revision and the newest one this coprod ships."""
    now, head = store.revisions(open_store(require_schema=False))
    typer.echo(f"current: {now or '(empty)'}")
    typer.echo(f"head:    {head}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(init)
    app.add_typer(db_app, name="db")
