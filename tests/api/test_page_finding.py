"""Finding records on the pages: each list's search box and filters (kept in the address), the
header's search over every kind, and the records that name a record on its page (a plant's
owners, lines and investments among them), always within what the caller may see."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from coprod.db.uow import UnitOfWork
from coprod.domain import entities as d
from coprod.domain.enums import InvestmentStatus, PlantKind, PlantStatus
from coprod.domain.money import Money
from coprod.services.accounts.access import SYSTEM
from tests.api.conftest import Platform
from tests.api.test_access import cookie_login


def _page(platform: Platform, user: str, path: str) -> str:
    cookie_login(platform, user)
    answer = platform.client.get(path)
    assert answer.status_code == 200, answer.text
    return answer.text


def _rows(page: str) -> list[str]:
    """The keys of a list's rows (each row's first cell links to its record)."""
    return re.findall(r'<tr><td data-label="[^"]*"><a href="/records/[a-z_]+/([^"]+)"', page)


def test_a_list_is_searched_and_filtered_from_its_address(platform: Platform) -> None:
    page = _page(platform, "mira", "/records/organisations?q=DRONES")
    assert sorted(_rows(page)) == ["acme", "rival"]
    assert 'value="DRONES"' in page  # the search box keeps the words
    page = _page(platform, "mira", "/records/organisations?q=drones&country=DE")
    assert _rows(page) == ["rival"]
    # sorting keeps the search and the filters
    assert 'href="?q=drones&amp;country=DE&amp;sort=-key"' in page
    assert '<option value="signed" selected>' in _page(
        platform, "mira", "/records/agreements?status=signed"
    )
    page = _page(platform, "mira", "/records/orders?instrument=fr-fund")
    assert _rows(page) == ["acme-order"]
    page = _page(platform, "mira", "/records/organisations?q=nothing-like-this")
    assert "No records you may see match the search and filters." in page


def test_a_filter_never_shows_a_record_the_caller_may_not_see(platform: Platform) -> None:
    assert _rows(_page(platform, "maya", "/records/orders?need=need-drones")) == ["acme-order"]
    assert _rows(_page(platform, "maya", "/records/orders?q=rival")) == []
    assert _rows(_page(platform, "ana", "/records/agreements?q=agreement")) == ["a-public"]


def test_the_api_lists_take_the_same_search_and_filters(platform: Platform) -> None:
    def keys(role: str, query: str) -> list[str]:
        answer = platform.client.get(f"/api/{query}", headers=platform.headers(role))
        assert answer.status_code == 200, answer.text
        return [item["key"] for item in answer.json()["items"]]

    assert keys("ministry", "organisations?q=Drônes&filter=country:DE") == ["rival"]
    assert keys("ministry", "orders?filter=instrument:fr-fund") == ["acme-order"]
    assert keys("manufacturer", "orders?q=rival") == []
    assert keys("analyst", "agreements?q=agreement") == ["a-public"]
    refused = platform.client.get(
        "/api/orders?filter=from:soon", headers=platform.headers("ministry")
    )
    assert refused.status_code == 422 and "write a date as YYYY-MM-DD" in refused.json()["detail"]


def test_a_bad_date_filter_is_refused_with_a_message(platform: Platform) -> None:
    cookie_login(platform, "mira")
    answer = platform.client.get("/records/orders?from=yesterday", headers={"Accept": "text/html"})
    assert answer.status_code == 422
    assert "from &#39;yesterday&#39;: write a date as YYYY-MM-DD" in answer.text


@pytest.mark.parametrize(
    ("user", "kinds"),
    [
        (
            "mira",
            [
                "organisations",
                "agreements",
                "production_lines",
                "orders",
                "production_reports",
                "deliveries",
                "payments",
            ],
        ),
        ("maya", ["organisations"]),  # Rival's line, order and delivery are not Acme's to see
        ("ana", ["organisations"]),
    ],
)
def test_the_header_search_groups_what_the_caller_may_see(
    platform: Platform, user: str, kinds: list[str]
) -> None:
    page = _page(platform, user, "/search?q=rival")
    shown = re.findall(r'<h2 id="found-([a-z_]+)">', page)
    assert shown == kinds
    assert 'href="/records/organisations/rival"' in page
    assert 'id="site-q"' in page and 'value="rival"' in page


def test_an_instrument_and_a_need_list_the_records_that_name_them(platform: Platform) -> None:
    page = _page(platform, "mira", "/records/funding_instruments/fr-fund")
    assert 'href="/records/orders/acme-order"' in page
    assert 'href="/records/payments/acme-payment"' in page
    assert 'href="/records/orders/rival-order"' not in page
    page = _page(platform, "mira", "/records/needs/need-drones")
    for key in ("orders/acme-order", "orders/rival-order", "deliveries/acme-delivery"):
        assert f'href="/records/{key}"' in page
    # the order's own fields link to its need, line and instrument
    page = _page(platform, "mira", "/records/orders/acme-order")
    for key in ("needs/need-drones", "production_lines/acme-line", "funding_instruments/fr-fund"):
        assert f'href="/records/{key}"' in page


def test_an_organisation_lists_its_lines_and_agreements_as_far_as_one_may_see(
    platform: Platform,
) -> None:
    page = _page(platform, "mira", "/records/organisations/acme")
    assert 'href="/records/production_lines/acme-line"' in page
    assert 'href="/records/agreements/a-acme"' in page
    page = _page(platform, "ana", "/records/organisations/acme")
    assert "acme-line" not in page and "a-acme" not in page


def add_plant(engine: Engine) -> None:
    """Acme's plant in Kyiv with Acme's line at it, Rival's 30 % of Acme, the French agency's
    investment in the plant, and the press release that says the plant operates."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        uow.source_documents.add(
            d.SourceDocument("acme-plant-release", "acme-plant-release.txt", "0" * 64)
        )
        uow.plants.add(
            d.Plant(
                "acme-kyiv-plant",
                "Acme drone plant, Kyiv",
                "acme",
                "UA",
                PlantKind.PRODUCTION,
                PlantStatus.OPERATING,
                city="Kyiv",
                history=[d.PlantStep(PlantStatus.OPERATING, date(2025, 9, 1))],
                evidence=[d.Evidence("acme-plant-release", 10, 42, "opening announced")],
            )
        )
        line = uow.production_lines.get_by_key("acme-line")
        uow.production_lines.update(replace(line, plant="acme-kyiv-plant"))
        uow.ownerships.add(d.Ownership("rival-in-acme", "rival", "acme", Decimal("30")))
        uow.investments.add(
            d.Investment(
                "fr-into-kyiv",
                "fr-dga",
                InvestmentStatus.COMMITTED,
                plant="acme-kyiv-plant",
                amount=Money(Decimal("20000000"), "EUR"),
            )
        )
        uow.commit()


def test_a_plant_page_lists_its_owners_lines_and_investments(platform: Platform) -> None:
    add_plant(platform.engine)
    page = _page(platform, "mira", "/records/plants/acme-kyiv-plant")
    related = page[page.index('id="related"') :]
    assert 'href="/records/ownerships/rival-in-acme"' in related
    assert 'href="/records/organisations/rival"' in related  # the owner, linked
    assert 'href="/records/production_lines/acme-line"' in related
    assert 'href="/records/investments/fr-into-kyiv"' in related
    assert 'href="/documents/acme-plant-release?start=10&amp;end=42#evidence"' in page
    # an analyst sees the plant and its owners, not the line nor the investment
    related = _page(platform, "ana", "/records/plants/acme-kyiv-plant")
    assert "rival-in-acme" in related
    assert "acme-line" not in related and "fr-into-kyiv" not in related
