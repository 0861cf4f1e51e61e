"""``coprod alerts`` on the demo made on a fixed day, and the plan report's words on needs
already past due (``coprod plan --from-db --report``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coprod.cli.main import app
from tests.cli.runner import Coprod

runner = CliRunner()
DAY = "2026-12-06"


def _run(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--database-url", url, *args])
    return result.exit_code, result.output


def test_alerts_as_json_name_record_why_and_since(demo_url: str) -> None:
    code, out = _run(demo_url, "alerts", "--json", "--today", DAY)
    assert code == 0, out
    found = {(a["kind"], a["key"]): a for a in json.loads(out)}
    need = found[("need_past_due", "need-drones-spring-2026")]
    assert (need["record"], need["severity"], need["since"]) == ("needs", "high", "2026-11")
    assert need["why"] == "due 2026-10; 20000 of 30000 units delivered, 22000 ordered"
    late = found[("delivery_overdue", "order-ua-long-range-2026-03")]
    # Made from 2026-06 on a line with 2 months' lead time: expected 2026-08, late since 2026-09.
    assert (late["since"], late["details"]["expected"]) == ("2026-09", "2026-08")
    assert late["severity"] == "high"  # 4 months late
    assert found[("window_closing", "fr-aid-2025")]["severity"] == "high"
    assert found[("window_closing", "de-long-range-production")]["details"]["months_left"] == 2
    assert ("agreement_stalled", "defence-production-mechanism") in found


def test_alerts_as_text_most_severe_first(demo_url: str) -> None:
    code, out = _run(demo_url, "alerts", "--today", DAY, "--months", "1")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith(f"{len(lines) - 1} alert(s) on 2026-12-06")
    assert "HIGH" in lines[1] and "LOW" in lines[-1]
    # A one-month horizon: only the window that ends this month is close.
    assert "fr-aid-2025" in out and "de-long-range-production" not in out


def test_alerts_refuse_a_bad_day_or_horizon(
    demo_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    coprod = Coprod(demo_url, capsys, monkeypatch)
    bad_day = coprod("alerts", "--today", "06/12/2026")
    assert bad_day.code != 0 and "--today: '06/12/2026' is not a date YYYY-MM-DD" in bad_day.err
    bad_horizon = coprod("alerts", "--months", "0")
    assert bad_horizon.code != 0 and "months" in bad_horizon.err


def test_the_plan_report_says_which_needs_are_past_due(demo_url: str, tmp_path: Path) -> None:
    code, out = _run(demo_url, "plan", "--from-db", "--start", "2026-12", "--report")
    assert code == 0, out
    assert "1 need(s) already past due at the start month 2026-12" in " ".join(out.split())
    assert "need-drones-spring-2026 (due 2026-10)" in " ".join(out.split())
