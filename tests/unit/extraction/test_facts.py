"""Facts of each type, on short texts written for these tests (fr, en, de, noisy)."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.extraction.helpers import facts_of

from coprod.extraction import extract_text
from coprod.extraction.facts import split_sentences


def test_letter_of_intent_signed_between_two_states() -> None:
    text = (
        "Le ministre polonais de la Défense a annoncé mardi que Varsovie et Kiev ont "
        "signé une lettre d'intention pour la coproduction de drones."
    )
    [fact] = facts_of(text, "agreement", published="2025-02-14")
    assert fact.agreement_type == "letter_of_intent"
    assert fact.status == "signed"
    assert set(fact.parties) == {"PL", "UA"}
    assert "co_production" in fact.scope
    assert fact.systems == ["drones"]
    assert fact.date == "2025-02-11"
    sentence = text[fact.evidence[0].start : fact.evidence[0].end]
    assert sentence.startswith("Le ministre polonais") and sentence.endswith("drones.")


def test_sought_agreement_with_a_company_is_planned() -> None:
    text = (
        "Kyiv hopes to sign an agreement with the German company Rheinmetall "
        "for the servicing and repair of donated howitzers."
    )
    [fact] = facts_of(text, "agreement")
    assert fact.status == "planned"
    assert set(fact.parties) == {"UA", "Rheinmetall"}
    assert fact.scope == ["maintenance_repair"]


def test_memorandum_in_german_with_technical_data() -> None:
    text = (
        "Die Ukraine und Dänemark haben eine Absichtsvereinbarung über den Austausch "
        "technischer Daten und die gemeinsame Produktion unterzeichnet."
    )
    [fact] = facts_of(text, "agreement")
    assert fact.agreement_type == "memorandum_of_understanding"
    assert set(fact.parties) == {"UA", "DK"}
    assert "co_production" in fact.scope


def test_cancelled_contract() -> None:
    text = "The Czech government cancelled the contract with Ukraine for 40 howitzers."
    [fact] = facts_of(text, "agreement")
    assert (fact.agreement_type, fact.status) == ("contract", "cancelled")
    assert fact.quantity == 40


def test_references_to_an_agreement_are_merged_into_it() -> None:
    text = (
        "Sweden and Ukraine signed a framework agreement on air defence. "
        "This agreement also covers the training of Ukrainian crews."
    )
    [fact] = facts_of(text, "agreement")
    assert fact.agreement_type == "framework_agreement"
    assert "training" in fact.scope
    assert len(fact.evidence) == 2


def test_funding_with_amount_funder_and_recipient() -> None:
    text = "Les Pays-Bas ont débloqué une aide de 1,5 milliard d'euros pour l'Ukraine en 2024."
    [fact] = facts_of(text, "funding")
    assert (fact.funder, fact.recipient) == ("NL", "UA")
    assert (fact.amount, fact.currency) == (Decimal(1_500_000_000), "EUR")
    assert fact.date == "2024"


def test_funding_in_noisy_machine_translation() -> None:
    text = (
        "Also the british side has promised the package of help in amount of £1.6 billion "
        "which will be directed on the purchase of air defense for ukrainian army."
    )
    [fact] = facts_of(text, "funding")
    assert fact.funder == "GB" and fact.recipient == "UA"
    assert fact.amount == Decimal(1_600_000_000) and fact.currency == "GBP"


def test_supply_delivered_and_requested() -> None:
    text = (
        "Germany delivered two more IRIS-T systems to Ukraine last week. "
        "Kyiv has also asked for additional Patriot launchers."
    )
    supplies = facts_of(text, "supply", published="2025-03-12")
    by_system = {f.systems[0]: f for f in supplies}
    assert by_system["IRIS-T"].status == "delivered"
    assert by_system["IRIS-T"].quantity == 2
    assert by_system["IRIS-T"].supplier == "DE"
    assert by_system["Patriot"].status == "requested"


def test_supply_without_any_system_is_not_a_fact() -> None:
    assert (
        facts_of("Russia warned NATO countries against arms deliveries to Ukraine.", "supply") == []
    )


def test_production_growth_and_producer() -> None:
    text = "La production de drones FPV en Ukraine a doublé en 2024, selon le ministère."
    [fact] = facts_of(text, "production")
    assert fact.parties == ["UA"]
    assert fact.growth == [{"year": 2024, "factor": 2}]
    assert fact.status == "ongoing"


def test_production_without_a_named_producer_falls_back_to_the_manufacturer() -> None:
    text = "Officials welcomed the continued record production of AASM Hammer bombs."
    [fact] = facts_of(text, "production")
    assert fact.parties == ["FR"]


def test_joint_production_discussed_is_a_planned_production_not_an_agreement() -> None:
    text = "France and Ukraine discussed the joint production of drones."
    (production,) = facts_of(text, "production")
    assert (set(production.parties), production.status) == ({"FR", "UA"}, "planned")
    assert facts_of(text, "agreement") == []


def test_meeting_with_people_states_place_and_date() -> None:
    text = "Boris Pistorius a rencontré Rustem Umerov à Kiev le 3 mars 2025."
    [fact] = facts_of(text, "meeting")
    assert set(fact.parties) == {"Boris Pistorius", "Rustem Umerov", "DE", "UA"}
    assert (fact.location, fact.date) == ("Kyiv", "2025-03-03")


def test_named_meetings() -> None:
    text = (
        "The 30th meeting of the Ukraine Defense Contact Group took place in Brussels. "
        "Earlier, ministers met in the Ramstein format."
    )
    named = {f.name for f in facts_of(text, "meeting")}
    assert {"Ukraine Defense Contact Group", "Ramstein"} <= named


def test_a_press_conference_is_not_a_meeting() -> None:
    assert facts_of("Il l'a dit lors d'une conférence de presse à Paris.", "meeting") == []


def test_named_initiative_with_partners() -> None:
    text = "L'initiative Brave1 Danemark-Ukraine financera des projets communs de drones."
    [fact] = facts_of(text, "initiative")
    assert fact.name == "Brave1 Danemark-Ukraine"
    assert {"Brave1", "DK", "UA"} <= set(fact.parties)


def test_unnamed_mechanism_gets_a_descriptive_name() -> None:
    text = "Les alliés ont convenu de créer un mécanisme de production de défense avec l'Ukraine."
    [fact] = facts_of(text, "initiative")
    assert fact.name is not None and "mechanism" in fact.name and "production" in fact.name


def test_headlines_do_not_make_facts_of_their_own() -> None:
    text = (
        "Berlin and Kyiv agree on drone joint venture\n\n"
        "Germany's defence minister met his Ukrainian counterpart in Berlin. "
        "Officials said talks would continue. Nothing was signed. More talks are planned."
    )
    assert facts_of(text, "agreement") == []


def test_sentences_are_not_split_after_abbreviations_or_inside_quotes() -> None:
    text = "M. Fedorov a parlé.\nLa « déclaration »\nsur l'achat a été signée. Fin."
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == ["M. Fedorov a parlé.", "La « déclaration »\nsur l'achat a été signée.", "Fin."]


def test_output_follows_the_schema() -> None:
    text = "Kyiv and Paris signed a contract worth €200 million for Caesar howitzers."
    result = extract_text(text, name="x.txt").to_dict()
    assert result["schema"] == "coprod.extraction/1"
    fact = result["facts"][0]
    assert fact["type"] == "agreement" and fact["amount"] == 200_000_000
    assert set(fact) >= {
        "agreement_type",
        "status",
        "parties",
        "scope",
        "systems",
        "quantity",
        "amount",
        "currency",
        "date",
        "evidence",
        "confidence",
    }
    assert 0 < fact["confidence"] <= 1
