"""Joint companies, licences and coalitions joined (issue 14, fourteenth session; sentences
written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_company_owned_in_common_is_a_joint_venture() -> None:
    for text in (
        "Orlan-Tech and Rheinmetall will create a joint company in Lviv to build drones.",
        "Rheinmetall et Ukroboronprom ont créé une entreprise commune pour réparer des chars.",
        "Rheinmetall et Ukroboronprom annoncent une filiale commune à Kyiv.",
        "Україна обговорює створення спільних консорціумів з Rheinmetall для виробництва ракет.",
    ):
        agreements = facts_of(text, "agreement")
        assert agreements, text
        assert agreements[0].agreement_type == "joint_venture", (text, agreements[0])


def test_a_licence_to_produce_is_a_technology_transfer() -> None:
    for text in (
        "Norway signed an agreement with Ukraine on a licence to produce 155 mm shells.",
        "Норвегія підписала з Україною угоду про ліцензію на виробництво 155-мм снарядів.",
    ):
        agreements = facts_of(text, "agreement")
        assert agreements, text
        assert "technology_transfer" in agreements[0].scope, (text, agreements[0].scope)


def test_joining_a_coalition_is_its_initiative() -> None:
    for text, state in (
        ("Portugal joined the Drone Coalition last week.", "PT"),
        ("Iceland is a member of the Drone Coalition.", "IS"),
        ("Le Luxembourg veut lui aussi rejoindre la coalition des drones.", "LU"),
        ("Чехія також входить в коаліцію дронів.", "CZ"),
    ):
        initiatives = facts_of(text, "initiative")
        assert initiatives, text
        assert initiatives[0].name == "Drone Coalition", (text, initiatives[0])
        assert state in initiatives[0].parties, (text, initiatives[0].parties)


def test_a_coalition_named_without_joining_it_is_no_initiative() -> None:
    assert not facts_of("The Drone Coalition met in Riga on Monday.", "initiative")


def test_an_unnamed_initiative_told_once_beside_a_named_one_is_none() -> None:
    text = (
        "Latvia joined the Drone Coalition in March. "
        "Ukraine also set up a new mechanism for its companies."
    )
    initiatives = facts_of(text, "initiative")
    assert [i.name for i in initiatives] == ["Drone Coalition"], initiatives
    alone = facts_of("Ukraine also set up a new mechanism for its companies.", "initiative")
    assert alone and alone[0].name is None, alone
