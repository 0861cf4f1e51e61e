"""Ukrainian, Russian and German articles (sentences written for these tests): facts, not only
entities; inflected Cyrillic names, amounts, months and places."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_in, names_in

from coprod.extraction import extract_text
from coprod.extraction.amounts import find_amounts
from coprod.extraction.dates import find_dates
from coprod.extraction.gazetteer import norm_word

UKRAINIAN = """Україна та Данія підписали угоду про спільне виробництво дронів

Міністр оборони України Рустем Умєров 12 березня 2025 року зустрівся у Копенгагені з міністром \
оборони Данії Троельсом Лундом Поульсеном. Сторони підписали меморандум про спільне виробництво \
далекобійної зброї на території Данії.
Данія виділить 500 млн євро на закупівлю українських снарядів 155 мм.
Прем'єр-міністр Денис Шмигаль заявив, що Україна подвоїла виробництво боєприпасів.
"""

RUSSIAN = """Украина и Канада будут совместно производить оборонную продукцию

Премьер-министр Украины Денис Шмыгаль 4 апреля 2024 года встретился в Оттаве с министром \
обороны Канады. Стороны подписали соглашение о совместном производстве бронетехники и \
беспилотников.
Канада выделит 2,5 млрд долларов на закупку дронов для Вооруженных сил Украины.
По словам Шмыгаля, Украина планирует заключить контракт на ремонт техники с немецкой компанией \
Rheinmetall.
"""

GERMAN = """Rheinmetall und die Ukraine unterzeichnen Vertrag über Munitionswerk

