"""The new and edit forms of records through the pages: steps and citations as rows (added
and removed without JavaScript), enum values by their labels, dates and countries typed in
the page's language; a refusal keeps the form as typed, its reason beside the input."""

from __future__ import annotations

import html as html_text
import re
from typing import Any

from coprod.errors import InvalidInput
from coprod.web import forms
from tests.api.conftest import Platform
from tests.api.test_page_actions import HTML, login, record

UK = {**HTML, "Accept-Language": "uk"}


def field_error(page: str, name: str) -> str:
    """The refusal shown beside the input ``name`` ('' when none)."""
    found = re.search(
        rf'<p class="error field-error" id="[^"]*" data-field="{re.escape(name)}">([^<]*)</p>',
        page,
    )
    return html_text.unescape(found.group(1)) if found else ""


def value_of(page: str, name: str) -> str:
    """What the input ``name`` holds on the page."""
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert found is not None, name
    return html_text.unescape(found.group(1))


def post(platform: Platform, address: str, form: dict[str, str], **headers: str) -> Any:
    return platform.client.post(
        address, data=form, headers={**UK, **headers}, follow_redirects=False
    )


def _document(platform: Platform) -> None:
    body = {"key": "doc-loi", "name": "loi.txt", "sha256": "0" * 64}
    created = platform.client.post(
        "/api/source_documents", json=body, headers=platform.headers("ministry")
    )
    assert created.status_code == 201, created.text


def _agreement(token: str, **more: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "key": "uk-form",
        "title": "Меморандум про спільне виробництво",
        "type": "memorandum_of_understanding",
        "status": "signed",
        "parties": "Франція, Україна",
        "scope.co_production": "on",
        "history.rows": "2",
        "history.0.status": "planned",
        "history.0.on": "01.02.2025",
        "history.1.status": "signed",
        "history.1.on": "15.03.2025",
        "evidence.rows": "1",
        "evidence.0.document": "doc-loi",
        "evidence.0.note": "Підписано в Парижі",
        **more,
    }


def test_a_new_agreement_is_made_in_ukrainian_with_steps_and_evidence(
    platform: Platform,
) -> None:
    _document(platform)
    token = login(platform, "ministry")
    form = platform.client.get("/records/agreements/new", headers=UK).text
    assert "memorandum_of_understanding</option>" not in form
    assert ">меморандум про взаєморозуміння</option>" in form
    assert 'type="date"' not in form and "ДД.ММ.РРРР, наприклад 24.02.2025" in form
    assert "<textarea" not in form.split('id="f-history"')[1].split("</fieldset>")[0]
    answer = post(platform, "/records/agreements/new", _agreement(token))
    assert answer.status_code == 303, answer.text
    stored = record(platform, "agreements", "uk-form")
    assert stored["history"] == [
        {"status": "planned", "on": "2025-02-01"},
        {"status": "signed", "on": "2025-03-15"},
    ]
    assert stored["evidence"] == [
        {"document": "doc-loi", "start": 0, "end": 0, "note": "Підписано в Парижі"}
    ]
    assert stored["parties"] == ["FR", "UA"] and stored["scope"] == ["co_production"]
    assert stored["type"] == "memorandum_of_understanding"
    # the edit form shows it back as typed: names, dates in the reader's pattern, the rows
    edit = platform.client.get("/records/agreements/uk-form/edit", headers=UK).text
    assert value_of(edit, "parties") == "Франція, Україна"
    assert value_of(edit, "history.1.on") == "15.03.2025"
    assert value_of(edit, "history.rows") == "2"
    assert value_of(edit, "evidence.0.document") == "doc-loi"


def test_an_unreadable_date_is_said_beside_it_and_the_form_kept(platform: Platform) -> None:
    _document(platform)
    token = login(platform, "ministry")
    form = _agreement(token, **{"history.1.on": "31.02.2025", "parties": "Франція, Нарнія"})
    answer = post(platform, "/records/agreements/new", form)
    assert answer.status_code == 422
    page = answer.text
    assert field_error(page, "history.1.on") == (
        "Такого дня не існує: 31.02.2025. Перевірте день і місяць."
    )
    assert value_of(page, "history.1.on") == "31.02.2025"  # the typed text kept
    assert value_of(page, "history.0.on") == "01.02.2025"
    assert value_of(page, "title") == "Меморандум про спільне виробництво"
    assert 'data-testid="refusal"' in page
    missing = platform.client.get("/api/agreements/uk-form", headers=platform.headers("ministry"))
    assert missing.status_code == 404  # nothing kept


