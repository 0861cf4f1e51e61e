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
    # sorting keeps the search and the filters; a search lists the best matches first
    assert 'href="?q=drones&amp;country=DE&amp;sort=key"' in page
    assert '<option value="relevance" selected>Best match first</option>' in page
    assert '<option value="signed" selected>' in _page(
        platform, "mira", "/records/agreements?status=signed"
    )
    page = _page(platform, "mira", "/records/orders?instrument=fr-fund")
    assert _rows(page) == ["acme-order"]
    # the order can be chosen on any screen (a phone shows no column headers to click)
    page = _page(platform, "mira", "/records/organisations?sort=-name")
    assert '<option value="-name" selected>Name, descending</option>' in page
    assert 'value="relevance"' not in page  # nothing searched: no best match to offer
    page = _page(platform, "mira", "/records/organisations?q=nothing-like-this")
    assert "No records you may see match the search and filters." in page


def test_a_country_filter_takes_the_country_s_name_in_any_page_language(
    platform: Platform,
) -> None:
    for asked in ("DE", "de", "Німеччина", "allemagne", "  GERMANY "):
        page = _page(platform, "mira", f"/records/organisations?country={asked}")
        assert sorted(_rows(page)) == ["de-bmvg", "rival"], asked
    # the panel offers the names and shows the one asked by its name, the address the code
    assert 'list="country-names"' in page and '<option value="Germany">' in page
    assert 'name="country" value="Germany"' in page
    assert "country=DE" in page
    # a party may be a record's key: there only a name or a code in capitals is a state
    assert _rows(_page(platform, "mira", "/records/agreements?party=Україна")) == _rows(
        _page(platform, "mira", "/records/agreements?party=UA")
    )
    unknown = _page(platform, "mira", "/records/organisations?country=Narnia")
    assert _rows(unknown) == [] and 'value="Narnia"' in unknown


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


def _refused_page(platform: Platform, path: str, language: str = "en") -> str:
    answer = platform.client.get(path, headers={"Accept": "text/html", "Accept-Language": language})
    assert answer.status_code == 422, answer.text
    assert "<h1>" in answer.text and 'class="find"' in answer.text  # the list, not an error page
    return answer.text


def _field_error(page: str, name: str) -> str:
    """The message beside the filter ``name`` (its control points at it)."""
    assert re.search(f'aria-describedby="([^"]* )?find-{name}-error"', page)
    found = re.search(f'<p class="error field-error" id="find-{name}-error"[^>]*>([^<]*)</p>', page)
    assert found is not None, f"no message beside {name}"
    return found.group(1)


def test_a_bad_filter_value_reshows_the_list_with_the_other_filters(platform: Platform) -> None:
    cookie_login(platform, "mira")
    page = _refused_page(platform, "/records/orders?from=yesterday&instrument=fr-fund")
    assert _field_error(page, "from").startswith("“yesterday” is not a date")
    assert 'href="#find-from"' in page  # the summary above the form leads to the field
    assert 'name="instrument" value="fr-fund"' in page  # the other filter is kept...
    assert _rows(page) == ["acme-order"]  # ...and still applied
    assert 'href="?instrument=fr-fund&amp;sort=' in page  # sorting drops the refused value only

    page = _refused_page(platform, "/records/agreements?status=signd&q=agreement")
    assert _field_error(page, "status").startswith("“signd” is not one of the options")
    assert 'value="agreement"' in page
    assert " selected>" not in page.split('id="find-status"')[1].split("</select>")[0]

    page = _refused_page(platform, "/records/orders?to=2026-13", "uk")
    assert _field_error(page, "to").startswith("«2026-13» — не дата")

    asked = "/records/organisations?page=two&sort=colour&q=drones&country=DE"
    page = _refused_page(platform, asked)
    assert "“two” is not a page number: the first page is shown." in page
    assert "The list cannot be sorted by “colour”: it is sorted by key." in page
    assert _rows(page) == ["rival"]

    page = _refused_page(platform, "/records/organisations?q=" + "x" * 201)
    assert "Enter at most 200 characters" in _field_error(page, "q")


def test_the_api_refuses_a_bad_filter_value_naming_it(platform: Platform) -> None:
    for query, said in [
        ("orders?filter=from:yesterday", "from 'yesterday': write a date as YYYY-MM-DD"),
        ("agreements?filter=status:signd", "filter status 'signd': choose one of "),
    ]:
        answer = platform.client.get(f"/api/{query}", headers=platform.headers("ministry"))
        assert answer.status_code == 422 and said in answer.json()["detail"]


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


def test_a_date_filter_is_typed_in_the_pages_language(platform: Platform) -> None:
    """From and to take a day as the page's language writes it (or ISO), show it that way,
    and keep it as ISO in the list's links; the orders of the world are for January 2026."""
    cookie_login(platform, "mira")

    def listed(path: str, language: str) -> str:
        answer = platform.client.get(path, headers={"Accept-Language": language})
        assert answer.status_code == 200, answer.text
        return answer.text

    page = listed("/records/orders?to=31.01.2026", "uk")
    assert _rows(page) == ["acme-order", "rival-order"]
    assert 'name="to" value="31.01.2026"' in page and 'type="date"' not in page
    assert '<p class="hint" id="find-to-hint">ДД.ММ.РРРР, наприклад 24.02.2025</p>' in page
    assert 'href="?to=2026-01-31&amp;sort=' in page  # the links carry ISO
    assert _rows(listed("/records/orders?from=01.02.2026", "uk")) == []
    english = listed("/records/orders?to=01/31/2026", "en")  # month first in English
    assert _rows(english) == ["acme-order", "rival-order"]
    assert 'name="to" value="01/31/2026"' in english
    assert 'name="to" value="31/01/2026"' in listed("/records/orders?to=2026-01-31", "fr")
    assert _rows(listed("/records/orders?from=2026-02", "uk")) == []  # a month as before
    page = _refused_page(platform, "/records/orders?to=31.13.2026", "uk")
    assert _field_error(page, "to") == (
        "«31.13.2026» — не дата: введіть день у форматі ДД.ММ.РРРР (наприклад, 24.02.2025) "
        "або місяць у форматі РРРР-ММ (2025-02). Список нижче показано без цього фільтра."
    )
    assert 'name="to" value="31.13.2026"' in page  # kept as typed


def test_a_list_with_a_typeahead_filter_loads_its_script_once_and_not_in_its_title(
    platform: Platform,
) -> None:
    page = _page(platform, "mira", "/records/orders")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and "<" not in title.group(1)  # a tab's title is text
    assert page.count('src="/static/choices.js"') == 1
