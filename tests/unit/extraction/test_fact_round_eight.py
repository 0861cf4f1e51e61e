"""Facts on unseen press (issue 14, eighth session; sentences written for these tests): a signed
agreement to make named goods together is also the production of those goods by its parties."""

from __future__ import annotations

from coprod.extraction import extract_text
from coprod.extraction.model import Fact


def _facts(text: str, ftype: str) -> list[Fact]:
    return [f for f in extract_text(text, "t.txt").facts if f.type == ftype]


def test_a_signed_co_production_agreement_is_also_a_production() -> None:
    for text in (
        "Ukraine and Norway signed an agreement on the joint manufacture of drones in Oslo.",
        "La Suède et l'Ukraine ont signé un accord sur la production commune de drones.",
        "Україна та Литва підписали угоду про спільне виробництво дронів.",
        "Die Ukraine und Dänemark unterzeichneten ein Abkommen über die gemeinsame "
        "Herstellung von Drohnen.",
    ):
        agreements = _facts(text, "agreement")
        productions = _facts(text, "production")
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
        assert _facts(text, "production") == [], text
