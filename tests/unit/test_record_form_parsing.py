"""Reading a record's form (web/forms.py) and countries by name (web/countries.py), without
a server: rows, labels' values, dates in the reader's order, countries by their names."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from babel import Locale

from coprod.domain import entities as d
from coprod.domain.enums import AgreementStatus, AgreementType
from coprod.errors import InvalidInput
from coprod.services.records import Where, to_entity
from coprod.web import forms
from coprod.web.actions import FormRefused
from coprod.web.countries import code_of, countries_of, named

UK = Locale.parse("uk")
EN = Locale.parse("en")


def _widgets(cls: type) -> dict[str, str]:
    return {f.name: f.widget for f in forms.form_fields(cls)}


def test_each_field_gets_a_control_a_person_can_fill_in() -> None:
    agreement = _widgets(d.Agreement)
    assert agreement["type"] == "select" and agreement["scope"] == "choices"
    assert agreement["history"] == "rows" and agreement["evidence"] == "rows"
    assert agreement["parties"] == "parties"
    assert _widgets(d.Organisation)["country"] == "country"
    assert _widgets(d.FundingInstrument)["site_countries"] == "countries"
    assert _widgets(d.FundingInstrument)["categories"] == "choices"
    assert _widgets(d.Need)["due"] == "month" and _widgets(d.Need)["recipient"] == "party"
    assert _widgets(d.Order)["production_line"] == "record"
    assert "json" not in {
        w for cls in (d.Agreement, d.Person, d.Plant) for w in _widgets(cls).values()
    }
    history = next(f for f in forms.form_fields(d.Agreement) if f.name == "history")
    assert [(c.name, c.widget) for c in history.columns] == [("status", "select"), ("on", "date")]


def _agreement_form(**more: str) -> dict[str, str]:
    return {
        "key": "a-1",
        "title": "Угода",
        "type": "contract",
        "status": "signed",
        "parties": "Франція, UA, thales",
        "scope.co_production": "on",
        "history.rows": "3",
        "history.0.status": "planned",
        "history.0.on": "01.02.2025",
        "history.1.status": "",  # an empty row: no step
        "history.1.on": "",
        "history.2.status": "signed",
        "history.2.on": "2025-03-15",
        "evidence.rows": "1",
        "evidence.0.document": "doc",
        "value": "1 250,50",
        "value.currency": "eur",
        **more,
    }


def test_a_form_becomes_a_record_of_the_records_format() -> None:
    record = forms.read_form(d.Agreement, _agreement_form(), UK)
    assert record["parties"] == ["FR", "UA", "thales"]
    assert record["scope"] == ["co_production"]
    assert record["history"] == [
        {"status": "planned", "on": "2025-02-01"},
        {"status": "signed", "on": "2025-03-15"},
    ]
    assert record["evidence"] == [{"document": "doc", "start": 0, "end": 0}]
    assert record["value"] == {"amount": "1250.50", "currency": "EUR"}
    assert "quantity" not in record and "notes" not in record


def test_a_date_is_read_in_the_readers_order() -> None:
    form = _agreement_form(**{"history.0.on": "02/01/2025"})
    assert forms.read_form(d.Agreement, form, EN)["history"][0]["on"] == "2025-02-01"
    assert forms.read_form(d.Agreement, form, UK)["history"][0]["on"] == "2025-01-02"


def test_every_input_that_cannot_be_read_is_refused_by_its_name() -> None:
    form = _agreement_form(
        **{"history.2.on": "31.02.2025", "type": "", "value": "a lot", "history.0.status": "x"}
    )
    with pytest.raises(FormRefused) as refused:
        forms.read_form(d.Agreement, form, UK)
    found = {(r.field, r.code) for r in refused.value.each()}
    assert found == {
        ("type", "form.required"),
        ("history.0.status", "form.choice"),
        ("history.2.on", "form.date_day"),
        ("value", "form.amount"),
    }


def test_the_format_problems_of_the_other_inputs_join_the_unread_ones() -> None:
    """An input left empty or unreadable and the records format's problems of the others, each
    once by the input it concerns: the format's words on an input the form already refused (the
    empty type missing, the unreadable date's placeholder out of bounds) are left out."""
    long = "t" * 20_001
    form = _agreement_form(
        **{"type": "", "history.2.on": "31.02.2025", "title": long, "evidence.0.note": long}
    )
    record, unread = forms.read_record(d.Agreement, form, UK)
    with pytest.raises(InvalidInput) as refused:
        to_entity(d.Agreement, record, Where("agreements"))
    every = forms.with_format(unread, refused.value, form).each()
    assert [(r.field, r.code) for r in every] == [
        ("type", "form.required"),
        ("history.2.on", "form.date_day"),
        ("title", "bounds.text_length"),
        ("evidence.0.note", "bounds.text_length"),
    ]
    assert {(r.field, r.code) for r in refused.value.each()} >= {
        ("type", "format.missing"),
        ("history.1.on", "bounds.year"),
    }


