"""Rules of the round after batch-8's first score (issue 14): precision rules meant to hold for
any text, not vocabulary of the batches (sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of, names_of

from coprod.extraction import extract_text


def test_an_ampersand_joins_a_company_name() -> None:
    text = "The American firm K&M Systems Corporation signed a contract with Ukraine on Monday."
    assert "K&M Systems Corporation" in names_of(text, "organisation")
    uk = (
        "Київська компанія Acme Defence та американська компанія D&M Holding Company "
        "уклали у вівторок угоду про спільне підприємство."
    )
    organisations = names_of(uk, "organisation")
    assert "D&M Holding Company" in organisations
    assert not organisations & {"D", "Holding Company", "M Holding Company"}


def test_no_name_is_written_in_two_alphabets() -> None:
    text = (
        "Угоду підписали директор Олег Гуляк та СЕО D&M Holding Company Даніел Пауерс "
        "у присутності гостей."
    )
    people = names_of(text, "person")
    assert "Даніел Пауерс" in people
    assert not any("Company" in name for name in people)
    assert "Даніел Пауерс" not in names_of(text, "organisation")


def _agreements(text: str) -> list[list[str]]:
    return [f.parties for f in facts_of(text, "agreement")]


def test_a_partnership_without_signing_or_two_sides_is_no_agreement() -> None:
    for text in (
        "Міністр зазначив, що потрібне партнерство між державними та приватними виробниками.",
        "Thanks to this partnership, Ukraine builds a common industrial base, he said.",
        "Завдяки такому партнерству Україна формує спільну промислову базу безпеки.",
    ):
        assert _agreements(text) == [], text


def test_a_signed_or_two_sided_partnership_stays_an_agreement() -> None:
    signed = "Ukraine signed a partnership with Norway on drone production on Monday."
    assert _agreements(signed)
    two_sides = "Le partenariat entre Thales et Ukroboronprom porte sur les radars."
    assert _agreements(two_sides)


def test_a_german_compound_company_word_cues_the_name_after_it() -> None:
    text = (
        "Der ukrainische Drohnenhersteller Skyeton und die britische Verteidigungsfirma "
        "Northwold Partners haben ein Gemeinschaftsunternehmen gegründet."
    )
    assert "Northwold Partners" in names_of(text, "organisation")


def test_a_demonym_before_a_new_company_is_no_party() -> None:
    uk = (
        "Київська компанія Acme Defence та американська компанія K&M Holding Company "
        "уклали у вівторок угоду про спільне підприємство."
    )
    assert _agreements(uk)
    assert all("US" not in parties for parties in _agreements(uk))
    de = (
        "Der ukrainische Drohnenhersteller Skyeton und die britische Verteidigungsfirma "
        "Northwold Partners haben ein Gemeinschaftsunternehmen gegründet."
    )
    assert _agreements(de) == [["Skyeton", "Northwold Partners"]]


def test_a_legal_form_before_a_quoted_name_is_no_name_of_its_own() -> None:
    uk = "Українська компанія ТОВ «Сокіл Дрон» уклала контракт з Міністерством оборони України."
    assert names_of(uk, "organisation") == {"Сокіл Дрон", "Ministry of Defence of Ukraine"}
    assert _agreements(uk) == [["UA", "Сокіл Дрон"]]  # the ministry's state stays a side
    en = 'The company LLC "Skyforge" will build a drone production plant in Great Britain.'
    assert names_of(en, "organisation") == {"Skyforge"}


def test_a_joint_production_only_considered_is_a_planned_production() -> None:
    for text in (
        "Прем'єр-міністр заявив, що Україна та Норвегія розглядають можливість спільного "
        "виробництва систем ППО.",
        "Ukraine and Norway are considering the possibility of joint production of air "
        "defence systems.",
    ):
        facts = extract_text(text, "t.txt").facts
        assert [(f.type, f.status) for f in facts] == [("production", "planned")], text
    agreed = "Ukraine and Norway agreed on the joint production of air defence systems."
    # agreed: the agreement, and the planned production it commits both sides to (eighth session)
    assert [(f.type, f.status) for f in extract_text(agreed, "t.txt").facts] == [
        ("agreement", "signed"),
        ("production", "planned"),
    ]
    consider_agreed = (
        "La France et l'Ukraine se sont mises d'accord mardi pour examiner la possibilité "
        "d'une production conjointe de systèmes de défense aérienne."
    )
    assert [f.type for f in extract_text(consider_agreed, "t.txt").facts] == ["agreement"]
