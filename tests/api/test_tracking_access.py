"""Who sees what in tracking: GET /api/tracking and ``coprod track --as USER`` on the platform
world (two competing manufacturers, two funders): each figure counts only the records the
caller may see, and a competitor's price or name never appears."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from coprod.cli.main import app, main
from coprod.services.tracking import VIEWS
from tests.api.conftest import Platform
from tests.api.platform_world import ACME_PRICE, RIVAL_PRICE, USERS

ON = "2026-12-06"
ACME_COST = 50 * ACME_PRICE
RIVAL_COST = 60 * RIVAL_PRICE
# role -> (units ordered, allocated, units delivered, disbursed) it may see
SEEN = {
    "ministry": (110, ACME_COST + RIVAL_COST, 30, Decimal("20000.00")),
    "admin": (110, ACME_COST + RIVAL_COST, 30, Decimal("20000.00")),
    "funder": (50, ACME_COST, 10, Decimal("10000.00")),
    "manufacturer": (50, ACME_COST, 10, Decimal("10000.00")),
    "analyst": (0, Decimal(0), 0, Decimal(0)),
}
FOREIGN = ("rival", str(RIVAL_PRICE), str(RIVAL_COST), "de-fund", "de-bmvg", "a-rival")


def tracking(platform: Platform, role: str, by: str) -> dict[str, object]:
    response = platform.client.get(f"/api/tracking?by={by}&on={ON}", headers=platform.headers(role))
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def totals(body: dict[str, object]) -> dict[str, object]:
    tables = body["tables"]
    assert isinstance(tables, list)
    found: dict[str, object] = tables[0]["totals"]
    return found


@pytest.mark.parametrize("role", list(SEEN))
def test_each_role_counts_what_it_may_see(platform: Platform, role: str) -> None:
    ordered, allocated, delivered, disbursed = SEEN[role]
    for by in ("funder", "category", "system", "producer", "month"):
        got = totals(tracking(platform, role, by))
        assert got["ordered"] == ordered, by
        assert Decimal(str(got["allocated"])) == allocated, by
        assert got["delivered"] == delivered, by
        assert Decimal(str(got["disbursed"])) == disbursed, by


@pytest.mark.parametrize("role", ["funder", "manufacturer", "analyst"])
def test_no_view_shows_a_competitors_records(platform: Platform, role: str) -> None:
    for by in VIEWS:
        text = json.dumps(tracking(platform, role, by))
        for foreign in FOREIGN:
            assert foreign not in text, (role, by, foreign)


def test_the_ministry_sees_both_funders_and_their_pledges(platform: Platform) -> None:
    rows = tracking(platform, "ministry", "funder")["tables"][0]["rows"]  # type: ignore[index]
    assert {r["funder"]: r["pledged"] for r in rows} == {
        "fr-dga": "1000000.00",
        "de-bmvg": "1000000.00",
    }


def test_agreements_in_the_pipeline_are_those_the_caller_sees(platform: Platform) -> None:
    counts = {
        role: totals(tracking(platform, role, "agreement-stage"))["agreements"]
        for role in ("ministry", "funder", "manufacturer", "analyst")
    }
    assert counts == {"ministry": 4, "funder": 2, "manufacturer": 2, "analyst": 1}


def test_tracking_needs_a_caller(platform: Platform) -> None:
    response = platform.client.get("/api/tracking?by=funder")
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("by=planet", "by"),
        ("by=funder&currency=euro", "currency"),
        ("by=month&on=2026-13-01", "on"),
    ],
)
def test_bad_parameters_are_named(platform: Platform, query: str, field: str) -> None:
    response = platform.client.get(f"/api/tracking?{query}", headers=platform.headers("ministry"))
    assert response.status_code == 422
    body = response.json()
    assert set(body) >= {"error", "detail"}
    assert field in json.dumps(body)


runner = CliRunner()


def cli(platform: Platform, *args: str) -> tuple[int, str]:
    url = platform.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, ["--database-url", url, "track", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("role", ["ministry", "funder", "manufacturer", "analyst"])
def test_the_cli_shows_what_an_account_may_see(platform: Platform, role: str) -> None:
    user = USERS[role][0]
    code, output = cli(platform, "--by", "funder", "--json", "--on", ON, "--as", user)
    assert code == 0, output
    got = totals(json.loads(output))
    assert got["ordered"] == SEEN[role][0]
    assert Decimal(str(got["allocated"])) == SEEN[role][1]
    if role != "ministry":
        assert "rival" not in output and str(RIVAL_PRICE) not in output


def test_the_cli_without_as_is_the_operator_and_sees_everything(platform: Platform) -> None:
    code, output = cli(platform, "--by", "producer", "--csv", "producers", "--on", ON)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0].startswith("producer,country,orders,ordered (units),allocated (EUR)")
    assert [line.split(",")[0] for line in lines[1:]] == ["acme", "rival", "total"]


def test_the_cli_refuses_an_unknown_account_and_a_bad_day(
    platform: Platform, capsys: pytest.CaptureFixture[str]
) -> None:
    url = platform.engine.url.render_as_string(hide_password=False)
    for option, words, code in (("--as=nobody", "no user with key 'nobody'", 3),
                                ("--on=yesterday", "YYYY-MM-DD", 2)):  # fmt: skip
        with pytest.raises(SystemExit) as stopped:
            main(["--database-url", url, "track", "--by", "funder", option])
        assert stopped.value.code == code
        assert words in capsys.readouterr().err


def test_the_stall_threshold_is_asked_for(platform: Platform) -> None:
    # Every agreement of the world was signed on 2025-03-01: 21 months before ON.
    default = tracking(platform, "ministry", "agreement-stage")
    assert default["stalled_months"] == 6 and totals(default)["stalled"] == 4
    headers = platform.headers("ministry")
    later = platform.client.get(
        f"/api/tracking?by=agreement-stage&on={ON}&stalled_months=24", headers=headers
    ).json()
    assert later["stalled_months"] == 24 and totals(later)["stalled"] == 0
    assert later["tables"][1]["rows"] == []
    for wrong in ("0", "121", "six"):
        answer = platform.client.get(
            f"/api/tracking?by=agreement-stage&stalled_months={wrong}", headers=headers
        )
        assert answer.status_code == 422 and "stalled_months" in answer.text, wrong
    code, output = cli(
        platform, "--by", "agreement-stage", "--on", ON, "--stalled-months", "24", "--json"
    )
    assert code == 0, output
    assert json.loads(output)["stalled_months"] == 24 and totals(json.loads(output))["stalled"] == 0
    code, output = cli(platform, "--by", "agreement-stage", "--stalled-months", "0")
    assert code == 2 and "--stalled-months" in output