Der Rüstungskonzern Rheinmetall hat am 14. Februar 2025 in Kiew mit dem ukrainischen \
Verteidigungsministerium einen Vertrag über den Bau eines Werks für Artilleriemunition \
unterzeichnet. Der Auftrag hat einen Wert von 300 Mio. Euro.
Zudem wollen beide Seiten eine Absichtserklärung zur gemeinsamen Instandsetzung von \
Schützenpanzern unterzeichnen.
Deutschland stellt der Ukraine weitere 1,2 Mrd. Euro für Luftverteidigung bereit.
"""


def test_inflected_cyrillic_names_come_to_one_stem() -> None:
    forms = ["Умєров", "Умєрова", "Умєрову", "Умєровим", "Умеров", "Умерова", "Умеровым"]
    assert {norm_word(f) for f in forms} == {norm_word("Умєров")}
    assert norm_word("Шмигалем") == norm_word("Шмыгаль") == norm_word("Шмигаль")
    assert norm_word("України") == norm_word("Украиной") == norm_word("Україна")
    assert norm_word("Умєров") != norm_word("Шмигаль")
    assert norm_word("Rheinmetall") == "rheinmetall"  # Latin words keep the old folding


def test_ukrainian_article_gives_meeting_agreement_funding_and_production() -> None:
    result = extract_text(UKRAINIAN, "uk.txt")
    assert result.document.language == "uk"
    assert {"Rustem Umerov", "Troels Lund Poulsen", "Denys Shmyhal"} <= names_in(result, "person")
    (meeting,) = facts_in(result, "meeting")
    assert {"UA", "DK", "Rustem Umerov"} <= set(meeting.parties)
    assert (meeting.location, meeting.date) == ("Copenhagen", "2025-03-12")
    (memorandum,) = facts_in(result, "agreement")
    assert memorandum.agreement_type == "memorandum_of_understanding"
    assert memorandum.status == "signed" and "co_production" in memorandum.scope
    assert set(memorandum.parties) == {"UA", "DK"}
    assert "long-range weapons" in memorandum.systems
    (funding,) = facts_in(result, "funding")
    assert (funding.funder, funding.recipient, funding.currency) == ("DK", "UA", "EUR")
    assert funding.amount == 500_000_000 and "procurement" in funding.scope
    agreed, production = facts_in(result, "production")
    assert (set(agreed.parties), agreed.status) == ({"UA", "DK"}, "planned")  # the memorandum's
    assert production.parties == ["UA"] and production.growth == [{"factor": 2}]


def test_russian_article_gives_meeting_agreement_funding_and_a_planned_contract() -> None:
    result = extract_text(RUSSIAN, "ru.txt")
    assert result.document.language == "ru"
    assert "Denys Shmyhal" in names_in(result, "person")
    assert "Armed Forces of Ukraine" in names_in(result, "organisation")
    (meeting,) = facts_in(result, "meeting")
    assert (meeting.location, meeting.date) == ("Ottawa", "2024-04-04")
    agreement, contract = facts_in(result, "agreement")
    assert (agreement.agreement_type, agreement.status) == ("agreement", "signed")
    assert set(agreement.parties) == {"UA", "CA"} and agreement.scope == ["co_production"]
    assert (contract.agreement_type, contract.status) == ("contract", "planned")
    assert set(contract.parties) == {"UA", "Rheinmetall"}
    assert contract.scope == ["maintenance_repair"]
    (funding,) = facts_in(result, "funding")
    assert (funding.funder, funding.amount, funding.currency) == ("CA", 2_500_000_000, "USD")


def test_german_contract_and_planned_declaration_stay_two_agreements() -> None:
    result = extract_text(GERMAN, "de.txt")
    contract, declaration = facts_in(result, "agreement")
    assert (contract.agreement_type, contract.status) == ("contract", "signed")
    assert set(contract.parties) == {"UA", "Rheinmetall"}
    assert (contract.amount, contract.currency) == (300_000_000, "EUR")
    assert (declaration.agreement_type, declaration.status) == ("declaration_of_intent", "planned")
    assert "maintenance_repair" in declaration.scope
    (funding,) = facts_in(result, "funding")
    assert (funding.funder, funding.amount) == ("DE", 1_200_000_000)


def test_cyrillic_amounts_and_dates() -> None:
    found = find_amounts("виділено 1,5 млрд гривень і 200 млн доларів та 3 тис. євро", "uk")
    assert [(a.amount, a.currency) for a in found] == [
        (1_500_000_000, "UAH"),
        (200_000_000, "USD"),
        (3_000, "EUR"),
    ]
    assert [(a.amount, a.currency) for a in find_amounts("два миллиарда евро", "ru")] == [
        (2_000_000_000, "EUR")
    ]
    dates = find_dates("5 червня 2025 року; у липні; 3 декабря 2024 года", None)
    assert [d.value for d in dates] == ["2025-06-05", "2025-07", "2024-12-03"]


def test_cyrillic_names_the_catalogue_holds_in_latin_only_are_transliterated() -> None:
    text = "Кая Каллас та Марк Рютте зустрілися з Борисом Пісторіусом у Брюсселі."
    people = names_in(extract_text(text, "uk.txt"), "person")
    assert {"Kaja Kallas", "Mark Rutte", "Boris Pistorius"} <= people


def test_unknown_people_and_companies_after_cyrillic_titles_and_company_words() -> None:
    result = extract_text(
        "Заступник міністра оборони Іван Петренко заявив, що компанія Фаєр Поінт отримала "
        "контракт.",
        "uk.txt",
    )
    assert "Іван Петренко" in names_in(result, "person")
    assert names_in(result, "organisation") & {"Fire Point", "Фаєр Поінт"}


def test_the_same_news_in_ukrainian_and_in_russian_gives_the_same_facts() -> None:
    ukrainian = (
        "Німеччина передала Україні нову партію систем IRIS-T. "
        "Польща планує передати Україні ще 100 танків. "
        "Укроборонпром щомісяця виробляє понад 100 тисяч снарядів."
    )
    russian = (
        "Германия передала Украине новую партию систем IRIS-T. "
        "Польша планирует передать Украине еще 100 танков. "
        "Укроборонпром ежемесячно производит более 100 тысяч снарядов."
    )

    def told(text: str) -> list[tuple[object, ...]]:
        return [
            (f.type, f.supplier, f.status, tuple(f.systems), f.quantity, tuple(f.parties))
            for f in extract_text(text, "t.txt").facts
        ]

    expected = [
        ("supply", "DE", "delivered", ("IRIS-T",), None, ("DE", "UA")),
        ("supply", "PL", "planned", ("tanks",), 100, ("PL", "UA")),
        ("production", None, "ongoing", ("artillery shells",), None, ("Ukroboronprom",)),
    ]
    assert told(ukrainian) == expected
    assert told(russian) == expected
