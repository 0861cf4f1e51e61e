"""The trained entity component (issue 14): training spans from the dev set's gold names, a
deterministic training run, and its measurement against the rules in folds of batches 1-16.

    .venv/bin/python benchmarks/entity_model.py spans [--batch batch-7 ...]
    .venv/bin/python benchmarks/entity_model.py folds [--batch ...] [--folds 4] [--epochs N]
    .venv/bin/python benchmarks/entity_model.py train [--batch ...] --out DIR [--epochs N]

The gold stores no mention offsets, so the training spans are found by matching each gold
entity's name and aliases in the text, word by word with the gazetteer's folding (case,
accents, a plural ``s``, Cyrillic case endings cut by ``gazetteer.cyrillic_stem``), a Latin
last word also when it carries up to two more letters (``Rheinmetalls``, ``Ukroboronpromu``);
lower-case words at either edge of a match are cut off ("chars T-64" labels ``T-64``), and a
match left with no capital or digit is dropped (the model is for names; generic categories
are the rules' business). Gold entities found nowhere are counted and left out: the text is
then unlabelled there. Overlapping matches keep the longest.

Only batches 1-52 may be used here: the blind batches
(``extraction_devset.BLIND``, 53-57, scored by ``benchmarks/extraction.py --devset-only``
when they land and at the end) are refused, their annotation files not even read. Texts
are read from ``$COPROD_DEVSET`` or ``../devset``; the weights written hold no training
string (the vocabulary is not saved: the model reads hashed word features).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from extraction import SHARED, load_scorer  # noqa: E402
from extraction_devset import ANNOTATIONS, BLIND, devset_texts, refuse_blind  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LABELS = {"person": "PER", "organisation": "ORG", "system": "SYS"}
ALLOWED = [b for b in (f"batch-{n}" for n in range(1, 58)) if b not in BLIND]
SHIPPED = [f"batch-{n}" for n in range(1, 17)]  # what the first shipped model was trained on
_GAP = re.compile(r"[ \t\-–.&'’/]{0,3}")
_NAMED = re.compile(r"[A-ZА-ЯІЇЄҐЁÀ-ÖØ-Þ0-9]")
_GENERIC = re.compile(r"[a-zà-ÿа-яіїєґё]|\d+ ?mm\b")


@dataclass
class Article:
    """One dev-set article: its text, gold entities and derived training spans."""

    name: str
    batch: str
    language: str
    text: str
    gold: dict[str, Any]
    spans: list[tuple[int, int, str]]
    found: int
    unfound: int


def gold_spans(text: str, entities: dict[str, Any]) -> tuple[list[tuple[int, int, str]], int, int]:
    """The (start, end, label) spans of the gold names in ``text``, and how many named gold
    entities were found and not found."""
    from coprod.extraction.gazetteer import norm_word, tokenize

    tokens = tokenize(text)
    norms = [t.norm for t in tokens]
    by_first: dict[str, list[int]] = {}
    for i, n in enumerate(norms):
        by_first.setdefault(n, []).append(i)
    candidates: list[tuple[int, int, str]] = []
    found = unfound = 0
    for etype, label in LABELS.items():
        for ent in entities.get(etype, []):
            spellings = [ent["name"], *ent.get("aliases", [])]
            if _GENERIC.match(ent["name"]):
                continue  # a generic category ("ammunition"): not the model's business
            hits = []
            for spelling in spellings:
                seq = [norm_word(t.text) for t in tokenize(spelling)]
                if seq:
                    hits += _matches(text, tokens, norms, by_first, seq)
            kept = [(a, b, label) for a, b in (_trim(tokens, a, b) for a, b in hits) if a >= 0]
            kept = [
                (a, b, lab)
                for a, b, lab in kept
                if _NAMED.search(text[tokens[a].start : tokens[b].end])
            ]
            found += bool(kept)
            unfound += not kept
            candidates += kept
    chosen: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for a, b, label in sorted(set(candidates), key=lambda c: (c[0] - c[1], c[0], c[2])):
        if taken.isdisjoint(range(a, b + 1)):
            chosen.append((a, b, label))
            taken.update(range(a, b + 1))
    spans = sorted((tokens[a].start, tokens[b].end, label) for a, b, label in chosen)
    return spans, found, unfound


def _matches(
    text: str, tokens: list[Any], norms: list[str], by_first: dict[str, list[int]], seq: list[str]
) -> list[tuple[int, int]]:
    out = []
    last = seq[-1]
    for i in by_first.get(seq[0], []) if len(seq) > 1 else range(len(norms)):
        j = i + len(seq) - 1
        if j >= len(norms) or norms[i:j] != seq[:-1]:
            continue
        word = norms[j]
        ok = word == last or (
            len(last) >= 4
            and word.startswith(last)
            and len(word) - len(last) <= 2
            and not re.search(r"[\u0400-\u04ff]", word)
        )
        if ok and all(
            _GAP.fullmatch(text, tokens[k].end, tokens[k + 1].start) for k in range(i, j)
        ):
            out.append((i, j))
    return out


def _trim(tokens: list[Any], a: int, b: int) -> tuple[int, int]:
    """The match less its leading lower-case words ("chars T-64"); (-1, -1) when a
    lower-case word ends it ("T-64 tanks", "Czech initiative": the name is matched alone)."""
    if tokens[b].text[:1].islower():
        return -1, -1
    while a <= b and tokens[a].text[:1].islower():
        a += 1
    return a, b


def articles(batches: list[str], texts: Path) -> list[Article]:
    """The articles of ``batches`` (1-35 only) whose text is here, with their spans;
    only the annotation files of ``batches`` are read."""
    refuse_blind(batches)
    bad = sorted(set(batches) - set(ALLOWED))
    if bad:
        raise SystemExit(f"only batches 1-35 may be used here, not {bad}")
    out = []
    for batch in _batches(batches, texts):
        for name, path in sorted(batch.texts.items()):
            from coprod.extraction.reading import read_path

            text = read_path(path).text
            doc = batch.documents[name]
            spans, found, unfound = gold_spans(text, doc["entities"])
            out.append(Article(name, batch.name, doc["language"], text, doc, spans, found, unfound))
    return out


def _batches(names: list[str], texts: Path) -> list[Any]:
    from extraction_devset import read_batch

    out = []
    for name in sorted(set(names), key=lambda b: int(b.split("-")[1])):
        batch = read_batch(ANNOTATIONS / f"{name}.json")
        for doc in batch.documents:
            for candidate in (texts / "texts" / doc, texts / doc):
                if candidate.is_file():
                    batch.texts[doc] = candidate
                    break
        out.append(batch)
    return out


# -- training --------------------------------------------------------------------------------

CHUNK = 1500  # characters of a training example at most (paragraphs joined)


def _chunks(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = text.rfind("\n", start + CHUNK // 3, end)
            end = cut + 1 if cut != -1 else end
        out.append((start, end))
        start = end
    return out


def examples(nlp: Any, docs: list[Article]) -> list[Any]:
    """spaCy examples: each article cut into chunks of paragraphs, spans under ``sc``."""
    from spacy.tokens import Span
    from spacy.training import Example

    out = []
    for art in docs:
        for a, b in _chunks(art.text):
            chunk = art.text[a:b]
            if not chunk.strip():
                continue
            ref = nlp.make_doc(chunk)
            spans = []
            for s, e, label in art.spans:
                if a <= s and e <= b:
                    span = ref.char_span(s - a, e - a, label=label, alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
            ref.spans["sc"] = [Span(ref, sp.start, sp.end, label=sp.label_) for sp in spans]
            out.append(Example(nlp.make_doc(chunk), ref))
    return out


SHAPE = {"width": 32, "depth": 2, "rows": 4000}  # the tok2vec's size (``--width`` ...)


def train(docs: list[Article], epochs: int, seed: int = 0, log: bool = True) -> Any:
    """A span categoriser trained on ``docs`` (deterministic for a seed and the same docs)."""
    from spacy.util import fix_random_seed, minibatch

    from coprod.extraction.entity_model import blank_pipeline

    fix_random_seed(seed)
    nlp = blank_pipeline(**SHAPE)
    train_examples = examples(nlp, docs)
    optimizer = nlp.initialize(lambda: train_examples)
    order = random.Random(seed)
    for epoch in range(epochs):
        started = time.process_time()
        order.shuffle(train_examples)
        losses: dict[str, float] = {}
        for batch in minibatch(train_examples, size=8):
            nlp.update(batch, drop=0.2, sgd=optimizer, losses=losses)
        if log:
            print(
                f"  epoch {epoch + 1}: loss {losses.get('spancat', 0.0):.2f} "
                f"({time.process_time() - started:.1f} s CPU)",
                file=sys.stderr,
            )
    return nlp


# -- measurement -----------------------------------------------------------------------------


def rules_output(docs: list[Article], cache: Path | None = None) -> dict[str, Any]:
    """The rules' extraction of every article (``Extraction`` objects), without the model;
    read from ``cache`` when it is there (the rules unchanged since), else written to it."""
    import pickle

    from coprod.extraction import extract_path
    from coprod.extraction.entity_model import SETTING

    if cache is not None and cache.exists():
        cached: dict[str, Any] = pickle.loads(cache.read_bytes())  # our own file
        if all(art.name in cached for art in docs):
            return {art.name: cached[art.name] for art in docs}
    os.environ[SETTING] = "off"

    texts = devset_texts(ROOT)
    out = {}
    for art in docs:
        for candidate in (texts / "texts" / art.name, texts / art.name):
            if candidate.is_file():
                out[art.name] = extract_path(candidate)
                break
    if cache is not None:
        cache.write_bytes(pickle.dumps(out))
    return out


def scored_spans(nlp: Any, text: str) -> list[Any]:
    from coprod.extraction.entity_model import spans_of

    return spans_of(nlp, text)


def folds(args: argparse.Namespace) -> int:
    from coprod.extraction.entity_model import combine

    scorer = load_scorer(SHARED / "tools" / "score_extraction.py")
    assert scorer is not None
    docs = articles(args.batch, args.devset)
    report_spans(docs)
    batches = sorted({d.batch for d in docs}, key=lambda b: int(b.split("-")[1]))
    groups = [batches[k :: args.folds] for k in range(args.folds)]
    rules = rules_output(docs, args.rules_cache)
    predicted: dict[str, list[Any]] = {}
    if args.cache and args.cache.exists():
        from coprod.extraction.entity_model import ScoredSpan

        cached = json.loads(args.cache.read_text())
        predicted = {n: [ScoredSpan(*s) for s in v] for n, v in cached.items()}
        docs = [d for d in docs if d.name in predicted]
    elif args.model:
        from coprod.extraction.entity_model import pipeline

        nlp = pipeline(args.model)
        for d in docs:
            predicted[d.name] = scored_spans(nlp, d.text)
    else:
        for k, group in enumerate(groups):
            held = [d for d in docs if d.batch in group]
            kept = [d for d in docs if d.batch not in group and d.batch in args.train_batch]
            print(f"fold {k + 1}: held out {group} ({len(held)} articles), train {len(kept)}")
            nlp = train(kept, args.epochs, args.seed)
            for d in held:
                predicted[d.name] = scored_spans(nlp, d.text)
        if args.cache:
            args.cache.write_text(
                json.dumps({n: [list(vars(s).values()) for s in v] for n, v in predicted.items()})
            )
    gold = {"documents": {d.name: d.gold for d in docs}}
    base = {n: e.to_dict() for n, e in rules.items()}
    rows = [("rules", scorer.score(gold, base))]
    variants = [(("organisation", "system"), True), (("organisation", "system"), False)]
    if args.persons:
        variants.append((("organisation", "system", "person"), True))
    for types, fuzzy in variants:
        for threshold in args.thresholds:
            preds = {}
            for d in docs:
                ex = rules[d.name]
                ents = combine(
                    d.text, ex.entities, predicted[d.name], threshold, types, fuzzy=fuzzy
                )
                preds[d.name] = {**base[d.name], "entities": [e.to_dict() for e in ents]}
            kinds = "/".join(t[:3] for t in types) + ("" if fuzzy else " nofz")
            label = f"+{kinds} >= {threshold:.2f}"
            rows.append((label, scorer.score(gold, preds)))
    print_rows(rows)
    if args.json:
        args.json.write_text(json.dumps([(r[0], r[1]["entities"]) for r in rows], indent=1))
    return 0


def print_rows(rows: list[tuple[str, dict[str, Any]]]) -> None:
    print(f"\n{'':28} {'entity P/R/F1':>20}  {'person':>20}  {'organisation':>20}  {'system':>20}")
    for label, result in rows:
        cells = [
            "{precision:.3f}/{recall:.3f}/{f1:.3f}".format(**result["entities"][k])
            for k in ("micro", "person", "organisation", "system")
        ]
        print(f"{label:28} " + "  ".join(f"{c:>20}" for c in cells))


def report_spans(docs: list[Article]) -> None:
    labels = Counter(label for d in docs for *_, label in d.spans)
    found = sum(d.found for d in docs)
    unfound = sum(d.unfound for d in docs)
    print(
        f"{len(docs)} articles; named gold entities found in the text {found}, "
        f"not found {unfound}; spans {dict(labels)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["spans", "folds", "train"])
    parser.add_argument("--batch", action="append")
    parser.add_argument("--devset", type=Path, default=devset_texts(ROOT) / "texts")
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--thresholds", default="0.5,0.6,0.7,0.8,0.9")
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--train-batch", action="append", help="folds: train only on these (default: all)"
    )
    parser.add_argument("--model", type=Path, help="folds: score this trained model instead")
    parser.add_argument("--cpu", type=int, default=0, help="which allowed CPU to run on")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--cache", type=Path, help="fold predictions: read if there, else write")
    parser.add_argument("--rules-cache", type=Path, help="folds: the rules' output, cached")
    parser.add_argument("--persons", action="store_true", help="folds: also rows adding persons")
    parser.add_argument("--width", type=int, default=SHAPE["width"])
    parser.add_argument("--depth", type=int, default=SHAPE["depth"])
    parser.add_argument("--rows", type=int, default=SHAPE["rows"])
    args = parser.parse_args()
    SHAPE.update(width=args.width, depth=args.depth, rows=args.rows)
    args.batch = args.batch or ALLOWED
    args.train_batch = args.train_batch or args.batch
    args.thresholds = [float(t) for t in args.thresholds.split(",")]
    args.devset = args.devset.parent if args.devset.name == "texts" else args.devset
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[args.cpu % len(cpus)]})
    if args.command == "spans":
        report_spans(articles(args.batch, args.devset))
        return 0
    if args.command == "folds":
        return folds(args)
    if args.out is None:
        parser.error("train needs --out")
    docs = articles(args.batch, args.devset)
    report_spans(docs)
    nlp = train(docs, args.epochs, args.seed)
    from coprod.extraction.entity_model import save

    save(nlp, args.out)
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
