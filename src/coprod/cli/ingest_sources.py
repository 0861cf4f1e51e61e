"""The sources of ``coprod ingest`` beyond files: pages by URL, RSS/Atom feeds, and folders
watched for new files; reposts of stored articles are recognised (``services/intake.py``)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from coprod.cli.progress import err_console, progress_bar
from coprod.errors import CoprodError, InvalidInput
from coprod.services.facts import intake
from coprod.services.store import Store

Urls = Annotated[
    list[str] | None,
    typer.Option(
        "--url", metavar="URL", help="Fetch and ingest this page (repeatable; http or https)."
    ),
]
Feeds = Annotated[
    list[str] | None,
    typer.Option(
        "--feed",
        metavar="URL",
        help="Fetch this RSS or Atom feed and ingest the page of each item (repeatable).",
    ),
]
Watch = Annotated[
    bool,
    typer.Option(
        "--watch",
        help="After the files given, keep watching the folders given for new or changed files "
        "(Ctrl-C stops; --rounds bounds).",
    ),
]
Interval = Annotated[
    float, typer.Option("--interval", min=0.05, help="Seconds between two looks at the folders.")
]
Rounds = Annotated[
    int,
    typer.Option(
        "--rounds", min=0, help="Looks at the watched folders before stopping (0: no end)."
    ),
]
Timeout = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Seconds to wait for a page or feed.")
]
MaxBytes = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Bytes read at most from one page or feed.")
]
PROGRESS_FROM = 3


class Run:
    """One ``coprod ingest`` run: its store, its repost index, what failed, what was known."""

    def __init__(self, store: Store, as_json: bool) -> None:
        self.units = store.units()
        self.as_json = as_json
        self.reposts: intake.Reposts | None = None
        self.failed: list[str] = []
        self.unchanged = 0
        self.done = 0

    def ingest(self, label: str, name: str, read: Callable[[], bytes], url: str | None) -> None:
        """Ingest one article, reporting it, or its failure, under ``label``."""
        if self.reposts is None:
            self.reposts = intake.known_texts(self.units)
        try:
            outcome = intake.ingest_checked(self.units, self.reposts, (name, read(), url))
        except CoprodError as exc:
            self.fail(label, str(exc))
        except Exception as exc:  # one bad article must not stop the others
            self.fail(label, f"unexpected {type(exc).__name__}: {exc}")
        else:
            self.done += 1
            self.unchanged += outcome.result.unchanged
            self.report(outcome, label, url)

    def fail(self, label: str, message: str) -> None:
        """Say that ``label`` failed and why."""
        said = message if message.startswith(label) else f"{label}: {message}"
        err_console.print(f"[bold red]failed:[/] {escape(said)}", highlight=False, soft_wrap=True)
        self.failed.append(label)

    def report(self, outcome: intake.Intake, label: str, url: str | None) -> None:
        """One line (or one JSON object) for an article ingested."""
        result, original = outcome.result, outcome.repost_of
        if self.as_json:
            body = {
                "file": None if url else label,
                "url": url,
                "document": result.document,
                "unchanged": result.unchanged,
                "created": result.created,
                "merged": result.merged,
                "repost_of": original[0] if original else None,
                "similarity": round(original[1], 2) if original else None,
                "warnings": result.warnings,
            }
            typer.echo(json.dumps(body, ensure_ascii=False))
            return
        line = result.message if url is None else f"{url}: {result.message}"
        if original:
            line += f"; a repost of {original[0]} (similarity {original[1]:.2f})"
        typer.echo(line)
        for warning in result.warnings:
            typer.echo(f"  warning: {warning}")


def read_file(path: Path) -> Callable[[], bytes]:
    """A reader of ``path`` whose failure is an ``InvalidInput`` naming the file."""

    def read() -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"{path}: cannot be read ({exc.strerror})") from None

    return read


def ingest_files(run: Run, files: list[Path]) -> None:
    """Ingest files, with a bar for a batch."""
    _with_bar(run, files, lambda p: (str(p), p.name, read_file(p), None))


def ingest_urls(run: Run, urls: Iterable[str], timeout: float, max_bytes: int) -> None:
    """Fetch and ingest each page; a page that cannot be had is reported by its URL."""

    def item(url: str) -> tuple[str, str, Callable[[], bytes], str | None]:
        def read() -> bytes:
            return intake.fetch(url, timeout=timeout, max_bytes=max_bytes).data

        return url, intake.page_name(url), read, url

    _with_bar(run, list(urls), item)


def ingest_feeds(run: Run, feeds: Iterable[str], timeout: float, max_bytes: int) -> None:
    """Ingest the page of every item of each feed."""
    for feed in feeds:
        try:
            entries = intake.feed_entries(feed, timeout=timeout, max_bytes=max_bytes)
        except CoprodError as exc:
            run.fail(feed, str(exc))
            continue
        ingest_urls(run, dict.fromkeys(e.link for e in entries), timeout, max_bytes)


def watch(
    run: Run, folders: list[Path], seen: set[tuple[str, int, int]], every: float, rounds: int
) -> None:
    """Look at ``folders`` every ``every`` seconds for files not ingested yet, ``rounds`` times
    (0: until Ctrl-C)."""
    done = 0
    try:
        while rounds == 0 or done < rounds:
            time.sleep(every)
            done += 1
            fresh = [p for p in _visible_files(folders) if _stamp(p) not in seen]
            seen.update(_stamp(p) for p in fresh)
            ingest_files(run, fresh)
    except KeyboardInterrupt:
        err_console.print("stopped watching", highlight=False)


def stamps(files: Iterable[Path]) -> set[tuple[str, int, int]]:
    """What identifies a file's version: path, size and modification time."""
    return {_stamp(p) for p in files}


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        info = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), info.st_size, info.st_mtime_ns)


def _visible_files(folders: list[Path]) -> Iterator[Path]:
    for folder in folders:
        yield from sorted(
            p
            for p in folder.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )


def _with_bar(
    run: Run,
    items: list[Path] | list[str],
    describe: Callable[..., tuple[str, str, Callable[[], bytes], str | None]],
) -> None:
    bar = progress_bar(len(items), shown_from=PROGRESS_FROM)
    with bar:
        task = bar.add_task("ingesting", total=len(items))
        for item in items:
            label, name, read, url = describe(item)
            bar.update(task, description=f"ingesting {name}")
            run.ingest(label, name, read, url)
            bar.advance(task)


def finish(run: Run) -> None:
    """The closing line on stderr; exit code 1 when anything failed."""
    if run.failed:
        err_console.print(
            f"[bold red]{len(run.failed)} source(s) failed:[/] " + ", ".join(run.failed),
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)
    err_console.print(
        f"{run.done - run.unchanged} article(s) ingested, {run.unchanged} already there",
        highlight=False,
        soft_wrap=True,
    )
