"""``coprod plan`` and ``coprod scenario``: files in, plans out, errors without tracebacks."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from coprod.cli.main import app, main

runner = CliRunner()

SCENARIO: dict[str, Any] = {
    "schema": "coprod.scenario/1",
    "name": "cli",
    "currency": "EUR",
    "start": "2026-01",
    "months": 3,
    "lateness_penalty": 0.1,
    "max_lateness": 1,
    "cost_weight": 0.0,
    "products": [{"id": "drone", "name": "Drone", "category": "drones"}],
    "needs": [
        {"id": "N1", "product": "drone", "quantity": 10, "priority": 2.0, "due": "2026-03"},
        {"id": "N2", "product": "drone", "quantity": 10, "priority": 1.0, "due": "2026-03"},
    ],
    "producers": [
        {
            "id": "P1",
            "country": "UA",
            "site_country": "UA",
            "product": "drone",
            "unit_cost": 100.0,
            "capacity": 6,
            "lead_time": 0,
        }
    ],
    "instruments": [{"id": "I1", "funder": "DK", "kind": "partner_financed", "budget": 1500.0}],
}


def write(tmp_path: Path, data: dict[str, Any], name: str = "scenario.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def coprod(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """Run the real entry point (the CLI root's error handling included): exit code, output."""
    monkeypatch.setattr(sys, "argv", ["coprod", *args])
    with pytest.raises(SystemExit) as info:
        main()
    captured = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 1), captured.out + captured.err


def test_plan_writes_a_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", str(write(tmp_path, SCENARIO)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "optimal" in result.output
    plan = json.loads(out.read_text())
    assert plan["schema"] == "coprod.plan/1"
    # the budget buys 15 of the 18 units the line can make: N1 takes 10, N2 the other 5
    assert plan["objective"] == 10 * 2.0 + 5 * 1.0
    assert [n["reason"] for n in plan["needs"]] == ["fulfilled", "outranked"]


def test_plan_report(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", str(write(tmp_path, SCENARIO)), "--report"])
    assert result.exit_code == 0, result.output
    for heading in (
        "Coverage per product",
        "Coverage per need",
        "Spend per instrument",
        "Binding bottlenecks",
        "Next €1M",
        "Next production line",
        "greedy",
    ):
        assert heading in result.output


def test_what_if_and_compare(tmp_path: Path) -> None:
    scenario = str(write(tmp_path, SCENARIO))
    a, b, basis = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "a.basis"
    assert (
        runner.invoke(app, ["plan", scenario, "-o", str(a), "--save-basis", str(basis)]).exit_code
        == 0
    )
    result = runner.invoke(
        app,
        [
            "plan",
            scenario,
            "-o",
            str(b),
            "--set",
            "instruments.I1.budget=2000",
            "--set",
            "producers.P1.capacity=[6, 6, 6]",
            "--warm-basis",
            str(basis),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "warm" in result.output
    compared = runner.invoke(app, ["plan", "compare", str(a), str(b), "--json"])
    assert compared.exit_code == 0, compared.output
    data = json.loads(compared.output)
    assert data["objective"]["after"] - data["objective"]["before"] == 3 * 1.0
    assert {c["id"] for c in data["changes"]} >= {"N2", "I1"}
    text = runner.invoke(app, ["plan", "compare", str(a), str(b)])
    assert "objective: 25.00 → 28.00" in text.output


def test_invalid_scenario_exits_non_zero_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = json.loads(json.dumps(SCENARIO))
    broken["needs"][1]["due"] = "March"
    code, output = coprod(monkeypatch, capsys, "plan", str(write(tmp_path, broken)))
    assert code == 2
    assert "needs[1] (id 'N2'): field 'due'" in " ".join(output.split())
    assert "Traceback" not in output


def test_bad_set_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = str(write(tmp_path, SCENARIO))
    code, output = coprod(monkeypatch, capsys, "plan", scenario, "--set", "needs.N7.priority=2")
    assert code == 2
    assert "no needs record 'N7'" in output
    assert "Traceback" not in output


def test_scenario_generate_and_validate(tmp_path: Path) -> None:
    out = tmp_path / "generated.json"
    result = runner.invoke(
        app,
        [
            "scenario",
            "generate",
            "--needs",
            "30",
            "--lines",
            "10",
            "--instruments",
            "5",
            "--months",
            "6",
            "--seed",
            "3",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text())["needs"]) == 30
    checked = runner.invoke(app, ["scenario", "validate", str(out)])
    assert checked.exit_code == 0
    assert "valid; 30 needs, 10 producers" in checked.output


def test_set_with_compare_replans_warm_in_one_run(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    args = ["plan", str(write(tmp_path, SCENARIO)), "--set", "instruments.I1.budget=2000"]
    result = runner.invoke(app, [*args, "--compare", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "(warm," in text
    assert "objective: 25.00 → 28.00" in text
    assert json.loads(out.read_text())["objective"] == 28.0


def test_contract_plan_report_shows_contracts_and_the_price_of_signing(tmp_path: Path) -> None:
    # lots of 4: of the 15 units the budget buys, three lots (12) are made: N1 10, N2 2
    data = json.loads(json.dumps(SCENARIO))
    data["producers"][0]["lot_size"] = 4
    data["needs"][1]["max_suppliers"] = 1
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", str(write(tmp_path, data)), "--report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for heading in ("price of signing", "Contracts: one per line and need", "Next €1M"):
        assert heading in result.output
    plan = json.loads(out.read_text())
    assert plan["status"] == "optimal"
    assert plan["relaxation"] == 25.0
    made: dict[str, float] = {}
    for order in plan["orders"]:
        made[order["month"]] = made.get(order["month"], 0.0) + order["quantity"]
    assert all(quantity % 4 == 0 for quantity in made.values())
    assert plan["objective"] == 10 * 2.0 + 2 * 1.0  # 12 units: N1's 10, then 2 for N2
    assert {(c["producer"], c["need"]) for c in plan["contracts"]} == {("P1", "N1"), ("P1", "N2")}


def test_scenario_generate_with_contracts(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(
        app,
        ["scenario", "generate", "--needs", "12", "--lines", "5", "--contracts", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["integral"] is True
    assert all(1 <= n["max_suppliers"] <= 3 for n in data["needs"])
    validated = runner.invoke(app, ["scenario", "validate", str(out)])
    assert validated.exit_code == 0, validated.output
