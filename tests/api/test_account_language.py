"""The account's language: set on the account page, used before Accept-Language (in any
browser the person logs in from); the header's switch still changes it in one browser."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coprod.db.auth_models import UserRow
from tests.api.conftest import Platform
from tests.api.test_access import cookie_login

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}


def _stored(platform: Platform, user: str) -> str | None:
    with Session(platform.engine) as session:
        return session.scalar(select(UserRow.language).where(UserRow.key == user))


def _save(platform: Platform, token: str, language: str) -> int:
    answer = platform.client.post(
        "/account/language",
        data={"csrf_token": token, "language": language},
        headers={"Accept": "text/html"},
        follow_redirects=False,
    )
    return answer.status_code


def test_the_account_language_comes_before_accept_language(platform: Platform) -> None:
    token = cookie_login(platform, "mira")
    page = platform.client.get("/account", headers=ENGLISH).text
    assert "Language of the pages" in page and '<option value="" selected>' in page
    assert _save(platform, token, "uk") == 303
    assert _stored(platform, "mira") == "uk"
    # Another browser of the same person: no switch cookie, an English browser.
    platform.client.cookies.clear()
    cookie_login(platform, "mira")
    answer = platform.client.get("/", headers=ENGLISH)
    assert answer.headers["content-language"] == "uk" and "<h1>Огляд</h1>" in answer.text
    assert '<option value="uk" lang="uk" selected>' in platform.client.get("/account").text
    # An error page of that account is in its language too.
    missing = platform.client.get(
        "/records/agreements/nothing", headers={**ENGLISH, "Accept": "text/html"}
    )
    assert missing.status_code == 404 and '<html lang="uk">' in missing.text


def test_the_switch_still_changes_the_language_in_one_browser(platform: Platform) -> None:
    token = cookie_login(platform, "mira")
    assert _save(platform, token, "uk") == 303
    platform.client.get("/language/fr?next=/")
    assert "<h1>Tableau de bord</h1>" in platform.client.get("/", headers=ENGLISH).text
    # Saving the setting again makes the switch's earlier choice give way to it.
    assert _save(platform, token, "uk") == 303
    assert "<h1>Огляд</h1>" in platform.client.get("/", headers=ENGLISH).text


def test_as_the_browser_asks_gives_accept_language_back(platform: Platform) -> None:
    token = cookie_login(platform, "mira")
    assert _save(platform, token, "uk") == 303
    assert _save(platform, token, "") == 303
    assert _stored(platform, "mira") is None
    assert "<h1>Dashboard</h1>" in platform.client.get("/", headers=ENGLISH).text
    french = platform.client.get("/", headers={"Accept-Language": "fr"}).text
    assert "<h1>Tableau de bord</h1>" in french


def test_an_unknown_language_or_a_form_without_its_token_changes_nothing(
    platform: Platform,
) -> None:
    token = cookie_login(platform, "mira")
    assert _save(platform, token, "de") == 422
    assert _save(platform, "not-the-token", "uk") == 403
    assert _stored(platform, "mira") is None


def test_each_account_has_its_own_language(platform: Platform) -> None:
    token = cookie_login(platform, "mira")
    assert _save(platform, token, "fr") == 303
    platform.client.cookies.clear()
    cookie_login(platform, "ana")
    assert "<h1>Dashboard</h1>" in platform.client.get("/", headers=ENGLISH).text
    assert _stored(platform, "ana") is None and _stored(platform, "mira") == "fr"
