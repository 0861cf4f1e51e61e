"""Agreements, meetings and Ukrainian/Russian facts (issue 14, eleventh session; sentences
written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_hostile_state_named_alone_is_no_side_of_a_meeting() -> None:
    for text in (
        "Rustem Umerov met Boris Pistorius in Berlin to talk about Russia's attacks on Kyiv.",
        "Рустем Умєров зустрівся з Борисом Пісторіусом у Берліні, щоб обговорити атаки Росії.",
    ):
        (meeting,) = facts_of(text, "meeting")
        assert "RU" not in meeting.parties, text
        assert {"UA", "DE"} <= set(meeting.parties), text


def test_a_hostile_state_at_the_table_through_its_people_stays() -> None:
    text = "Donald Trump met Vladimir Putin in Alaska on 15 August 2025."
    (meeting,) = facts_of(text, "meeting")
    assert {"US", "RU"} <= set(meeting.parties)
