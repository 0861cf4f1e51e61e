"""The ``coprod`` command: the root Typer app and the one place errors become exit codes."""

from __future__ import annotations

import importlib
import sys

import typer
from rich.console import Console

from coprod.errors import CoprodError

app = typer.Typer(
    name="coprod",
    help="coprod: registry, planner and news intelligence of the joint defence-production "
    "mechanism between Ukraine and its partners.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each area module exposes ``register(app)``; adding an area is one line here.
AREAS = [
    "coprod.cli.version",
    "coprod.cli.database",
    "coprod.cli.records",
    "coprod.cli.registry",
    "coprod.cli.demo",
    "coprod.cli.docs",
    "coprod.cli.plan",
    "coprod.cli.scenario",
    "coprod.cli.serve",
    "coprod.cli.users",
    "coprod.cli.audit",
    "coprod.cli.backup",
    "coprod.cli.extract",
    "coprod.cli.ingest",
    "coprod.cli.review",
]

for _module in AREAS:
    importlib.import_module(_module).register(app)

err_console = Console(stderr=True)


def main() -> None:
    """Run the CLI; a CoprodError becomes a one-line message and its exit code, no traceback.

    Typer's standalone mode already turns usage errors (unknown command, bad option) into a
    usage message and exit code 2; only our own errors need translating here.
    """
    try:
        app()
    except CoprodError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