def test_an_unknown_country_name_is_said_beside_it(platform: Platform) -> None:
    token = login(platform, "ministry")
    form = {"csrf_token": token, "key": "narnia-co", "name": "Narnia Arms", "kind": "company"}
    answer = post(platform, "/records/organisations/new", {**form, "country": "Нарнія"})
    assert answer.status_code == 422
    assert field_error(answer.text, "country") == (
        "Немає країни з назвою «Нарнія»: виберіть її зі списку."
    )
    assert value_of(answer.text, "country") == "Нарнія"
    answer = post(platform, "/records/organisations/new", {**form, "country": "польща"})
    assert answer.status_code == 303, answer.text
    assert record(platform, "organisations", "narnia-co")["country"] == "PL"
    edit = platform.client.get("/records/organisations/narnia-co/edit", headers=UK).text
    assert value_of(edit, "country") == "Польща" and 'list="country-names"' in edit


def test_rows_are_added_and_removed_without_javascript(platform: Platform) -> None:
    token = login(platform, "ministry")
    form = _agreement(token, more="history")
    more = post(platform, "/records/agreements/new", form)
    assert more.status_code == 200
    assert value_of(more.text, "history.rows") == "3"
    assert 'name="history.2.on" value=""' in more.text
    assert value_of(more.text, "history.1.on") == "15.03.2025"  # what was typed, kept
    missing = platform.client.get("/api/agreements/uk-form", headers=platform.headers("ministry"))
    assert missing.status_code == 404  # adding a row saves nothing
    less = post(platform, "/records/agreements/new", _agreement(token, less="history.0"))
    assert value_of(less.text, "history.rows") == "1"
    assert value_of(less.text, "history.0.on") == "15.03.2025"  # the second row moved up
    assert 'name="history.1.on"' not in less.text


def test_a_record_saved_unchanged_from_its_form_stays_the_same(platform: Platform) -> None:
    token = login(platform, "ministry")
    before = record(platform, "agreements", "a-public")
    edit = platform.client.get("/records/agreements/a-public/edit", headers=UK).text
    form = dict(re.findall(r'<input [^>]*name="([^"]+)" value="([^"]*)"', edit))
    form = {k: html_text.unescape(v) for k, v in form.items()}
    form |= dict(re.findall(r'<select [^>]*name="([^"]+)"[^>]*>.*?value="([^"]*)" selected', edit))
    form |= dict.fromkeys(re.findall(r'name="([^"]+)" checked', edit), "on")
    form["csrf_token"] = token
    saved = post(platform, "/records/agreements/a-public/edit", form)
    assert saved.status_code == 303, saved.text
    after = record(platform, "agreements", "a-public")
    assert after == before


def test_a_form_in_french_reads_dates_day_first(platform: Platform) -> None:
    token = login(platform, "ministry")
    form = {
        "csrf_token": token,
        "key": "forum-fr",
        "name": "Forum des industries de défense",
        "kind": "forum",
        "on": "05/03/2025",
        "participants": "France, Ukraine",
    }
    answer = post(platform, "/records/events/new", form, **{"Accept-Language": "fr"})
    assert answer.status_code == 303, answer.text
    stored = record(platform, "events", "forum-fr")
    assert stored["on"] == "2025-03-05" and stored["participants"] == ["FR", "UA"]


def test_a_key_refused_is_said_beside_it(platform: Platform) -> None:
    token = login(platform, "ministry")
    form = {"csrf_token": token, "name": "Дрон", "category": "drones"}
    bad = post(platform, "/records/systems/new", {**form, "key": "Мій дрон"})
    assert bad.status_code == 422
    assert field_error(bad.text, "key").startswith("Напишіть ключ латинськими літерами")
    assert value_of(bad.text, "key") == "Мій дрон"
    taken = post(platform, "/records/systems/new", {**form, "key": "drone"})
    assert taken.status_code == 409
    assert field_error(taken.text, "key") == "Ключ drone уже використовується: оберіть інший."
    assert '<option value="drones" selected>безпілотні літальні апарати</option>' in taken.text


