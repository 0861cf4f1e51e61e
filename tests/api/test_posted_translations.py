"""The pages a reader reaches only by submitting a form are written in the reader's language.

The crawl of ``test_page_translations.py`` reads the pages links lead to; this one submits
every form those pages hold (one of each shape: each action form, the planner's three buttons,
publishing, review, the watchlist, the searches and filters of each list, the account's
password; not logging out, not the language switch, and not the generic new and edit forms),
each once with a valid input and once with an invalid one (``tests/api/posting.py``), as the
administrator of the demo registry in Ukrainian and in French, and reads what comes back (a
refusal beside the field, a plan, a preview, a search that found nothing, the page a success
leads to) with the same check for English left or raw values (``tests/api/untranslated.py``).
The store is a copy of its own: submitting forms changes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select

from coprod.app import bind
from coprod.db.auth_models import UserRow
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.http.request import SESSION_COOKIE
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM
from coprod.services.accounts.demo_accounts import ensure_demo_accounts
from coprod.services.store import Store
from tests.api import posting, untranslated
from tests.api.conftest import settings_for
from tests.api.test_page_translations import LANGUAGES, crawl, shape_of
from tests.stores import copy_sqlite

# Forms not submitted: they end the session or change the pages' language for what follows,
# and the generic new and edit forms, which are being rebuilt apart from this crawl.
NOT_SUBMITTED = ("/logout", "/language/", "/account/language", "/new", "/edit")
# A result is a page of the platform in the reader's language: a success's redirect is
# followed to it (a page, never a download).
MOST_REDIRECTS = 3


@pytest.fixture
def admin_client(
    shared_app: FastAPI, demo_sqlite_template: Path, tmp_path: Path
) -> Iterator[TestClient]:
    """The shared app bound to this test's own copy of the demo, logged in as its admin."""
    url = copy_sqlite(demo_sqlite_template, tmp_path / "posted" / "coprod.db")
    engine = make_engine(url)
    Store(url, engine).write(ensure_demo_accounts)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        admin = uow.session.scalars(select(UserRow).where(UserRow.role == "admin")).one()
        token = auth.open_session(uow, admin).token
        uow.commit()
    with TestClient(bind(shared_app, settings_for(tmp_path / "posted"), engine=engine)) as client:
        client.cookies.set(SESSION_COOKIE, token)
        yield client
    engine.dispose()


@pytest.fixture(scope="module")
def stored_strings(demo_sqlite_template: Path) -> untranslated.Data:
    """The demo registry's own strings, which pages show as they are."""
    typed = {posting.BAD_TEXT, posting.BAD_NUMBER, posting.FOUND_TEXT}
    return untranslated.registry_data(demo_sqlite_template, typed)


def _headers(language: str) -> dict[str, str]:
    return {"Accept": "text/html", "Accept-Language": language}


def _forms(client: TestClient, language: str) -> Iterator[tuple[str, posting.Form, str]]:
    """(the page, a form on it, the address a button submits it to), one of each shape."""
    shapes: set[tuple[str, str, str]] = set()
    for page, html in crawl(client, language):
        for form in posting.forms_of(html):
            for target in form.submits:
                shape = (form.method, shape_of(target.split("?")[0]), shape_of(page))
                if form.method == "get":  # the header's search is on every page: once
                    shape = (form.method, shape_of(target.split("?")[0]), "")
                if shape in shapes or any(part in target for part in NOT_SUBMITTED):
                    continue
                shapes.add(shape)
                yield page, form, target


def _first_choice(client: TestClient, source: str) -> str | None:
    offered = client.get(source, params={"q": ""}).json()
    items = offered if isinstance(offered, list) else offered.get("choices", [])
    return next((str(item.get("key") or item.get("value")) for item in items), None)


def _submitted(
    client: TestClient, form: posting.Form, target: str, data: dict[str, str], language: str
) -> Response:
    if form.method == "get":
        answer = client.get(target, params=data, headers=_headers(language))
    else:
        answer = client.post(target, data=data, headers=_headers(language), follow_redirects=False)
    for _ in range(MOST_REDIRECTS):
        if answer.status_code not in {302, 303}:
            break
        answer = client.get(answer.headers["location"], headers=_headers(language))
    return answer


# Ukrainian in the default suite; French, which the same pages and catalogs serve, with the
# slow tests (the crawl submits some 80 forms per language, three of them plan runs).
@pytest.mark.parametrize(
    "language",
    [
        language if language == "uk" else pytest.param(language, marks=pytest.mark.slow)
        for language in LANGUAGES
    ],
)
def test_every_result_of_a_form_is_in_the_readers_language(
    admin_client: TestClient, stored_strings: untranslated.Data, language: str
) -> None:
    found: list[str] = []
    submitted: list[str] = []
    for page, form, target in list(_forms(admin_client, language)):
        filled = {
            "valid": posting.valid(form, lambda source: _first_choice(admin_client, source)),
            "invalid": posting.invalid(form),
        }
        for how, data in filled.items():
            answer = _submitted(admin_client, form, target, data, language)
            where = f"{form.method.upper()} {target} ({how}, from {page}) → {answer.status_code}"
            submitted.append(where)
            if not answer.headers["content-type"].startswith("text/html"):
                found.append(f"{where}: not a page ({answer.headers['content-type']})")
            elif answer.headers.get("content-language") != language:
                found.append(
                    f"{where}: in {answer.headers.get('content-language')}: {answer.text[:300]}"
                )
            found += [
                f"{where}: {line}"
                for line in untranslated.findings(answer.text, language, stored_strings)
            ]
    assert any("/act/advance" in s for s in submitted), submitted
    assert any("/planner/run" in s for s in submitted) and any(
        "/planner/risk" in s for s in submitted
    )
    assert not found, "\n".join(found)
