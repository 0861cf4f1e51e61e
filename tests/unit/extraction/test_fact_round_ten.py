"""Facts on unseen press (issue 14, tenth session; sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_perfective_funding_verb_without_a_sum_is_a_funding() -> None:
    for text, funder in (
        ("Естонія профінансує виробництво українських дронів-перехоплювачів.", "EE"),
        ("Эстония профинансирует производство украинских дронов-перехватчиков.", "EE"),
    ):
        fundings = facts_of(text, "funding")
        assert len(fundings) == 1, text
        assert fundings[0].funder == funder, text
        assert fundings[0].recipient == "UA", text


def test_a_joint_production_announced_is_a_planned_production_not_an_agreement() -> None:
    for text in (
        "Estonia and Ukraine will jointly manufacture Caesar howitzers near Tartu.",
        "Естонія та Україна спільно вироблятимуть гаубиці Caesar.",
        "Эстония с Украиной намерены наладить совместное производство гаубиц Caesar.",
    ):
        (production,) = facts_of(text, "production")
        assert set(production.parties) == {"EE", "UA"}, text
        assert production.status == "planned", text
        assert facts_of(text, "agreement") == [], text


def test_a_joint_production_agreed_is_an_agreement_and_its_planned_production() -> None:
    for text in (
        "Estonia and Ukraine agreed to jointly manufacture Caesar howitzers.",
        "Естонія та Україна домовилися спільно виробляти гаубиці Caesar.",
    ):
        (agreement,) = facts_of(text, "agreement")
        assert set(agreement.parties) == {"EE", "UA"}, text
        (production,) = facts_of(text, "production")
        assert (set(production.parties), production.status) == ({"EE", "UA"}, "planned"), text


def test_goods_unnamed_delivered_to_ukraine_take_the_one_giver_of_the_sentence_before() -> None:
    text = (
        "Estonia will order a new batch of interceptors from its own industry. "
        "The first batch will be delivered to Ukraine in spring."
    )
    (supply,) = facts_of(text, "supply")
    assert (supply.supplier, supply.recipient) == ("EE", "UA")
    russia = (
        "Estonia will order a new batch of interceptors from its own industry. "
        "Russia protested against the deliveries of arms to Ukraine."
    )
    assert facts_of(russia, "supply") == []


def test_passive_and_imperfective_cyrillic_handing_over_is_a_supply() -> None:
    for text in (
        "Естонія виготовлятиме дрони-перехоплювачі, які передаватимуть Україні щомісяця.",
        "Эстония изготовит гаубицы Caesar, которые весной будут переданы Украине.",
    ):
        (supply,) = facts_of(text, "supply")
        assert (supply.supplier, supply.recipient) == ("EE", "UA"), text


def test_goods_provided_to_ukraine_are_a_supply_but_not_money_or_a_refusal() -> None:
    for text, status in (
        ("Естонія надасть Україні партію гаубиць Caesar.", "planned"),
        ("Estonia has provided Ukraine with Caesar howitzers.", "delivered"),
        ("Эстония предоставит Украине гаубицы Caesar.", "planned"),
    ):
        (supply,) = facts_of(text, "supply")
        assert (supply.supplier, supply.recipient, supply.status) == ("EE", "UA", status), text
    for text in (
        "Estonia provided Ukraine with 20 million euros for Caesar howitzers.",
        "Естонія так і не надала Україні гаубиці Caesar.",
        "The company provides Caesar howitzers to many armies.",
    ):
        assert facts_of(text, "supply") == [], text


def test_ukraine_in_the_dative_right_after_the_giving_word_is_the_receiver() -> None:
    text = "Естонія надасть Україні гаубиці Caesar і направить своїх інструкторів до Польщі."
    (supply,) = facts_of(text, "supply")
    assert supply.recipient == "UA"


def test_a_company_that_invests_is_the_funder_not_its_country() -> None:
    text = "The Turkish company Kestrel Works has invested 50 million dollars in Ukraine."
    (funding,) = facts_of(text, "funding")
    assert funding.funder == "Kestrel Works"
    assert "TR" not in funding.parties


def test_meetings_of_one_person_with_other_states_are_different_meetings() -> None:
    text = (
        "Volodymyr Zelensky met Estonian Prime Minister Kristen Michal in Tallinn on Monday. "
        "Zelensky then held talks with the leaders of Latvia and Lithuania. "
        "Zelensky and Michal also visited a drone plant."
    )
    meetings = facts_of(text, "meeting")
    assert len(meetings) == 2
    assert {"EE", "UA"} <= set(meetings[0].parties)
    assert {"LV", "LT"} <= set(meetings[1].parties)
    assert "EE" not in meetings[1].parties


def test_the_initiative_at_the_front_is_no_initiative() -> None:
    for text in (
        "Estonia's general said that Russia has not seized the initiative on the battlefield.",
        "Генерал заявив, що ворог не перехопив ініціативу на фронті біля Естонії.",
    ):
        assert facts_of(text, "initiative") == [], text
    launched = "Estonia launched an initiative to buy shells for Ukraine."
    assert len(facts_of(launched, "initiative")) == 1


def test_ukraines_arms_exports_are_its_policy_an_initiative_of_ukraine_alone() -> None:
    for text in (
        "Kyiv will allow some arms exports to Estonia and Latvia.",
        "Київ дозволить експорт зброї до Естонії.",
    ):
        (initiative,) = facts_of(text, "initiative")
        assert initiative.parties == ["UA"], text
        assert facts_of(text, "supply") == [], text
    company = "Kestrel Works exports weapons to Ukraine and Estonia."
    assert facts_of(company, "initiative") == []


def test_money_put_up_by_several_states_together_is_one_funding_without_funder() -> None:
    text = "The Kestrel contract, financed by Estonia, Latvia and Lithuania, is worth 90 million."
    (funding,) = facts_of(text, "funding")
    assert funding.funder is None
    assert {"EE", "LV", "LT"} <= set(funding.parties)
    alone = "Estonia will finance the Kestrel contract worth 90 million euros for Ukraine."
    (single,) = facts_of(alone, "funding")
    assert single.funder == "EE"
