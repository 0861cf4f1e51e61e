"""``coprod ledger show`` and ``coprod ledger verify`` on the demo registry, before and after
records are broken behind the rules' back (as in a registry written before they held)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coprod.cli.main import app
from coprod.db.engine import make_engine
from tests.cli.runner import Coprod

runner = CliRunner()


def test_show_gives_the_figures_per_funder_instrument_and_need(demo_url: str) -> None:
    result = runner.invoke(app, ["--database-url", demo_url, "ledger", "show", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    funders = {(f["funder"], f["currency"]): f for f in data["funders"]}
    # France: the €200M direct-order fund and the €2bn aid; 43M + 61.5M of orders placed.
    assert Decimal(funders[("FR", "EUR")]["pledged"]) == Decimal("2200000000")
    assert Decimal(funders[("FR", "EUR")]["allocated"]) == Decimal("104500000")
    shells = {n["key"]: n for n in data["needs"]}["need-shells-155mm-2026"]
    assert (shells["needed"], shells["proposed"], shells["ordered"]) == (150000, 27000, 15000)
    assert shells["open"] == 135000
    table = runner.invoke(app, ["--database-url", demo_url, "ledger", "show"])
    assert table.exit_code == 0 and "fr-direct-order-fund" in table.output


def test_the_demo_shows_a_pound_fund_in_the_reporting_currency(demo_url: str) -> None:
    result = runner.invoke(app, ["--database-url", demo_url, "ledger", "show", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    fund = {i["key"]: i for i in data["instruments"]}["gb-ua-drone-fund"]
    assert fund["own"]["currency"] == "GBP" and data["currency"] == "EUR"
    assert Decimal(fund["own"]["allocated"]) == Decimal("1560000")  # 4 000 drones at £390
    # The order of March 2026 at the rate of its first day (a Sunday: the last rate before
    # it, 2 February's 0.8700 GBP a euro), the payments at their own dates', each shown.
    assert Decimal(fund["allocated"]) == Decimal("1793103.45")
    assert [r["text"] for r in fund["rates"]][-2:] == [
        "1 GBP = 1.150748 EUR (2026-03-04)",
        "1 GBP = 1.154734 EUR (2026-04-20)",
    ]
    gb = {f["funder"]: f for f in data["funders"]}["GB"]
    assert gb["instruments"] == ["gb-ua-drone-fund"] and gb["currency"] == "EUR"
    pounds = runner.invoke(
        app, ["--database-url", demo_url, "ledger", "show", "--json", "--currency", "GBP"]
    )
    assert json.loads(pounds.output)["total"]["currency"] == "GBP"


def test_verify_names_each_record_that_breaks_a_rule(
    demo_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    coprod = Coprod(demo_url, capsys, monkeypatch)
    assert "every record keeps the ledger's rules" in coprod.ok("ledger", "verify")
    engine = make_engine(demo_url)
    with engine.begin() as conn:  # behind the rules' back, as an old registry could hold
        conn.exec_driver_sql(
            "update funding_instruments set allocated_amount = 100 where key = 'fr-aid-2025'"
        )
        conn.exec_driver_sql(
            "update needs set quantity = 100 where key = 'need-drones-autumn-2026'"
        )
        conn.exec_driver_sql(
            "update orders set production_line_id = (select id from production_lines "
            "where key = 'line-fr-mistral') where key = 'order-fr-aasm-hammer-2026-02'"
        )
    engine.dispose()
    broken = coprod("ledger", "verify")
    assert broken.code == 5, broken
    out = " ".join(broken.out.split())
    assert "funding_instruments 'fr-aid-2025': field allocated" in out
    assert "stored 1.00, orders 61500000.00" in out
    assert "needs 'need-drones-autumn-2026': field quantity" in out
    assert "orders 'order-fr-aasm-hammer-2026-02': field production_line" in out
    # Its two production reports were on the line it left.
    for month in ("03", "04"):
        assert (
            f"production_reports 'report-fr-aasm-hammer-2026-{month}': field order: order "
            "'order-fr-aasm-hammer-2026-02' is made on line 'line-fr-mistral'"
        ) in out
    assert "5 ledger rule(s) broken" in broken.err


# The ECB's layout: a Date column, one column per currency (units per euro), N/A where a
# currency was not quoted that day, a comma at the end of each line.
ECB_RATES = """Date,USD,JPY,GBP,
2026-03-03,1.0841,161.52,0.8562,
2026-03-02,1.0812,N/A,0.8549,
"""


def test_rates_import_stores_the_ecb_layout_and_refuses_a_bad_row_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    coprod = Coprod(f"sqlite:///{tmp_path / 'rates.db'}", capsys, monkeypatch)
    coprod.ok("init")
    bad = tmp_path / "bad.csv"
    bad.write_text(ECB_RATES + "2026-03-04,1.09,abc,0.85,\n")
    refused = coprod("rates", "import", str(bad))
    assert refused.code == 2, refused
    assert f"{bad}: line 4, column JPY: 'abc' is not a number" in refused.err
    assert "2026-03-03" not in coprod.ok("rates", "list")  # nothing stored
    for text, message in (
        ("Day,USD\n2026-03-02,1.08\n", "line 1: the first column must be 'Date'"),
        ("Date,usd\n2026-03-02,1.08\n", "line 1, column 2: 'usd' is not a currency code"),
        ("Date,USD\n2026-02-30,1.08\n", "line 2, column Date: '2026-02-30' is not a date"),
        ("Date,USD\n2026-03-02,-1\n", "line 2, column USD: a rate must be a positive number"),
        ("Date,USD\n2026-03-02,1.0000001\n", "line 2, column USD: '1.0000001' has more than 6"),
    ):
        bad.write_text(text)
        answer = coprod("rates", "import", str(bad))
        assert answer.code == 2 and message in answer.err, (text, answer)
    good = tmp_path / "eurofxref-hist.csv"
    good.write_text(ECB_RATES)
    out = coprod.ok("rates", "import", str(good))
    assert "5 rates added, 0 changed, 0 unchanged (GBP, JPY, USD; 2026-03-02 to 2026-03-03)" in out
    assert "0 rates added, 0 changed, 5 unchanged" in coprod.ok("rates", "import", str(good))
    listed = coprod.ok("rates", "list", "--currency", "USD")
    assert "1.0812" in listed and "1.0841" in listed and "0.8562" not in listed


def test_orders_move_dates_each_step_forward_only(
    demo_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    coprod = Coprod(demo_url, capsys, monkeypatch)
    key = "order-fr-155mm-2026-03"  # placed on 2026-02-20
    out = coprod.ok("orders", "move", key, "in_production", "--on", "2026-03-05")
    assert f"{key}: in_production on 2026-03-05" in out
    back = coprod("orders", "move", key, "placed", "--on", "2026-03-06")
    assert back.code == 5 and "cannot go from in_production to placed" in back.err
    early = coprod("orders", "move", key, "delivered", "--on", "2026-03-01")
    assert early.code == 5 and "field history.2: 2026-03-01 is before 2026-03-05" in early.err
    listed = {o["key"]: o for o in json.loads(coprod.ok("orders", "list", "--json"))}
    assert listed[key]["history"] == [
        {"status": "placed", "on": "2026-02-20"},
        {"status": "in_production", "on": "2026-03-05"},
    ]
    assert "every record keeps the ledger's rules" in coprod.ok("ledger", "verify")
