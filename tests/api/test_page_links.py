"""Records link to the records they name, and a page offers New and Edit only to a role that
may save them."""

from __future__ import annotations

from tests.api.conftest import Platform
from tests.api.test_access import cookie_login

NEW = 'href="/records/agreements/new"'


def _page(platform: Platform, path: str) -> str:
    answer = platform.client.get(path)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_an_order_links_its_need_line_and_instrument(platform: Platform) -> None:
    cookie_login(platform, "mira")
    order = _page(platform, "/records/orders/acme-order")
    assert '<a href="/records/needs/need-drones">need-drones</a>' in order
    assert '<a href="/records/production_lines/acme-line">acme-line</a>' in order
    assert '<a href="/records/funding_instruments/fr-fund">fr-fund</a>' in order
    listing = _page(platform, "/records/deliveries")
    assert '<a href="/records/orders/acme-order">acme-order</a>' in listing


def test_a_state_party_is_its_countrys_name_and_a_company_party_is_a_link(
    platform: Platform,
) -> None:
    cookie_login(platform, "mira")
    agreement = _page(platform, "/records/agreements/a-acme")
    assert '<a href="/records/organisations/acme">acme</a>, Ukraine' in agreement
    assert 'href="/records/organisations/UA"' not in agreement
    listing = _page(platform, "/records/agreements?q=a-acme")
    assert '<a href="/records/organisations/acme">acme</a>, Ukraine' in listing
    timeline = platform.client.get(
        "/agreements/a-acme/timeline", headers={"Accept-Language": "uk"}
    ).text
    assert "acme, Україна" in timeline


def test_only_a_role_that_may_save_sees_new_and_edit(platform: Platform) -> None:
    cookie_login(platform, "ana")  # an analyst reads, never writes
    assert NEW not in _page(platform, "/records/agreements")
    assert "/edit" not in _page(platform, "/records/agreements/a-public")
    platform.client.cookies.clear()
    cookie_login(platform, "felix")  # a funder writes its instruments only
    assert NEW not in _page(platform, "/records/agreements")
    assert 'href="/records/funding_instruments/new"' in _page(
        platform, "/records/funding_instruments"
    )
    platform.client.cookies.clear()
    cookie_login(platform, "mira")
    assert NEW in _page(platform, "/records/agreements")
    assert 'href="/records/agreements/a-public/edit"' in _page(
        platform, "/records/agreements/a-public"
    )


def test_a_records_history_shows_who_changed_what(platform: Platform) -> None:
    csrf = cookie_login(platform, "mira")
    agreement = platform.client.get("/api/agreements/a-public").json()
    body = {k: v for k, v in agreement.items() if k != "version"}
    changed = platform.client.put(
        "/api/agreements/a-public",
        headers={"If-Match": f'"{agreement["version"]}"', "X-CSRF-Token": csrf},
        json={
            **body,
            "title": "Agreement renamed in a test",
            "value": {"amount": "2000000000.50", "currency": "EUR"},
        },
    )
    assert changed.status_code == 200, changed.text
    assert 'href="/records/agreements/a-public/history"' in _page(
        platform, "/records/agreements/a-public"
    )
    history = _page(platform, "/records/agreements/a-public/history")
    newest, older = history.split('data-testid="history"')[1].split("<li>")[1:3]
    assert "changed" in newest and "mira" in newest
    assert "<ins>Agreement renamed in a test</ins>" in newest and "<dt>Title</dt>" in newest
    # a Money is one field, however the store keeps it; the version is no field at all
    assert "<dt>Value</dt><dd>€2,000,000,000.50</dd>" in newest
    assert "amount" not in newest.lower() and "Version" not in newest
    assert "through the API" in newest and '(<a href="/records/organisations/ua-mod">' in newest
    assert "created" in older and "from the command line" in older
    # what was created, in the reader's words: a status's label, a party's country
    assert "<dt>Parties</dt><dd>France, Ukraine</dd>" in older
    ukrainian = platform.client.get(
        "/records/agreements/a-public/history", headers={"Accept-Language": "uk"}
    ).text
    assert "Історія змін: a-public" in ukrainian and "змінено" in ukrainian
    assert "<dd>Франція, Україна</dd>" in ukrainian and "<dd>підписано</dd>" in ukrainian
    assert "<dd>2\u00a0000\u00a0000\u00a0000,50\u00a0євро</dd>" in ukrainian
    assert "через API" in ukrainian


def test_only_readers_of_the_audit_trail_see_a_history(platform: Platform) -> None:
    cookie_login(platform, "ana")
    assert "/history" not in _page(platform, "/records/agreements/a-public")
    refused = platform.client.get("/records/agreements/a-public/history")
    assert refused.status_code == 403


def test_a_field_without_a_value_says_so_in_the_readers_language(platform: Platform) -> None:
    cookie_login(platform, "mira")
    agreement = platform.client.get("/api/agreements/a-public").json()
    assert agreement["notes"] is None and agreement["quantity"] is None
    page = platform.client.get(
        "/records/agreements/a-public", headers={"Accept-Language": "uk"}
    ).text
    assert '<dt>Примітки</dt><dd><span class="unset">не зазначено</span></dd>' in page
    assert '<dd><span class="unset">' not in page.split("<dt>Сторони</dt>")[1].split("</dd>")[0]
