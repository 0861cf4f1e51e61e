"""The tracking pages: every view as charts, tables and CSV downloads, in the account's scope
and the reader's language."""

from __future__ import annotations

import csv
import io

import pytest

from coprod.services.tracking import VIEWS
from tests.api.conftest import Platform
from tests.api.platform_world import RIVAL_PRICE, USERS
from tests.api.test_access import cookie_login


def login(platform: Platform, role: str) -> None:
    cookie_login(platform, USERS[role][0])


def test_each_view_shows_its_tables_charts_and_csv_links(platform: Platform) -> None:
    login(platform, "ministry")
    for by in VIEWS:
        page = platform.client.get(f"/tracking?by={by}")
        assert page.status_code == 200, page.text
        body = platform.client.get(f"/api/tracking?by={by}").json()
        for table in body["tables"]:
            assert f'data-testid="table-{table["name"]}"' in page.text
            assert f"/tracking.csv?by={by}&amp;table={table['name']}&amp;currency=EUR" in page.text
        assert '<figure class="chart"' in page.text, by
        assert 'aria-current="page">' in page.text, by


def test_the_csv_is_the_apis_table_with_units_and_totals(platform: Platform) -> None:
    login(platform, "ministry")
    answer = platform.client.get("/tracking.csv?by=funder&table=funders")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="coprod-tracking-funder-funders.csv"' in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    api = platform.client.get("/api/tracking?by=funder").json()["tables"][0]
    assert [r["funder"] for r in rows] == [r["funder"] for r in api["rows"]] + ["total"]
    assert rows[-1]["allocated (EUR)"] == api["totals"]["allocated"]
    assert rows[-1]["ordered (units)"] == str(api["totals"]["ordered"])


def test_an_unknown_table_is_named(platform: Platform) -> None:
    login(platform, "ministry")
    answer = platform.client.get("/tracking.csv?by=funder&table=planets")
    assert answer.status_code == 404
    assert "funders" in answer.text


@pytest.mark.parametrize("role", ["funder", "manufacturer", "analyst"])
def test_a_page_shows_no_competitor(platform: Platform, role: str) -> None:
    login(platform, role)
    for by in VIEWS:
        texts = [platform.client.get(f"/tracking?by={by}").text]
        for table in platform.client.get(f"/api/tracking?by={by}").json()["tables"]:
            texts.append(platform.client.get(f"/tracking.csv?by={by}&table={table['name']}").text)
        for text in texts:
            assert "rival" not in text and "1,777.77" not in text, by
            assert str(RIVAL_PRICE) not in text, by


def test_the_pages_need_a_session(platform: Platform) -> None:
    answer = platform.client.get("/tracking?by=funder", follow_redirects=False)
    assert answer.status_code in (302, 303)
    assert answer.headers["location"].startswith("/login")


@pytest.mark.parametrize(
    ("language", "words"),
    [("uk", ["Відстеження", "За фінансувачем", "Завантажити цю таблицю як CSV"]),
     ("fr", ["Suivi", "Par financeur", "Télécharger ce tableau en CSV"])],
)  # fmt: skip
def test_the_pages_speak_the_readers_language(
    platform: Platform, language: str, words: list[str]
) -> None:
    login(platform, "ministry")
    page = platform.client.get("/tracking?by=funder", headers={"Accept-Language": language})
    for word in words:
        assert word in page.text, word


def test_the_pipeline_page_asks_for_the_stall_threshold(platform: Platform) -> None:
    login(platform, "ministry")
    default = platform.client.get("/tracking?by=agreement-stage").text
    assert 'name="stalled_months"' in default and 'value="6"' in default
    assert "more than 6 months at a stage" in default and "a-rival" in default
    later = platform.client.get("/tracking?by=agreement-stage&stalled_months=120")
    assert later.status_code == 200 and "more than 120 months at a stage" in later.text
    assert "stalled_months=120" in later.text  # the CSV links keep it
    stalled = platform.client.get(
        "/tracking.csv?by=agreement-stage&table=stalled&stalled_months=120"
    ).text
    assert stalled.splitlines()[1:] == []  # the heading only: nothing stalled for 10 years
    uk = platform.client.get(
        "/tracking?by=agreement-stage&stalled_months=2", headers={"Accept-Language": "uk"}
    )
    assert "понад 2 місяці на етапі" in uk.text
    assert platform.client.get("/tracking?by=agreement-stage&stalled_months=0").status_code == 422
    assert "stalled_months" not in platform.client.get("/tracking?by=funder").text


def test_countries_are_named_in_the_readers_language(platform: Platform) -> None:
    login(platform, "ministry")
    sites = platform.client.get("/api/tracking?by=site-country").json()["tables"][0]
    assert {row["site_country"] for row in sites["rows"]} == {"UA"}
    english = platform.client.get("/tracking?by=site-country").text
    assert '<td data-label="Site country">Ukraine</td>' in english
    ukrainian = platform.client.get(
        "/tracking?by=site-country", headers={"Accept-Language": "uk"}
    ).text
    assert ">Україна</td>" in ukrainian and ">UA</td>" not in ukrainian
    csv_text = platform.client.get("/tracking.csv?by=site-country&table=sites").text
    assert ",UA," in csv_text  # the CSV keeps the codes
