"""Facts on unseen press (issue 14, eleventh session; sentences written for these tests):
funding, supply and production facts."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of

from coprod.extraction.model import Fact


def _funding_by(text: str, funder: str) -> Fact:
    found = [f for f in facts_of(text, "funding") if f.funder == funder]
    assert found, text
    return found[0]


def test_the_sum_of_a_funding_told_in_the_next_sentence_is_its_amount() -> None:
    for text, funder, value in (
        (
            "Finland will finance the repair of the howitzers. The total is EUR 40 million.",
            "FI",
            40,
        ),
        (
            "La Belgique financera la réparation des obusiers. "
            "Le montant atteint 35 millions d'euros.",
            "BE",
            35,
        ),
    ):
        assert _funding_by(text, funder).amount == value * 10**6, text


def test_the_sum_of_what_a_funding_pays_for_told_just_before_is_its_amount() -> None:
    text = (
        "Ukraine signed a contract with Diehl Defence worth EUR 120 million. "
        "These funds will be provided by Sweden."
    )
    assert _funding_by(text, "SE").amount == 120 * 10**6


def test_a_sum_written_before_the_funding_word_in_its_sentence_is_its_amount() -> None:
    text = "Ce contrat, d'une valeur de 75 millions d'euros, est financé par la Belgique."
    assert _funding_by(text, "BE").amount == 75 * 10**6


def test_a_neighbouring_sentence_telling_its_own_funding_lends_no_sum() -> None:
    text = "Latvia will finance new drones. Lithuania allocated EUR 10 million for shells."
    assert _funding_by(text, "LV").amount is None


def test_the_systems_of_a_funding_are_those_of_its_sentence() -> None:
    text = (
        "Estonia will allocate EUR 30 million to start the production of Bohdana howitzers "
        "together with Ukraine."
    )
    assert "Bohdana" in _funding_by(text, "EE").systems


def test_a_state_union_or_social_network_beside_an_initiative_word_is_not_its_name() -> None:
    for text in (
        "Denmark wrote on the platform X that drones for Ukraine are coming.",
        "Im Rahmen der Initiative der Europäischen Union erhält die Ukraine Munition.",
        "Poland will take part in projects under the programme of the European Union.",
        "The initiative of the G7 will help Ukraine buy drones.",
        "Сікорський повідомив про плани реалізації оборонних проєктів у рамках програми ЄС.",
    ):
        names = {f.name for f in facts_of(text, "initiative")}
        assert names.isdisjoint({"X", "European Union", "G7"}), text


def test_a_scheme_named_after_its_initiative_word_keeps_its_name() -> None:
    text = "Lithuania joined the initiative of the Drone Coalition."
    (initiative,) = facts_of(text, "initiative")
    assert initiative.name == "Drone Coalition"


def test_the_fund_a_states_money_goes_to_named_after_the_initiative_word_is_a_party() -> None:
    text = "Україні потрібна ППО. Бельгія виділила 300 млн євро на ініціативу PURL."
    (funding,) = facts_of(text, "funding")
    assert funding.parties == ["BE", "Prioritised Ukraine Requirements List", "UA"]
    # a state named between them: the money goes to Ukraine, not to the fund
    text = (
        "Україні потрібна ППО. Бельгія виділила 300 млн євро Україні, а Польща на ініціативу PURL."
    )
    assert all(len(f.parties) == 2 for f in facts_of(text, "funding") if f.funder == "BE")


def test_a_funding_naming_no_system_takes_those_of_the_sentence_before() -> None:
    text = "Slovakia delivered 16 Bohdana howitzers to Ukraine. The project is financed by Norway."
    assert _funding_by(text, "NO").systems == ["Bohdana"]


def test_an_order_placed_with_a_company_is_also_the_supply_it_orders() -> None:
    for text in (
        "Die Ukraine hat 12 Flugabwehrsysteme IRIS-T bei Diehl Defence bestellt.",
        "L'Ukraine a commandé 40 radars TRML-4D à Hensoldt.",
    ):
        (supply,) = facts_of(text, "supply")
        assert supply.supplier in ("Diehl Defence", "Hensoldt"), text
        assert supply.recipient == "UA", text
        assert supply.status == "planned", text
        assert [a.agreement_type for a in facts_of(text, "agreement")] == ["contract"], text


def test_a_contract_that_orders_nothing_named_is_no_supply() -> None:
    for text in (
        "Die Ukraine hat einen Vertrag mit Diehl Defence über 12 IRIS-T unterzeichnet.",
        "Polen hat bei Rheinmetall eine Bestellung aufgegeben.",
        # a state's order for its own forces: no supply by the company
        "Die Bundeswehr bestellt bei Rheinmetall Munition im Wert von zwei Milliarden Euro.",
    ):
        assert facts_of(text, "supply") == [], text
        assert facts_of(text, "agreement"), text
