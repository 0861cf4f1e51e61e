"""Two officials who sign an agreement together met to sign it: the agreement and a meeting of
the signatories (sentences written for these tests)."""

from __future__ import annotations

from coprod.extraction import extract_text


def test_two_ministers_signing_is_also_their_meeting() -> None:
    text = (
        "Rustem Umerov and Boris Pistorius signed a memorandum on the joint production of "
        "drones in Berlin on 3 March 2025."
    )
    result = extract_text(text, "signing.txt")
    (memorandum,) = [f for f in result.facts if f.type == "agreement"]
    assert memorandum.status == "signed"
    (meeting,) = [f for f in result.facts if f.type == "meeting"]
    assert set(meeting.parties) == {"Rustem Umerov", "Boris Pistorius", "UA", "DE"}
    assert (meeting.location, meeting.date) == ("Berlin", "2025-03-03")
    assert meeting.evidence == memorandum.evidence


def test_a_signing_told_in_ukrainian_gives_the_meeting_too() -> None:
    text = "Денис Шмигаль та Емманюель Макрон підписали угоду про спільне виробництво дронів."
    facts = extract_text(text, "uk.txt").facts
    (meeting,) = [f for f in facts if f.type == "meeting"]
    assert {"Denys Shmyhal", "Emmanuel Macron", "UA", "FR"} <= set(meeting.parties)


def test_one_signatory_or_a_planned_signing_is_no_meeting() -> None:
    alone = extract_text("Rustem Umerov signed a contract with Rheinmetall.", "a.txt").facts
    planned = extract_text(
        "Rustem Umerov and Boris Pistorius plan to sign a memorandum next month.", "b.txt"
    ).facts
    assert not [f for f in alone if f.type == "meeting"]
    assert [f.status for f in planned if f.type == "agreement"] == ["planned"]
    assert not [f for f in planned if f.type == "meeting"]
