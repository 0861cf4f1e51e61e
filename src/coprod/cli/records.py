"""``coprod import``, ``coprod export`` and ``coprod summary``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from coprod.cli.database import open_store
from coprod.cli.progress import err_console, progress_bar
from coprod.domain import kinds
from coprod.domain.rates import REPORTING
from coprod.errors import InvalidInput
from coprod.services.records import exporting, importing, workbook
from coprod.services.registry.summary import summary as summarise
from coprod.services.store import Store

PROGRESS_FROM = 200  # records; below this an import or export takes well under a second
console = Console()


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr for ``total`` records (none for a few records)."""
    bar = progress_bar(total, shown_from=PROGRESS_FROM)
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def rank(parsed: list[importing.Parsed]) -> int:
    """Where a file's records come in the dependency order of the entities."""
    return min((kinds.KINDS.index(p.kind) for p in parsed), default=0)


def import_(
    files: Annotated[list[Path], typer.Argument(help="JSON (coprod.records/1) or CSV files")],
) -> None:
    """Import records; each file is all-or-nothing, and re-importing it changes nothing."""
    # Every file is read and validated before the database is opened: a missing or broken
    # file is named first, whatever state the database is in.
    # CSV files hold one entity each: import them in dependency order, whatever the order given.
    read = sorted(((p, importing.read_file(p)) for p in files), key=lambda f: rank(f[1]))
    store = open_store()
    for path, parsed in read:
        report = _import_file(store, path, parsed)
        typer.echo(
            f"{path}: {report.total('created')} created, {report.total('updated')} updated, "
            f"{report.total('unchanged')} unchanged"
        )


def _import_file(
    store: Store, path: Path, parsed: list[importing.Parsed]
) -> importing.ImportReport:
    """One file, all or nothing, with a progress bar."""
    with progress(f"importing {path.name}", len(parsed)) as step:
        return store.write(lambda uow: importing.write(uow, str(path), parsed, step))


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def export(
    format_: Annotated[
        Format, typer.Option("--format", help="json, csv or xlsx (a workbook, not re-importable)")
    ] = Format.JSON,
    out: Annotated[
        Path | None,
        typer.Option(
            help="file (json, xlsx) or folder (csv) to write; json goes to stdout without it"
        ),
    ] = None,
) -> None:
    """Export the whole registry in the format ``coprod import`` reads (or as a workbook)."""
    if format_ is Format.CSV and out is None:
        raise InvalidInput("--format csv writes one file per entity: give --out FOLDER")
    if format_ is Format.XLSX and out is None:
        raise InvalidInput("--format xlsx writes a workbook: give --out FILE.xlsx")
    store = open_store()
    with progress("exporting", store.read(exporting.count)) as step:
        if format_ is Format.XLSX and out is not None:
            _write_bytes(out, store.read(lambda uow: workbook.to_xlsx(uow, step)))
            err_console.print(f"wrote {out}")
            return
        if format_ is Format.CSV and out is not None:
            folder = out
            written = store.read(lambda uow: exporting.to_csv(uow, folder, step))
            err_console.print(f"wrote {len(written)} CSV files into {out}")
            return
        text = store.read(lambda uow: exporting.to_json(uow, step))
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        err_console.print(f"wrote {out}")


def _write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``; InvalidInput naming the file when it cannot be written."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot write the file: {exc.strerror or exc}") from None


def summary(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    currency: Annotated[
        str, typer.Option(help="the reporting currency money is given in (EUR, GBP, …)")
    ] = REPORTING,
) -> None:
    """Counts per entity, agreements by status and type, money per instrument in one
    reporting currency (at the rate of each transaction's date, rates shown), needs vs
    ordered vs delivered."""
    data = open_store().read(partial(summarise, currency=currency))
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    print_summary(data)


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, title_justify="left")
    for i, column in enumerate(columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*(str(v) for v in row))
    return table


def print_summary(data: dict[str, Any]) -> None:
    """Print the summary's tables."""
    console.print(
        _table("Records", ["entity", "count"], [[k, v] for k, v in data["counts"].items()])
    )
    by = data["agreements"]
    console.print(
        _table("Agreements by status", ["status", "count"], list(map(list, by["status"].items())))
    )
    console.print(
        _table("Agreements by type", ["type", "count"], list(map(list, by["type"].items())))
    )
    money = [[c, t["pledged"], t["allocated"], t["disbursed"]] for c, t in data["money"].items()]
    console.print(_table("Money", ["currency", "pledged", "allocated", "disbursed"], money))
    rows = [
        [i["key"], i["own_currency"], i["pledged"], i["allocated"], i["disbursed"]]
        for i in data["instruments"]
    ]
    console.print(
        _table(
            f"Funding instruments ({data['currency']})",
            ["instrument", "own", "pledged", "allocated", "disbursed"],
            rows,
        )
    )
    for rate in data["rates"]:
        console.print(f"rate used: {rate}")
    rows = [
        [n["key"], n["system"], n["due"], n["needed"], n["ordered"], n["delivered"]]
        for n in data["needs"]
    ]
    console.print(
        _table("Needs", ["need", "system", "due", "needed", "ordered", "delivered"], rows)
    )


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command("import")(import_)
    app.command()(export)
    app.command()(summary)


_print_summary = print_summary  # the name `coprod demo` imports
