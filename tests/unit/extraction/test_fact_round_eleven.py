"""Facts on unseen press (issue 14, eleventh session; sentences written for these tests):
funding and production facts."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of, names_of


def test_a_company_investing_in_its_own_plant_is_a_funding_by_that_company() -> None:
    for text, company in (
        ("Excalibur Army is investing CZK 650 million in a new workshop.", "Excalibur Army"),
        ("Rheinmetall investiert 300 Millionen Euro in ein neues Werk.", "Rheinmetall"),
        ("Le groupe Thales investit 50 millions d'euros dans son usine de Cholet.", "Thales"),
    ):
        (funding,) = facts_of(text, "funding")
        assert funding.funder == company, text
        assert funding.parties == [company], text
        assert funding.scope == ["investment"], text


def test_a_currency_code_is_no_organisation() -> None:
    text = "Excalibur Army is investing CZK 650 million and Nammo NOK 200 million."
    assert {"CZK", "NOK"}.isdisjoint(names_of(text, "organisation"))
