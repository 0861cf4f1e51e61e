"""Facts on unseen press (issue 14, tenth session; sentences written for these tests)."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of


def test_a_perfective_funding_verb_without_a_sum_is_a_funding() -> None:
    for text, funder in (
        ("Естонія профінансує виробництво українських дронів-перехоплювачів.", "EE"),
        ("Эстония профинансирует производство украинских дронов-перехватчиков.", "EE"),
    ):
        fundings = facts_of(text, "funding")
        assert len(fundings) == 1, text
        assert fundings[0].funder == funder, text
        assert fundings[0].recipient == "UA", text


def test_a_joint_production_announced_is_a_planned_production_not_an_agreement() -> None:
    for text in (
        "Estonia and Ukraine will jointly produce interceptor drones.",
        "Естонія та Україна спільно вироблятимуть дрони-перехоплювачі.",
        "Эстония и Украина планируют совместное производство беспилотников.",
    ):
        (production,) = facts_of(text, "production")
        assert set(production.parties) == {"EE", "UA"}, text
        assert production.status == "planned", text
        assert facts_of(text, "agreement") == [], text


def test_a_joint_production_agreed_is_an_agreement_and_its_planned_production() -> None:
    for text in (
        "Estonia and Ukraine agreed to jointly produce interceptor drones.",
        "Естонія та Україна домовилися спільно виробляти дрони-перехоплювачі.",
    ):
        (agreement,) = facts_of(text, "agreement")
        assert set(agreement.parties) == {"EE", "UA"}, text
        (production,) = facts_of(text, "production")
        assert (set(production.parties), production.status) == ({"EE", "UA"}, "planned"), text
