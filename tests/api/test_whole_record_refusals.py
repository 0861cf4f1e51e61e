"""A form refused for a field that cannot be read still says what the registry's rules find
in the fields that did read (an unknown reference, a history out of order), in one answer:
each beside its input and in the summary above the form, linked to it; nothing is written,
and what was typed is kept. A rule that needs an unread field is not judged: it says nothing
rather than something false."""

from __future__ import annotations

import re
from typing import Any

from tests.api.conftest import Platform, coded_problems
from tests.api.test_page_actions import HTML, act, login, record
from tests.api.test_page_actions import field_error as action_error
from tests.api.test_record_forms import UK, _agreement, _document, field_error, post, value_of

EN = {**HTML, "Accept-Language": "en"}
STATUSES = (
    "Order statuses go placed → in_production → delivered → accepted, forward only, or "
    "cancelled before delivery."
)
UNKNOWN_PARTY = "Запису no-such-co, доступного вам, не знайдено: оберіть запис зі списку."


def summary_links(page: str) -> dict[str, str]:
    """The summary above the form: each item's link target and its text."""
    summary = page.split('data-testid="refusal"')[1].split("</div>", maxsplit=1)[0]
    return dict(re.findall(r'<a href="#([^"]+)">([^<]*)</a>', summary))


def stored_keys(platform: Platform, plural: str) -> list[str]:
    answer = platform.client.get(f"/api/{plural}", headers=platform.headers("ministry"))
    return sorted(item["key"] for item in answer.json()["items"])


def test_a_new_record_says_a_field_error_and_an_unknown_reference_at_once(
    platform: Platform,
) -> None:
    _document(platform)
    token = login(platform, "ministry")
    before = stored_keys(platform, "agreements")
    form = _agreement(token, **{"history.1.on": "31.02.2025", "parties": "Франція, no-such-co"})
    answer = post(platform, "/records/agreements/new", form)
    assert answer.status_code == 422
    page = answer.text
    assert field_error(page, "history.1.on").startswith("Такого дня не існує")
    assert field_error(page, "parties") == UNKNOWN_PARTY
    links = summary_links(page)
    assert set(links) >= {"f-history-1-on", "f-parties"}
    assert value_of(page, "parties") == "Франція, no-such-co"  # as typed
    assert value_of(page, "history.1.on") == "31.02.2025"
    assert stored_keys(platform, "agreements") == before  # nothing written


def test_a_history_out_of_order_is_said_with_an_unreadable_number(platform: Platform) -> None:
    _document(platform)
    token = login(platform, "ministry")
    form = _agreement(
        token,
        quantity="багато",
        **{"history.0.on": "2025-03-15", "history.1.on": "2025-02-01"},
    )
    page = post(platform, "/records/agreements/new", form, **{"Accept-Language": "en"}).text
    assert field_error(page, "quantity") == "Enter a whole number."
    dated_back = field_error(page, "history.1.on")
    assert dated_back.startswith("This step is dated Feb 1, 2025, earlier than the step before")
    assert set(summary_links(page)) >= {"f-quantity", "f-history-1-on"}
    assert "The form was not saved. Please check:" in page
    assert value_of(page, "quantity") == "багато"


def test_a_rule_that_needs_an_unread_field_says_nothing(platform: Platform) -> None:
    """The instrument's pledged cannot be read: allocated ≤ pledged is not judged (its
    placeholder would say something false), the unknown funder is."""
    token = login(platform, "ministry")
    form = {
        "csrf_token": token,
        "key": "no-fund",
        "name": "Фонд",
        "funder": "no-such-co",
        "kind": "grant",
        "pledged": "сто",
        "pledged.currency": "EUR",
        "allocated": "100",
        "allocated.currency": "EUR",
        "disbursed": "0",
        "disbursed.currency": "EUR",
    }
    answer = post(platform, "/records/funding_instruments/new", form)
    assert answer.status_code == 422, answer.text
    page = answer.text
    assert field_error(page, "pledged") == "Зазначте суму, наприклад 1250.50."
    assert field_error(page, "funder") == UNKNOWN_PARTY
    assert field_error(page, "allocated") == ""
    assert set(summary_links(page)) == {"f-pledged", "f-funder"}
    assert "no-fund" not in stored_keys(platform, "funding_instruments")


def test_an_edit_says_both_and_leaves_the_stored_record_as_it_was(platform: Platform) -> None:
    token = login(platform, "ministry")
    before = record(platform, "agreements", "a-public")
    edit = platform.client.get("/records/agreements/a-public/edit", headers=UK).text
    form = dict(re.findall(r'<input[^>]* name="([^"]+)" value="([^"]*)"', edit))
    form |= {"csrf_token": token, "quantity": "багато", "parties": "Франція, no-such-co"}
    answer = post(platform, "/records/agreements/a-public/edit", form)
    assert answer.status_code == 422, answer.text
    page = answer.text
    assert field_error(page, "quantity") == "Зазначте ціле число."
    assert field_error(page, "parties") == UNKNOWN_PARTY
    assert value_of(page, "parties") == "Франція, no-such-co"
    assert record(platform, "agreements", "a-public") == before  # version and all


