"""Conventions of real press the fact rules follow (issue 14, second round): named events
where agreements are signed, document names that are no status cue, the Danish model in
Ukrainian, payers named after the sum, media that are no initiative, German nouns after a
company word (sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of, names_of

from coprod.extraction import extract_text


def test_an_agreement_signed_at_a_named_conference_makes_its_meeting() -> None:
    english = (
        "Rheinmetall and Ukraine signed a memorandum of understanding on the sidelines of the "
        "Munich Security Conference."
    )
    (meeting,) = facts_of(english, "meeting")
    assert meeting.name == "Munich Security Conference"
    assert meeting.location == "Munich"
    assert {"Rheinmetall", "UA"} <= set(meeting.parties)
    french = (
        "Rheinmetall et l'Ukraine ont signé un mémorandum en marge de la Conférence de Munich "
        "sur la sécurité."
    )
    assert [m.name for m in facts_of(french, "meeting")] == ["Munich Security Conference"]


def test_the_name_of_a_letter_of_intent_is_no_planned_status() -> None:
    russian = "Вчера Швеция и Украина подписали письмо о намерениях по бронетехнике."
    ukrainian = "Вчора Фінляндія та Україна підписали лист про наміри щодо бронетехніки."
    for text in (russian, ukrainian):
        (letter,) = facts_of(text, "agreement")
        assert (letter.agreement_type, letter.status) == ("letter_of_intent", "signed")
    (planned,) = facts_of(
        "Фінляндія та Україна планують підписати лист про наміри восени.", "agreement"
    )
    assert planned.status == "planned"


def test_the_danish_model_in_ukrainian_with_the_payer_named_after_the_sum() -> None:
    text = (
        "На данську модель піде ще 2,4 мільярда крон з бюджету, - розповів у вівторок "
        "прем'єр-міністр Данії."
    )
    (initiative,) = facts_of(text, "initiative")
    assert initiative.name == "Danish model"
    assert initiative.scope == ["financing", "procurement"]
    (funding,) = facts_of(text, "funding")
    assert (funding.funder, funding.amount, funding.currency) == ("DK", 2_400_000_000, "DKK")


def test_a_broadcaster_is_no_initiative() -> None:
    text = "Das Interview lief am Sonntag im Programm Deutschlandfunk zur Mittagszeit."
    assert facts_of(text, "initiative") == []


def test_a_german_noun_after_a_company_word_is_no_organisation() -> None:
    text = (
        "Laut dem Unternehmen wachsen die Kapazitäten im Werk stark. "
        "Der Rüstungskonzern Veltrion liefert Munition an die Ukraine."
    )
    names = names_of(text, "organisation", "de.txt")
    assert "Kapazitäten" not in names
    assert "Veltrion" in names


def test_each_payer_named_with_its_sum_is_a_funding_of_its_own() -> None:
    listed = (
        "Kyiv will receive €310 million from Belgium, €45 million from Finland and €6.5 million "
        "from Estonia for drones."
    )
    shares = {(f.funder, f.recipient, f.amount) for f in facts_of(listed, "funding")}
    assert {("BE", "UA", 310_000_000), ("FI", "UA", 45_000_000), ("EE", "UA", 6_500_000)} <= shares
    verbs = (
        "Two partners will finance shells for Ukraine, with Belgium committing €70 million and "
        "Finland adding €12 million."
    )
    shares = {(f.funder, f.amount) for f in facts_of(verbs, "funding")}
    assert {("BE", 70_000_000), ("FI", 12_000_000)} <= shares


def test_one_sum_from_several_payers_stays_one_funding() -> None:
    text = "Kyiv awaits 90 million euros for shells from Belgium, Finland and Estonia."
    (funding,) = facts_of(text, "funding")
    assert funding.amount == 90_000_000


def test_joint_production_announced_by_two_parties_is_their_production() -> None:
    text = (
        "In Kiew verkündeten Quantum Systems und Frontline Robotics eine gemeinsame "
        "Produktion neuer Drohnen."
    )
    (production,) = facts_of(text, "production", "de.txt")
    assert set(production.parties) == {"Frontline Robotics", "Quantum Systems"}
    assert production.systems == ["drones"]
    assert facts_of(text, "agreement", "de.txt") == []
    agreed = (
        "In Kiew vereinbarten Quantum Systems und Frontline Robotics eine gemeinsame "
        "Produktion neuer Drohnen."
    )
    (agreement,) = facts_of(agreed, "agreement", "de.txt")
    assert set(agreement.parties) == {"Frontline Robotics", "Quantum Systems"}
    assert "co_production" in agreement.scope and agreement.systems == ["drones"]
    (planned,) = facts_of(agreed, "production", "de.txt")
    assert (set(planned.parties), planned.status) == (set(agreement.parties), "planned")
    alone = "Die gemeinsame Produktion von Drohnen soll im Sommer beginnen."
    assert facts_of(alone, "agreement", "de.txt") == []


def test_a_signed_document_is_an_agreement_and_a_visit_in_german_a_meeting() -> None:
    signed = "Am Freitag haben MBDA und Ukroboronprom in Kiew ein Dokument unterzeichnet."
    (agreement,) = facts_of(signed, "agreement", "de.txt")
    assert (agreement.status, set(agreement.parties)) == ("signed", {"Ukroboronprom", "MBDA"})
    visit = "Pistorius und Selenskyj besuchen am Montag eine Werft in Kiel."
    (meeting,) = facts_of(visit, "meeting", "de.txt")
    assert {"Volodymyr Zelensky", "Boris Pistorius"} <= set(meeting.parties)


def test_the_german_company_is_the_german_company_named_before() -> None:
    text = (
        "Rheinmetall plans a new shell factory near Kyiv. "
        "Last week the German company signed a memorandum with Ukraine about it."
    )
    agreements = facts_of(text, "agreement")
    assert {"Rheinmetall", "UA"} in [set(a.parties) for a in agreements]
    assert not [a for a in agreements if "DE" in a.parties]
    french = "Le groupe franco-allemand KNDS a signé un contrat avec l'Ukraine."
    (contract,) = facts_of(french, "agreement", "fr.txt")
    assert set(contract.parties) == {"KNDS", "UA"}


def test_a_short_line_after_the_body_is_no_headline() -> None:
    body = (
        "За даними уряду, Україна підписала угоду з компанією Diehl Defence про випуск "
        "ракет IRIS-T на заводі, де вже працюють сотні людей. " * 3
    )
    text = body + "\nФото з церемонії у Житомирі, надане пресслужбою\n"
    result = extract_text(text, "uk.txt")
    assert result.document.title is None
    assert {"UA", "Diehl Defence"} <= {p for f in result.facts for p in f.parties}


def test_what_a_weapon_fights_is_no_system_of_it_and_artillery_is_one() -> None:
    systems = names_of(
        "Two donors fund artillery and anti-tank weapons built by Ukrainian firms.", "system"
    )
    assert "artillery" in systems and "tanks" not in systems
    assert "artillery" in names_of("Партнери фінансують артилерію для України.", "system")


def test_a_company_name_of_common_words_must_be_written_as_a_name() -> None:
    generic = "Finland buys rifles from the Ukrainian defense industry."
    assert "Ukroboronprom" not in names_of(generic, "organisation")
    named = "Last year Ukrainian Defense Industry hired Rheinmetall for repairs."
    assert "Ukroboronprom" in names_of(named, "organisation")
    assert names_of("Естонія вкладає гроші в підприємства ОПК.", "organisation") == set()


def test_a_maker_and_its_product_without_a_deal_is_production() -> None:
    text = "Seit Mai produziert Quantum Systems auch Vector-Drohnen bei Lwiw."
    (production,) = facts_of(text, "production", "de.txt")
    assert "Quantum Systems" in production.parties and "Vector" in production.systems
    deal = "Quantum Systems unterzeichnete einen Vertrag und produziert Drohnen in der Ukraine."
    assert facts_of(deal, "production", "de.txt") == []
    visit = "Die Ministerin besuchte eine Fabrik von Quantum Systems, die Drohnen produziert."
    assert facts_of(visit, "production", "de.txt") == []


def test_a_month_abbreviation_ends_no_sentence_and_a_standard_is_no_party() -> None:
    text = (
        "On Nov. 14 KNDS won a contract to deliver 30 howitzers to the Ukrainian army. "
        "KNDS will also make NATO-standard shells."
    )
    (contract,) = facts_of(text, "agreement")
    (evidence,) = contract.evidence
    assert evidence.start == 0 and evidence.end > text.index("army")  # one sentence
    assert all("NATO" not in f.parties for f in extract_text(text, "k.txt").facts)


def test_shells_beside_155_mm_are_155mm_artillery_shells() -> None:
    for text in (
        "La France livre des munitions d'artillerie de 155 mm à l'Ukraine.",
        "Україна виробляє 155-мм боєприпаси.",
    ):
        assert "155mm artillery shells" in names_of(text, "system")
    assert "155mm artillery shells" not in names_of("Rheinmetall makes ammunition.", "system")
