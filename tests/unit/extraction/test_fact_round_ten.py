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
