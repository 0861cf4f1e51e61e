"""``coprod export --format xlsx``: a sheet per record kind with units and currencies in the
headers, the ledger's sheets equal to ``coprod ledger show``, read back with openpyxl."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from coprod.cli.main import app
from coprod.domain import kinds
from tests.cli.runner import Coprod

runner = CliRunner()


def _invoke(url: str, *args: str) -> str:
    result = runner.invoke(app, ["--database-url", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def _sheet(path: Path, title: str) -> list[dict[str, object]]:
    rows = list(load_workbook(path, read_only=True)[title].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_one_sheet_per_kind_with_every_record(demo_url: str, tmp_path: Path) -> None:
    out = tmp_path / "registry.xlsx"
    _invoke(demo_url, "export", "--format", "xlsx", "--out", str(out))
    document = json.loads(_invoke(demo_url, "export"))
    book = load_workbook(out, read_only=True)
    assert book.sheetnames[: len(kinds.KINDS)] == [k.plural for k in kinds.KINDS]
    for kind in kinds.KINDS:
        keys = [row["key"] for row in _sheet(out, kind.plural)]
        assert keys == [r["key"] for r in document[kind.plural]], kind.plural


def test_headers_carry_units_and_currencies_and_cells_are_typed(
    demo_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "registry.xlsx"
    _invoke(demo_url, "export", "--format", "xlsx", "--out", str(out))
    orders = _sheet(out, "orders")
    assert {"quantity (units)", "unit_price_amount (in unit_price_currency)"} <= set(orders[0])
    assert "unit_price_currency (ISO 4217)" in orders[0]
    document = json.loads(_invoke(demo_url, "export"))
    first = document["orders"][0]
    row = next(r for r in orders if r["key"] == first["key"])
    assert row["quantity (units)"] == first["quantity"]
    price = row["unit_price_amount (in unit_price_currency)"]
    assert isinstance(price, float | int) and Decimal(str(price)) == Decimal(
        first["unit_price"]["amount"]
    )
    lines = _sheet(out, "production_lines")
    assert "monthly_capacity (units/month)" in lines[0]


def test_ledger_sheets_equal_the_ledger(demo_url: str, tmp_path: Path) -> None:
    out = tmp_path / "registry.xlsx"
    _invoke(demo_url, "export", "--format", "xlsx", "--out", str(out))
    ledger = json.loads(_invoke(demo_url, "ledger", "show", "--json"))
    money = ("pledged", "allocated", "disbursed")
    funders = {(r["funder"], r["currency (ISO 4217)"]): r for r in _sheet(out, "ledger funders")}
    assert len(funders) == len(ledger["funders"]) > 0
    for figures in ledger["funders"]:
        row = funders[(figures["funder"], figures["currency"])]
        for name in money:
            assert Decimal(str(row[f"{name} (in currency)"])) == Decimal(figures[name])
    instruments = {r["key"]: r for r in _sheet(out, "ledger instruments")}
    for figures in ledger["instruments"]:
        for name in money:
            cell = instruments[figures["key"]][f"{name} (in currency)"]
            assert Decimal(str(cell)) == Decimal(figures[name])
    needs = {r["key"]: r for r in _sheet(out, "ledger needs")}
    for figures in ledger["needs"]:
        row = needs[figures["key"]]
        assert (row["ordered (units)"], row["delivered (units)"], row["open (units)"]) == (
            figures["ordered"],
            figures["delivered"],
            figures["open"],
        )
    total = sum(Decimal(str(r["pledged (in currency)"])) for r in funders.values())
    assert total == sum(Decimal(f["pledged"]) for f in ledger["funders"])


def test_xlsx_needs_a_file_and_names_an_unwritable_one(
    demo_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    coprod = Coprod(demo_url, capsys, monkeypatch)
    result = coprod("export", "--format", "xlsx")
    assert result.code != 0 and "--out FILE.xlsx" in result.err
    missing = tmp_path / "no-such-folder" / "out.xlsx"
    result = coprod("export", "--format", "xlsx", "--out", str(missing))
    assert result.code != 0 and str(missing) in result.err and "Traceback" not in result.err
    assert not missing.exists()


def _cell(value: object) -> object:
    """A cell or a JSON value, numbers compared as numbers."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


@pytest.mark.parametrize("by", ["funder", "month", "producer", "agreement-stage", "site-country"])
def test_tracking_sheets_equal_coprod_track(demo_url: str, tmp_path: Path, by: str) -> None:
    out = tmp_path / "registry.xlsx"
    _invoke(demo_url, "export", "--format", "xlsx", "--out", str(out))
    view = json.loads(_invoke(demo_url, "track", "--by", by, "--json"))
    book = load_workbook(out, read_only=True)
    assert "track notes" not in book.sheetnames
    for table in view["tables"]:
        rows = list(book[f"track {table['name']}"].iter_rows(values_only=True))
        names = [c["name"] for c in table["columns"]]
        assert len(rows[0]) == len(names)
        money = [i for i, c in enumerate(table["columns"]) if c["unit"] == "money"]
        assert all(f"({view['currency']})" in str(rows[0][i]) for i in money)
        body = rows[1 : 1 + len(table["rows"])]
        for got, want in zip(body, table["rows"], strict=True):
            for i, name in enumerate(names):
                expected = want.get(name)
                assert _cell(got[i]) == _cell(expected), (table["name"], name)
        if table["totals"] is not None:
            (totals,) = rows[1 + len(table["rows"]) :]
            assert totals[0] == "total"
            for i in money:
                assert Decimal(str(totals[i])) == Decimal(table["totals"][names[i]])
