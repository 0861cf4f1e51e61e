"""Every page a role reaches is written in the reader's language: a crawl of the demo registry.

As each role, in Ukrainian and in French, the crawl starts at the dashboard, the navigation's
pages, the account, the header's search and the planner, and follows every link to another page
of the platform, one page per kind of page (one record per kind, each action form, history,
timeline, evidence viewer, review). Each page's visible text, less the registry's own data,
must hold no English text of the catalog, no raw enum value and no Python repr
(``tests/api/untranslated.py``). How to keep it so: docs/platform.md, "Translations".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from coprod.app import bind
from coprod.db.auth_models import UserRow
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.http.request import SESSION_COOKIE
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM
from coprod.services.accounts.demo_accounts import DEMO_ACCOUNTS, ensure_demo_accounts
from coprod.services.store import Store
from tests.api import untranslated
from tests.api.conftest import settings_for
from tests.stores import copy_sqlite

LANGUAGES = ("uk", "fr")
ROLES = tuple(account.role for account in DEMO_ACCOUNTS)
START = ("/", "/account", "/account/password", "/search?q=drone", "/public")
# Links the crawl does not follow: they change something, leave the pages or download a file.
NOT_PAGES = re.compile(r"^/(language/|logout|static/|api/|tracking\.csv)")
# Pages that answer an error, as a browser gets them: (address, status) for every role, and
# the planner for a role that may not plan.
ERRORS = (("/records/agreements/no-such-agreement", 404), ("/records/no-such-kind", 404))
NOT_PLANNERS = frozenset({"funder", "manufacturer", "analyst"})
KEPT_QUERIES = {"/tracking": {"by"}, "/review": {"state"}, "/search": {"q"}}
PLURALS = frozenset(kind.plural for kind in kinds.KINDS)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def links_of(html: str) -> list[str]:
    """The addresses of the page's links."""
    parser = _Links()
    parser.feed(html)
    return parser.links


def page_of(href: str) -> str | None:
    """The page a link leads to (its query kept only where it names another page), or None
    when it leads elsewhere or not to a page."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if NOT_PAGES.match(parts.path):
        return None
    kept = KEPT_QUERIES.get(parts.path, set())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k in kept])
    return parts.path + (f"?{query}" if query else "")


def shape_of(page: str) -> str:
    """What kind of page ``page`` is: its record key left out (one record per kind of page)."""
    path, _, query = page.partition("?")
    segments = path.strip("/").split("/")
    if segments[0] in {"records", "public"} and len(segments) >= 3 and segments[2] != "new":
        segments[2] = "*"
    elif segments[0] in {"documents", "review", "agreements"} and len(segments) >= 2:
        segments[1] = "*"
    return "/" + "/".join(segments) + (f"?{query}" if query else "")


@pytest.fixture(scope="module")
def demo_store(demo_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo registry with one browser session per demo account (the crawl only reads)."""
    folder = tmp_path_factory.mktemp("translations-demo")
    url = copy_sqlite(demo_sqlite_template, folder / "coprod.db")
    engine = make_engine(url)
    Store(url, engine).write(ensure_demo_accounts)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        users = uow.session.scalars(select(UserRow)).all()
        lines = [f"{user.role}={auth.open_session(uow, user).token}" for user in users]
        uow.commit()
    engine.dispose()
    (folder / "sessions").write_text("\n".join(lines))
    return folder


@pytest.fixture(scope="module")
def stored(demo_store: Path) -> untranslated.Data:
    """The registry's own strings, which pages show as they are."""
    return untranslated.registry_data(demo_store / "coprod.db")


@pytest.fixture(scope="module")
def demo_client(shared_app: FastAPI, demo_store: Path) -> Iterator[TestClient]:
    """The shared app bound to the demo registry."""
    settings = settings_for(demo_store)
    engine = make_engine(settings.database_url)
    with TestClient(bind(shared_app, settings, engine=engine)) as client:
        yield client
    engine.dispose()


def _browser(language: str) -> dict[str, str]:
    return {"Accept": "text/html", "Accept-Language": language}


