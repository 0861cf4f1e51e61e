"""Merging through the index of event keys (``Drafts``) picks the same earlier fact as comparing
a new fact with every fact of the look-back, as the extractor did before the index: same facts,
same evidence, on the test articles and on a page that tells facts again within and past the
look-back."""

from __future__ import annotations

import copy
import dataclasses
import random
from decimal import Decimal
from pathlib import Path

import pytest

from coprod.extraction import extract_path, extract_text
from coprod.extraction.facts import merge
from coprod.extraction.facts.article import Draft
from coprod.extraction.model import Extraction, Fact, Span

ARTICLES = sorted(
    p
    for p in (Path(__file__).parents[2] / "data" / "extraction").rglob("*")
    if p.suffix in (".txt", ".html")
)
PARTNERS = ["France", "Germany", "Poland", "Denmark", "Norway", "Italy", "Sweden"]
COMPANIES = ["Rheinmetall", "Thales", "Saab", "KNDS", "Baykar"]


class EveryFactOfTheLookBack(merge.Drafts):
    """The merge without the index: every fact of the look-back is compared, latest first."""

    def candidates(self, draft: Draft) -> list[Draft]:
        return self._look_back(draft.fact.type)

    def repairs(self, fact: Fact) -> list[Draft]:
        return self._look_back(fact.type)

    def _look_back(self, ftype: str) -> list[Draft]:
        return list(reversed(self.by_type.get(ftype, [])[-merge.MERGE_LOOKBACK :]))


def told_again(sentences: int) -> str:
    """A page that tells a few facts again and again, each time with another sum or date."""
    lines = []
    for i in range(sentences):
        partner, company = PARTNERS[i * 3 % len(PARTNERS)], COMPANIES[i % len(COMPANIES)]
        amount = 10 * (i % 3 + 1)
        lines.append(
            [
                f"{partner} and Ukraine signed a contract for {company} drones.",
                f"{partner} will fund {company} with {amount} million euros.",
                f"Rustem Umerov met the defence minister of {partner} in Kyiv on {i % 27 + 1} May.",
                f"{company} will deliver {amount} shells to Ukraine.",
                f"{company} repairs the {partner} howitzers of the Ukrainian army.",
            ][i % 5]
        )
    return "\n".join(lines)


def both(extract: object, monkeypatch: pytest.MonkeyPatch) -> tuple[Extraction, Extraction]:
    """The extraction with the index, then with every fact of the look-back compared."""
    assert callable(extract)
    indexed = extract()
    monkeypatch.setattr("coprod.extraction.facts.Drafts", EveryFactOfTheLookBack)
    compared = extract()
    monkeypatch.undo()
    return indexed, compared


def drawn_drafts(count: int, seed: int) -> list[Draft]:
    """``count`` drafts of every fact type with values drawn from a few, so that many tell the
    same event (near or far apart), some by anaphora, some as repairs."""
    draw = random.Random(seed)
    parties = [[], ["FR"], ["UA"], ["FR", "UA"], ["UA", "FR"], ["DE", "UA"], ["Thales", "FR"]]
    drafts = []
    for i in range(count):
        ftype = draw.choice(
            ["agreement", "meeting", "initiative", "funding", "supply", "production"]
        )
        fact = Fact(
            type=ftype,
            parties=list(draw.choice(parties)),
            agreement_type=draw.choice([None, "agreement", "contract", "letter_of_intent"]),
            status=draw.choice([None, "signed", "planned"]),
            scope=draw.choice([[], ["co_production"], ["maintenance_repair"]]),
            systems=draw.choice([[], ["Caesar"], ["Caesar", "Piorun"]]),
            amount=draw.choice([None, Decimal(200), Decimal(7)]),
            date=draw.choice([None, "2025-05"]),
            name=draw.choice([None, None, None, "Ramstein", "ramstein", "PURL"]),
            funder=draw.choice([None, "FR", "DE"]),
            recipient=draw.choice([None, "UA"]),
            supplier=draw.choice([None, "FR"]),
            evidence=[Span(i, i + 1)],
        )
        people = draw.choice([[], ["Rustem Umerov"], ["Boris Pistorius", "Rustem Umerov"]])
        drafts.append(Draft(fact, draw.random() < 0.05, list(people), draw.random() < 0.05))
    return drafts


