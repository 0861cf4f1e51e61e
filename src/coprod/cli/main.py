"""The ``coprod`` command: the root Typer app and the one place errors become exit codes.

Each area module exposes ``register(app)``. ``main()`` imports only the area that holds the
command being run, so ``coprod plan`` does not pay for FastAPI, Alembic or spaCy; ``--help``
and anything unrecognised import them all. ``tests/cli/test_cli_areas.py`` keeps the table honest.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import typer
from rich.console import Console

from coprod.cli.options import STATE, root
from coprod.errors import CoprodError

# area module -> the top-level commands it registers; adding an area is one line here.
AREAS: dict[str, tuple[str, ...]] = {
    "coprod.cli.version": ("version",),
    "coprod.cli.database": ("init", "db"),
    "coprod.cli.records": ("import", "export", "summary"),
    "coprod.cli.registry": (
        "documents",
        "organisations",
        "people",
        "systems",
        "agreements",
        "plants",
        "ownerships",
        "investments",
        "needs",
        "lines",
        "instruments",
        "orders",
        "deliveries",
        "reports",
        "payments",
        "projects",
        "events",
    ),
    "coprod.cli.demo": ("demo",),
    "coprod.cli.docs": ("cli-docs",),
    "coprod.cli.plan": ("plan",),
    "coprod.cli.scenario": ("scenario",),
    "coprod.cli.serve": ("serve",),
    "coprod.cli.users": ("users",),
    "coprod.cli.audit": ("audit", "changes"),
    "coprod.cli.public": ("public",),
    "coprod.cli.ledger": ("ledger", "rates"),
    "coprod.cli.alerts": ("alerts",),
    "coprod.cli.backup": ("backup", "restore"),
    "coprod.cli.extract": ("extract",),
    "coprod.cli.ingest": ("ingest",),
    "coprod.cli.review": ("review",),
    "coprod.cli.tracking": ("track",),
}

ROOT_OPTIONS_WITH_VALUE = {"--database-url"}

err_console = Console(stderr=True)


def build_app(areas: Iterable[str] = AREAS) -> typer.Typer:
    """The ``coprod`` Typer app with the commands of ``areas`` (default: all of them)."""
    app = typer.Typer(
        name="coprod",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    app.callback()(root)
    for module in areas:
        importlib.import_module(module).register(app)
    return app


def command_name(argv: Sequence[str]) -> str | None:
    """The top-level command in ``argv`` (after the root options), if any."""
    skip_value = False
    for token in argv:
        if skip_value:
            skip_value = False
        elif token in ROOT_OPTIONS_WITH_VALUE:
            skip_value = True
        elif not token.startswith("-"):
            return token
    return None


def command_path(app: typer.Typer, argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, its groups first (``public mark``), as the audit trail
    names it (channel ``cli:<command>``); None when it names no command of ``app``."""
    command: Any = typer.main.get_command(app)
    words: list[str] = []
    skip_value = False
    for token in argv:
        if skip_value or token.startswith("-"):
            skip_value = token in ROOT_OPTIONS_WITH_VALUE
            continue
        found = getattr(command, "commands", {}).get(token)
        if found is None:
            break
        words.append(token)
        command = found
    return " ".join(words) or None


def areas_for(argv: Sequence[str]) -> list[str]:
    """The area modules needed to run ``argv``: the command's own, or all for help."""
    name = command_name(argv)
    own = [module for module, names in AREAS.items() if name in names]
    return own or list(AREAS)


@cache
def full_app() -> typer.Typer:
    """The app with every area, built once (for help, docs and tests)."""
    return build_app()


def __getattr__(name: str) -> typer.Typer:
    # ``from coprod.cli.main import app`` gives the full app without slowing down ``main()``.
    if name == "app":
        return full_app()
    raise AttributeError(name)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; a CoprodError becomes a one-line message and its exit code, no traceback.

    Typer's standalone mode already turns usage errors (unknown command, bad option) into a
    usage message and exit code 2; only our own errors need translating here.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app = build_app(areas_for(args))
        STATE.command = command_path(app, args)
        app(args, prog_name="coprod")
    except CoprodError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
