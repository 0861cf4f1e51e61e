"""Entities: catalogue names, transliterations, fuzzy canonicalisation, unknown entities."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import entities_in, names_in, names_of

from coprod.extraction import extract_text
from coprod.extraction.gazetteer import gazetteer


@pytest.mark.parametrize(
    "spelling",
    [
        "Zelensky",
        "Zelenskyy",
        "Selenskyj",
        "Zelenski",
        "Volodymyr Zelenskiy",
        "Wolodymyr Selenskyj",
    ],
)
def test_transliterations_of_zelensky(spelling: str) -> None:
    assert "Volodymyr Zelensky" in names_of(
        f"Präsident {spelling} traf gestern Vertreter.", "person"
    )


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Oumerov", "Rustem Umerov"),
        ("Umjerow", "Rustem Umerov"),
        ("Chmyhal", "Denys Shmyhal"),
        ("Schmyhal", "Denys Shmyhal"),
        ("Fedorow", "Mykhailo Fedorov"),
        ("Sergueï Lavrov", "Sergey Lavrov"),
    ],
)
def test_legitimate_spellings_map_to_the_canonical_person(spelling: str, canonical: str) -> None:
    assert canonical in names_of(f"Le ministre {spelling} a parlé aux journalistes.", "person")


@pytest.mark.parametrize(
    ("typo", "canonical", "kind"),
    [
        ("Sébastien Lecornuil", "Sébastien Lecornu", "person"),
        ("Lecornuil", "Sébastien Lecornu", "person"),
        ("Rheimentaal", "Rheinmetall", "organisation"),
        ("Rheimentaal AG", "Rheinmetall", "organisation"),
        ("Bacock International Group", "Babcock International Group", "organisation"),
        ("Emmanuel Macronn", "Emmanuel Macron", "person"),
        ("John Heeley", "John Healey", "person"),
    ],
)
def test_typos_map_to_the_canonical_name(typo: str, canonical: str, kind: str) -> None:
    text = f"Selon nos informations, {typo} a confirmé la discussion avec Kyiv."
    assert canonical in names_of(text, kind)


@pytest.mark.parametrize(
    ("word", "not_this"),
    [
        ("Steinberg", "Stoltenberg"),
        ("Rheinland", "rheinmetall"),
        ("Babylon", "babcock"),
        ("Leclerc", "lecornu"),
        ("Micron", "macron"),
    ],
)
def test_fuzzy_matching_does_not_merge_different_names(word: str, not_this: str) -> None:
    entry = gazetteer().fuzzy(word)
    assert entry is None or not_this.lower() not in entry.name.lower()


def test_exact_names_still_resolve_after_fuzzy_rules() -> None:
    found = gazetteer().fuzzy("Lecornu")
    assert found is not None and found.name == "Sébastien Lecornu"


def test_a_title_is_not_an_organisation_but_a_ministry_is() -> None:
    text = (
        "Le ministre ukrainien de la Défense a parlé. Le ministère ukrainien de la "
        "Défense a publié un communiqué."
    )
    assert names_of(text, "organisation") == {"Ministry of Defence of Ukraine"}


def test_generic_ministries_take_the_country_named_beside_them() -> None:
    text = "Das ukrainische Verteidigungsministerium und das Außenministerium Frankreichs."
    assert "Ministry of Defence of Ukraine" in names_of(text, "organisation")


def test_media_and_social_networks_are_not_organisations() -> None:
    text = "Selon l'AFP et Reuters, le ministre a écrit sur Telegram et Facebook que Saab signera."
    assert names_of(text, "organisation") == {"Saab"}


def test_unknown_people_and_companies_are_kept_under_a_cleaned_name() -> None:
    text = (
        "Polish Deputy Minister Jan Kowalczyk said the Ukrainian company Skyforge Robotics "
        "will build drones with Mirova Dynamics Ltd in Lviv."
    )
    result = extract_text(text)
    people = names_in(result, "person")
    orgs = names_in(result, "organisation")
    assert "Jan Kowalczyk" in people
    assert {"Skyforge Robotics", "Mirova Dynamics"} <= orgs
    assert all(
        e.key is None for e in result.entities if e.name in {"Jan Kowalczyk", "Mirova Dynamics"}
    )


def test_french_ner_finds_people_the_catalogue_lacks() -> None:
    text = (
        "Lors de la visite, Marie-Claire Dubreuil a présenté le projet de drones aux partenaires."
    )
    assert "Marie-Claire Dubreuil" in names_of(text, "person")


def test_mentions_point_into_the_text() -> None:
    text = "Kyiv and Berlin: Pistorius met Umerov. Later Umerov thanked Germany."
    result = extract_text(text)
    umerov = next(e for e in result.entities if e.name == "Rustem Umerov")
    assert [text[m.start : m.end] for m in umerov.mentions] == ["Umerov", "Umerov"]
    assert umerov.country == "UA" and umerov.key == "rustem-umerov"


def test_a_generic_category_describing_a_named_system_is_not_kept() -> None:
    text = "Kyiv veut obtenir des systèmes de défense antiaérienne SAMP-T et des missiles Mistral."
    assert names_of(text, "system") == {"SAMP/T", "Mistral"}


def test_systems_categories_and_countries() -> None:
    text = (
        "Germany will send FPV drones, interceptor drones and 155 mm shells; "
        "die Ukraine erhält Abfangdrohnen."
    )
    result = extract_text(text)
    systems = names_in(result, "system")
    assert {"FPV drones", "interceptor drones", "155mm artillery shells"} <= systems
    countries = {e.code for e in entities_in(result, "country")}
    assert countries == {"DE", "UA"}


def test_lowercase_words_do_not_match_capitalised_names() -> None:
    text = "He used a hammer and a leopard print to patriot us."
    assert names_of(text, "system") == set()
