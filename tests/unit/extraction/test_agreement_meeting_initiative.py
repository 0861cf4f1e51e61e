"""Agreements, meetings and initiatives on unseen press (issue 14, tenth session; sentences
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


def test_the_states_that_pay_for_a_contract_are_among_its_parties() -> None:
    for text in (
        "Rheinmetall won a contract to repair 40 Leopard tanks, which is funded by Estonia "
        "and Latvia.",
        "Rheinmetall won a contract to repair 40 Leopard tanks, which Estonia and Latvia "
        "financed as part of aid to Ukraine.",
    ):
        (contract,) = facts_of(text, "agreement")
        assert {"Rheinmetall", "EE", "LV"} <= set(contract.parties), text
        assert "UA" not in contract.parties, text


def test_the_owner_of_a_company_is_no_side_of_its_contract() -> None:
    text = "Nexter, a subsidiary of KNDS, won a contract to repair Caesar howitzers for Estonia."
    (contract,) = facts_of(text, "agreement")
    assert "Nexter" in contract.parties
    assert "KNDS" not in contract.parties


def test_an_initiative_name_keeps_its_linking_words() -> None:
    for text in (
        "Estonia will take part in the programme Build with Ukraine next year.",
        "Естонія долучилася до ініціативи Build with Ukraine у травні.",
    ):
        names = {f.name for f in facts_of(text, "initiative")}
        assert "Build with Ukraine" in names, (text, names)


def test_the_coalition_named_after_an_initiative_word_names_it() -> None:
    for text in (
        "Latvia joined the initiative of the Drone Coalition in May.",
        "Латвія долучилася до ініціативи Коаліції дронів у травні.",
    ):
        names = {f.name for f in facts_of(text, "initiative")}
        assert "Drone Coalition" in names, (text, names)


def test_a_possessive_is_not_the_name_of_an_initiative() -> None:
    text = "The contracts are paid for by the Pentagon\u02bcs initiative to support Ukraine."
    assert all(not (f.name or "").startswith("Pentagon") for f in facts_of(text, "initiative"))


def test_a_french_signing_to_come_is_planned_one_just_done_is_signed() -> None:
    for text, status in (
        ("« Nous prévoyons de signer un accord sur les drones avec l'Estonie. »", "planned"),
        ("La Lettonie et l'Estonie doivent signer un accord sur les drones.", "planned"),
        ("La Lettonie vient de signer un accord sur les drones avec l'Estonie.", "signed"),
    ):
        (agreement,) = facts_of(text, "agreement")
        assert agreement.status == status, text


def test_a_meeting_of_the_contact_group_in_any_language_is_named_for_it() -> None:
    for text in (
        "Естонія приєдналася до коаліції під час засідання Контактної групи з питань оборони "
        "України.",
        "Эстония присоединилась к коалиции во время заседания Контактной группы по вопросам "
        "обороны Украины.",
        "Tallinn est entré dans la coalition à une rencontre du Groupe de contact sur la défense "
        "de l'Ukraine.",
    ):
        meetings = facts_of(text, "meeting")
        assert [m.name for m in meetings] == ["Ukraine Defense Contact Group"], (text, meetings)
        assert "Ukraine Defense Contact Group" in meetings[0].parties, text


def test_documents_in_general_borrow_no_states_from_the_sentence_before() -> None:
    text = (
        "La Lettonie a signé l'accord avec l'Estonie.\n\n"
        "La coalition compte aussi la Pologne, la Suède, la Finlande et le Danemark.\n\n"
        "Le fonds doit servir à finaliser des accords de production de drones."
    )
    for agreement in facts_of(text, "agreement"):
        assert not {"PL", "SE", "FI", "DK"} & set(agreement.parties), agreement


def test_programmes_in_the_plural_named_only_by_their_topic_are_no_initiative() -> None:
    for text in (
        "Estonia will use the funds for the development programmes of its drone industry, other "
        "programmes important for defence and the army.",
        "Estonia said the money will go to drone programmes and other programmes for defence "
        "production.",
    ):
        assert facts_of(text, "initiative") == [], text
