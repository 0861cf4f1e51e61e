"""Issue 14, entities (sentences invented for these tests): parliaments, which are no
organisations of interest, and Ukraine's forces named as the French and English press name
them."""

from __future__ import annotations

import pytest
from tests.unit.extraction.helpers import names_of


@pytest.mark.parametrize(
    "text",
    [
        "The Verkhovna Rada ratified the agreement on Tuesday, and Kyiv welcomed the vote.",
        "The US Congress debated the aid package while the Pentagon prepared deliveries.",
    ],
)
def test_parliaments_are_no_organisations_of_interest(text: str) -> None:
    found = names_of(text, "organisation")
    assert "Verkhovna Rada" not in found
    assert "United States Congress" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Les forces ukrainiennes recevront 40 blindés en mai.",
        "Ukrainian forces will receive the first vehicles in May.",
    ],
)
def test_ukrainian_forces_are_the_armed_forces(text: str) -> None:
    assert "Armed Forces of Ukraine" in names_of(text, "organisation")


def test_a_subsidiary_named_in_full_is_not_its_group() -> None:
    found = names_of("John Cockerill Defense will deliver the turrets in 2026.", "organisation")
    assert "John Cockerill Defense" in found
    assert "John Cockerill" not in found