def test_a_country_that_is_none_is_refused_with_what_was_typed() -> None:
    form = {"key": "o", "name": "O", "kind": "company", "country": "Нарнія"}
    with pytest.raises(FormRefused) as refused:
        forms.read_form(d.Organisation, form, UK)
    (one,) = refused.value.each()
    assert (one.field, one.code, one.params) == ("country", "form.country", {"value": "Нарнія"})
    form["country"] = "НІМЕЧЧИНА"
    assert forms.read_form(d.Organisation, form, UK)["country"] == "DE"


def test_rows_are_added_and_removed_keeping_what_was_typed() -> None:
    form = _agreement_form(csrf_token="t", more="history")
    added = forms.row_change(d.Agreement, form)
    assert added is not None and added["history.rows"] == "4" and "csrf_token" not in added
    removed = forms.row_change(d.Agreement, _agreement_form(less="history.0"))
    assert removed is not None and removed["history.rows"] == "2"
    assert removed["history.1.on"] == "2025-03-15" and removed["history.0.on"] == ""
    assert "history.2.on" not in removed
    assert forms.row_change(d.Agreement, _agreement_form()) is None  # saving
    assert forms.row_change(d.Agreement, _agreement_form(more="title")) is None


def test_a_record_is_shown_as_the_reader_types_it() -> None:
    agreement = d.Agreement(
        key="a",
        title="T",
        type=AgreementType.CONTRACT,
        status=AgreementStatus.SIGNED,
        parties=["FR", "thales"],
        history=[d.StatusChange(AgreementStatus.SIGNED, date(2025, 3, 15))],
    )
    shown = forms.values_of(d.Agreement, agreement, UK)
    assert shown["parties"] == "Франція, thales"
    assert shown["history.rows"] == "1" and shown["history.0.on"] == "15.03.2025"
    assert shown["history.0.status"] == "signed" and shown["evidence.rows"] == "0"
    need = d.Need("n", "s", 5, Decimal("40000.0000"), "2026-03")
    shown = forms.values_of(d.Need, need, UK)
    assert shown["priority"] == "40000" and shown["due.month"] == "03"
    assert shown["recipient"] == "Україна"


def test_countries_are_found_by_name_in_each_language() -> None:
    assert code_of("Франція") == code_of("france") == code_of(" FRANCE ") == "FR"
    assert code_of("Allemagne") == code_of("Німеччина") == "DE"
    assert code_of("fr") == "FR" and code_of("fr", lower_codes=False) is None
    assert code_of("Narnia") is None
    assert countries_of("Польща, Гонконг, ОАР Китаю, Narnia") == (["PL", "HK"], ["Narnia"])
    names = [name for _, name in named(UK)]
    # Ukrainian alphabetical order: є after е, і and ї after и
    assert names.index("Естонія") < names.index("Єгипет") < names.index("Зімбабве")
    assert names.index("Зімбабве") < names.index("Індія") < names.index("Йорданія")
