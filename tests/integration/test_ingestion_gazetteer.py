"""The extractor's hook for learned aliases (``gazetteer.extra_names``): names given to it are
recognised inside the block only, and the catalogue's gazetteer is left as it was."""

from __future__ import annotations

from coprod.extraction import extract_text
from coprod.extraction.gazetteer import Entry, catalogue_gazetteer, extra_names, gazetteer

TEXT = "Ukraine signed a contract with Quorvex Arms for the co-production of drones."


def names(text: str) -> list[tuple[str, str | None]]:
    return [(e.name, e.key) for e in extract_text(text, "t.txt").entities if e.type != "system"]


def test_learned_names_count_inside_the_block_only() -> None:
    before = names(TEXT)
    assert ("Rheinmetall", "rheinmetall") not in before
    with extra_names([(Entry("organisation", "rheinmetall", "Rheinmetall"), "Quorvex Arms")]):
        assert gazetteer() is not catalogue_gazetteer()
        inside = names(TEXT)
    assert ("Rheinmetall", "rheinmetall") in inside
    assert names(TEXT) == before
    assert gazetteer() is catalogue_gazetteer()


def test_a_learned_name_outside_the_catalogue_is_kept_under_its_name() -> None:
    with extra_names([(Entry("organisation", "", "Quorvex Arms Group"), "Quorvex Arms")]):
        facts = extract_text(TEXT, "t.txt").facts
    assert facts[0].parties == ["UA", "Quorvex Arms Group"]
