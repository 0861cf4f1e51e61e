"""A trained span categoriser for organisations, systems and people (issue 14): names the
catalogue and the context rules miss, mostly names its training batches taught it (a name
nobody has written yet is rarely scored high enough from the words around it alone:
docs/extraction.md, "The entity component: its test, and a retrain not shipped").

The model is a spaCy ``spancat`` on a blank multilingual pipeline (hashed word features, no
pretrained vectors, CPU), trained by ``benchmarks/entity_model.py train`` on the dev set's
gold names (batches 1-35 since the eleventh session); its weights are package data in
``data/entity_model`` (1.2 MB, saved without the vocabulary, so without any string of the
training texts). ``combine`` adds to the rules' entities the model's organisations and
systems above a score that no rule mention overlaps (docs/extraction.md, "A trained entity
component").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coprod.domain.text import fold
from coprod.extraction import trained
from coprod.extraction.gazetteer import gazetteer, tokenize
from coprod.extraction.model import ExtractedEntity, Mention

MODEL_DIR = Path(__file__).resolve().parent / "data" / "entity_model"
# ``COPROD_ENTITY_MODEL``: another trained model's folder, or ``off`` for the rules alone
SETTING = "COPROD_ENTITY_MODEL"
THRESHOLD = 0.95  # the score a name needs (chosen on folds of the training batches)
USED = ("organisation", "system")  # the types the model adds
TYPES = {"PER": "person", "ORG": "organisation", "SYS": "system"}
# Characters of a document the model reads at most (a long article has about 20 000; past
# that the rules alone read on, so a page of 20 000 sentences keeps its linear time)
MODEL_CHARS = 40_000
LOWEST = 0.3  # scores the model reports at least (``combine`` chooses among them)
_NAMED = re.compile(r"^[\W_]*[^\W\d_]*?[A-ZА-ЯІЇЄҐЁÀ-ÖØ-Þ0-9]")
_STRIP = " \"'«»“”‘’.,;:()[]„"
# A state's forces named by a generic word, without their country ("die Armee", "les Armées",
# "das Militär", "the Armed Forces"): no company, and the gold never lists them as one
_GENERIC_FORCES = {
    "armee",
    "armees",
    "army",
    "armed forces",
    "forces armees",
    "militar",
    "military",
    "streitkrafte",
}
# A body named by its generic word alone, in any case ("Міністерством було підписано …",
# "Government"): the rules read it and found no country or name to make it an entity
_GENERIC_BODY = re.compile(
    r"^(?:міністерств|министерств|агентств|асоціаці|ассоциаци|уряд|правительств|ministry"
    r"|ministere|ministerium|government|gouvernement|regierung|agency|agence)\w*$",
    re.I,
)
_LEADING = re.compile(r"^(?:[ld]['’]|the |le |la |les |der |die |das )", re.I)


@dataclass(frozen=True)
class ScoredSpan:
    """A span the model labels, with its score."""

    start: int
    end: int
    label: str
    score: float


SUGGESTER = "coprod.name_suggester.v1"
MAX_WORDS = 6  # tokens of a name at most
_ELISION = re.compile(r"[lLdDjJnNsScCmMtT]['’]\w")
_JOINERS = {"&", "-", "'", "’", ".", "/", "+"}
WORDS_REMEMBERED = 200_000  # words whose mark the suggester keeps (then it starts again)


@cache
def _register() -> None:
    """Make the name suggester known to spaCy's registry (before a pipeline is built)."""
    from spacy.util import registry  # noqa: PLC0415

    registry.misc.register(SUGGESTER, func=_name_suggester)


def _name_suggester(max_size: int) -> Any:
    """The spans the model scores: one to ``max_size`` tokens of one line that begin and end
    with a capital or a digit, with no punctuation inside but joiners (``Turgis & Gaillard``,
    ``Kamikaze-Drohnen``); lower-case words inside are kept (``Ministry of Defence``)."""
    from spacy.attrs import ORTH  # noqa: PLC0415
    from thinc.api import Ragged, get_current_ops  # noqa: PLC0415

    known: dict[int, str] = {}  # the mark of each word (``_mark``), read once per word

    def marks_of(doc: Any) -> list[str]:
        # a token's text and punctuation flags are its word's (lexeme's): no Token objects
        marks = []
        for orth in doc.to_array(ORTH).tolist():
            mark = known.get(orth)
            if mark is None:
                word = doc.vocab[orth]
                mark = _mark(word.text, word.is_punct or word.is_space)
                if len(known) >= WORDS_REMEMBERED:
                    known.clear()
                known[orth] = mark
            marks.append(mark)
        return marks

    def suggest(docs: Any, *, ops: Any = None) -> Any:
        ops = ops or get_current_ops()
        spans: list[list[int]] = []
        lengths = []
        for doc in docs:
            before = len(spans)
            marks = marks_of(doc)
            for i, mark in enumerate(marks):
                if mark != "name":
                    continue
                for j in range(i, min(len(marks), i + max_size)):
                    if marks[j] == "break":
                        break
                    if marks[j] == "name":
                        spans.append([i, j + 1])
            lengths.append(len(spans) - before)
        data = ops.asarray2i(spans) if spans else ops.xp.zeros((0, 0), dtype="i")
        return Ragged(data, ops.asarray1i(lengths))

    return suggest


def _mark(text: str, punct: bool) -> str:
    if punct:
        return "join" if text in _JOINERS else "break"
    first = text[2:3] if _ELISION.match(text) else text[:1]
    return "name" if first.isupper() or first.isdigit() else "word"