def test_an_order_form_says_an_unread_quantity_and_an_unknown_line(platform: Platform) -> None:
    token = login(platform, "manufacturer")
    before = stored_keys(platform, "orders")
    answer = act(
        platform,
        token,
        "/records/needs/need-drones/act/place-order",
        headers={"Accept-Language": "uk"},
        production_line="no-such-line",
        quantity="десять",
        unit_price="1000",
        **{"unit_price.currency": "EUR"},
        month="2026-03",
    )
    assert answer.status_code == 422, answer.text
    assert action_error(answer.text, "quantity") == "Зазначте ціле число."
    assert action_error(answer.text, "production_line") == (
        "Запису no-such-line, доступного вам, не знайдено: оберіть запис зі списку."
    )
    assert 'value="no-such-line"' in answer.text and 'value="десять"' in answer.text
    assert stored_keys(platform, "orders") == before


def test_the_api_answers_every_problem_of_a_record_at_once(platform: Platform) -> None:
    """The API's create runs the same use case: two unknown parties and a history dated
    backwards are answered together, each with its code and field."""
    body = {
        "key": "a-three",
        "title": "Three problems",
        "type": "contract",
        "status": "signed",
        "parties": ["no-such-co", "nor-this-one"],
        "history": [
            {"status": "planned", "on": "2025-03-15"},
            {"status": "signed", "on": "2025-02-01"},
        ],
    }
    headers = {**platform.headers("ministry"), "Accept-Language": "uk"}
    answer = platform.client.post("/api/agreements", json=body, headers=headers)
    assert coded_problems(answer) == [
        ("agreement.history_date_back", "history.1.on"),
        ("reference.unknown", "parties"),
        ("reference.unknown", "parties"),
    ]
    missing = platform.client.get("/api/agreements/a-three", headers=headers)
    assert missing.status_code == 404


def test_two_unknown_parties_in_one_input_are_both_named(platform: Platform) -> None:
    _document(platform)
    token = login(platform, "ministry")
    form = _agreement(token, quantity="багато", parties="no-such-co, Франція, nor-this-one")
    page = post(platform, "/records/agreements/new", form).text
    said = field_error(page, "parties")
    assert "no-such-co" in said and "nor-this-one" in said, said
    assert field_error(page, "quantity") == "Зазначте ціле число."


# The action forms that change a record (advance an agreement, cancel an order, confirm its
# receipt, move a project's stage) read their step in part as well: what the step's rules
# and the registry's find is said with the unread fields, and nothing is written.


def _version(platform: Platform, address: str) -> str:
    """The version an action form was read at."""
    page = platform.client.get(address, headers=HTML)
    assert page.status_code == 200, page.text
    found = re.search(r'name="version" value="(\d+)"', page.text)
    assert found is not None
    return found.group(1)


def _stale(platform: Platform, token: str, address: str, version: str, **form: str) -> Any:
    """Submit an action form read before the record changed (its page is not offered now)."""
    data = {"csrf_token": token, "version": version, **form}
    return platform.client.post(address, data=data, headers=EN, follow_redirects=False)


def test_advancing_says_an_unread_date_and_a_step_the_lifecycle_refuses(
    platform: Platform,
) -> None:
    token = login(platform, "ministry")
    before = record(platform, "agreements", "a-public")
    answer = act(
        platform,
        token,
        "/records/agreements/a-public/act/advance",
        headers={"Accept-Language": "uk"},
        status="completed",  # signed cannot go straight to completed
        on="31.02.2026",
        note="як набрано",
    )
    assert answer.status_code == 422, answer.text
    page = answer.text
    assert action_error(page, "on").startswith("Такого дня не існує")
    assert action_error(page, "status") == (
        "Угоду не можна перевести зі статусу «підписано» у статус «виконано»: оберіть "
        "наступний статус зі списку."
    )
    assert set(summary_links(page)) >= {"a-on", "a-status"}
    assert 'value="31.02.2026"' in page and 'value="як набрано"' in page
    assert record(platform, "agreements", "a-public") == before  # version and all


