"""Facts from sentences: trigger words (fr/en/de) open a fact, the words around them fill it.

Each sentence is cut into one window per trigger (at clause boundaries between triggers); the
entities, cues, amounts and dates of a window fill its fact, and the sentence's subject (the
words before its first trigger) is shared by the triggers that name no state of their own.
Facts reported several times in an article (anaphora, same parties) are merged.
"""

from __future__ import annotations

from coprod.extraction.facts.article import Article, Draft, Window, split_sentences
from coprod.extraction.facts.builders import (
    _agreement_production,
    _build,
    _funding_shares,
    _signing_meeting,
)
from coprod.extraction.facts.merge import (
    MAX_EVIDENCE,
    Drafts,
    _absorb,
    _keep,
    _merge_or_add,
    _merge_target,
)
from coprod.extraction.facts.parties import _main_partner
from coprod.extraction.facts.windows import _windows
from coprod.extraction.model import Fact

__all__ = ["MAX_EVIDENCE", "Article", "extract_facts", "split_sentences"]


def extract_facts(article: Article) -> list[Fact]:
    """Every cooperation fact of the article, merged, in order of first evidence."""
    partner = _main_partner(article.hits)
    drafts = Drafts()
    sentences = split_sentences(article.folded)
    titles = [s for s in sentences if s[1] <= article.title_end] if len(sentences) > 1 else []
    previous: tuple[int, int] | None = None
    for sentence in [s for s in sentences if s not in titles] + titles:
        for window, draft in _built(article, sentence, previous, partner):
            if sentence in titles:
                # a headline repeats the article: it may add to a fact, never make one
                target = _merge_target(drafts, draft)
                if target is not None:
                    _absorb(target.fact, draft.fact)
                    drafts.refile(target)
                continue
            _merge_or_add(drafts, draft)
            signing = _signing_meeting(article, window, draft)
            if signing is not None:
                _merge_or_add(drafts, signing)
        previous = sentence
    return [d.fact for d in drafts.all if _keep(d)]


def _built(
    article: Article,
    sentence: tuple[int, int],
    previous: tuple[int, int] | None,
    partner: str | None,
) -> list[tuple[Window, Draft]]:
    """The drafts of one sentence; a named meeting there with fewer than two parties is where
    the agreement signed in the same sentence was signed ("signed on the sidelines of the Munich
    Security Conference"): it takes the agreement's parties."""
    built: list[tuple[Window, Draft]] = []
    for window in _windows(article, sentence):
        window.previous = previous
        draft = _build(article, window, partner)
        if draft is not None:
            built += [(window, share) for share in _funding_shares(article, window, draft)]
    if not any(d.fact.type == "production" for _, d in built):
        # a production the sentence does not tell itself: the one its signed agreement commits
        # its parties to
        built += [
            (window, production)
            for window, draft in list(built)
            if (production := _agreement_production(article, window, draft)) is not None
        ]
    signed = [d.fact for _, d in built if d.fact.type == "agreement" and d.fact.status == "signed"]
    for _, draft in built:
        named = draft.fact.name is not None and not draft.anaphoric  # not "after this meeting"
        if draft.fact.type == "meeting" and named and len(draft.fact.parties) < 2 and signed:
            draft.fact.parties += [p for p in signed[0].parties if p not in draft.fact.parties]
    return built
