"""What the public reads of a record (its fields with a value, no internal field, labels in
the reader's language), and making a record public or withdrawing it from its page: offered
to the roles that may (the owning organisation, the ministry, an admin), with a confirmation
and a message; refused (no button, 403) to the others; audited."""

from __future__ import annotations

import html as html_text
import re
from typing import Any

from tests.api.conftest import Platform
from tests.api.platform_world import USERS
from tests.api.test_page_actions import HTML, login

UK = {"Accept": "text/html", "Accept-Language": "uk"}


def _rows(page: str) -> dict[str, str]:
    """The label → value rows of a page's record list (tags dropped)."""
    block = page[page.index('<dl class="record"') : page.index("</dl>")]
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, flags=re.S)
    return {
        html_text.unescape(name): html_text.unescape(re.sub(r"<[^>]+>", "", value)).strip()
        for name, value in pairs
    }


def _mark(platform: Platform, path: str) -> None:
    answer = platform.client.put(f"/api/{path}/public", headers=platform.headers("ministry"))
    assert answer.status_code == 200, answer.text


def _trail(platform: Platform) -> list[tuple[str, str, str]]:
    entries = platform.client.get(
        "/api/audit", headers=platform.headers("ministry"), params={"object_type": "PublicRecord"}
    ).json()
    return [(e["object_key"], e["actor"], e["action"]) for e in reversed(entries)]  # oldest 1st


def test_the_public_reads_fields_with_a_value_and_no_internal_one(platform: Platform) -> None:
    _mark(platform, "agreements/a-public")
    _mark(platform, "needs/need-drones")
    agreement = platform.client.get("/api/public/agreements/a-public").json()
    # Stored: visibility "public", scope [], systems [], quantity, value and notes None.
    assert agreement == {
        "key": "a-public",
        "title": "Agreement a-public",
        "type": "contract",
        "status": "signed",
        "parties": ["FR", "UA"],
        "history": [{"status": "signed", "on": "2025-03-01"}],
    }
    need = platform.client.get("/api/public/needs/need-drones").json()
    assert "priority" not in need and need["quantity"] > 0 and "illustrative" not in need
    listed = platform.client.get("/api/public/agreements").json()["items"]
    assert listed == [agreement]
    english = _rows(platform.client.get("/public/agreements/a-public", headers=HTML).text)
    assert english == {
        "Key": "a-public",
        "Title": "Agreement a-public",
        "Type": "contract",
        "Status": "signed",
        "Parties": "France, Ukraine",
        "History": "signed, Mar 1, 2025",
    }
    ukrainian = _rows(platform.client.get("/public/agreements/a-public", headers=UK).text)
    assert list(ukrainian) == ["Ключ", "Назва", "Вид", "Статус", "Сторони", "Історія"]
    assert ukrainian["Вид"] == "контракт" and ukrainian["Статус"] == "підписано"
    assert ukrainian["Сторони"] == "Франція, Україна"
    need_page = _rows(platform.client.get("/public/needs/need-drones", headers=HTML).text)
    assert "Priority" not in need_page and "Quantity" in need_page


def test_the_preview_reads_like_the_public_page_in_the_readers_language(
    platform: Platform,
) -> None:
    """What the owner is shown before publishing: labels, never stored values or codes."""
    login(platform, "ministry")
    for language, expected in (
        ("en", {"Type": "contract", "Status": "signed", "Parties": "France, Ukraine"}),
        ("uk", {"Вид": "контракт", "Статус": "підписано", "Сторони": "Франція, Україна"}),
    ):
        headers = {"Accept": "text/html", "Accept-Language": language}
        preview = platform.client.get("/records/agreements/a-public/public", headers=headers)
        shown = _rows(preview.text)
        assert {name: shown[name] for name in expected} == expected, language
        _mark(platform, "agreements/a-public")
        public = _rows(platform.client.get("/public/agreements/a-public", headers=headers).text)
        assert {name: public[name] for name in expected} == expected, language
    line = _rows(platform.client.get("/records/production_lines/acme-line/public", headers=UK).text)
    assert (
        line["Країна компанії"] == "Франція" and line["Країна розміщення виробництва"] == "Україна"
    )


OWNED = [
    ("ministry", "agreements/a-acme"),
    ("admin", "needs/need-drones"),
    ("manufacturer", "production_lines/acme-line"),
    ("funder", "funding_instruments/fr-fund"),
]


