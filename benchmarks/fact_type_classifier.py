"""Trial of a trained component: a spaCy text classifier for the fact types a sentence states,
against the rules, on the dev-set batch whose gold facts carry evidence spans.

    .venv/bin/python benchmarks/fact_type_classifier.py [--batch 7] [--folds 4] [--epochs 20]

Only batches from batch-7 on give each gold fact the character spans of its sentences, so the
sentence labels (the fact types whose evidence overlaps a sentence) exist for the batch named
only; batches 1-6 cannot train a sentence classifier. The classifier (blank multilingual
pipeline, ``textcat_multilabel`` with its bag-of-words architecture, CPU) is trained and scored
by folds of articles (each article in one test fold); the rules' labels for a sentence are the
types of the facts the extractor gives with that sentence as evidence. Prints micro P/R/F1 over
(sentence, type) pairs and F1 per type for both.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

from extraction_devset import ANNOTATIONS, devset_texts, read_batch

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("agreement", "funding", "supply", "production", "meeting", "initiative")

Sentence = tuple[str, str, set[str]]  # document, text, gold types


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _sentences(batch: int) -> tuple[list[Sentence], dict[tuple[str, int], set[str]]]:
    """Every sentence of the batch with its gold types, and the rules' types per sentence."""
    from coprod.extraction import extract_path
    from coprod.extraction.facts import split_sentences

    texts = devset_texts(ROOT) / "texts"
    found: list[Sentence] = []
    rules: dict[tuple[str, int], set[str]] = {}
    for name, gold in read_batch(ANNOTATIONS / f"batch-{batch}.json").documents.items():
        path = texts / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        predicted = extract_path(path).to_dict()["facts"]
        for start, end in split_sentences(text):
            span = (start, end)
            types = {
                f["type"]
                for f in gold["facts"]
                if any(_overlaps(span, (e["start"], e["end"])) for e in f.get("evidence", []))
            }
            rules[(name, len(found))] = {
                f["type"]
                for f in predicted
                if any(_overlaps(span, (e["start"], e["end"])) for e in f["evidence"])
            }
            found.append((name, text[start:end], types))
    return found, rules


def _train(train: list[Sentence], epochs: int, seed: int) -> Any:
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("xx")
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": _BOW})
    for label in TYPES:
        textcat.add_label(label)
    examples = [
        Example.from_dict(nlp.make_doc(text), {"cats": {t: float(t in gold) for t in TYPES}})
        for _, text, gold in train
    ]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for i in range(0, len(examples), 16):
            nlp.update(examples[i : i + 16], sgd=optimizer, drop=0.2)
    return nlp


_BOW = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": False,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 262144,
}


def _score(pairs: list[tuple[set[str], set[str]]]) -> dict[str, tuple[float, float, float]]:
    out: dict[str, tuple[float, float, float]] = {}
    for key in (*TYPES, "micro"):
        keep = TYPES if key == "micro" else (key,)
        tp = sum(len(g & p & set(keep)) for g, p in pairs)
        n_pred = sum(len(p & set(keep)) for _, p in pairs)
        n_gold = sum(len(g & set(keep)) for g, _ in pairs)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        out[key] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=7)
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threshold", type=float, default=0.5, help="score to assign a type")
    args = parser.parse_args()
    sentences, rules = _sentences(args.batch)
    docs = sorted({d for d, _, _ in sentences})
    random.Random(args.seed).shuffle(docs)
    model_pairs: list[tuple[set[str], set[str]]] = []
    rule_pairs: list[tuple[set[str], set[str]]] = []
    for fold in range(args.folds):
        test_docs = set(docs[fold :: args.folds])
        train = [s for s in sentences if s[0] not in test_docs]
        nlp = _train(train, args.epochs, args.seed)
        for index, (doc, text, gold) in enumerate(sentences):
            if doc not in test_docs:
                continue
            cats = nlp(text).cats
            model_pairs.append((gold, {t for t in TYPES if cats[t] >= args.threshold}))
            rule_pairs.append((gold, rules[(doc, index)]))
    print(f"batch-{args.batch}: {len(sentences)} sentences, {len(docs)} articles", end=" ")
    print(f"in {args.folds} folds of articles")
    print(f"{'':12} {'rules P/R/F1':>20} {'classifier P/R/F1':>20}")
    ours, theirs = _score(rule_pairs), _score(model_pairs)
    for key in (*TYPES, "micro"):
        r, m = ours[key], theirs[key]
        print(f"{key:12} {r[0]:6.3f} {r[1]:6.3f} {r[2]:6.3f} {m[0]:6.3f} {m[1]:6.3f} {m[2]:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
