"""``coprod export --format xlsx`` and ``GET /api/export.xlsx``: the records the caller may see
as an Excel workbook, one sheet per record kind (the columns of the CSV format, with units and
currencies in the headers), then the ledger's figures per funder, per instrument and per need,
then the tracking views' tables (``track funders``, ``track months``, …) in the reporting
currency (``docs/tracking.md``).

Cells hold numbers and dates where the record does (amounts exactly, as decimals); lists and
nested values are written as in the CSV format (``;`` between items, ``|`` between parts).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain import ledger as book
from coprod.domain.kinds import Kind
from coprod.errors import CoprodError
from coprod.services import tracking
from coprod.services.accounts.access import caller
from coprod.services.ledger import read_report
from coprod.services.records import csv_records, exporting

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What a whole-number field counts, written after its name in the header.
UNITS = {
    "quantity": "units",
    "monthly_capacity": "units/month",
    "lot_size": "units",
    "min_order": "units",
    "max_suppliers": "suppliers",
    "lead_time_months": "months",
    "stake": "%",
    "annual_capacity": "per year, in capacity_unit",
    "needed": "units",
    "proposed": "units",
    "ordered": "units",
    "produced": "units",
    "delivered": "units",
    "accepted": "units",
    "open": "units",
}
LEDGER_SHEETS = ("ledger funders", "ledger instruments", "ledger needs")
BOLD = Font(bold=True)


def header(column: str) -> str:
    """A column's header: its name, with the unit or currency of its values."""
    if column.endswith("_amount"):
        money = column.removesuffix("_amount")
        return f"{column} (in {money}_currency)"
    if column.endswith("_currency"):
        return f"{column} (ISO 4217)"
    unit = UNITS.get(column)
    return f"{column} ({unit})" if unit else column


def _cell(column: str, text: str, hint: type[Any] | None) -> Any:
    """The CSV cell ``text`` as a number or date where the column holds one."""
    if text == "":
        return None
    if column.endswith("_amount") or hint is Decimal:
        return Decimal(text)
    if hint is int:
        return int(text)
    if hint is date:
        return date.fromisoformat(text)
    return text


def _hints(kind: Kind[Any]) -> dict[str, type[Any] | None]:
    hints = csv_records._hints(kind.entity)
    return {name: csv_records._parts(hint)[0] for name, hint in hints.items()}


def kind_rows(kind: Kind[Any], entities: list[Any]) -> Iterator[list[Any]]:
    """The header and one row per record of ``kind``, cells typed."""
    columns = csv_records.columns(kind.entity)
    hints = _hints(kind)
    yield [header(c) for c in columns]
    for entity in entities:
        row = csv_records.row_of(entity)
        yield [_cell(c, row.get(c, ""), hints.get(c)) for c in columns]


def ledger_rows(report: book.Report) -> dict[str, list[list[Any]]]:
    """The ledger's figures as sheets, money in the reporting currency (each pledge, order
    and payment at the rate of its date, the rates listed): per funder, per instrument (its
    own currency's figures beside), per need."""
    money = ("pledged", "allocated", "disbursed")
    heads = [f"{m} (in currency)" for m in money]
    funders: list[list[Any]] = [["funder", "currency (ISO 4217)", "instruments", *heads, "rates"]]
    funders += [
        [f.funder, f.reported.currency, ";".join(f.instruments), *_money(f.reported)]
        for f in report.funders
    ]
    own = ["own currency (ISO 4217)", *(f"own {m} (in own currency)" for m in money)]
    instruments: list[list[Any]] = [["key", "funder", "currency (ISO 4217)", *heads, "rates", *own]]
    instruments += [[i.key, i.funder, *_reported_and_own(i)] for i in report.instruments]
    names = [f.name for f in dataclasses.fields(book.NeedFigures)] + ["open"]
    needs: list[list[Any]] = [[header(n) for n in names]]
    needs += [[getattr(n, name) for name in names] for n in report.needs]
    return dict(zip(LEDGER_SHEETS, (funders, instruments, needs), strict=True))


def _reported_and_own(figures: book.InstrumentReport) -> list[Any]:
    own = figures.own
    reported = [figures.reported.currency, *_money(figures.reported)]
    return [*reported, own.currency, own.pledged, own.allocated, own.disbursed]


def _money(figures: book.Reported) -> list[Any]:
    rates = "; ".join(str(rate) for rate in figures.rates)
    return [figures.pledged, figures.allocated, figures.disbursed, rates]


def table_rows(table: tracking.Table, currency: str) -> list[list[Any]]:
    """A tracking table as rows: headings with their units, one row per group, totals last."""
    rows: list[list[Any]] = [[tracking.heading(c, currency) for c in table.columns]]
    rows += [[row.get(c.name) for c in table.columns] for row in table.rows]
    if table.totals:
        first = table.columns[0].name
        rows.append(
            ["total" if c.name == first else table.totals.get(c.name) for c in table.columns]
        )
    return rows


def tracking_sheets(uow: UnitOfWork, on: date | None = None) -> dict[str, list[list[Any]]]:
    """Every tracking view's tables (``docs/tracking.md``) as sheets ``track <table>``, in
    the reporting currency; a view that cannot be computed (a missing exchange rate) is left
    out and the sheet ``track notes`` says why."""
    sheets: dict[str, list[list[Any]]] = {}
    notes: list[list[Any]] = [["view", "left out because"]]
    for by in tracking.VIEWS:
        try:
            view = tracking.track(uow, by, on=on)
        except CoprodError as exc:
            notes.append([by, exc.message])
            continue
        for table in view.tables:
            sheets[f"track {table.name}"[:31]] = table_rows(table, view.currency)
    if len(notes) > 1:
        sheets["track notes"] = notes
    return sheets


def _sheet(workbook: Workbook, title: str, rows: Iterator[list[Any]] | list[list[Any]]) -> None:
    sheet: Worksheet = workbook.create_sheet(title)
    for number, row in enumerate(rows, start=1):
        sheet.append(row)
        if number == 1:
            for cell in sheet[1]:
                cell.font = BOLD
    sheet.freeze_panes = "A2"


def to_xlsx(uow: UnitOfWork, advance: Callable[[int], None] | None = None) -> bytes:
    """The caller's use case: the records it may see and their ledger as an xlsx workbook."""
    caller(uow)
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for kind in kinds.KINDS:
        found = exporting.entities(uow, kind)
        _sheet(workbook, kind.plural, kind_rows(kind, found))
        if advance is not None:
            advance(len(found))
    for title, rows in ledger_rows(read_report(uow)).items():
        _sheet(workbook, title, rows)
    for title, rows in tracking_sheets(uow).items():
        _sheet(workbook, title, rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
