"""Workflow actions through the pages: each for a role that may take it, and refused (no
button, 403) for one that may not; a refusal keeps the form, with the reason beside the
field in the reader's language; the typeahead's choices are the caller's records only."""

from __future__ import annotations

import html as html_text
import re
from datetime import date
from typing import Any

import pytest

from tests.api.conftest import Platform
from tests.api.platform_world import USERS
from tests.api.test_access import cookie_login

HTML = {"Accept": "text/html"}


def login(platform: Platform, role: str) -> str:
    """Log the test client in as ``role``'s account; its CSRF token."""
    platform.client.cookies.clear()
    return cookie_login(platform, USERS[role][0])


def act(
    platform: Platform, token: str, address: str, headers: dict[str, str] | None = None, **form: str
) -> Any:
    """Submit an action form as its page does (the version read from the form first)."""
    page = platform.client.get(address, headers=HTML)
    assert page.status_code == 200, page.text
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version is not None
    data = {"csrf_token": token, "version": version.group(1), **form}
    return platform.client.post(
        address, data=data, headers={**HTML, **(headers or {})}, follow_redirects=False
    )


def record(platform: Platform, plural: str, key: str) -> dict[str, Any]:
    """A record as the ministry reads it over the API."""
    answer = platform.client.get(f"/api/{plural}/{key}", headers=platform.headers("ministry"))
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def field_error(html: str, name: str) -> str:
    """The refusal shown beside the field ``name`` ('' when none)."""
    found = re.search(
        rf'<p class="error field-error" id="a-{name}-error" data-field="{name}">([^<]*)</p>', html
    )
    return html_text.unescape(found.group(1)) if found else ""


def buttons(platform: Platform, address: str) -> set[str]:
    """The workflow actions a record's page offers."""
    return set(re.findall(r'data-action="([a-z-]+)"', platform.client.get(address).text))


