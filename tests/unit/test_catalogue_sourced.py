"""The catalogue's sourced additions: entries built from public facts, each naming its source,
merged after the hand-kept entries without changing their keys or colliding with their names."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from coprod import catalog
from coprod.errors import InvalidInput

KINDS = ("organisations", "people", "systems")


def _data(name: str) -> Any:
    path = resources.files("coprod.catalog").joinpath("data", name)
    return json.loads(path.read_text(encoding="utf-8"))


def _loaded(kind: str) -> dict[str, Any]:
    return {"organisations": catalog.organisations, "people": catalog.people}.get(
        kind, catalog.systems
    )()


@pytest.mark.parametrize("kind", KINDS)
def test_every_sourced_entry_names_the_page_it_comes_from(kind: str) -> None:
    rows = _data(f"{kind}_sourced.json")

    assert rows
    assert all(row["source"].startswith(("https://", "http://")) for row in rows), kind


def test_every_sourced_alias_names_its_page_and_an_entry() -> None:
    for extra in _data("aliases_sourced.json"):
        assert extra["source"].startswith(("https://", "http://"))
        kind = {"person": "people", "organisation": "organisations", "system": "systems"}
        assert extra["key"] in _loaded(kind[extra["type"]])


@pytest.mark.parametrize("kind", KINDS)
def test_the_hand_kept_keys_and_names_are_unchanged(kind: str) -> None:
    loaded = _loaded(kind)

    for row in _data(f"{kind}.json"):
        assert loaded[row["key"]].name == row["name"]
        assert set(row.get("aliases", [])) <= set(loaded[row["key"]].aliases)
    assert len(loaded) == len(_data(f"{kind}.json")) + len(_data(f"{kind}_sourced.json"))


def test_sourced_aliases_reach_the_entries() -> None:
    assert "Денис Шмыгаль" in catalog.people()["denys-shmyhal"].aliases
    assert catalog.systems()["vector"].manufacturer == "quantum-systems"
    assert catalog.organisations()["swift-beat"].country == "US"


def _names() -> dict[str, set[tuple[str, str]]]:
    owners: dict[str, set[tuple[str, str]]] = {}
    for kind in KINDS:
        for key, entry in _loaded(kind).items():
            for name in [entry.name, *entry.aliases]:
                owners.setdefault(name.casefold(), set()).add((kind, key))
    return owners


def test_no_sourced_name_is_also_the_name_of_another_entry() -> None:
    added = {row["key"] for kind in KINDS for row in _data(f"{kind}_sourced.json")}
    extras = _data("aliases_sourced.json")
    added_names = {alias.casefold() for extra in extras for alias in extra["aliases"]}
    clashes = {
        name: owners
        for name, owners in _names().items()
        if len(owners) > 1 and ({key for _, key in owners} & added or name in added_names)
    }
    assert clashes == {}


BASE = [{"key": "a", "name": "A", "aliases": ["Alpha"]}]


def test_a_sourced_key_already_in_use_is_refused() -> None:
    twin = [{"key": "a", "name": "Other A", "source": "https://example.org/a"}]

    with pytest.raises(InvalidInput, match="'a' is already in use"):
        catalog.merge_sourced("systems", BASE, twin, [])


def test_a_sourced_entry_without_a_source_is_refused() -> None:
    with pytest.raises(InvalidInput, match="'b' names no source URL"):
        catalog.merge_sourced("systems", BASE, [{"key": "b", "name": "B"}], [])


def test_aliases_for_a_missing_entry_or_without_a_source_are_refused() -> None:
    ghost = {"type": "system", "key": "zz", "aliases": ["Z"], "source": "https://example.org"}
    with pytest.raises(InvalidInput, match="entry 1: no system 'zz'"):
        catalog.merge_sourced("systems", BASE, [], [ghost])
    with pytest.raises(InvalidInput, match="entry 1 needs a type and a source"):
        catalog.merge_sourced("systems", BASE, [], [{"type": "system", "key": "a"}])


def test_sourced_aliases_are_added_once_and_other_kinds_left_alone() -> None:
    extras = [
        {"type": "system", "key": "a", "aliases": ["Alpha", "Альфа"], "source": "https://x.org"},
        {"type": "person", "key": "p", "aliases": ["P"], "source": "https://x.org"},
    ]

    (row,) = catalog.merge_sourced("systems", BASE, [], extras)

    assert row["aliases"] == ["Alpha", "Альфа"]
    assert BASE[0]["aliases"] == ["Alpha"]  # the hand-kept rows are not changed in place


def test_every_sourced_system_maker_and_organisation_country_is_known() -> None:
    for row in _data("systems_sourced.json"):
        maker = row.get("manufacturer")
        assert maker is None or maker in catalog.organisations(), row["key"]
    for row in _data("organisations_sourced.json"):
        country = row.get("country")
        assert country is None or catalog.is_country_code(country), row["key"]


def test_counter_battery_radars_are_no_air_defence() -> None:
    """AN/TPQ-36/37 locate guns and rockets for the field artillery (issue 14 source check)."""
    systems = catalog.systems()

    assert systems["an-tpq-36"].category == "other"
    assert systems["an-tpq-37"].category == "other"