def test_an_owner_makes_a_record_public_and_withdraws_it(platform: Platform) -> None:
    for role, path in OWNED:
        _publish_and_withdraw(platform, role, path)
    assert _trail(platform) == [
        (path, USERS[role][0], action) for role, path in OWNED for action in ("create", "delete")
    ]


def _publish_and_withdraw(platform: Platform, role: str, path: str) -> None:
    token = login(platform, role)
    record_page = platform.client.get(f"/records/{path}", headers=HTML).text
    assert "Not public" in record_page and f'href="/records/{path}/public"' in record_page
    confirm = platform.client.get(f"/records/{path}/public", headers=HTML).text
    assert "Make this record public?" in confirm and 'value="publish"' in confirm
    assert f"http://testserver/public/{path}" in confirm
    assert "Visibility" not in _rows(confirm)  # the preview is what the public reads
    done = platform.client.post(
        f"/records/{path}/public",
        data={"csrf_token": token, "decision": "publish"},
        headers=HTML,
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"/records/{path}?done=published"
    shown = platform.client.get(done.headers["location"], headers=HTML).text
    assert "The record is public: anyone can read it" in shown and "Public since" in shown
    assert "Withdraw from public" in shown
    platform.client.cookies.clear()
    assert platform.client.get(f"/public/{path}", headers=HTML).status_code == 200
    token = login(platform, role)
    withdrawn = platform.client.post(
        f"/records/{path}/public",
        data={"csrf_token": token, "decision": "withdraw"},
        headers=HTML,
    )
    assert withdrawn.status_code == 200 and "The record is no longer public" in withdrawn.text
    assert platform.client.get(f"/api/public/{path}").status_code == 404


NOT_OWNED = [
    ("analyst", "agreements/a-public"),  # sees it (visible to every account), owns nothing
    ("funder", "agreements/a-fr"),  # a party to it: agreements are the ministry's to publish
    ("funder", "production_lines/acme-line"),  # sees the line it pays: the maker's to publish
    ("manufacturer", "funding_instruments/fr-fund"),  # pays its order: the funder's
    ("manufacturer", "agreements/a-acme"),
]


def test_a_role_that_may_not_publish_gets_no_button_and_403(platform: Platform) -> None:
    for role, path in NOT_OWNED:
        _refused(platform, role, path)
    # A record the caller does not see at all: not found, as everywhere.
    token = login(platform, "manufacturer")
    assert platform.client.get("/records/production_lines/rival-line/public").status_code == 404
    answer = platform.client.post(
        "/records/production_lines/rival-line/public",
        data={"csrf_token": token, "decision": "publish"},
    )
    assert answer.status_code == 404
    assert _trail(platform) == []


def _refused(platform: Platform, role: str, path: str) -> None:
    token = login(platform, role)
    record_page = platform.client.get(f"/records/{path}", headers=HTML)
    assert record_page.status_code == 200
    assert f"/records/{path}/public" not in record_page.text
    refused = platform.client.get(f"/records/{path}/public", headers=HTML)
    assert refused.status_code == 403
    assert "Your account may not make these records public" in refused.text
    posted = platform.client.post(
        f"/records/{path}/public", data={"csrf_token": token, "decision": "publish"}, headers=UK
    )
    assert posted.status_code == 403
    assert "Ваш обліковий запис не може робити такі записи публічними" in posted.text
    assert platform.client.get(f"/api/public/{path}").status_code == 404, (role, path)


def test_the_decision_needs_the_session_token_and_a_known_decision(platform: Platform) -> None:
    token = login(platform, "ministry")
    address = "/records/agreements/a-acme/public"
    forged: Any = platform.client.post(address, data={"csrf_token": "x", "decision": "publish"})
    assert forged.status_code == 403
    odd = platform.client.post(address, data={"csrf_token": token, "decision": "maybe"})
    assert odd.status_code == 422 and "publish or withdraw" in odd.text
    assert _trail(platform) == []
    # The confirmation and the record's page in Ukrainian, once the record is public.
    _mark(platform, "agreements/a-acme")
    page = platform.client.get(address, headers=UK).text
    assert "Відкликати цей запис із публічного доступу?" in page
    assert 'value="withdraw"' in page and "Що з нього бачить публіка" in page
    record_page = platform.client.get("/records/agreements/a-acme", headers=UK).text
    assert "Публічний з" in record_page and "Відкликати з публічного доступу" in record_page
