"""A trained sentence scorer for the fact rules: for each fact type, a logistic model over the
words of a sentence (words, their first four to six letters, pairs of stems, the kinds of
entity and the sums named in it) gives the probability that the sentence states a fact of that type.

The weights are package data (``extraction/data/fact_sentences.json``), written by
``benchmarks/fact_sentence_model.py`` from the dev set's evidence spans; this module only reads
them and scores. Entity mentions are read as their kind (``<country>``, ``<organisation>``…),
so the model learns "<organisation> will supply <system> to <country>", not names.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from coprod.extraction import trained
from coprod.extraction.facts.article import Article

MODEL_FILE = "fact_sentences.json"
PREFIX = 5  # letters of a word kept as its stem (in pairs of words)
STEMS = (4, 5, 6)  # first letters of a word kept as features of their own
_WORD = re.compile(r"\w+")


def sentence_tokens(article: Article, sentence: tuple[int, int]) -> list[tuple[str, int, int]]:
    """The sentence's words, lower-cased, each entity mention and sum replaced by its kind
    once (``<system>``, ``<amount>``), with their offsets."""
    start, end = sentence
    marks: list[tuple[int, int, str]] = [
        (h.start, h.end, f"<{h.entry.type}>") for h in article.hits.within(start, end)
    ]
    marks += [(a.start, a.end, "<amount>") for a in article.amounts.within(start, end)]
    marks.sort()
    tokens: list[tuple[str, int, int]] = []
    position = start
    for mark_start, mark_end, kind in marks:
        if mark_start < position:
            continue
        tokens += _words(article.folded, position, mark_start)
        tokens.append((kind, mark_start, mark_end))
        position = mark_end
    tokens += _words(article.folded, position, end)
    return tokens


def _words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m[0].lower(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


def token_features(token: str) -> list[str]:
    """The features one word gives on its own: the word and its first four, five and six
    letters (a stem that inflection leaves alone: "виробництв", "livr", "Lieferu")."""
    if token.startswith("<"):
        return [token]
    return ["w=" + token] + [f"p{n}={token[:n]}" for n in STEMS if len(token) > n]


def features(tokens: list[tuple[str, int, int]], language: str | None) -> list[str]:
    """Every feature of a sentence: its words' own, pairs of stems, counts of entity kinds."""
    found: list[str] = [f"lang={language}"]
    stems = [t if t.startswith("<") else t[:PREFIX] for t, _, _ in tokens]
    for token, _, _ in tokens:
        found += token_features(token)
    found += [f"b={a}_{b}" for a, b in pairwise(stems)]
    for kind in ("<country>", "<organisation>", "<person>", "<system>", "<amount>"):
        count = stems.count(kind)
        if count:
            found.append(f"n{kind}={min(count, 3)}")
    return found


@dataclass
class SentenceModel:
    """Per fact type: a weight per feature and a bias; scores are probabilities."""

    types: tuple[str, ...]
    weights: dict[str, list[float]]
    bias: list[float]
    # a type scored at least this in a sentence with no trigger word of it: built
    rescue: dict[str, float] = field(default_factory=dict)
    # rescue only in a sentence where the rules built no fact at all
    only_empty: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentenceModel:
        return cls(
            tuple(data["types"]),
            data["weights"],
            list(data["bias"]),
            dict(data.get("rescue", {})),
            bool(data.get("only_empty", False)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "types": list(self.types),
            "rescue": self.rescue,
            "only_empty": self.only_empty,
            "bias": self.bias,
            "weights": self.weights,
        }

    def __post_init__(self) -> None:
        self._rows = {f: i for i, f in enumerate(self.weights)}
        self._matrix = np.array(list(self.weights.values()), dtype=np.float64).reshape(
            len(self.weights), len(self.types)
        )

    def scores(self, feats: Iterable[str]) -> dict[str, float]:
        """The probability, per type, that a sentence with these features states one."""
        rows = [i for f in set(feats) if (i := self._rows.get(f)) is not None]
        total = self._matrix[rows].sum(axis=0) + self.bias
        return {
            t: 1.0 / (1.0 + math.exp(-s)) for t, s in zip(self.types, total.tolist(), strict=True)
        }

    def score(self, article: Article, sentence: tuple[int, int]) -> dict[str, float]:
        return self.scores(features(sentence_tokens(article, sentence), article.language))

    def strongest_word(
        self, article: Article, sentence: tuple[int, int], ftype: str
    ) -> tuple[int, int] | None:
        """The span of the word whose own features speak most for ``ftype`` (entity mentions
        and sums excluded): where a fact the rules missed is read from."""
        column = self.types.index(ftype)
        best: tuple[float, int, int] | None = None
        for token, start, end in sentence_tokens(article, sentence):
            if token.startswith("<"):
                continue
            weight = sum(row[column] for f in token_features(token) if (row := self.weights.get(f)))
            if best is None or weight > best[0]:
                best = (weight, start, end)
        return None if best is None or best[0] <= 0 else (best[1], best[2])


# ``COPROD_FACT_MODEL``: ``on`` (the shipped model), a model file's path, or ``off``; unset,
# ``SHIPPED`` decides. Off: on the blind batches 21-25, scored once at the end of the session
# that trained it, it did not beat the rules alone (fact F1 0.517 against 0.519; recall up,
# precision down; docs/extraction.md, "The sentence scorer on the blind batches")
SETTING = "COPROD_FACT_MODEL"
SHIPPED = False


@lru_cache(maxsize=1)
def packaged_model() -> SentenceModel:
    """The model shipped with coprod (read once)."""
    text = resources.files("coprod.extraction").joinpath("data", MODEL_FILE).read_text("utf-8")
    return SentenceModel.from_dict(json.loads(text))


@lru_cache(maxsize=4)
def model_at(path: str) -> SentenceModel:
    """A trained model written by ``benchmarks/fact_sentence_model.py train`` (read once)."""
    return SentenceModel.from_dict(json.loads(Path(path).read_text("utf-8")))


def used_model() -> SentenceModel | None:
    """The sentence model the extractor uses (``COPROD_FACT_MODEL``: ``trained.chosen``;
    unset, ``SHIPPED`` decides), or None: the rules alone."""
    return trained.chosen(
        SETTING,
        unset=lambda: packaged_model() if SHIPPED else None,
        at=model_at,
        shipped=packaged_model,
    )