def blank_pipeline(width: int = 64, depth: int = 3, rows: int = 4000) -> Any:
    """The untrained pipeline: a multilingual tokenizer and a small span categoriser (hashed
    word, prefix, suffix and shape features of ``width`` and ``rows`` rows for the word)."""
    import spacy  # noqa: PLC0415 - loaded on first use, not on import

    _register()
    nlp = spacy.blank("xx")
    nlp.add_pipe(
        "spancat",
        config={
            "spans_key": "sc",
            "threshold": LOWEST,
            "max_positive": 1,
            "suggester": {"@misc": SUGGESTER, "max_size": MAX_WORDS},
            "model": {
                "@architectures": "spacy.SpanCategorizer.v1",
                "reducer": {"@layers": "spacy.mean_max_reducer.v1", "hidden_size": 64},
                "scorer": {"@layers": "spacy.LinearLogistic.v1"},
                "tok2vec": {
                    "@architectures": "spacy.Tok2Vec.v2",
                    "embed": {
                        "@architectures": "spacy.MultiHashEmbed.v2",
                        "width": width,
                        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                        "rows": [rows, rows // 4, rows // 2, rows // 8],
                        "include_static_vectors": False,
                    },
                    "encode": {
                        "@architectures": "spacy.MaxoutWindowEncoder.v2",
                        "width": width,
                        "depth": depth,
                        "window_size": 1,
                        "maxout_pieces": 3,
                    },
                },
            },
        },
    )
    return nlp


def model_dir() -> Path | None:
    """The trained model the extractor uses, or None (the rules alone): ``trained.chosen``
    (unset or ``on``, the shipped model)."""
    return trained.chosen(SETTING, unset=lambda: MODEL_DIR, at=_readable, shipped=lambda: MODEL_DIR)


def _readable(path: str) -> Path:
    """A model folder given by the setting, loaded once here so that one that cannot be read
    is refused where the setting is read, not in the middle of an article."""
    pipeline(Path(path))
    return Path(path)


def add_names(text: str, entities: list[ExtractedEntity]) -> list[ExtractedEntity]:
    """The rules' entities and the model's names they miss (``combine``), or the rules'
    entities alone when no model is used."""
    path = model_dir()
    if path is None:
        return entities
    return combine(text, entities, spans_of(pipeline(path), text), THRESHOLD, USED)


def save(nlp: Any, path: Path) -> None:
    """Write the pipeline without its vocabulary (the strings of the training texts)."""
    nlp.to_disk(path, exclude=["vocab"])


@cache
def pipeline(path: Path) -> Any:
    """The trained pipeline, loaded once."""
    import spacy  # noqa: PLC0415

    _register()
    return spacy.load(path)


def spans_of(nlp: Any, text: str) -> list[ScoredSpan]:
    """The spans the model labels in ``text`` (its first ``MODEL_CHARS`` characters), each
    scored at least ``LOWEST``."""
    doc = nlp(text[:MODEL_CHARS])
    group = doc.spans.get("sc")
    if group is None or not len(group):
        return []
    import numpy  # noqa: PLC0415

    scores = numpy.asarray(group.attrs["scores"], dtype=float).reshape(len(group), -1)
    return [
        ScoredSpan(span.start_char, span.end_char, span.label_, float(scores[i].max()))
        for i, span in enumerate(group)
    ]


def combine(
    text: str,
    entities: list[ExtractedEntity],
    spans: list[ScoredSpan],
    threshold: float,
    types: tuple[str, ...] = ("organisation", "system"),
    *,
    fuzzy: bool = True,
) -> list[ExtractedEntity]:
    """The rules' entities and, after them, the model's names of ``types`` scored at least
    ``threshold`` that no rule mention overlaps, written with a capital or a digit, and not
    already an entity under the same name; best scores first, one entity per name. The
    catalogue's names are refused (``_known``), with ``fuzzy`` also its close spellings."""
    taken = sorted((m.start, m.end) for e in entities for m in e.mentions)
    # names no span adds: the rules' own, and a state's forces by a generic word
    refused = {fold(e.name) for e in entities} | _GENERIC_FORCES
    added: dict[tuple[str, str], ExtractedEntity] = {}
    chosen: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (-s.score, s.start)):
        etype = TYPES.get(span.label)
        if etype not in types or span.score < threshold:
            continue
        if _overlaps(taken, span.start, span.end) or _overlaps(chosen, span.start, span.end):
            continue
        raw = text[span.start : span.end]
        name = _clean(raw)
        folded = fold(name)
        if len(name) < 2 or not _NAMED.match(name) or folded in refused or _known(raw, fuzzy):
            continue
        if _GENERIC_BODY.match(folded):
            continue
        chosen.append((span.start, span.end))
        if (etype, folded) not in added:
            added[(etype, folded)] = _entity(etype, name)
        added[(etype, folded)].mentions.append(Mention(span.start, span.end, raw))
    for entity in added.values():
        entity.mentions.sort(key=lambda m: m.start)
    return [*entities, *sorted(added.values(), key=lambda e: e.mentions[0].start)]


def _known(raw: str, fuzzy: bool = True) -> bool:
    """Whether the catalogue names something in ``raw`` (a country, a company, NATO...): the
    rules have read that name and decided, also where they left it out (a title's company);
    with ``fuzzy``, also a spelling close to a catalogue name."""
    if gazetteer().find(tokenize(raw)):
        return True
    return fuzzy and gazetteer().fuzzy(_clean(raw)) is not None


def _clean(raw: str) -> str:
    name = re.sub(r"\s+", " ", raw).strip(_STRIP)
    name = _LEADING.sub("", name)
    return re.sub(r"['’]s$", "", name).strip(_STRIP)


def _entity(etype: str, name: str) -> ExtractedEntity:
    if etype == "organisation":
        return ExtractedEntity("organisation", name, None, kind="company")
    return ExtractedEntity(etype, name, None)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)
