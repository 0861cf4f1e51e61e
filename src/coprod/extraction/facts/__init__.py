"""Facts from sentences: trigger words (fr/en/de) open a fact, the words around them fill it.

Each sentence is cut into one window per trigger (at clause boundaries between triggers); the
entities, cues, amounts and dates of a window fill its fact, and the sentence's subject (the
words before its first trigger) is shared by the triggers that name no state of their own.
Facts reported several times in an article (anaphora, same parties) are merged.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import pairwise
from operator import itemgetter

from coprod.extraction import lexicon
from coprod.extraction.facts.article import Article, Draft, Trigger, Window, split_sentences
from coprod.extraction.facts.builders import (
    _agreement_production,
    _bilateral_shares,
    _build,
    _funding_shares,
    _order_supply,
    _signing_meeting,
)
from coprod.extraction.facts.cues import _scope, _systems
from coprod.extraction.facts.merge import (
    MAX_EVIDENCE,
    Drafts,
    _absorb,
    _keep,
    _merge_or_add,
    _merge_target,
)
from coprod.extraction.facts.parties import _main_partner
from coprod.extraction.facts.sentences import SentenceModel
from coprod.extraction.facts.windows import _windows
from coprod.extraction.model import Fact

__all__ = ["MAX_EVIDENCE", "Article", "extract_facts", "split_sentences"]


def extract_facts(article: Article, model: SentenceModel | None = None) -> list[Fact]:
    """Every cooperation fact of the article, merged, in order of first evidence; with a
    sentence ``model``, facts of a type it scores high where no trigger word of that type is
    written are built too."""
    partner = _main_partner(article.hits)
    drafts = Drafts()
    sentences = split_sentences(article.folded)
    titles = [s for s in sentences if s[1] <= article.title_end] if len(sentences) > 1 else []
    # the first sentence of the body follows the headline: a document it tells without naming
    # its sides ("The memorandum was signed in Kyiv on Monday") is the headline's
    previous: tuple[int, int] | None = titles[-1] if titles else None
    after = dict(pairwise(sentences))
    for sentence in [s for s in sentences if s not in titles] + titles:
        built = _built(article, sentence, previous, partner, model, following=after.get(sentence))
        for window, draft in built:
            if sentence in titles:
                # a headline repeats the article: it adds to a fact of the body, and makes one
                # only of a type the body tells none of
                target = _merge_target(drafts, draft)
                if target is not None:
                    _absorb(target.fact, draft.fact)
                    drafts.refile(target)
                elif window.type == draft.fact.type and not any(
                    drafts.by_type.get(t) for t in _TOLD_AS.get(draft.fact.type, (draft.fact.type,))
                ):
                    # the body tells no fact of its type at all: the headline's own word is
                    # the news ("La France va transférer six robots à l'Ukraine" over a body
                    # telling them as "the systems"); not a fact read into another word (the
                    # production a partnership commits to)
                    drafts.append(draft)
                continue
            _merge_or_add(drafts, draft)
            signing = _signing_meeting(article, window, draft)
            if signing is not None:
                _merge_or_add(drafts, signing)
        previous = sentence
    facts = _unnamed_beside_named([d.fact for d in drafts.all if _keep(d)])
    _told_scopes(article, facts, sentences)
    _told_systems(article, facts, sentences)
    _calibre_told(article, facts)
    _one_sum_told(article, facts)
    return facts


def _unnamed_beside_named(facts: list[Fact]) -> list[Fact]:
    """No unnamed initiative told in one sentence beside a named one: in an article about a
    named programme or coalition, "the mechanism", "un nouveau dispositif", "this programme"
    told once is that one again, or a word in passing (issue 14, fourteenth session: 2 right
    and 13 false such initiatives on development)."""
    if not any(f.type == "initiative" and f.name for f in facts):
        return facts
    return [f for f in facts if not (f.type == "initiative" and not f.name and len(f.evidence) < 2)]


# The types of the body's facts that tell a headline's fact of each type (issue 14, thirteenth
# session): a headline makes a fact only where the body tells none of them. An agreement in a
# headline over a body telling only a meeting is the talks, which the meeting holds ("Berlin and
# Kyiv agree on …" over "the ministers met; nothing was signed").
_TOLD_AS = {"agreement": ("agreement", "meeting")}  # every other type: itself alone


def _one_sum_told(article: Article, facts: list[Fact]) -> None:
    """The sum of a funding that writes none where the article writes one sum only (repeated
    or not) and no fact holds it yet: what the article is about ("Norway gives EUR 10 million"
    in the lead, "the funds will pay for …" further on). On development the amount comes right
    on 6 matched fundings in 6 batches, wrong on 1, and 1 has no gold amount (issue 14,
    twelfth session); also where another fact holds the sum: 7 right, 1 wrong, 5 without a gold
    amount; the first sum of a longer article: 14 right, 24 wrong or without one. Left out."""
    sums = {(a.amount, a.currency) for a in article.amounts}
    if len(sums) != 1:
        return
    ((amount, currency),) = sums
    if any(f.amount == amount for f in facts):
        return
    for fact in facts:
        if fact.type == "funding" and fact.amount is None:
            fact.amount = amount
            fact.currency = currency


_CALIBRE = re.compile(r"\d+ ?mm .*shells")
_SOME_SHELLS = ("ammunition", "artillery shells", "large-calibre ammunition")


def _calibre_told(article: Article, facts: list[Fact]) -> None:
    """Shells or ammunition in general where the article names one calibre of shells: that
    calibre ("155-mm shells" in the lead, "the shells" or "munitions" in the fact's sentence).
    On development 33 matched facts in 9 batches come right, 14 in 8 batches (the gold keeping
    the general word) wrong (issue 14, twelfth session)."""
    calibres = {
        h.entry.name
        for h in article.hits
        if h.entry.type == "system" and _CALIBRE.match(h.entry.name)
    }
    if len(calibres) != 1:
        return
    (calibre,) = calibres
    for fact in facts:
        if any(s in _SOME_SHELLS for s in fact.systems):
            fact.systems = list(
                dict.fromkeys(calibre if s in _SOME_SHELLS else s for s in fact.systems)
            )


def _sentence_of(fact: Fact, sentences: list[tuple[int, int]]) -> int | None:
    """The index of the sentence of the fact's first evidence."""
    if not fact.evidence:
        return None
    start = fact.evidence[0].start
    # the last sentence starting at or before it (sentences are in order and do not overlap):
    # a search, not a scan, so that a page of many facts takes time in line with its length
    at = bisect_right(sentences, start, key=itemgetter(0)) - 1
    return at if at >= 0 and start < sentences[at][1] else None


def _beside(sentences: list[tuple[int, int]], at: int | None) -> list[tuple[int, int]]:
    """The sentences either side of sentence ``at``."""
    if at is None:
        return []
    return [sentences[i] for i in (at - 1, at + 1) if 0 <= i < len(sentences)]


def _told_systems(article: Article, facts: list[Fact], sentences: list[tuple[int, int]]) -> None:
    """The systems of a fact whose sentence names none: those of the sentences either side of
    it, else the system the article names most (what it is about). No meeting nor initiative:
    the gold names none for meetings, and for 44 of 61 matched initiatives so filled. A fact
    with gold systems and none predicted is the commonest systems error on matched facts (issue
    14, twelfth session: 208 of 1 100 matched development facts with gold systems, in all 35
    batches)."""
    counted: Counter[str] | None = None
    for fact in facts:
        if fact.type in ("meeting", "initiative") or fact.systems:
            continue
        systems: list[str] = []
        for start, end in _beside(sentences, _sentence_of(fact, sentences)):
            systems += [s for s in _systems(article.hits.within(start, end)) if s not in systems]
        if not systems:
            if counted is None:
                counted = Counter(h.entry.name for h in article.hits if h.entry.type == "system")
            best = counted.most_common(1)
            systems = [best[0][0]] if best else []
        fact.systems = systems


def _told_scopes(article: Article, facts: list[Fact], sentences: list[tuple[int, int]]) -> None:
    """The scope of an agreement whose own clause has no scope cue: a contract is a purchase;
    else the cues of the sentences either side of its first sentence. The cue-less agreement is
    the commonest scope error on matched agreements (issue 14, twelfth session: 119 of the 369
    matched development agreements with a gold scope, in 33 of 35 batches). The cue the article
    repeats most, tried as a last resort, was right on 45 matched agreements and wrong on 78
    (37 of them with no gold scope), and gained nothing on validation: left out."""
    for fact in facts:
        if fact.type != "agreement" or fact.scope:
            continue
        if fact.agreement_type == "contract":
            fact.scope = ["procurement"]
            continue
        scope: list[str] = []
        for start, end in _beside(sentences, _sentence_of(fact, sentences)):
            scope += [s for s in _scope(article.folded[start:end]) if s not in scope]
        fact.scope = scope


def _built(
    article: Article,
    sentence: tuple[int, int],
    previous: tuple[int, int] | None,
    partner: str | None,
    model: SentenceModel | None = None,
    *,
    following: tuple[int, int] | None = None,
) -> list[tuple[Window, Draft]]:
    """The drafts of one sentence; a named meeting there with fewer than two parties is where
    the agreement signed in the same sentence was signed ("signed on the sidelines of the Munich
    Security Conference"): it takes the agreement's parties."""
    built: list[tuple[Window, Draft]] = []
    for window in _windows(article, sentence):
        window.previous = previous
        window.following = following
        draft = _build(article, window, partner)
        if draft is not None:
            built += [
                (window, share)
                for shared in _funding_shares(article, window, draft)
                for share in _bilateral_shares(article, window, shared)
            ]
    if not any(d.fact.type == "production" for _, d in built):
        # a production the sentence does not tell itself: the one its signed agreement commits
        # its parties to
        built += [
            (window, production)
            for window, draft in list(built)
            if (production := _agreement_production(article, window, draft)) is not None
        ]
    if not any(d.fact.type == "supply" for _, d in built):
        # the goods an order placed with a company will bring
        built += [
            (window, supply)
            for window, draft in list(built)
            if (supply := _order_supply(article, window, draft)) is not None
        ]
    if model is not None:
        built = _with_model(
            article, sentence, built, previous=previous, partner=partner, model=model
        )
    signed = [d.fact for _, d in built if d.fact.type == "agreement" and d.fact.status == "signed"]
    for _, draft in built:
        named = draft.fact.name is not None and not draft.anaphoric  # not "after this meeting"
        if draft.fact.type == "meeting" and named and len(draft.fact.parties) < 2 and signed:
            draft.fact.parties += [p for p in signed[0].parties if p not in draft.fact.parties]
    return built


def _with_model(
    article: Article,
    sentence: tuple[int, int],
    built: list[tuple[Window, Draft]],
    *,
    previous: tuple[int, int] | None,
    partner: str | None,
    model: SentenceModel,
) -> list[tuple[Window, Draft]]:
    """The sentence's drafts and those the model adds: a type it scores at least its rescue
    threshold, of which the sentence holds no trigger word at all (a trigger word the rules
    read and turned down is their decision), is built from the whole sentence, the trigger put
    on the word that speaks most for it; no supply where a sum of money is written (as for
    "provide": what is given is then money). With ``model.only_empty``, only a sentence where
    the rules built no fact at all is read (a false rescue was most often seen beside a fact of
    another type)."""
    if model.only_empty and built:
        return built
    thresholds = {t: v for t, v in model.rescue.items() if t not in {d.fact.type for _, d in built}}
    if not thresholds or not article.hits.within(*sentence):
        return built  # no party could be named: nothing to add
    scores = model.score(article, sentence)
    wanted = [t for t, threshold in thresholds.items() if scores[t] >= threshold]
    if wanted:
        worded = _trigger_types(article, sentence)
        wanted = [t for t in wanted if t not in worded]
    if "supply" in wanted and article.amounts.within(*sentence):
        wanted.remove("supply")  # "will give EUR 500 million … for air defence": money given
    for ftype in wanted:
        word = model.strongest_word(article, sentence, ftype)
        if word is None:
            continue
        window = Window(sentence, sentence[0], sentence[1], [Trigger(*word, ftype, ftype)])
        window.previous = previous
        draft = _build(article, window, partner)
        if draft is not None:
            built = built + [(window, share) for share in _funding_shares(article, window, draft)]
    return built


def _trigger_types(article: Article, sentence: tuple[int, int]) -> set[str]:
    """The types of every trigger word of the sentence, those the rules turned down included."""
    chunk = article.folded[sentence[0] : sentence[1]]
    return {
        lexicon.TRIGGERS[int((m.lastgroup or "t0")[1:])][1]
        for m in lexicon.TRIGGER_RE.finditer(chunk)
    }
