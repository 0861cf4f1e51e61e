"""The pages in the reader's language: chosen from Accept-Language or the header's switch, with
numbers, money, dates and enum values written as that reader writes them."""

from __future__ import annotations

import pytest

from tests.api.conftest import Platform
from tests.api.test_access import cookie_login


def _get(platform: Platform, path: str, language: str | None = None) -> str:
    headers = {"Accept-Language": language} if language else {}
    answer = platform.client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_the_dashboard_follows_accept_language(platform: Platform) -> None:
    cookie_login(platform, "mira")
    answer = platform.client.get("/", headers={"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"})
    assert answer.headers["content-language"] == "uk"
    assert '<html lang="uk">' in answer.text
    assert "<h1>Огляд</h1>" in answer.text
    assert "Угоди" in answer.text and "Виробничі лінії" in answer.text
    assert "4 угоди" in answer.text and "1 потреба" in answer.text  # counts agree in number
    assert "Dashboard" not in answer.text
    french = _get(platform, "/", "fr-FR,fr;q=0.9")
    assert "<h1>Tableau de bord</h1>" in french
    assert "<h1>Dashboard</h1>" in _get(platform, "/", "de-DE")


def test_the_switch_remembers_the_choice_over_accept_language(platform: Platform) -> None:
    cookie_login(platform, "mira")
    answer = platform.client.get(
        "/language/fr?next=/records/agreements%3Fsort%3D-key", follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/records/agreements?sort=-key"
    page = _get(platform, "/records/agreements", "uk")
    assert '<html lang="fr">' in page and "Accords" in page
    assert "contrat" in page and "signé" in page  # enum values as French labels


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_the_switch_never_leaves_the_site(platform: Platform, target: str) -> None:
    answer = platform.client.get("/language/uk", params={"next": target}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"


def test_an_unknown_language_is_not_found(platform: Platform) -> None:
    answer = platform.client.get("/language/xx", headers={"Accept": "text/html"})
    assert answer.status_code == 404


def test_money_dates_and_enums_are_written_for_the_reader(platform: Platform) -> None:
    cookie_login(platform, "mira")
    english = _get(platform, "/records/funding_instruments/fr-fund", "en")
    assert "€1,000,000" in english and "1000000.00" not in english
    assert "direct-order fund" in english and "direct_order_fund" not in english
    ukrainian = _get(platform, "/records/funding_instruments/fr-fund", "uk")
    assert "1\xa0000\xa0000\xa0євро" in ukrainian
    assert "фонд прямих замовлень" in ukrainian
    agreement = _get(platform, "/records/agreements/a-public", "uk")
    assert "1 бер. 2025" in agreement.replace("\xa0", " ")  # the history's date
    assert "контракт" in agreement and "підписано" in agreement
    assert "усі користувачі платформи" in agreement  # visibility: public
    need = _get(platform, "/records/needs/need-drones", "en")
    assert "Jan 2026" in need  # the due month


def test_the_login_page_offers_every_language(platform: Platform) -> None:
    page = _get(platform, "/login", "uk")
    assert "<h1>Увійти</h1>" in page
    for code in ("uk", "en", "fr"):
        assert f'href="/language/{code}?next=/login"' in page


def test_the_address_names_the_language_of_one_page(platform: Platform) -> None:
    cookie_login(platform, "mira")
    platform.client.get("/language/fr", follow_redirects=False)  # the switch says French
    shared = _get(platform, "/records/agreements?lang=uk", "en")
    assert '<html lang="uk">' in shared and "Угоди" in shared
    assert '<html lang="fr">' in _get(platform, "/records/agreements", "uk")  # nothing remembered
    assert '<html lang="fr">' in _get(platform, "/records/agreements?lang=xx")  # unknown: ignored


def test_the_switch_on_a_shared_page_drops_its_language(platform: Platform) -> None:
    answer = platform.client.get(
        "/language/en",
        params={"next": "/records/agreements?sort=-key&lang=uk"},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/records/agreements?sort=-key"
