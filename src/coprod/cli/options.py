"""The root options of ``coprod`` (given before any command), kept light to import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from coprod.config import Settings


@dataclass
class CliState:
    """What the root options chose for this invocation."""

    database_url: str | None = None
    command: str | None = None  # the command being run (``public mark``), as the trail names it


STATE = CliState()


def database_url() -> str:
    """The URL given by ``--database-url`` / COPROD_DATABASE_URL, else the default file."""
    return STATE.database_url or Settings.from_env().database_url


def root(
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="COPROD_DATABASE_URL",
            help="SQLAlchemy URL of the store (sqlite:///PATH or postgresql+psycopg://...). "
            "Default: sqlite file coprod.db in COPROD_HOME (~/.local/share/coprod).",
        ),
    ] = None,
) -> None:
    """coprod: registry, planner and news intelligence of the joint defence-production
    mechanism between Ukraine and its partners."""
    STATE.database_url = database_url
