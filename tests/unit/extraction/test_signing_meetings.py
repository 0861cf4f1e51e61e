"""Two officials who sign an agreement together met to sign it: the agreement and a meeting of
the signatories (sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_in, facts_of

from coprod.extraction import extract_text


def test_two_ministers_signing_is_also_their_meeting() -> None:
    text = (
        "Rustem Umerov and Boris Pistorius signed a memorandum on the joint production of "
        "drones in Berlin on 3 March 2025."
    )
    result = extract_text(text, "signing.txt")
    (memorandum,) = facts_in(result, "agreement")
    assert memorandum.status == "signed"
    (meeting,) = facts_in(result, "meeting")
    assert set(meeting.parties) == {"Rustem Umerov", "Boris Pistorius", "UA", "DE"}
    assert (meeting.location, meeting.date) == ("Berlin", "2025-03-03")
    assert meeting.evidence == memorandum.evidence


def test_a_signing_told_in_ukrainian_gives_the_meeting_too() -> None:
    text = "Денис Шмигаль та Емманюель Макрон підписали угоду про спільне виробництво дронів."
    (meeting,) = facts_of(text, "meeting", "uk.txt")
    assert {"Denys Shmyhal", "Emmanuel Macron", "UA", "FR"} <= set(meeting.parties)


def test_one_signatory_or_a_planned_signing_is_no_meeting() -> None:
    alone = "Rustem Umerov signed a contract with Rheinmetall."
    planned = extract_text(
        "Rustem Umerov and Boris Pistorius plan to sign a memorandum next month.", "b.txt"
    )
    assert not facts_of(alone, "meeting", "a.txt")
    assert [f.status for f in facts_in(planned, "agreement")] == ["planned"]
    assert not facts_in(planned, "meeting")
