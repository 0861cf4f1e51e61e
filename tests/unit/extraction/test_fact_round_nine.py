"""Facts on unseen press (issue 14, ninth session; sentences written for these tests): the
repair of named equipment by a named repairer is a production with scope maintenance_repair."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_repair_of_named_equipment_is_a_production() -> None:
    for text, repairer in (
        ("Estonia will repair the damaged Leopard tanks of Ukraine at a yard near Tartu.", "EE"),
        ("Die beschädigten Leopard-Panzer der Ukraine werden in Polen repariert.", "PL"),
        ("Чехія ремонтує українські танки Leopard на своїх заводах.", "CZ"),
    ):
        productions = facts_of(text, "production")
        assert len(productions) == 1, text
        assert set(productions[0].parties) == {repairer, "UA"}, text
        assert productions[0].scope == ["maintenance_repair"], text


def test_a_repair_told_twice_is_one_production() -> None:
    text = (
        "Estonia will repair the damaged Leopard tanks of Ukraine near Tartu. "
        "Estonian engineers have already repaired two Leopard 2 tanks there."
    )
    assert len(facts_of(text, "production")) == 1


def test_no_repair_production_without_a_system_a_repairer_or_as_a_topic() -> None:
    for text in (
        # nothing named is repaired
        "Estonia will repair what Ukraine sends it near Tartu.",
        # no repairer but Ukraine itself
        "Ukraine repairs its Leopard tanks close to the front.",
        # a topic of cooperation, not work done
        "Their cooperation with Estonia will also cover repairs of Leopard tanks for Ukraine.",
        # what money pays for
        "Estonia gives 40 million euros to Ukraine for the repair of Leopard tanks.",
        # a capability
        "Estonia is able to repair Leopard tanks for Ukraine.",
    ):
        assert facts_of(text, "production") == [], text


def test_a_repair_beside_a_deal_stays_the_deal_s_scope() -> None:
    text = "Estonia and Ukraine signed an agreement to repair Leopard tanks in Tartu."
    assert facts_of(text, "production") == []
    agreements = facts_of(text, "agreement")
    assert len(agreements) == 1 and "maintenance_repair" in agreements[0].scope


def test_goods_that_arrive_or_are_handed_over_are_a_supply() -> None:
    for text, giver in (
        ("The twelve Leopard tanks sent by Finland arrived in Ukraine on Monday.", "FI"),
        ("Les obus Caesar promis par la Belgique sont arrivés en Ukraine.", "BE"),
        ("Estonia handed Ukraine forty Javelin launchers last week.", "EE"),
        ("Перші танки Leopard від Польщі прибули в Україну.", "PL"),
    ):
        supplies = facts_of(text, "supply")
        assert len(supplies) == 1, text
        assert supplies[0].supplier == giver and supplies[0].recipient == "UA", text


def test_no_arrival_supply_without_goods_before_the_word_nor_gift_beside_a_deal() -> None:
    for text in (
        # a person arrives, goods are only talked about
        "The Estonian minister arrived in Kyiv to talk about Javelin launchers.",
        # the gift is background to the deal the sentence tells
        "Estonia signed a contract with Ukraine to service the Javelin launchers it donated.",
    ):
        assert facts_of(text, "supply") == [], text


def test_the_government_s_own_grants_are_ukraine_s_funding() -> None:
    for text in (
        "Уряд виділив 300 мільйонів гривень на гранти для виробників дронів в Україні.",
        "In Ukraine, the government allocated 40 million hryvnias in grants to drone makers.",
    ):
        fundings = facts_of(text, "funding")
        assert len(fundings) == 1, text
        assert fundings[0].funder == "UA", text


def test_no_own_funding_without_a_strong_money_word_or_ukraine() -> None:
    for text in (
        # a government that only supports, no money word
        "The government supports drone makers with advice.",
        # no Ukraine in the text: whose government is unknown
        "The government allocated 40 million euros in grants to drone makers.",
    ):
        assert all(f.funder != "UA" for f in facts_of(text, "funding")), text
