"""``coprod demo``: load the demo registry into a fresh database and show its summary; or, with
``--check-evidence DIR``, check the demo's evidence spans against the seed articles in DIR."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from coprod.cli.records import _print_summary as print_summary
from coprod.cli.serve import serve_demo
from coprod.demo import mechanism_records
from coprod.demo.evidence import CitedSpan, check_evidence
from coprod.errors import InvalidInput
from coprod.services import demo as service
from coprod.services.store import open_store, shown

DEFAULT_TEXTS = Path("..") / "shared" / "seeds"  # beside the project, never inside it
console = Console(stderr=True, highlight=False)  # the progress bar; results go to stdout


def print_spans(spans: list[CitedSpan]) -> None:
    """Each record's cited spans with the text they cite, and any problem found."""
    last = ""
    for span in spans:
        record = f"{span.entity}/{span.record}"
        if record != last:
            typer.echo(f"\n{record}")
            last = record
        mark = "ok" if span.ok else "FAILED"
        typer.echo(f"  {span.document} [{span.start}:{span.end}] {mark}")
        for problem in span.problems:
            typer.echo(f"    ! {problem}")
        if span.text:
            typer.echo(f"    « {' '.join(span.text.split())} »")


def run_evidence_check(folder: Path) -> None:
    """Check every evidence span of the demo records against the documents in ``folder``."""
    spans = check_evidence(mechanism_records(), folder)
    print_spans(spans)
    failed = [s for s in spans if not s.ok]
    records = len({(s.entity, s.record) for s in spans})
    typer.echo(f"\n{len(spans)} evidence spans of {records} records checked against {folder}")
    if failed:
        raise InvalidInput(f"{len(failed)} of {len(spans)} evidence spans failed the check")
    typer.echo("every span is sound")


def prepare(url: str, *, explicit: bool) -> None:
    """Remove the old SQLite demo file, saying so; a file given by URL must be a demo's."""
    path = service.sqlite_file(url)
    if path is None or not path.exists():
        return
    if explicit:
        service.require_replaceable(path)
    typer.echo(f"removing the old demo database {path}")
    service.remove_sqlite(path)


def build(url: str, *, explicit: bool, scale: int = 0, today: date | None = None) -> None:
    """Create the demo database at ``url`` (its dates laid relative to ``today``), load it with
    a progress bar, print the summary (with ``scale``: add the generated registry and print
    how much of it there is)."""
    if scale:
        service.check_scale(scale)
    prepare(url, explicit=explicit)
    with open_store(url, require_schema=False, command="demo") as store:
        if service.sqlite_file(url) is None:
            service.require_empty(store)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
            label = "loading the catalogue, then the demo records"
            task = bar.add_task(label, total=service.record_count())
            advance = lambda n: bar.advance(task, n)  # noqa: E731 - one line, one use
            if scale:
                generated = service.load_scale(store, scale, advance, today=today)
            else:
                result = service.load_demo(store, advance, today=today)
    typer.echo(f"demo registry loaded into {make_url_text(url)}")
    if scale:
        added = ", ".join(f"{n} {table}" for table, n in generated.items())
        typer.echo(f"generated at scale {scale}: {added}")
    else:
        print_summary(result)
    typer.echo(f"explore it: coprod --database-url {shown(url)} agreements list")


def texts_folder(given: Path | None) -> Path | None:
    """The folder of seed articles to read: ``given`` (which must be a folder), else
    ``../shared/seeds`` when it exists (None, said so, when it does not)."""
    if given is not None:
        if not given.is_dir():
            raise InvalidInput(f"--texts: {given} is not a folder")
        return given
    if DEFAULT_TEXTS.is_dir():
        return DEFAULT_TEXTS
    typer.echo(
        f"no seed articles at {DEFAULT_TEXTS}: the evidence viewer shows where each claim is, "
        "not its sentence (--texts DIR names the folder)"
    )
    return None


def store_texts(url: str, folder: Path | None) -> None:
    """Store the seed articles' texts from ``folder`` with the demo's source documents, and
    say how many were found."""
    if folder is None:
        return
    with open_store(url, command="demo") as store:
        done = service.store_texts(store, folder)
    total = len(done.stored) + len(done.skipped)
    typer.echo(f"evidence texts: {len(done.stored)} of {total} source documents from {folder}")
    for why in done.skipped:
        typer.echo(f"  skipped {why}")


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--today: {text!r} is not a date YYYY-MM-DD") from None


def make_url_text(url: str) -> str:
    """A URL fit to print: a SQLite file as its path, other URLs without password."""
    path = service.sqlite_file(url)
    if path is not None:
        return str(path)
    return shown(url)


def demo(  # noqa: PLR0917 - Typer reads each option from a parameter
    database_url: Annotated[
        str | None,
        typer.Option(
            help="Database to create the demo in: a SQLite file that is absent, empty or an "
            "older demo (it is replaced), or an empty database. Default: the SQLite file "
            "var/demo.db under the current folder; COPROD_DATABASE_URL and the global "
            "--database-url are never used, so the demo cannot overwrite a real registry.",
        ),
    ] = None,
    check_evidence_in: Annotated[
        Path | None,
        typer.Option(
            "--check-evidence",
            help="Do not build: check the demo's evidence spans against the seed articles in "
            "this folder (sha256, span within the text, word boundaries) and print each cited "
            "sentence.",
        ),
    ] = None,
    scale: Annotated[
        int,
        typer.Option(
            "--scale",
            help="Also generate a registry of N × (1 000 orders, about 5 000 deliveries, 200 "
            "needs), keeping the ledger's rules, for measuring (benchmarks/tracking.py; N=10: "
            "10 000 orders, ~50 000 deliveries, 2 000 needs). 0: the demo alone.",
            min=0,
            max=100,
        ),
    ] = 0,
    today: Annotated[
        str | None,
        typer.Option(
            help="Lay the demo's dates relative to this day (YYYY-MM-DD): needs due in the "
            "coming months, some orders late, some delivered. Default: today (UTC).",
        ),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option(
            "--texts",
            help="Folder of the seed articles the demo cites (files named as its source "
            "documents, checked by sha256): their texts are stored with the documents, so the "
            "evidence viewer shows each cited sentence. Default: ../shared/seeds when it exists.",
        ),
    ] = None,
    serve: Annotated[
        bool | None,
        typer.Option(
            "--serve/--no-serve",
            help="Then create one demo login per role and serve the platform on it. "
            "Default: serve when stdin is a terminal (so CI runs finish).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Load the demo registry (the mechanism of the seed articles) into a fresh database and
    print its summary."""
    if check_evidence_in is not None:
        run_evidence_check(check_evidence_in)
        return
    url = database_url or service.default_url(Path.cwd())
    folder = texts_folder(texts)
    build(url, explicit=database_url is not None, scale=scale, today=_day(today))
    store_texts(url, folder)
    serve_demo(url, serve=serve)


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(demo)