def test_the_ministry_advances_an_agreement_with_a_date(platform: Platform) -> None:
    token = login(platform, "ministry")
    assert buttons(platform, "/records/agreements/a-public") == {"advance"}
    page = platform.client.get("/records/agreements/a-public/act/advance").text
    # The lifecycle's next statuses from signed, and no other.
    offered = set(re.findall(r'<option value="([a-z_]+)"', page))
    assert offered == {"in_force", "cancelled"}
    answer = act(
        platform,
        token,
        "/records/agreements/a-public/act/advance",
        status="in_force",
        on="2026-02-03",
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/records/agreements/a-public?done=advance"
    stored = record(platform, "agreements", "a-public")
    assert stored["status"] == "in_force"
    assert stored["history"][-1] == {"status": "in_force", "on": "2026-02-03"}
    shown = platform.client.get(answer.headers["location"]).text
    assert "The agreement was advanced." in shown


@pytest.mark.parametrize("role", ["funder", "manufacturer", "analyst"])
def test_who_may_not_advance_an_agreement_sees_no_button_and_is_refused(
    platform: Platform, role: str
) -> None:
    token = login(platform, role)
    assert buttons(platform, "/records/agreements/a-public") == set()
    address = "/records/agreements/a-public/act/advance"
    assert platform.client.get(address, headers=HTML).status_code == 403
    answer = platform.client.post(
        address,
        data={"csrf_token": token, "version": "1", "status": "in_force", "on": "2026-02-03"},
        headers=HTML,
    )
    assert answer.status_code == 403
    assert record(platform, "agreements", "a-public")["status"] == "signed"


def test_a_refused_step_keeps_the_form_and_says_why_beside_the_date(platform: Platform) -> None:
    token = login(platform, "ministry")
    address = "/records/agreements/a-public/act/advance"
    answer = act(platform, token, address, status="in_force", on="2024-12-31", note="kept")
    assert answer.status_code == 422
    assert 'value="2024-12-31"' in answer.text and 'value="kept"' in answer.text
    said = field_error(answer.text, "on")
    assert "earlier than the agreement's last recorded step" in said and "2025" in said
    assert 'aria-invalid="true"' in answer.text
    assert record(platform, "agreements", "a-public")["status"] == "signed"


def test_a_refusal_is_written_in_the_readers_language(platform: Platform) -> None:
    token = login(platform, "ministry")
    address = "/records/agreements/a-public/act/advance"
    ukrainian = {"Accept-Language": "uk"}
    answer = act(platform, token, address, ukrainian, status="in_force", on="2024-12-31")
    assert answer.status_code == 422
    assert field_error(answer.text, "on").startswith("Дата раніша за останню")
    empty = act(platform, token, address, ukrainian, status="in_force", on="")
    assert field_error(empty.text, "on") == "Заповніть це поле."
    french = act(platform, token, address, {"Accept-Language": "fr"}, status="in_force", on="x")
    assert field_error(french.text, "on") == (
        "Saisissez la date au format JJ/MM/AAAA, par exemple 24/02/2025."
    )


def _date_input(page: str, name: str) -> str:
    """The date input ``name`` of an action form (its tag)."""
    found = re.search(rf'<input id="a-{name}" name="{name}"[^>]*>', page)
    assert found is not None, page
    return found.group(0)


def test_a_date_is_typed_in_the_pages_language(platform: Platform) -> None:
    """The form's date is a text input with the reader's pattern beside it (not the browser's
    date control), prefilled in that pattern, read back in the reader's order or as ISO."""
    token = login(platform, "ministry")
    address = "/records/agreements/a-public/act/advance"
    today = date.today()
    for language, hint, shown in (
        ("uk", "ДД.ММ.РРРР, наприклад 24.02.2025", today.strftime("%d.%m.%Y")),
        ("en", "MM/DD/YYYY, for example 02/24/2025", today.strftime("%m/%d/%Y")),
        ("fr", "JJ/MM/AAAA, par exemple 24/02/2025", today.strftime("%d/%m/%Y")),
    ):
        page = platform.client.get(address, headers={**HTML, "Accept-Language": language}).text
        tag = _date_input(page, "on")
        assert 'type="date"' not in tag and f'value="{shown}"' in tag
        assert 'aria-describedby="a-on-hint"' in tag
        assert f'<p class="hint" id="a-on-hint">{hint}</p>' in page
    uk = {"Accept-Language": "uk"}
    no_day = act(platform, token, address, uk, status="in_force", on="30.02.2026")
    assert field_error(no_day.text, "on") == (
        "Такого дня не існує: 30.02.2026. Перевірте день і місяць."
    )
    assert 'value="30.02.2026"' in _date_input(no_day.text, "on")  # kept as typed
    assert 'aria-describedby="a-on-hint a-on-error"' in _date_input(no_day.text, "on")
    short = act(platform, token, address, uk, status="in_force", on="03.02.26")
    assert field_error(short.text, "on") == (
        "Зазначте рік повністю, чотирма цифрами, наприклад 24.02.2025."
    )
    english = act(platform, token, address, status="in_force", on="next week")
    assert field_error(english.text, "on") == (
        "Enter the date as MM/DD/YYYY, for example 02/24/2025."
    )
    assert record(platform, "agreements", "a-public")["status"] == "signed"
    # 03.02.2026 is the 3rd of February in Ukrainian
    done = act(platform, token, address, uk, status="in_force", on="03.02.2026")
    assert done.status_code == 303, done.text
    stored = record(platform, "agreements", "a-public")
    assert stored["history"][-1] == {"status": "in_force", "on": "2026-02-03"}


def test_a_date_typed_in_english_is_month_first(platform: Platform) -> None:
    token = login(platform, "manufacturer")
    address = "/records/orders/acme-order/act/record-delivery"
    answer = act(platform, token, address, quantity="5", delivered_on="05/04/2026")
    assert answer.status_code == 303, answer.text
    delivered = platform.client.get(
        "/api/deliveries",
        headers=platform.headers("ministry"),
        params={"filter": "order:acme-order"},
    ).json()["items"]
    assert "2026-05-04" in {d["delivered_on"] for d in delivered}


def test_the_api_still_answers_error_and_detail_in_english(platform: Platform) -> None:
    stored = record(platform, "agreements", "a-public")
    stored.pop("version", None)
    planned = {"status": "planned", "on": "2026-01-01"}
    answer = platform.client.put(
        "/api/agreements/a-public",
        json={**stored, "status": "planned", "history": [*stored["history"], planned]},
        headers=platform.headers("ministry", **{"If-Match": '"1"', "Accept-Language": "uk"}),
    )
    assert answer.status_code == 422
    # the same shape as ever, plus a refusal's stable code where it has one
    assert set(answer.json()) <= {"error", "detail", "code"}
    assert answer.json()["error"] in {"InvalidInput", "RuleViolation"}
    assert "signed" in answer.json()["detail"] and "planned" in answer.json()["detail"]
    order = {
        "key": "too-many",
        "need": "need-drones",
        "production_line": "acme-line",
        "instrument": None,
        "quantity": 100000,
        "unit_price": {"amount": "1000", "currency": "EUR"},
        "month": "2026-03",
    }
    over = platform.client.post("/api/orders", json=order, headers=platform.headers("ministry"))
    assert over.status_code == 422, over.text
    assert over.json().get("code") == "rule.need.never_over_ordered", over.json()
    assert "(rule: a need is never over-ordered)" in over.json()["detail"]


def test_a_manufacturer_places_an_order_for_a_need(platform: Platform) -> None:
    token = login(platform, "manufacturer")
    assert "place-order" in buttons(platform, "/records/needs/need-drones")
    answer = act(
        platform,
        token,
        "/records/needs/need-drones/act/place-order",
        production_line="acme-line",
        instrument="fr-fund",
        quantity="20",
        unit_price="1000",
        **{"unit_price.currency": "EUR"},
        month="2026-03",
    )
    assert answer.status_code == 303, answer.text
    order = record(platform, "orders", "acme-line-2026-03")
    assert order["status"] == "placed" and order["quantity"] == 20
    assert order["need"] == "need-drones" and order["instrument"] == "fr-fund"


def test_an_over_order_keeps_the_form_with_the_rule_beside_the_quantity(
    platform: Platform,
) -> None:
    token = login(platform, "manufacturer")
    answer = act(
        platform,
        token,
        "/records/needs/need-drones/act/place-order",
        production_line="acme-line",
        quantity="1 000",
        unit_price="1000",
        **{"unit_price.currency": "EUR"},
        month="2026-03",
    )
    assert answer.status_code == 422
    assert field_error(answer.text, "quantity") == "A need is never over-ordered."
    assert 'value="1 000"' in answer.text and 'value="acme-line"' in answer.text


def test_a_refused_action_writes_nothing_and_reads_once(platform: Platform) -> None:
    from tests.api.test_thin_entry_points import checkouts

    def stored() -> tuple[list[str], int]:
        headers = platform.headers("ministry")
        orders = platform.client.get("/api/orders", headers=headers).json()["items"]
        trail = platform.client.get("/api/audit/verify", headers=headers).json()
        return sorted(o["key"] for o in orders), trail["length"]

    before = stored()
    token = login(platform, "manufacturer")
    address = "/records/needs/need-drones/act/place-order"
    page = platform.client.get(address, headers=HTML).text
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version is not None
    over = {"production_line": "acme-line", "quantity": "1000", "unit_price": "1000"}
    unreadable = {"production_line": "acme-line", "quantity": "ten", "unit_price": "1000"}
    for form, field, said in [
        (over, "quantity", "A need is never over-ordered."),  # refused by a ledger rule
        (unreadable, "quantity", "Enter a whole number."),  # refused by the form's reading
    ]:
        data = {"csrf_token": token, "version": version.group(1), "month": "2026-03", **form}
        data["unit_price.currency"] = "EUR"
        with checkouts(platform.engine) as taken:
            answer = platform.client.post(address, data=data, headers=HTML)
        assert answer.status_code == 422, answer.text
        assert field_error(answer.text, field) == said
        assert 'name="version" value="' + version.group(1) + '"' in answer.text
        # The form was shown again from what the refused attempt read: one unit of work.
        assert len(taken) == 1
    assert stored() == before  # no order, and not one entry on the audit trail


def test_a_month_is_chosen_by_its_name_in_the_readers_language(platform: Platform) -> None:
    token = login(platform, "manufacturer")
    address = "/records/needs/need-drones/act/place-order"
    form = platform.client.get(address, headers={**HTML, "Accept-Language": "uk"}).text
    assert '<option value="01" selected>січень</option>' in form  # the need's due month
    assert '<option value="04">квітень</option>' in form
    assert 'name="month.year" value="2026"' in form
    given = {"production_line": "acme-line", "quantity": "5", "unit_price": "1000"}
    given["unit_price.currency"] = "EUR"
    no_year = act(platform, token, address, **given, **{"month.month": "04"})
    assert no_year.status_code == 422
    assert field_error(no_year.text, "month") == "Enter a month (year and month)."
    assert '<option value="04" selected>' in no_year.text  # the month chosen is kept
    placed = act(platform, token, address, **given, **{"month.month": "04", "month.year": "2026"})
    assert placed.status_code == 303, placed.text
    assert record(platform, "orders", "acme-line-2026-04")["month"] == "2026-04"


def test_unreadable_fields_are_all_shown_at_once(platform: Platform) -> None:
    token = login(platform, "manufacturer")
    answer = act(
        platform,
        token,
        "/records/needs/need-drones/act/place-order",
        production_line="",
        quantity="ten",
        unit_price="12,5",
        **{"unit_price.currency": "euro"},
        month="March",
    )
    assert answer.status_code == 422
    assert field_error(answer.text, "production_line") == "Fill in this field."
    assert field_error(answer.text, "quantity") == "Enter a whole number."
    assert field_error(answer.text, "unit_price").startswith("Enter a currency code")
    assert field_error(answer.text, "month") == "Enter a month (year and month)."
    # the summary above the form names each field, since it is read apart from the form
    assert '<a href="#a-quantity">Quantity (units): Enter a whole number.</a>' in answer.text


def test_an_analyst_may_not_place_an_order(platform: Platform) -> None:
    login(platform, "analyst")
    # Analysts do not see needs at all.
    assert platform.client.get("/records/needs/need-drones/act/place-order").status_code == 404


def test_orders_offer_each_role_its_own_actions(platform: Platform) -> None:
    login(platform, "manufacturer")
    assert buttons(platform, "/records/orders/acme-order") == {
        "cancel-order",
        "report-production",
        "record-delivery",
    }
    assert platform.client.get("/records/orders/acme-order/act/confirm-receipt").status_code == 403
    assert platform.client.get("/records/orders/acme-order/act/record-payment").status_code == 403
    login(platform, "funder")
    assert buttons(platform, "/records/orders/acme-order") == {"record-payment"}
    login(platform, "ministry")
    assert buttons(platform, "/records/orders/acme-order") == {
        "cancel-order",
        "confirm-receipt",
        "report-production",
        "record-delivery",
        "record-payment",
    }


def test_a_manufacturer_reports_production_and_records_a_delivery(platform: Platform) -> None:
    token = login(platform, "manufacturer")
    order = "/records/orders/acme-order"
    made = act(platform, token, f"{order}/act/report-production", month="2026-02", quantity="5")
    assert made.status_code == 303, made.text
    report = record(platform, "production_reports", "acme-order-2026-02")
    assert report["production_line"] == "acme-line" and report["quantity"] == 5
    sent = act(
        platform, token, f"{order}/act/record-delivery", quantity="30", delivered_on="2026-03-01"
    )
    assert sent.status_code == 303, sent.text
    delivery = record(platform, "deliveries", "acme-order-2026-03-01")
    assert delivery["quantity"] == 30 and delivery["order"] == "acme-order"
    # 45 produced, 40 delivered: 10 more would be more than was produced.
    over = act(
        platform, token, f"{order}/act/record-delivery", quantity="10", delivered_on="2026-03-02"
    )
    assert over.status_code == 422
    assert field_error(over.text, "quantity") == "Delivered never exceeds produced."


def test_the_ministry_confirms_receipt_and_the_manufacturer_may_not(platform: Platform) -> None:
    token = login(platform, "manufacturer")
    refused = platform.client.post(
        "/records/orders/acme-order/act/confirm-receipt",
        data={"csrf_token": token, "version": "1"},
        headers=HTML,
    )
    assert refused.status_code == 403
    token = login(platform, "ministry")
    answer = act(platform, token, "/records/orders/acme-order/act/confirm-receipt")
    assert answer.status_code == 303, answer.text
    assert record(platform, "orders", "acme-order")["status"] == "accepted"
    assert "confirm-receipt" not in buttons(platform, "/records/orders/acme-order")


def test_confirming_receipt_keeps_the_date_given_in_the_orders_history(
    platform: Platform,
) -> None:
    token = login(platform, "ministry")
    page = platform.client.get("/records/orders/acme-order/act/confirm-receipt", headers=HTML)
    assert 'name="on"' in page.text
    address = "/records/orders/acme-order/act/confirm-receipt"
    bad = act(platform, token, address, on="2026-13-40")
    assert bad.status_code == 422
    assert field_error(bad.text, "on") != ""
    assert record(platform, "orders", "acme-order")["status"] == "placed"
    answer = act(platform, token, address, on="2026-04-02")
    assert answer.status_code == 303, answer.text
    stored = record(platform, "orders", "acme-order")
    assert stored["history"][-1] == {"status": "accepted", "on": "2026-04-02"}


def test_a_manufacturer_cancels_its_order(platform: Platform) -> None:
    token = login(platform, "manufacturer")
    answer = act(platform, token, "/records/orders/acme-order/act/cancel-order")
    # The fund has paid 10 000 on it: cancelling would leave disbursed above allocated.
    assert answer.status_code == 422
    assert "Disbursed never exceeds allocated." in answer.text
    assert record(platform, "orders", "acme-order")["status"] == "placed"


def test_a_funder_records_a_payment_on_its_order(platform: Platform) -> None:
    token = login(platform, "funder")
    order = "/records/orders/acme-order"
    answer = act(
        platform,
        token,
        f"{order}/act/record-payment",
        paid_on="2026-02-10",
        amount="5 000",
        **{"amount.currency": "EUR"},
    )
    assert answer.status_code == 303, answer.text
    payment = record(platform, "payments", "acme-order-2026-02-10")
    assert payment["instrument"] == "fr-fund" and payment["amount"]["amount"] == "5000.00"
    over = act(
        platform,
        token,
        f"{order}/act/record-payment",
        paid_on="2026-02-11",
        amount="1000000",
        **{"amount.currency": "EUR"},
    )
    assert over.status_code == 422
    assert field_error(over.text, "amount") == "The payments on an order never exceed its cost."


def test_the_ministry_moves_a_project_to_its_next_stage(platform: Platform) -> None:
    project = {
        "key": "p-drone",
        "name": "Drone project",
        "partners": ["acme", "UA"],
        "stages": [{"stage": "trl4", "on": "2026-01-01"}],
    }
    created = platform.client.post(
        "/api/innovation_projects", json=project, headers=platform.headers("ministry")
    )
    assert created.status_code == 201, created.text
    login(platform, "manufacturer")
    assert buttons(platform, "/records/innovation_projects/p-drone") == set()
    assert (
        platform.client.get("/records/innovation_projects/p-drone/act/move-stage").status_code
        == 403
    )
    token = login(platform, "ministry")
    address = "/records/innovation_projects/p-drone/act/move-stage"
    offered = re.findall(r'<option value="(trl\d)"', platform.client.get(address).text)
    assert offered == [f"trl{n}" for n in range(5, 10)]
    back = act(platform, token, address, stage="trl6", on="2025-12-01")
    assert back.status_code == 422
    assert field_error(back.text, "on") == "Maturity stages move forward only, with dates."
    answer = act(platform, token, address, stage="trl6", on="2026-04-01")
    assert answer.status_code == 303, answer.text
    stages = record(platform, "innovation_projects", "p-drone")["stages"]
    assert stages[-1] == {"stage": "trl6", "on": "2026-04-01"}


def test_the_choices_are_the_callers_own_records(platform: Platform) -> None:
    login(platform, "manufacturer")
    lines = platform.client.get("/choices/production_lines?q=LINE").json()
    assert lines == [{"key": "acme-line", "name": "acme-line"}]
    login(platform, "ministry")
    lines = platform.client.get("/choices/production_lines?q=line").json()
    assert [line["key"] for line in lines] == ["acme-line", "rival-line"]
    named = platform.client.get("/choices/organisations?q=drones").json()
    assert named == [
        {"key": "acme", "name": "Acme Drones"},
        {"key": "rival", "name": "Rival Drones"},
    ]
    assert platform.client.get("/choices/organisations?q=100%").json() == []
