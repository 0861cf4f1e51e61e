"""Who makes what (issue 14, fifth round): a production with no producer named is not given to
the state the article talks most of, a production a state pays for is Ukraine's, and a joint
venture told of without its owners is theirs (sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_production_without_a_producer_is_not_the_main_partners() -> None:
    text = (
        "Poland and Ukraine signed a memorandum in Warsaw. Poland will send more air defence "
        "to Ukraine, Poland's minister said. New lines will produce 20,000 drones per month."
    )
    assert [f.parties for f in facts_of(text, "production") if "PL" in f.parties] == []


def test_a_production_a_state_pays_for_is_ukraines() -> None:
    for text in (
        "Sweden is financing the production of 18 Bohdana units this year, Ukraine said.",
        "Ukraine welcomed the news. Sweden has signed contracts for the production of "
        "20,000 Bohdana units.",
    ):
        productions = facts_of(text, "production")
        assert [f.parties for f in productions] == [["UA"]], text
        assert productions[0].systems == ["Bohdana"], text


def test_a_joint_venture_told_without_its_owners_is_theirs() -> None:
    for text in (
        "Thales and Ukroboronprom signed a memorandum on radars in Kyiv. The first workshop "
        "of their joint venture has started producing armoured vehicles.",
        "Thales та Укроборонпром підписали меморандум у Києві. Перший цех спільного "
        "підприємства розпочав виробництво бронетехніки.",
    ):
        productions = facts_of(text, "production")
        assert [set(f.parties) for f in productions] == [{"Thales", "Ukroboronprom"}], text


def test_what_a_state_will_be_able_to_produce_is_no_production() -> None:
    for text in (
        "Soon Ukraine will be able to produce its own 155mm shells, the minister said.",
        "L'inclusion de l'Ukraine permet d'augmenter les capacités de production de drones.",
        "Незабаром Україна сама зможе виготовляти снаряди 155 мм.",
        "Вскоре Украина сама сможет производить снаряды 155 мм.",
    ):
        assert facts_of(text, "production") == [], text
    made = "Ukraine now produces 20,000 155mm shells per month."
    assert [f.parties for f in facts_of(made, "production")] == [["UA"]]


def test_a_ceremony_or_a_joint_press_conference_is_a_meeting() -> None:
    for text in (
        "Danish minister Troels Lund Poulsen and Ukraine's Rustem Umerov took part in the "
        "groundbreaking ceremony of the plant.",
        "Troels Lund Poulsen a déclaré lors d'une conférence de presse conjointe avec Rustem "
        "Umerov que le Danemark financerait des drones.",
        "Den ersten Spatenstich setzten Troels Lund Poulsen und Rustem Umerov.",
        "Про це заявив Троельс Лунд Поульсен під час спільної пресконференції з Рустемом Умєровим.",
    ):
        meetings = facts_of(text, "meeting")
        assert len(meetings) == 1, text
        assert {"DK", "UA"} <= set(meetings[0].parties), text
    alone = "Troels Lund Poulsen said at a press conference that Denmark would finance drones."
    assert facts_of(alone, "meeting") == []


def test_a_meeting_in_the_ramstein_format_is_named_in_cyrillic_too() -> None:
    text = "Умєров розповів про зустріч у форматі Рамштайн у Брюсселі."
    assert [m.name for m in facts_of(text, "meeting")] == ["Ramstein"]


def test_named_models_and_point_plans_are_initiatives() -> None:
    cases = (
        (
            "Canada will use $100 million to implement the Danish drone production model.",
            "Danish model",
        ),
        ("Норвегія долучиться до данського формату підтримки України.", "Danish model"),
        ("Сторони обговорили норвезьку модель інвестицій в Україну.", "Norwegian model"),
        (
            "Die Bundesregierung stellte einen Zehn-Punkte-Plan für die Ukraine vor.",
            "Zehn-Punkte-Plan",
        ),
        ("Germany presented a ten-point plan for Ukraine's arms industry.", "ten-point plan"),
    )
    for text, name in cases:
        assert name in [f.name for f in facts_of(text, "initiative")], text


def test_a_joint_venture_is_a_co_production() -> None:
    for text in (
        "Thales and Ukroboronprom signed an agreement to set up a joint venture in Kyiv.",
        "Thales und Ukroboronprom gründen ein Gemeinschaftsunternehmen in Kyjiw.",
    ):
        ventures = [a for a in facts_of(text, "agreement") if a.agreement_type == "joint_venture"]
        assert [a.scope for a in ventures] == [["co_production"]], text


def test_an_agreement_takes_the_systems_of_its_sentence() -> None:
    text = "France and Ukraine signed an agreement in Paris, after talks on Caesar howitzers."
    (agreement,) = facts_of(text, "agreement")
    assert agreement.systems == ["Caesar"]  # named in the clause of the talks, after a comma


def test_handing_over_know_how_is_no_supply() -> None:
    for text in (
        "La France va transférer à l'Ukraine la production sous licence des obus de 155 mm.",
        "Уряд Норвегії дозволив передати свої оборонні технології Україні щодо виробництва "
        "снарядів 155 мм.",
        "Norway transferred the technology for 155mm shells to Ukraine.",
    ):
        assert facts_of(text, "supply") == [], text
    goods = "Norway transferred 10,000 155mm shells to Ukraine."
    assert [f.parties for f in facts_of(goods, "supply")] == [["NO", "UA"]]


def test_one_side_alone_met_no_one() -> None:
    text = "Метою візиту стало посилення військової підтримки України."
    assert facts_of(text, "meeting") == []
    both = "Rustem Umerov met Troels Lund Poulsen in Kyiv."
    assert [set(m.parties) >= {"UA", "DK"} for m in facts_of(both, "meeting")] == [True]
