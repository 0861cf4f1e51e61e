"""The trained fact sentence scorer (``coprod.extraction.facts.sentences``) and how the fact
rules use it: a type scored high in a sentence with no trigger word of that type is built from
the sentence; the rules' own facts and refusals stand. Sentences written for these tests."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from tests.unit.extraction.helpers import facts_of

from coprod.extraction.amounts import find_amounts
from coprod.extraction.dates import find_dates
from coprod.extraction.entities import recognise
from coprod.extraction.facts import Article, extract_facts, sentences, split_sentences
from coprod.extraction.facts.sentences import (
    MODEL_FILE,
    SentenceModel,
    features,
    packaged_model,
    sentence_tokens,
)

TYPES = ("agreement", "funding", "supply", "production", "meeting", "initiative")


def _article(text: str, language: str = "en") -> Article:
    return Article.of(
        text=text,
        hits=recognise(text, language).hits,
        dates=find_dates(text, None),
        amounts=find_amounts(text, language),
        language=language,
    )


def _model(weights: dict[str, dict[str, float]], **use: dict[str, float]) -> SentenceModel:
    """A model written by hand: ``weights[feature][type]``, every bias -4 (p = 0.018)."""
    rows = {f: [by_type.get(t, 0.0) for t in TYPES] for f, by_type in weights.items()}
    return SentenceModel(TYPES, rows, [-4.0] * len(TYPES), **use)


def test_entity_mentions_and_sums_are_read_as_their_kind() -> None:
    article = _article("Rheinmetall will ship 40 Skynex systems to Ukraine for €120 million.")
    tokens = [t for t, _, _ in sentence_tokens(article, split_sentences(article.folded)[0])]
    assert "<organisation>" in tokens and "<system>" in tokens and "<country>" in tokens
    assert "<amount>" in tokens
    assert "rheinmetall" not in tokens and "ukraine" not in tokens
    feats = features(sentence_tokens(article, (0, len(article.text))), "en")
    assert "lang=en" in feats and "w=ship" in feats and "n<organisation>=1" in feats
    assert "p4=ship" not in feats  # a stem only where the word is longer than it


def test_scores_are_probabilities_of_each_type() -> None:
    model = _model({"w=ship": {"supply": 6.0}, "p5=manuf": {"production": 6.0}})
    scores = model.scores(["w=ship", "lang=en"])
    assert scores["supply"] > 0.85 and scores["production"] < 0.05
    assert set(scores) == set(TYPES)


def test_a_type_scored_high_where_no_trigger_matched_is_built_from_the_sentence() -> None:
    text = "Rheinmetall will ship 40 Skynex systems to Ukraine next spring."
    article = _article(text)
    assert [f for f in extract_facts(article) if f.type == "supply"] == []  # no trigger word
    model = _model({"w=ship": {"supply": 6.0}}, rescue={"supply": 0.5})
    (supply,) = [f for f in extract_facts(article, model) if f.type == "supply"]
    assert supply.supplier == "Rheinmetall" and supply.recipient == "UA"
    assert supply.systems == ["Skynex"]
    assert model.strongest_word(article, (0, len(text)), "supply") == (17, 21)  # "ship"


def test_a_type_scored_below_its_rescue_threshold_is_not_built() -> None:
    article = _article("Rheinmetall will ship 40 Skynex systems to Ukraine next spring.")
    model = _model({"w=ship": {"supply": 3.0}}, rescue={"supply": 0.5})  # p = 0.27
    assert [f for f in extract_facts(article, model) if f.type == "supply"] == []


def test_a_trigger_word_the_rules_turned_down_is_their_decision() -> None:
    # "producing" is a production word the rules read as the company's profile, not a fact
    article = _article("Thales is one of the largest companies developing and producing radars.")
    model = _model({"p5=produ": {"production": 9.0}}, rescue={"production": 0.5})
    assert model.score(article, (0, len(article.text)))["production"] > 0.99
    assert extract_facts(article, model) == []


def test_a_rule_fact_is_kept_whatever_its_sentence_scores() -> None:
    article = _article("Rheinmetall will deliver 40 Skynex systems to Ukraine next spring.")
    model = _model({"w=deliver": {"supply": -9.0}}, rescue={"supply": 0.5})
    assert [f.type for f in extract_facts(article, model)] == ["supply"]


def test_a_sentence_without_any_entity_is_neither_scored_nor_rescued() -> None:
    article = _article("The first ones will ship next spring.")
    model = _model({"w=ship": {"supply": 9.0}}, rescue={"supply": 0.5})
    assert extract_facts(article, model) == []


def test_the_packaged_model_is_small_and_reads_a_supply_sentence_as_a_supply() -> None:
    data = resources.files("coprod.extraction").joinpath("data", MODEL_FILE).read_bytes()
    assert len(data) < 5_000_000
    model = packaged_model()
    assert model.types == TYPES and model.rescue
    supply = _article("Germany will hand over 20 Marder infantry fighting vehicles to Ukraine.")
    neutral = _article("Germany and Ukraine are both members of the Council of Europe.")
    assert model.score(supply, (0, len(supply.text)))["supply"] > 0.5
    assert model.score(neutral, (0, len(neutral.text)))["supply"] < 0.2


def test_the_extractor_rescues_a_supply_told_with_no_supply_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "ship", "enverra" are in no lexicon: the rules alone find no fact in these sentences
    monkeypatch.setenv(sentences.SETTING, "on")
    for text, supplier, system in (
        ("Germany will ship 20 more Leopard 2 tanks to Ukraine.", "DE", "Leopard 2"),
        ("La France enverra douze canons Caesar supplémentaires à l'Ukraine.", "FR", "Caesar"),
    ):
        (supply,) = facts_of(text, "supply")
        assert (supply.supplier, supply.recipient, supply.systems) == (supplier, "UA", [system])
    monkeypatch.setenv(sentences.SETTING, "off")
    assert facts_of("Germany will ship 20 more Leopard 2 tanks to Ukraine.", "supply") == []


def test_only_empty_rescues_only_where_the_rules_built_no_fact() -> None:
    weights = {"w=ship": {"supply": 6.0}}
    told = _article("Rheinmetall signed a contract with Ukraine and will ship 40 Skynex systems.")
    assert [f.type for f in extract_facts(told)] == ["agreement"]
    anywhere = _model(weights, rescue={"supply": 0.5})
    assert sorted(f.type for f in extract_facts(told, anywhere)) == ["agreement", "supply"]
    only_empty = SentenceModel(TYPES, anywhere.weights, anywhere.bias, {"supply": 0.5}, True)
    assert [f.type for f in extract_facts(told, only_empty)] == ["agreement"]  # beside a fact
    bare = _article("Rheinmetall will ship 40 Skynex systems to Ukraine next spring.")
    assert [f.type for f in extract_facts(bare, only_empty)] == ["supply"]  # nothing else there
    assert SentenceModel.from_dict(only_empty.to_dict()).only_empty


def test_the_extractor_uses_the_model_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Off unless COPROD_FACT_MODEL says on or names a model file: on the blind batches it did
    not beat the rules alone (docs/extraction.md)."""
    monkeypatch.delenv(sentences.SETTING, raising=False)
    assert sentences.used_model() is None
    monkeypatch.setenv(sentences.SETTING, "off")
    assert sentences.used_model() is None
    monkeypatch.setenv(sentences.SETTING, "on")
    assert sentences.used_model() is packaged_model()
    written = tmp_path / "model.json"
    written.write_text(json.dumps(_model({"w=ship": {"supply": 6.0}}).to_dict()), "utf-8")
    monkeypatch.setenv(sentences.SETTING, str(written))
    chosen = sentences.used_model()
    assert chosen is not None and chosen.scores(["w=ship"])["supply"] > 0.85
