"""General fixes found by the third held-out batch (wire copy, press releases, business papers,
trade outlets, machine translations, web pages), each on a short text written for the test."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.extraction.helpers import facts_in, facts_of, names_in

from coprod.extraction import extract_bytes, extract_text
from coprod.extraction.amounts import find_amounts, parse_count

# ---------------------------------------------------------------------------------- entities


def test_days_and_months_after_a_company_word_are_no_organisations() -> None:
    german = "Das teilte das Unternehmen am Dienstag mit, ohne Zahlen zu nennen."
    english = "The companies announced Nov. 4 that the two firms agreed on Friday to cooperate."
    assert names_in(extract_text(german), "organisation") == set()
    assert names_in(extract_text(english), "organisation") == set()


def test_a_capitalised_memorandum_is_a_document_not_an_organisation() -> None:
    text = (
        "The ministry and the Polish group PGZ signed a Memorandum of Understanding on the "
        "repair of armoured vehicles."
    )
    result = extract_text(text)
    assert "Memorandum" not in names_in(result, "organisation")
    [fact] = facts_in(result, "agreement")
    assert fact.agreement_type == "memorandum_of_understanding"


def test_journalists_credits_are_not_people() -> None:
    text = (
        "Poland will buy more drones, the ministry said.\n"
        "(Reporting by Marta Nowak in Warsaw; additional reporting by Lukas Brenner; "
        "Editing by Sam Porter)"
    )
    assert names_in(extract_text(text), "person") == set()


def test_a_person_after_the_title_and_organisation_they_head() -> None:
    text = (
        "The minister met the Chief Executive Officer of Czechoslovak Group Jaroslav Kovarik "
        "in Kyiv."
    )
    result = extract_text(text)
    assert "Jaroslav Kovarik" in names_in(result, "person")
    assert "Jaroslav Kovarik" not in names_in(result, "organisation")
    assert "Executive Officer" not in names_in(result, "person")


def test_a_generic_ministry_written_with_accents_takes_its_country() -> None:
    text = "Ministère de la Défense d'Ukraine informe que un accord a été signé avec le Danemark."
    assert "Ministry of Defence of Ukraine" in names_in(extract_text(text), "organisation")


def test_long_range_attack_drones_and_millimetre_shells_are_catalogued() -> None:
    text = (
        "The firms will co-produce long-range one-way attack drones and 155-millimetre "
        "artillery shells."
    )
    assert names_in(extract_text(text), "system") >= {"long-range drones", "155mm artillery shells"}


# ---------------------------------------------------------------------------------- amounts


def test_crowns_take_the_currency_of_the_country_named_before() -> None:
    [danish] = find_amounts("Copenhagen gives 900 million Danish crowns.", "en")
    assert (danish.amount, danish.currency) == (Decimal(900_000_000), "DKK")
    [generic] = find_amounts("La Suède versera trois milliards de couronnes à Kyiv.", "fr")
    assert (generic.amount, generic.currency) == (Decimal(3_000_000_000), "SEK")


def test_numbers_written_in_several_words() -> None:
    [fr] = find_amounts("une enveloppe de deux cent cinquante millions d'euros", "fr")
    assert fr.amount == Decimal(250_000_000)
    [en] = find_amounts("worth one and a half billion euros", "en")
    assert en.amount == Decimal(1_500_000_000)


def test_a_decimal_is_no_count() -> None:
    assert parse_count("1.2") is None
    assert parse_count("12") == 12


def test_a_converted_amount_in_brackets_does_not_replace_the_first() -> None:
    text = (
        "Denmark will pay 2 billion Danish crowns ($290 million) to Ukraine for Bohdana howitzers."
    )
    [fact] = facts_of(text, "funding")
    assert (fact.amount, fact.currency) == (Decimal(2_000_000_000), "DKK")


# ---------------------------------------------------------------------------------- facts


def test_a_german_compound_order_is_a_contract() -> None:
    text = "Der Konzern Hensoldt erhielt von der Bundeswehr einen Großauftrag für Radare."
    [fact] = facts_of(text, "agreement")
    assert fact.agreement_type == "contract"
    assert fact.status == "signed"


def test_an_awarded_contract_is_signed_even_if_deliveries_are_expected() -> None:
    text = (
        "Northrop Grumman was awarded a $300 million contract by the U.S. Army for ammunition, "
        "part of which is expected to go to Ukraine."
    )
    [fact] = facts_of(text, "agreement")
    assert fact.status == "signed"
    assert fact.quantity is None


def test_received_followed_by_goods_is_a_supply_even_with_people_named() -> None:
    text = (
        "Denys Shmyhal thanked Petr Fiala: Ukraine has received more than one million rounds "
        "of artillery shells from the Czech Republic."
    )
    [fact] = facts_of(text, "supply")
    assert fact.status == "delivered"
    assert fact.recipient == "UA"


def test_a_fund_or_eu_body_finances_the_organisation_named() -> None:
    text = (
        "Brave1 et la Commission européenne ont signé un accord de financement de 20 millions "
        "d'euros pour les drones navals en Ukraine."
    )
    [funding] = facts_of(text, "funding")
    assert (funding.funder, funding.recipient) == ("European Commission", "Brave1")
    [agreement] = facts_of(text, "agreement")
    assert agreement.amount == Decimal(20_000_000)
    assert agreement.systems == ["naval drones"]


def test_a_state_before_its_own_company_is_no_party() -> None:
    text = "Ukraine and Germany's Rheinmetall signed an agreement to build a shell plant."
    [fact] = facts_of(text, "agreement")
    assert set(fact.parties) == {"UA", "Rheinmetall"}


def test_an_agreement_takes_the_systems_of_the_rest_of_its_clause() -> None:
    text = "Kyiv and Rheinmetall signed an agreement on Monday to build a factory for 155mm shells."
    [fact] = facts_of(text, "agreement")
    assert fact.systems == ["155mm artillery shells"]


def test_funding_takes_an_amount_later_in_the_sentence() -> None:
    text = (
        "Le financement sera assuré par le Danemark dans le cadre du modèle danois, pour "
        "environ cinq cent millions de couronnes, au profit de l'Ukraine."
    )
    [fact] = facts_of(text, "funding")
    assert (fact.amount, fact.currency) == (Decimal(500_000_000), "DKK")


def test_under_the_deal_refers_to_the_agreement_before() -> None:
    text = (
        "Helsing signed an agreement with the Ukrainian company Skyfall to co-produce drones. "
        "Under the deal, Skyfall will license its design to Helsing."
    )
    assert len(facts_of(text, "agreement")) == 1


def test_local_assembly_is_localisation() -> None:
    text = "Kongsberg and Ukraine signed a contract for the local assembly of NASAMS launchers."
    [fact] = facts_of(text, "agreement")
    assert "localisation" in fact.scope


# ---------------------------------------------------------------------------------- reading


def test_a_dateline_under_the_headline_gives_the_publication_date() -> None:
    for line, expected in [
        ("ODESA, Jan 22, 2026 — Ukraine shipped grain.", "2026-01-22"),
        ("München, 18. März 2025. Der Konzern meldet Zahlen.", "2025-03-18"),
        ("Publié le 21 octobre 2025", "2025-10-21"),
    ]:
        data = f"A headline of five words or more\n\n{line}\n\nBody text follows here.\n"
        result = extract_bytes(data.encode("utf-8"), "a.txt")
        assert result.document.published == expected
