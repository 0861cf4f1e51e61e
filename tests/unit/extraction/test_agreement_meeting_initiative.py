"""Agreements, meetings and initiatives on unseen press (issue 14, eleventh session; sentences
written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_forum_told_again_by_its_kind_is_one_meeting() -> None:
    for text in (
        "Estonia and Ukraine held a defence industry forum in Tallinn. "
        "Kaja Kallas said at the forum that production must grow. "
        "The forum gathered 200 companies from Latvia and Estonia.",
        "Естонія та Україна провели оборонний форум у Таллінні. "
        "На форумі Кая Каллас заявила, що виробництво має зрости.",
    ):
        meetings = facts_of(text, "meeting")
        assert len(meetings) == 1, (text, meetings)
        assert {"EE", "UA"} <= set(meetings[0].parties), text


def test_conferences_of_different_kinds_stay_apart() -> None:
    text = (
        "Estonia and Ukraine held a defence industry forum in Tallinn. "
        "Latvia and Ukraine will hold a conference in Riga in May."
    )
    assert len(facts_of(text, "meeting")) == 2


def test_another_conference_is_not_the_one_told_before() -> None:
    for text in (
        "Estonia and Ukraine held a defence conference in Tallinn. "
        "Latvia and Poland hosted another conference in Riga this week.",
        "L'Estonie et l'Ukraine ont tenu une conférence de défense à Tallinn. "
        "La Lettonie et la Pologne ont accueilli une autre conférence à Riga.",
    ):
        assert len(facts_of(text, "meeting")) == 2, text