def test_cancelling_says_an_unread_date_and_a_status_step_back(platform: Platform) -> None:
    """A cancel form read while the order was placed, sent once it was accepted."""
    token = login(platform, "manufacturer")
    cancel = "/records/orders/acme-order/act/cancel-order"
    version = _version(platform, cancel)
    ministry = login(platform, "ministry")
    accepted = act(platform, ministry, "/records/orders/acme-order/act/confirm-receipt")
    assert accepted.status_code == 303, accepted.text
    before = record(platform, "orders", "acme-order")
    token = login(platform, "manufacturer")
    answer = _stale(platform, token, cancel, version, on="02/31/2026")
    assert answer.status_code == 422, answer.text
    page = answer.text
    assert (
        action_error(page, "on") == "There is no such day: 02/31/2026. Check the day and the month."
    )
    assert STATUSES in page  # the step back from accepted, above the form
    assert 'value="02/31/2026"' in page
    assert record(platform, "orders", "acme-order") == before


def test_confirming_receipt_says_an_unread_date_and_a_cancelled_order(
    platform: Platform,
) -> None:
    """A receipt form read while the order was placed, sent once it was cancelled."""
    token = login(platform, "manufacturer")
    placed = act(
        platform,
        token,
        "/records/needs/need-drones/act/place-order",
        production_line="acme-line",
        quantity="20",
        unit_price="1000",
        **{"unit_price.currency": "EUR"},
        month="2026-03",
    )
    assert placed.status_code == 303, placed.text
    receipt = "/records/orders/acme-line-2026-03/act/confirm-receipt"
    ministry = login(platform, "ministry")
    version = _version(platform, receipt)
    cancelled = act(platform, ministry, "/records/orders/acme-line-2026-03/act/cancel-order")
    assert cancelled.status_code == 303, cancelled.text
    before = record(platform, "orders", "acme-line-2026-03")
    answer = _stale(platform, ministry, receipt, version, on="13/45/2026")
    assert answer.status_code == 422, answer.text
    page = answer.text
    assert (
        action_error(page, "on") == "There is no such day: 13/45/2026. Check the day and the month."
    )
    assert STATUSES in page  # cancelled is final
    assert record(platform, "orders", "acme-line-2026-03") == before


def test_moving_a_stage_says_an_unread_date_and_a_stage_back(platform: Platform) -> None:
    project = {
        "key": "p-drone",
        "name": "Drone project",
        "partners": ["acme", "UA"],
        "stages": [{"stage": "trl4", "on": "2026-01-01"}],
    }
    headers = platform.headers("ministry")
    created = platform.client.post("/api/innovation_projects", json=project, headers=headers)
    assert created.status_code == 201, created.text
    before = record(platform, "innovation_projects", "p-drone")
    token = login(platform, "ministry")
    answer = act(
        platform,
        token,
        "/records/innovation_projects/p-drone/act/move-stage",
        headers={"Accept-Language": "en"},
        stage="trl3",  # below the recorded trl4
        on="02/30/2026",
    )
    assert answer.status_code == 422, answer.text
    page = answer.text
    assert action_error(page, "stage") == "Maturity stages move forward only, with dates."
    assert (
        action_error(page, "on") == "There is no such day: 02/30/2026. Check the day and the month."
    )
    assert 'value="02/30/2026"' in page
    assert record(platform, "innovation_projects", "p-drone") == before


def test_advancing_says_an_unread_date_and_a_quote_the_document_lacks(
    platform: Platform,
) -> None:
    _document(platform)  # no stored text: no sentence can be quoted from it
    token = login(platform, "ministry")
    before = record(platform, "agreements", "a-public")
    answer = act(
        platform,
        token,
        "/records/agreements/a-public/act/advance",
        headers={"Accept-Language": "en"},
        status="in_force",
        on="02/30/2026",
        document="doc-loi",
        quote="Signed in Paris.",
    )
    assert answer.status_code == 422, answer.text
    page = answer.text
    assert action_error(page, "on").startswith("There is no such day: 02/30/2026.")
    assert action_error(page, "quote") == (
        "The stored text of the document does not contain this sentence: copy it exactly, or "
        "leave the quote empty."
    )
    assert "Signed in Paris.</textarea>" in page or 'value="Signed in Paris."' in page
    assert record(platform, "agreements", "a-public") == before


def test_advancing_names_an_unknown_document_with_an_unread_date(platform: Platform) -> None:
    token = login(platform, "ministry")
    before = record(platform, "agreements", "a-public")
    answer = act(
        platform,
        token,
        "/records/agreements/a-public/act/advance",
        headers={"Accept-Language": "uk"},
        status="in_force",
        on="31.02.2026",
        document="no-such-doc",
    )
    assert answer.status_code == 422, answer.text
    page = answer.text
    assert action_error(page, "on").startswith("Такого дня не існує")
    assert "Запису no-such-doc, доступного вам, не знайдено" in page
    assert 'value="no-such-doc"' in page
    assert record(platform, "agreements", "a-public") == before