def merged(drafts: list[Draft], into: merge.Drafts) -> list[tuple[dict[str, object], list[str]]]:
    """The facts (and people) left when ``drafts`` are merged one by one into ``into``."""
    for draft in copy.deepcopy(drafts):
        merge._merge_or_add(into, draft)
    return [(dataclasses.asdict(d.fact), d.people) for d in into.all]


@pytest.mark.parametrize("look_back", [4, 25, 200])
def test_drafts_merge_as_when_every_fact_of_the_look_back_was_compared(
    look_back: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(merge, "MERGE_LOOKBACK", look_back)
    drafts = drawn_drafts(1_500, seed=look_back)
    index = merge.Drafts()
    kept = merged(drafts, index)
    assert kept == merged(drafts, EveryFactOfTheLookBack())
    assert len(kept) < len(drafts) // 2  # most were told again
    # the index holds the facts of the look-backs only (six types), not all those kept
    assert index.indexed() == sum(min(look_back, len(same)) for same in index.by_type.values())


def test_a_fact_is_found_under_the_keys_it_gained_by_absorbing_a_report() -> None:
    drafts = merge.Drafts()
    merge._merge_or_add(drafts, Draft(Fact("meeting", ["UA", "FR"]), people=["Rustem Umerov"]))
    again = Draft(Fact("meeting", ["UA"]), people=["Rustem Umerov", "Boris Pistorius"])
    merge._merge_or_add(drafts, again)
    assert len(drafts.all) == 1
    # the meeting now names Boris Pistorius too: a report naming him alone is the same meeting
    later = Draft(Fact("meeting", ["DE"]), people=["Boris Pistorius"])
    assert merge._merge_target(drafts, later) is drafts.all[0]


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_an_article_merges_as_when_every_fact_was_compared(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexed, compared = both(lambda: extract_path(path), monkeypatch)
    assert indexed.to_dict() == compared.to_dict()


@pytest.mark.parametrize("look_back", [3, 8, 200])
def test_a_page_merges_as_when_every_fact_was_compared_within_the_look_back(
    look_back: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = told_again(250)
    monkeypatch.setattr(merge, "MERGE_LOOKBACK", look_back)
    indexed, compared = both(lambda: extract_text(page, "page.txt"), monkeypatch)
    assert [f.to_dict() for f in indexed.facts] == [f.to_dict() for f in compared.facts]
    # facts told again were merged: fewer facts than the page's 250 sentences (the meetings of
    # one minister with seven partners' ministers are seven meetings, not one)
    assert len(indexed.facts) < 250


def test_a_new_fact_is_compared_only_with_the_facts_that_may_tell_its_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the cost of merging one fact does not grow with the facts before it (a scan of the
    # look-back compared each of these fundings with up to 200 earlier ones)
    compared: list[Draft] = []
    same_event = merge._same_event
    monkeypatch.setattr(
        merge, "_same_event", lambda old, new: compared.append(old) or same_event(old, new)
    )
    drafts = merge.Drafts()
    for i in range(1, 1_001):
        fact = Fact("funding", ["FR", "UA"], funder="FR", recipient="UA", amount=Decimal(i))
        merge._merge_or_add(drafts, Draft(fact))
    assert len(drafts.all) == 1_000 and compared == []
    again = Fact("funding", ["FR", "UA"], funder="FR", recipient="UA", amount=Decimal(999))
    merge._merge_or_add(drafts, Draft(again))
    assert len(drafts.all) == 1_000 and compared == [drafts.all[998]]
