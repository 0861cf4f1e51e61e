"""Conventions of real press found on batches scored before any change (issue 14, third
round): partnerships are agreements, an alliance named for its members or norms is no party,
a demonym that describes a supplier or producer is no party (sentences written for these
tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import entities_of, facts_of, names_of

from coprod.extraction import extract_text


def test_a_partnership_between_companies_of_two_states_is_their_agreement() -> None:
    french = (
        "Deux entreprises françaises vont créer des partenariats avec des entreprises "
        "ukrainiennes pour fabriquer des drones en Ukraine."
    )
    (agreement,) = facts_of(french, "agreement")
    assert (set(agreement.parties), agreement.status) == ({"FR", "UA"}, "planned")
    assert "co_production" in agreement.scope
    assert facts_of(french, "production") == []  # the partnership's purpose, not a production
    english = "Poland and Ukraine launched a strategic partnership on armoured vehicles."
    (launched,) = facts_of(english, "agreement")
    assert set(launched.parties) == {"PL", "UA"}
    ukrainian = "Україна та Литва оголосили про партнерство у сфері безпілотників."
    (announced,) = facts_of(ukrainian, "agreement")
    assert (set(announced.parties), announced.systems) == ({"UA", "LT"}, ["drones"])


def test_an_alliance_named_for_its_members_or_norms_is_no_party() -> None:
    english = (
        "Ukroboronprom has signed a contract with one of the NATO countries to build an "
        "ammunition plant."
    )
    (contract,) = facts_of(english, "agreement")
    assert contract.parties == ["Ukroboronprom"]
    ukrainian = "Укроборонпром разом з однією з країн НАТО будуватиме завод снарядів."
    assert [f.parties for f in facts_of(ukrainian, "production")] == [["Ukroboronprom"]]
    russian = "Вскоре Украина сама сможет производить боеприпасы по стандартам НАТО."
    assert all("NATO" not in f.parties for f in extract_text(russian, "t.txt").facts)
    acting = "NATO and Ukraine signed an agreement on the supply of fuel to the armed forces."
    assert "NATO" in facts_of(acting, "agreement")[0].parties


def test_a_demonym_before_a_supplier_or_producer_is_no_party() -> None:
    for text in (
        "The German company Diehl Defence will deliver IRIS-T systems to Ukraine this year.",
        "Німецька компанія Diehl Defence передасть Україні ще дві системи IRIS-T.",
    ):
        (supply,) = facts_of(text, "supply")
        assert (supply.supplier, supply.parties) == ("Diehl Defence", ["Diehl Defence", "UA"])
    producer = "The Norwegian group Kongsberg plans to open a plant in Ukraine to build NASAMS."
    (production,) = facts_of(producer, "production")
    assert set(production.parties) == {"Kongsberg", "UA"}


def test_a_generic_category_beside_the_exact_systems_of_the_article_is_dropped() -> None:
    text = (
        "KNDS will deliver six more Caesar howitzers to Ukraine. The company also makes "
        "155mm artillery shells, and its artillery shells plant in Bourges is growing."
    )
    systems = names_of(text, "system")
    assert {"Caesar", "155mm artillery shells"} <= systems
    assert "howitzers" not in systems
    # artillery shells stay beside the 155 mm ones: a category of its own (rule 20)
    assert "artillery shells" in systems
    plain = "Ukraine needs more howitzers and artillery shells this winter."
    kept = names_of(plain, "system")
    assert {"howitzers", "artillery shells"} <= kept


def test_a_german_description_of_the_company_named_before_is_that_company() -> None:
    text = (
        "Rheinmetall will in der Ukraine Munition herstellen. Der Düsseldorfer "
        "Rüstungskonzern unterzeichnete dazu am Montag eine Absichtserklärung mit der Ukraine."
    )
    names = names_of(text, "organisation")
    assert names == {"Rheinmetall"}
    (agreement,) = facts_of(text, "agreement")
    assert set(agreement.parties) == {"Rheinmetall", "UA"}
    alone = "Der Kasseler Rüstungskonzern unterzeichnete eine Absichtserklärung mit der Ukraine."
    assert not entities_of(alone, "organisation")


def test_a_capacity_or_a_scale_up_is_a_production() -> None:
    capacity = "Zelensky said in October that Ukraine could produce two million drones a year."
    (production,) = facts_of(capacity, "production")
    assert (production.parties, production.systems) == (["UA"], ["drones"])
    line = "The first joint drone production line has been launched in Denmark."
    (launched,) = facts_of(line, "production")
    assert (launched.parties, launched.status) == (["DK"], "ongoing")
    joint = "Ukraine and Denmark will jointly produce 5,000 drones a year from 2026."
    (yearly,) = facts_of(joint, "production")
    assert (set(yearly.parties), yearly.systems) == ({"UA", "DK"}, ["drones"])
    plain = "L'Ukraine et la Lituanie vont produire conjointement des drones."
    (planned,) = facts_of(plain, "production")
    assert (set(planned.parties), planned.status) == ({"UA", "LT"}, "planned")
    assert facts_of(plain, "agreement") == []


def test_a_supply_in_the_future_tense_with_its_subject_before_an_apposition() -> None:
    french = "Parmi ces contrats, Nexter, filiale de KNDS, fournira huit canons Caesar à l'Ukraine."
    (supply,) = facts_of(french, "supply")
    assert (supply.supplier, supply.status, supply.systems) == ("Nexter", "planned", ["Caesar"])
    transferred = "La France transférera douze canons Caesar à l'Ukraine."
    assert [s.supplier for s in facts_of(transferred, "supply")] == ["FR"]
    german = "Die Zulieferung von Munition an die Ukraine übernimmt Rheinmetall."
    assert [s.supplier for s in facts_of(german, "supply")] == ["Rheinmetall"]


def test_cyrillic_names_stop_at_the_sentence_end_and_meet_the_catalogue() -> None:
    text = (
        "Угоду підписали Володимир Зеленський та прем'єр-міністр Польщі Ян Ковальчик. "
        "Уряди домовилися про спільне підприємство."
    )
    people = names_of(text, "person")
    assert "Ян Ковальчик" in people
    assert not [p for p in people if "Уряди" in p]
    russian = "Договор подписал министр обороны Республики Иржи Новак. Стороны довольны."
    people = names_of(russian, "person")
    assert people == {"Иржи Новак"}
    instrumental = "Денис Шмигаль зустрівся з Робертом Фіцо у Братиславі."
    (meeting,) = facts_of(instrumental, "meeting")
    assert {"Denys Shmyhal", "Robert Fico", "SK", "UA"} <= set(meeting.parties)


def test_a_family_name_alone_is_the_family_not_one_model() -> None:
    text = "Turkey will deliver Bayraktar drones, and Rheinmetall repairs Leopard tanks in Ukraine."
    systems = names_of(text, "system")
    assert {"Bayraktar", "Leopard"} <= systems
    assert not systems & {"Bayraktar TB2", "Leopard 2"}
    exact = "Ukraine received Bayraktar TB2 drones and Leopard 2A6 tanks."
    systems = names_of(exact, "system")
    assert {"Bayraktar TB2", "Leopard 2A6"} <= systems  # a variant is a system of its own


def test_german_compound_meetings_and_what_happened_on_their_sidelines() -> None:
    forum = "Schmyhal sprach am Dienstag auf dem Deutsch-Ukrainischen Wirtschaftsforum mit Merz."
    (meeting,) = facts_of(forum, "meeting")
    assert {"UA", "DE"} <= set(meeting.parties)
    sidelines = (
        'Am Rande einer Sicherheitstagung in München gaben die Firmen "Quantum Systems" und '
        "Rheinmetall die gemeinsame Produktion von Drohnen für die Ukraine bekannt."
    )
    (agreement,) = facts_of(sidelines, "agreement")
    assert {"Quantum Systems", "Rheinmetall"} <= set(agreement.parties)


def test_the_verb_right_after_the_document_and_cues_of_proposals_give_the_status() -> None:
    signed = "An agreement was signed today that will allow Ukraine to make more drones."
    assert [a.status for a in facts_of(signed, "agreement")] == ["signed"]
    to_sign = "Poland and Ukraine will sign an agreement on drones next week."
    assert [a.status for a in facts_of(to_sign, "agreement")] == ["planned"]
    for proposal in (
        "L'Ukraine travaille sur un accord avec la Suède sur les véhicules blindés.",
        "Україна запропонувала США угоду про спільне виробництво дронів.",
        "La France a confirmé sa volonté de conclure un accord avec l'Ukraine sur les drones.",
    ):
        assert [a.status for a in facts_of(proposal, "agreement")] == ["planned"], proposal
