"""What the fact rules read: the article with its hits, dates and amounts, its sentences, the
triggers and windows cut from them, and the drafts of facts being built."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coprod.extraction import lexicon
from coprod.extraction.amounts import AmountMention
from coprod.extraction.dates import DateMention
from coprod.extraction.gazetteer import Hit
from coprod.extraction.model import Fact
from coprod.extraction.positions import ByStart

_ABBREVIATION = re.compile(
    r"(?:(?<![\w-])[A-Z]|\bM|Mme|Mr|Mrs|Ms|Dr|St|Nr|Mrd|Mio|bzw|ca|vs|etc|No"
    r"|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec))$"
)


_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}$")


_GERMAN_MONTH = lexicon.rx(
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November"
    r"|Dezember)\b",
    0,
)


_CONTINUED = re.compile(r"\s*[a-zà-ÿ,;:)]")


@dataclass
class Article:
    """What the fact rules read: the text and what was found in it."""

    text: str
    hits: ByStart[Hit]
    dates: ByStart[DateMention]
    amounts: ByStart[AmountMention]
    language: str | None = None
    published: date | None = None
    title_end: int = 0
    folded: str = ""
    ukraine_named: bool = False

    def __post_init__(self) -> None:
        self.folded = lexicon.fold_text(self.text)
        self.ukraine_named = any(
            h.entry.type == "country" and h.entry.key == "UA" for h in self.hits
        )

    @classmethod
    def of(
        cls,
        text: str,
        hits: list[Hit],
        dates: list[DateMention],
        amounts: list[AmountMention],
        **info: Any,
    ) -> Article:
        """An article whose hits, dates and amounts are indexed by offset."""
        return cls(text, ByStart(hits), ByStart(dates), ByStart(amounts), **info)


@dataclass
class Trigger:
    start: int
    end: int
    type: str
    detail: str


@dataclass
class Window:
    """The part of a sentence that one trigger (or a run of like triggers) governs."""

    sentence: tuple[int, int]
    start: int
    end: int
    triggers: list[Trigger]
    subject: tuple[int, int] | None = None
    previous: tuple[int, int] | None = None
    following: tuple[int, int] | None = None  # the sentence after, in text order

    @property
    def type(self) -> str:
        return self.triggers[0].type

    @property
    def detail(self) -> str:
        return self.triggers[0].detail


@dataclass
class Draft:
    """A fact being built, with what the merge rules need."""

    fact: Fact
    anaphoric: bool = False
    people: list[str] = field(default_factory=list)
    borrowed: bool = False  # parties taken from the sentence before
    another: bool = False  # "another conference", "a similar forum": not the one told before


# a line break, or . ! ? before a capital; French quotes are spaced ("… fin. » Le", ". « Nexter")
_SENTENCE_END = re.compile(r"\n+|[.!?…]+(?:\s?[»\"”’)])*\s+(?=[«\"“(]?\s?[A-ZÀ-ÖØ-ÞА-ЯІЇЄҐ0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: at line breaks, and at . ! ? before a capital (not after abbreviations)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m[0][0] == "." and _ABBREVIATION.search(text[max(0, m.start() - 4) : m.start()]):
            continue
        if m[0][0] == "\n" and _CONTINUED.match(text, m.end()):
            continue
        if _ordinal_day(text, m.start(), m.end()):
            continue  # "am 14. Februar 2025": a German day, not a sentence end
        spans.append((start, m.start() + (0 if m[0][0] == "\n" else 1)))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _ordinal_day(text: str, start: int, end: int) -> bool:
    """ "am 14. Februar 2025": a German day number before its month, not a sentence end."""
    return (
        text[start] == "."
        and bool(_DAY_NUMBER.search(text, max(0, start - 3), start))
        and bool(_GERMAN_MONTH.match(text, end))
    )
