"""A person's roles name their organisation by its name on the record page (a link) and in
the publishing preview (text), never by its key; a key that names no organisation the reader
sees says so (``web/links.parts_named``)."""

from __future__ import annotations

from coprod.domain import kinds
from coprod.web.links import named_parts, parts_named
from coprod.web.locales import reader

ROLES = [
    {"title": "Chief executive", "organisation": "aselsan", "start": "2020-01-01"},
    {"title": "Adviser", "organisation": "gone-co"},
]
NAMES = {"aselsan": "ASELSAN <Defence>"}
LINK = '<a href="/records/organisations/aselsan">ASELSAN &lt;Defence&gt;</a>'


def test_only_parts_that_name_a_record_are_named_parts() -> None:
    assert named_parts(kinds.PERSON, "roles") == ("organisation", "organisation")
    assert named_parts(kinds.PERSON, "country") is None
    assert named_parts(kinds.AGREEMENT, "evidence") is None  # written by document, apart
    assert named_parts(kinds.AGREEMENT, "history") is None


def test_a_role_names_its_organisation_by_name_with_a_link() -> None:
    shown = parts_named(ROLES, kinds.PERSON, "roles", NAMES, reader("en"))
    chief, adviser = str(shown).split("; ")
    assert chief.startswith(f"Chief executive, organisation {LINK}, ")
    assert "aselsan<" not in chief and ">aselsan" not in chief
    assert adviser == "Adviser, unknown organisation (gone-co)"


def test_the_preview_names_it_without_a_link_in_each_language() -> None:
    said = {
        "uk": ("організація ASELSAN &lt;Defence&gt;", "невідома організація (gone-co)"),
        "fr": ("organisation ASELSAN &lt;Defence&gt;", "organisation inconnue (gone-co)"),
    }
    for language, (named, unknown) in said.items():
        shown = str(parts_named(ROLES, kinds.PERSON, "roles", NAMES, reader(language), pages=None))
        assert named in shown and unknown in shown and "<a " not in shown
        assert "aselsan" not in shown.replace("(gone-co)", "")
