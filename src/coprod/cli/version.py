"""``coprod version``."""

from __future__ import annotations

import typer

from coprod import __version__


def version() -> None:
    """Print coprod's version."""
    typer.echo(__version__)


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(version)