def crawl(client: TestClient, language: str) -> Iterator[tuple[str, str]]:
    """Each page reachable from the start pages, one of each shape: (address, HTML)."""
    queue = list(START)
    shapes: set[str] = set()
    while queue:
        page = queue.pop(0)
        if shape_of(page) in shapes:
            continue
        shapes.add(shape_of(page))
        answer = client.get(page, headers=_browser(language))
        assert answer.status_code == 200, f"{page}: {answer.status_code}"
        assert answer.headers["content-language"] == language, page
        yield page, answer.text
        queue.extend(p for p in map(page_of, links_of(answer.text)) if p is not None)


def _crawled_findings(
    client: TestClient, sessions: Path, data: untranslated.Data, role: str, language: str
) -> tuple[list[str], list[str]]:
    """(the pages crawled, what they showed in English or raw) as ``role`` in ``language``."""
    tokens = dict(line.split("=", 1) for line in (sessions / "sessions").read_text().split())
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, tokens[role])
    crawled, found = [], []
    for page, html in crawl(client, language):
        crawled.append(page)
        found.extend(f"{page}: {line}" for line in untranslated.findings(html, language, data))
    refused = (("/planner", 403),) if role in NOT_PLANNERS else ()
    for page, status in (*ERRORS, *refused):
        answer = client.get(page, headers=_browser(language))
        assert answer.status_code == status, f"{page}: {answer.status_code}"
        crawled.append(page)
        found.extend(
            f"{page}: {line}" for line in untranslated.findings(answer.text, language, data)
        )
    return crawled, found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_the_administrator_reaches_is_in_the_readers_language(
    demo_client: TestClient, demo_store: Path, stored: untranslated.Data, language: str
) -> None:
    crawled, found = _crawled_findings(demo_client, demo_store, stored, "admin", language)
    assert {"/planner", "/review", "/alerts", "/tracking?by=category"} <= set(crawled)
    assert any(page.endswith("/act/advance") for page in crawled)  # the action forms
    # the new and edit forms of every kind of record (web/forms.py)
    assert {f"/records/{plural}/new" for plural in PLURALS} <= set(crawled)
    assert sum(page.endswith("/edit") for page in crawled) == len(PLURALS)
    assert any(page.startswith("/documents/") for page in crawled)  # the evidence viewer
    assert not found, "\n".join(found)


@pytest.mark.slow
@pytest.mark.parametrize("role", [role for role in ROLES if role != "admin"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_each_role_reaches_is_in_the_readers_language(
    demo_client: TestClient, demo_store: Path, stored: untranslated.Data, role: str, language: str
) -> None:
    crawled, found = _crawled_findings(demo_client, demo_store, stored, role, language)
    assert len(crawled) > 20, crawled  # the crawl went past the navigation
    assert not found, "\n".join(found)


def test_the_check_finds_english_raw_values_and_reprs_but_not_data() -> None:
    data = untranslated.data_of({"Acme Defence", "drones"}, {"drones"})
    page = (
        "<html><head><title>Угоди</title><style>.x{}</style></head><body>"
        "<h1>Orders</h1><p>Acme Defence · drones</p><td>memorandum_of_understanding</td>"
        "<td>{'on': None}</td><input type='submit' value='Save'><span title='Search'>x</span>"
        "<article lang='en'>An article in English.</article><code>coprod ingest</code>"
        "<p>%s</p><a href='/public'>http://testserver/public/agreements/a-1</a></body></html>"
    )
    found = untranslated.findings(page % "4 accords", "fr", data)
    assert [line.split(" in ")[0] for line in found] == [
        "English 'Orders'",
        "raw value 'memorandum_of_understanding'",
        "Python 'None'",
        'Python "{\'"',
        "English 'Save'",
        "English 'Search'",
    ]
    assert untranslated.findings(page % "4 agreements", "fr", data)[-1].startswith(
        "English '%(num)s agreement"
    )
    ukrainian = untranslated.findings(page % "4 угоди", "uk", data)
    assert "Latin word 'on' in \"{'on': None}\"" in ukrainian  # a word no msgid holds
