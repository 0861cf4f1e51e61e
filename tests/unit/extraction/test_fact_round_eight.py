"""Facts on unseen press (issue 14, eighth session; sentences written for these tests): a signed
agreement to make named goods together is also the production of those goods by its parties."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_signed_co_production_agreement_is_also_a_production() -> None:
    for text in (
        "Ukraine and Norway signed an agreement on the joint manufacture of drones in Oslo.",
        "La Suède et l'Ukraine ont signé un accord sur la production commune de drones.",
        "Україна та Литва підписали угоду про спільне виробництво дронів.",
        "Die Ukraine und Dänemark unterzeichneten ein Abkommen über die gemeinsame "
        "Herstellung von Drohnen.",
    ):
        agreements = facts_of(text, "agreement")
        productions = facts_of(text, "production")
        assert len(agreements) == 1, text
        assert [set(f.parties) for f in productions] == [set(agreements[0].parties)], text
        assert productions[0].status == "planned", text
        assert productions[0].systems == ["drones"], text


def test_no_production_without_goods_signing_or_two_sides() -> None:
    for text in (
        # no goods named: a framework for making things in general
        "Ukraine and Norway signed an agreement on joint production in Oslo.",
        # only planned
        "Ukraine and Norway plan to sign an agreement on the joint manufacture of drones.",
        # one side only
        "Ukraine signed an agreement on the manufacture of drones last week.",
    ):
        assert facts_of(text, "production") == [], text


def test_a_supply_to_ukraine_needs_no_named_system() -> None:
    for text in (
        "Sweden said the first batch will be delivered to the Ukrainian army next spring.",
        "La Belgique livrera le premier lot à l'Ukraine avant l'été.",
        "Литва передасть Україні першу партію до кінця року.",
        "Schweden liefert die erste Partie noch im Mai an die Ukraine.",
    ):
        supplies = facts_of(text, "supply")
        assert len(supplies) == 1, text
        assert supplies[0].recipient == "UA" and supplies[0].supplier in ("SE", "BE", "LT"), text


def test_no_bare_supply_beside_a_deal_a_sum_or_an_ability() -> None:
    for text in (
        # a deal in the sentence: the delivery is its content
        "Sweden signed a contract with Ukraine, and the first batch will be delivered to Ukraine.",
        # a sum in the sentence
        "Sweden will spend 20 million euros so that more can be delivered to Ukraine.",
        # what something makes possible
        "The new scheme makes it possible to deliver weapons to Ukraine faster, Sweden said.",
        # no giver named either
        "Officials said the first batch will be delivered to Ukraine next spring.",
        # not to Ukraine
        "Sweden said the first batch will be delivered to the Czech army next spring.",
    ):
        assert facts_of(text, "supply") == [], text


def test_initiative_words_in_the_plural_name_no_initiative() -> None:
    for text in (
        "Britain will also give 90 million pounds to humanitarian programmes in Ukraine.",
        "Les deux pays veulent créer des mécanismes financiers pour l'industrie ukrainienne.",
        "Польща та Україна обговорили фінансові механізми для оборонної промисловості.",
    ):
        assert facts_of(text, "initiative") == [], text
    named = "Britain and Ukraine launched a programme for drone production on Monday."
    assert len(facts_of(named, "initiative")) == 1


def test_documents_as_what_an_activity_makes_are_no_agreement() -> None:
    for text in (
        "Foreign arms makers are looking at opening offices in Ukraine, concluding contracts "
        "and creating joint ventures, the minister said.",
        "Le ministre a invité les industriels à créer des coentreprises et à conclure des "
        "contrats en Ukraine.",
        "Міністр закликав іноземні компанії до створення спільних підприємств в Україні.",
    ):
        assert facts_of(text, "agreement") == [], text
    told = "Ukraine and Lithuania signed contracts on drones on Monday."
    assert len(facts_of(told, "agreement")) == 1


def test_the_initiative_named_with_the_article_is_the_one_told_before() -> None:
    told = (
        "Estonia and Ukraine launched the Baltic Shield coalition for naval drones. "
        "Finland and Sweden have since joined the coalition."
    )
    (initiative,) = facts_of(told, "initiative")
    assert len(initiative.evidence) == 2 and {"EE", "FI"} <= set(initiative.parties)
    for text in (
        "Finland and Sweden have since joined the coalition, the minister said.",
        "La Finlande et la Suède ont rejoint la plateforme le mois dernier.",
    ):
        assert facts_of(text, "initiative") == [], text
