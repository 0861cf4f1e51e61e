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


def test_a_purchase_from_a_named_seller_is_a_contract() -> None:
    for text, parties, status in (
        ("Литва закупить у Німеччини 40 танків Leopard 2.", {"LT", "DE"}, "planned"),
        ("Латвия заказала у Швеции двадцать машин CV90.", {"LV", "SE"}, "signed"),
        (
            "Уряд Естонії замовив шість систем IRIS-T у німецького виробника Diehl Defence.",
            {"EE", "Diehl Defence"},
            "signed",
        ),
    ):
        (contract,) = facts_of(text, "agreement")
        assert contract.agreement_type == "contract", text
        assert set(contract.parties) == parties, text
        assert contract.status == status, text
        assert contract.scope == ["procurement"], text
        assert not facts_of(text, "production"), text


def test_a_purchase_without_goods_or_seller_is_no_contract() -> None:
    for text in (
        "Естонія закупила 12 вантажівок.",  # no seller named
        "Die Gruppe kaufte 2021 die amerikanische Firma Colt.",  # a company bought, no goods
        "Putin ordered the army to attack Kharkiv with drones.",
    ):
        assert not facts_of(text, "agreement"), text


def test_documents_signed_with_a_list_of_states_are_one_with_each() -> None:
    for text, partners in (
        (
            "Poland concluded several drone agreements with Latvia, Finland and Sweden last year.",
            ("LV", "FI", "SE"),
        ),
        (
            "La Pologne a conclu des accords sur les drones avec la Lettonie et la Finlande.",
            ("LV", "FI"),
        ),
        ("Польща уклала кілька угод з Латвією, Фінляндією та Швецією.", ("LV", "FI", "SE")),
    ):
        agreements = facts_of(text, "agreement")
        assert sorted(sorted(a.parties) for a in agreements) == sorted(
            sorted(["PL", p]) for p in partners
        ), text


def test_an_agreement_of_several_states_is_not_split() -> None:
    text = "Latvia, Finland and Sweden signed an agreement on drones with Poland."
    (agreement,) = facts_of(text, "agreement")
    assert set(agreement.parties) == {"LV", "FI", "SE", "PL"}


def test_a_meeting_to_come_in_ukrainian_and_russian() -> None:
    for text in (
        "Наступного тижня Рустем Умєров зустрінеться з Борисом Пісторіусом у Берліні.",
        "На следующей неделе Умеров и Писториус встретятся в Берлине.",
    ):
        (meeting,) = facts_of(text, "meeting")
        assert {"UA", "DE"} <= set(meeting.parties), text


def test_a_government_session_is_no_meeting() -> None:
    for text in (
        "Міністерка економіки розповіла про нові гранти після засідання уряду у вівторок.",
        "О новых грантах министр рассказал журналистам после заседания правительства.",
        "The prime minister announced the new grants at a meeting of the cabinet on Monday.",
    ):
        assert not facts_of(text, "meeting"), text
    (meeting,) = facts_of("Денис Шмигаль та Емманюель Макрон провели зустріч у Парижі.", "meeting")
    assert {"UA", "FR"} <= set(meeting.parties)


def test_a_document_said_not_to_exist_is_no_agreement() -> None:
    for text in (
        "Les livraisons de blindés attendent toujours, faute d’accord entre Paris et Kyiv.",
        "The firm said it does not have a contract with Norway for the radars.",
        "Постачання затримуються через відсутність угоди між Україною та Польщею.",
        "Поставки задерживаются из-за отсутствия соглашения между Украиной и Польшей.",
    ):
        assert not facts_of(text, "agreement"), text


def test_an_alliance_named_for_joining_it_or_its_requirements_is_no_party() -> None:
    for text in (
        "Norway and Ukraine signed an agreement that supports Ukraine joining NATO.",
        "Норвегія та Україна підписали угоду, яка підтримує вступ України до НАТО.",
        "Норвегия и Украина подписали соглашение в поддержку вступления Украины в НАТО.",
        "Norway and Ukraine signed an agreement to bring their drones in line with NATO "
        "requirements.",
    ):
        (agreement,) = facts_of(text, "agreement")
        assert set(agreement.parties) == {"NO", "UA"}, text
    (agreement,) = facts_of("Україна та НАТО підписали угоду про інновації.", "agreement")
    assert "NATO" in agreement.parties


def test_a_person_arriving_in_another_state_is_a_visit() -> None:
    for text in (
        "Finnish President Alexander Stubb arrived in Kyiv on Monday.",
        "Президент Фінляндії Александр Стубб прибув до Києва у понеділок.",
    ):
        (meeting,) = facts_of(text, "meeting")
        assert {"FI", "UA"} <= set(meeting.parties), text
    assert not facts_of("The first IRIS-T systems arrived in Ukraine in October.", "meeting")
