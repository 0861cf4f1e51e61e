"""``coprod backup FILE`` and ``coprod restore FILE``: the whole store, audit trail included."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from coprod.cli.database import open_store
from coprod.cli.progress import progress_bar
from coprod.services.records import backup as service


def _bar() -> tuple[Progress, Callable[[str, int], None]]:
    """A bar over the store's tables, and the callback that advances it."""
    bar = progress_bar(len(service.tables()), shown_from=1)
    task = bar.add_task("tables", total=len(service.tables()))

    def step(table: str, rows: int) -> None:
        bar.update(task, advance=1, description=f"{table}: {rows} rows")

    return bar, step


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
    store = open_store()
    bar, step = _bar()
    with bar:
        report = service.backup(store, file, step)
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
    store = open_store(require_schema=False)
    bar, step = _bar()
    with bar:
        report = service.restore(store, file, force=force, progress=step)
    total = sum(report.rows.values())
    typer.echo(f"{file}: {total} rows restored; database at revision {report.revision}")
    typer.echo(f"audit chain intact: {report.chain.length} entries, head {report.chain.head_hash}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(backup)
    app.command()(restore)
