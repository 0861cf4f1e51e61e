"""Who makes what (issue 14, fifth round): a production with no producer named is not given to
the state the article talks most of, a production a state pays for is Ukraine's, and a joint
venture told of without its owners is theirs (sentences written for these tests)."""

from __future__ import annotations

from coprod.extraction import extract_text


def _facts(text: str, ftype: str) -> list:  # type: ignore[type-arg]
    return [f for f in extract_text(text, "t.txt").facts if f.type == ftype]


def test_a_production_without_a_producer_is_not_the_main_partners() -> None:
    text = (
        "Poland and Ukraine signed a memorandum in Warsaw. Poland will send more air defence "
        "to Ukraine, Poland's minister said. New lines will produce 20,000 drones per month."
    )
    assert [f.parties for f in _facts(text, "production") if "PL" in f.parties] == []


def test_a_production_a_state_pays_for_is_ukraines() -> None:
    for text in (
        "Sweden is financing the production of 18 Bohdana units this year, Ukraine said.",
        "Ukraine welcomed the news. Sweden has signed contracts for the production of "
        "20,000 Bohdana units.",
    ):
        productions = _facts(text, "production")
        assert [f.parties for f in productions] == [["UA"]], text
        assert productions[0].systems == ["Bohdana"], text


def test_a_joint_venture_told_without_its_owners_is_theirs() -> None:
    for text in (
        "Thales and Ukroboronprom signed a memorandum on radars in Kyiv. The first workshop "
        "of their joint venture has started producing armoured vehicles.",
        "Thales та Укроборонпром підписали меморандум у Києві. Перший цех спільного "
        "підприємства розпочав виробництво бронетехніки.",
    ):
        productions = _facts(text, "production")
        assert [set(f.parties) for f in productions] == [{"Thales", "Ukroboronprom"}], text
