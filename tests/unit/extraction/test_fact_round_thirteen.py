"""Facts on unseen press (issue 14, twelfth session; sentences written for these tests): the
scope of an agreement whose own clause tells none, the systems of a fact whose sentence names
none."""

from __future__ import annotations

from tests.unit.extraction.helpers import facts_of

from coprod.extraction.model import Fact


def _agreement(text: str) -> Fact:
    found = facts_of(text, "agreement")
    assert len(found) == 1, text
    return found[0]


def test_a_contract_without_a_scope_cue_is_a_purchase() -> None:
    text = "Poland signed a contract with Rheinmetall for 200 Lynx vehicles."
    assert _agreement(text).scope == ["procurement"]


def test_a_cue_less_agreement_takes_the_scope_of_the_sentence_beside_it() -> None:
    text = (
        "Kyiv wants the repair of its howitzers done abroad. "
        "Ukraine and Denmark signed an agreement in Kyiv on Monday."
    )
    assert _agreement(text).scope == ["maintenance_repair"]


def test_a_cue_less_agreement_takes_no_scope_from_afar() -> None:
    text = (
        "Denmark and Ukraine will co-produce drones. The talks lasted long. "
        "Ukraine and Denmark signed an agreement in Kyiv on Monday. The minister welcomed it. "
        "Joint production starts next year."
    )
    assert _agreement(text).scope == []


def test_an_article_without_any_scope_cue_leaves_the_scope_empty() -> None:
    text = "Ukraine and Denmark signed an agreement in Kyiv on Monday."
    assert _agreement(text).scope == []


def test_a_fact_naming_no_system_takes_those_of_the_sentence_beside_it() -> None:
    text = (
        "Ukraine needs more Patriot systems. "
        "Ukraine and Denmark signed an agreement in Kyiv on Monday."
    )
    assert _agreement(text).systems == ["Patriot"]


def test_a_fact_naming_no_system_takes_the_one_the_article_names_most() -> None:
    text = (
        "Ukraine and Denmark signed an agreement in Kyiv on Monday. The weather was fine. "
        "The Patriot is the best system. Kyiv also values IRIS-T. A Patriot battery costs much."
    )
    assert _agreement(text).systems == ["Patriot"]


def test_a_meeting_takes_no_system_from_the_article() -> None:
    text = (
        "The Patriot is the best system. The weather was fine. "
        "Zelensky met Frederiksen in Kyiv on Monday. The weather was fine."
    )
    meetings = facts_of(text, "meeting")
    assert meetings and all(m.systems == [] for m in meetings)


def test_ammunition_in_general_is_the_one_calibre_the_article_names() -> None:
    text = (
        "Ukraine will receive 155 mm shells from France this year. Ukraine and Denmark signed "
        "a contract for the production of ammunition in Kyiv on Monday."
    )
    assert _agreement(text).systems == ["155mm artillery shells"]


def test_ammunition_stays_general_where_the_article_names_no_calibre() -> None:
    text = (
        "Ukraine will receive shells from France this year. Ukraine and Denmark signed "
        "a contract for the production of ammunition in Kyiv on Monday."
    )
    assert "155mm artillery shells" not in _agreement(text).systems


def _fundings(text: str) -> list[Fact]:
    return facts_of(text, "funding")


def test_a_funding_without_a_sum_takes_the_article_s_one_sum() -> None:
    text = (
        "The plan is worth EUR 10 million, the minister said. The weather was fine. "
        "It was sunny. Norway will finance the repair of Ukrainian howitzers."
    )
    (funding,) = _fundings(text)
    assert (funding.amount, funding.currency) == (10 * 10**6, "EUR")


def test_a_sum_another_fact_holds_is_not_taken() -> None:
    text = (
        "Norway will give EUR 10 million to Ukraine. The weather was fine. It was sunny. "
        "Denmark will finance the repair of Ukrainian howitzers."
    )
    danish = [f for f in _fundings(text) if "DK" in f.parties]
    assert danish and danish[0].amount is None
