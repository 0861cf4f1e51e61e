"""Parties of agreements (issue 14, thirteenth session; sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_company_head_stands_for_his_company_in_an_agreement() -> None:
    for text in (
        "Armin Papperger said the contract with Lithuania for 40 Boxer vehicles will be "
        "signed next week.",
        "Армін Паппергер заявив, що контракт з Литвою на 40 машин Boxer підпишуть наступного "
        "тижня.",
    ):
        agreements = facts_of(text, "agreement")
        assert agreements, text
        parties = set(agreements[0].parties)
        assert "Rheinmetall" in parties, (text, parties)
        assert "DE" not in parties, (text, parties)


def test_a_state_agency_that_signs_is_a_party_beside_its_state() -> None:
    for text in (
        "The Defence Procurement Agency signed a contract with Baykar for 20 drones.",
        "Агенція оборонних закупівель підписала контракт з Baykar на 20 дронів.",
    ):
        agreements = facts_of(text, "agreement")
        assert agreements, text
        parties = set(agreements[0].parties)
        assert {"Defence Procurement Agency", "UA", "Baykar"} <= parties, (text, parties)


def test_the_union_agreeing_with_itself_is_no_agreement() -> None:
    for text in (
        "The Council of the European Union and the European Parliament reached a provisional "
        "agreement on the new defence fund on Tuesday.",
        "Le Conseil de l'Union européenne et le Parlement européen sont parvenus à un accord "
        "sur le nouveau fonds de défense.",
    ):
        assert not facts_of(text, "agreement"), text
    text = "The European Union and Norway signed an agreement on joint ammunition production."
    assert facts_of(text, "agreement")


def test_a_contractor_described_by_its_country_is_the_company_named_before() -> None:
    text = (
        "Rheinmetall reported higher sales this year. "
        "The German defence contractor signed a letter of intent with Ukraine on tank repairs."
    )
    agreements = facts_of(text, "agreement")
    assert agreements
    parties = set(agreements[0].parties)
    assert "Rheinmetall" in parties, parties
    assert "DE" not in parties, parties


def test_the_first_sentence_takes_the_sides_of_the_headline() -> None:
    text = (
        "Latvia and Ukraine sign a memorandum on drone production\n"
        "The memorandum was signed on Monday after long negotiations."
    )
    agreements = facts_of(text, "agreement")
    assert agreements
    assert {"LV", "UA"} <= set(agreements[0].parties), agreements


def test_every_state_of_a_list_of_payers_is_a_side_of_the_contract() -> None:
    for text in (
        "Rheinmetall won a contract to repair 40 Leopard tanks, which is funded by Estonia, "
        "Latvia and Lithuania, the company said.",
        "Rheinmetall a remporté un contrat pour réparer 40 chars Leopard, financé par "
        "l'Estonie, la Lettonie et la Lituanie, selon l'entreprise.",
    ):
        (contract,) = facts_of(text, "agreement")
        assert {"Rheinmetall", "EE", "LV", "LT"} <= set(contract.parties), (text, contract)


def test_a_joint_declaration_or_a_signed_statement_is_a_declaration_of_intent() -> None:
    for text in (
        "Nammo and a Ukrainian company signed a joint statement on strategic cooperation.",
        "La Croatie et l'Ukraine ont adopté une déclaration commune sur la défense.",
        "Компанія Nammo та українське підприємство підписали заяву про стратегічне "
        "співробітництво.",
        "Румунія та Україна підписали декларацію про стратегічне партнерство.",
    ):
        agreements = facts_of(text, "agreement")
        assert [a.agreement_type for a in agreements] == ["declaration_of_intent"], text
