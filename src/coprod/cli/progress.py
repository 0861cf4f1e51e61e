"""The one progress bar of the CLI: on stderr, only for work long enough to need it."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

err_console = Console(stderr=True)


def progress_bar(total: int, *, shown_from: int) -> Progress:
    """A bar for ``total`` steps; silent below ``shown_from`` steps or off a terminal."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=total < shown_from or not err_console.is_terminal,
    )