def test_a_records_format_refusal_names_its_input() -> None:
    refused = forms.placed(
        InvalidInput("new agreements: field 'history.1.on': Input should be a valid date")
    )
    assert refused.field == "history.1.on"
    kept = InvalidInput("no field named here")
    assert forms.placed(kept) is kept


def test_every_problem_of_a_refused_record_is_said_beside_its_input(
    platform: Platform,
) -> None:
    """The records format's every problem, not only the first (the others went unsaid)."""
    token = login(platform, "ministry")
    long = {"name": "x" * 600, "parent": "p" * 600, "aliases": "a" * 600}
    form = {"csrf_token": token, "key": "o-long", "kind": "company", **long}
    answer = post(platform, "/records/organisations/new", form)
    assert answer.status_code == 422
    for name in long:
        said = field_error(answer.text, name)
        assert (
            said == "Тут можна написати не більше ніж 500 символів (зараз їх 600): скоротіть текст."
        )


def test_the_summary_names_the_field_of_each_problem(platform: Platform) -> None:
    """Three fields too long read alike: the list above the form says whose each one is."""
    token = login(platform, "ministry")
    long = {"name": "x" * 600, "parent": "p" * 600, "aliases": "a" * 600}
    answer = post(
        platform,
        "/records/organisations/new",
        {"csrf_token": token, "key": "o-long", "kind": "company", **long},
    )
    assert answer.status_code == 422
    summary = answer.text.split('data-testid="refusal"')[1].split("</div>")[0]
    items = [html_text.unescape(i) for i in re.findall(r'<a href="#f-[^"]*">([^<]*)</a>', summary)]
    assert [i.split(": ")[0] for i in items] == ["Назва", "Материнська організація", "Інші назви"]


def test_a_missing_field_and_malformed_others_are_said_at_once(platform: Platform) -> None:
    """A required field left empty stopped the reading before the records format checked the
    others: their problems appeared only once it was filled in and the form sent again."""
    token = login(platform, "ministry")
    long = {"parent": "p" * 600, "aliases": "a" * 600}
    form = {"csrf_token": token, "key": "o-missing", "kind": "company", "name": "", **long}
    answer = post(platform, "/records/organisations/new", form)
    assert answer.status_code == 422
    assert field_error(answer.text, "name") == "Заповніть це поле."
    for name in long:
        assert field_error(answer.text, name) == (
            "Тут можна написати не більше ніж 500 символів (зараз їх 600): скоротіть текст."
        )
    summary = answer.text.split('data-testid="refusal"')[1].split("</div>")[0]
    items = [html_text.unescape(i) for i in re.findall(r'<a href="#f-[^"]*">([^<]*)</a>', summary)]
    assert [i.split(": ")[0] for i in items] == ["Назва", "Материнська організація", "Інші назви"]
    assert (
        platform.client.get(
            "/api/organisations/o-missing", headers=platform.headers("ministry")
        ).status_code
        == 404
    )


def test_a_malformed_row_and_a_format_problem_are_said_at_once(platform: Platform) -> None:
    """A form's unreadable input (a date) and the records format's problem of another field
    (a note too long) are both said, each beside its input; the row's date once, not twice."""
    _document(platform)
    token = login(platform, "ministry")
    form = _agreement(
        token,
        **{
            "history.rows": "3",
            "history.1.status": "",
            "history.1.on": "",
            "history.2.status": "signed",
            "history.2.on": "31.02.2025",
            "evidence.0.note": "n" * 20_001,
        },
    )
    answer = post(platform, "/records/agreements/new", form)
    assert answer.status_code == 422
    assert field_error(answer.text, "history.2.on") == (
        "Такого дня не існує: 31.02.2025. Перевірте день і місяць."
    )
    assert field_error(answer.text, "evidence.0.note").startswith(
        "Тут можна написати не більше ніж"
    )
    summary = answer.text.split('data-testid="refusal"')[1].split("</div>")[0]
    assert len(re.findall(r'<a href="#f-[^"]*">', summary)) == 2
