"""``coprod backup FILE`` and ``coprod restore FILE``: the whole store, audit trail included."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from coprod.cli.database import open_engine
from coprod.services import backup as service

err_console = Console(stderr=True)


def _spinner(label: str) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def backup(
    file: Annotated[
        Path,
        typer.Argument(
            help="FILE.json or FILE.json.gz: portable (any store, restores into any); "
            "FILE.db: a SQLite copy made with VACUUM INTO (SQLite stores only)",
            dir_okay=False,
        ),
    ],
) -> None:
    """Write a consistent backup of the whole store (safe while the server runs)."""
    engine = open_engine()
    with _spinner("backup") as bar:
        task = bar.add_task(f"backing up to {file.name}")
        report = service.backup(
            engine, file, lambda name, n: bar.update(task, description=f"{name}: {n} rows")
        )
    total = sum(report.rows.values())
    typer.echo(
        f"{file}: {report.kind} backup at revision {report.revision}, {total} rows in "
        f"{len(report.rows)} tables (audit log: {report.rows.get('audit_log', 0)} entries)"
    )


def restore(
    file: Annotated[
        Path, typer.Argument(help="a backup written by `coprod backup` (.json, .json.gz, .db)")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="replace everything in a database that is not empty")
    ] = False,
) -> None:
    """Load a backup into an empty database and verify its audit chain before committing."""
    engine = open_engine(require_schema=False)
    with _spinner("restore") as bar:
        task = bar.add_task(f"restoring {file.name}")
        report = service.restore(
            engine,
            file,
            force=force,
            progress=lambda name, n: bar.update(task, description=f"{name}: {n} rows"),
        )
    total = sum(report.rows.values())
    typer.echo(f"{file}: {total} rows restored; database at revision {report.revision}")
    typer.echo(f"audit chain intact: {report.chain.length} entries, head {report.chain.head_hash}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(backup)
    app.command()(restore)
