"""Facts on unseen press (issue 14, tenth session; sentences written for these tests):
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


def test_the_company_as_subject_of_a_production_is_the_company_named_before() -> None:
    for text in (
        "Diehl Defence delivered more launchers. The company will produce IRIS-T in Ukraine.",
        "Diehl Defence liefert weiter. Das Unternehmen will IRIS-T produzieren.",
        "Diehl Defence a livré. Le PDG a déclaré que la société produit des IRIS-T.",
        "Diehl Defence постачає системи. Компанія планує збільшити виробництво IRIS-T.",
        "Diehl Defence поставляет системы. Он сказал, что его компания будет производить IRIS-T.",
    ):
        (production,) = facts_of(text, "production")
        assert production.parties[0] == "Diehl Defence", text
        assert "DE" not in production.parties, text


def test_a_company_noun_before_a_name_or_after_a_body_names_no_company() -> None:
    named = "Diehl Defence delivered. The company Rheinmetall will produce shells in Germany."
    assert all("Diehl Defence" not in p.parties for p in facts_of(named, "production"))
    body = "NATO met on Monday. The group plans to produce IRIS-T launchers."
    assert all("NATO" not in p.parties for p in facts_of(body, "production"))


def test_money_from_an_aid_fund_goes_to_ukraine_and_from_an_industry_fund_does_not() -> None:
    aid = "Ukraine needs shells. The European Peace Facility will finance a new tranche."
    (funding,) = facts_of(aid, "funding")
    assert funding.recipient == "UA"
    industry = "Ukraine needs shells. The European Defence Fund will finance a new tranche."
    assert all(f.recipient != "UA" for f in facts_of(industry, "funding"))


def test_one_written_as_an_article_before_a_multiplier_is_a_sum() -> None:
    from coprod.extraction.amounts import find_amounts

    for text, value in (
        ("un paquet d'aide d'un milliard d'euros", 10**9),
        ("a billion dollars for shells", 10**9),
        ("une enveloppe d'un million d'euros", 10**6),
        ("пакет на один мільярд доларів", 10**9),
        ("une aide avoisinant le milliard d'euros", 10**9),
    ):
        (amount,) = find_amounts(text)
        assert amount.amount == value, text
    assert find_amounts("a million people and un million de drones") == []


def test_a_package_of_one_billion_is_a_funding() -> None:
    text = "La Belgique a annoncé pour l'Ukraine un paquet d'aide militaire d'un milliard d'euros."
    (funding,) = facts_of(text, "funding")
    assert (funding.funder, funding.recipient, funding.amount) == ("BE", "UA", 10**9)


def test_money_raised_through_united24_is_its_funding_for_ukraine() -> None:
    text = "Ukraine got new ambulances, bought with funds raised through the United24 platform."
    (funding,) = facts_of(text, "funding")
    assert set(funding.parties) == {"United24", "UA"}


def test_a_state_before_a_production_word_and_a_system_after_it_is_a_production() -> None:
    for text, state in (
        ("Last year Ukraine launched mass production of 155mm shells.", "UA"),
        ("Bulgaria has started the production of 155mm shells.", "BG"),
        ("Die Slowakei hat die Produktion von 155-mm-Granaten gestartet.", "SK"),
    ):
        (production,) = facts_of(text, "production")
        assert production.parties == [state], text


def test_a_production_paid_for_is_no_production_of_the_payer() -> None:
    text = "Estonia will invest in the production of Shahed interceptors next year."
    assert all("EE" not in p.parties for p in facts_of(text, "production"))
    russia = "Russia has started the production of 155mm shells."
    assert facts_of(russia, "production") == []


def test_a_states_money_paid_through_a_fund_or_coalition_names_the_channel() -> None:
    for text, channel in (
        (
            "The Netherlands allocated 250 million euros to Ukraine through PURL.",
            "Prioritised Ukraine Requirements List",
        ),
        (
            "L'Estonie versera en 2026 douze millions d'euros à la coalition des drones "
            "pour l'Ukraine.",
            "Drone Coalition",
        ),
    ):
        (funding,) = facts_of(text, "funding")
        assert funding.parties == [funding.funder, channel, "UA"], text
    plain = "The Netherlands allocated 250 million euros to Ukraine."
    (funding,) = facts_of(plain, "funding")
    assert funding.parties == ["NL", "UA"]
