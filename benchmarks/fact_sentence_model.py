"""The trained sentence scorer of the fact rules (``coprod.extraction.facts.sentences``): its
training, its choice by folds of articles, and its measure against the rules alone.

    .venv/bin/python benchmarks/fact_sentence_model.py cv [--folds 5]
    .venv/bin/python benchmarks/fact_sentence_model.py train [--out FILE]
    .venv/bin/python benchmarks/fact_sentence_model.py compare --batch batch-17 ...

Labels come from the dev set's evidence spans (batch-7 on): a sentence states type T when a
gold fact of type T has evidence overlapping it; sentences with no fact are negatives. Only
sentences with an entity mention are used (the rules score no other). Training batches are
7-47 (``TRAIN``: the development batches with evidence spans; 48-52 are validation, scored
only by ``compare``; the blind batches are refused); one logistic model per type (L2, L-BFGS
from scipy: deterministic, no random start) over the features of ``sentences.features``,
features seen in fewer than ``MIN_COUNT`` training sentences dropped.

``cv`` trains on all folds but one and runs the extractor on the one left out (each article
scored once by a model that never saw it), for the rules alone and with the model used to
rescue (build a type scored >= t in a sentence with no trigger word of it); per type it picks
the threshold with the best fact F1 on the folds and prints it. It also measures a drop rule
(remove a fact whose every evidence sentence is scored < d), which the package does not have:
it never gained. ``train`` does the same, then trains on every training article with the
chosen thresholds and writes the package data (the same texts give the same file).
``compare`` scores named batches with the rules alone and with the written model, in one
process, and prints aggregate figures only (totals, languages, types): for held-out batches.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from extraction import SHARED, load_scorer
from extraction_devset import (
    ANNOTATIONS,
    BLIND,
    Batch,
    devset_texts,
    load_batches,
    score_devset,
)

ROOT = Path(__file__).resolve().parent.parent
TRAIN = [f"batch-{n}" for n in range(7, 48)]  # the development batches with evidence spans
# what the shipped weights saw (batches 7-20 and 26-30)
SHIPPED_TRAIN = [f"batch-{n}" for n in (*range(7, 21), *range(26, 31))]
TYPES = ("agreement", "funding", "supply", "production", "meeting", "initiative")
MIN_COUNT = 2
L2 = 2.0
RESCUE_GRID = (0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
DROP_GRID = (0.02, 0.05, 0.1, 0.15, 0.2)
MARGIN = 0.005  # fact F1 a threshold must gain on the folds for its type to be kept
TIE = 0.003  # fact F1 within which thresholds count as equal
OUT = ROOT / "src" / "coprod" / "extraction" / "data" / "fact_sentences.json"


@dataclass
class Doc:
    batch: str
    name: str
    path: Path
    language: str
    gold: dict[str, Any]
    rows: list[tuple[list[str], set[str]]]  # features and gold types of each scored sentence


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _cache_pipeline() -> None:
    """Memoise the slow, model-independent stages of the pipeline (entities, language), so that
    the extractor can be rerun with many sentence models."""
    from coprod.extraction import pipeline

    def memo(fn: Callable[..., Any]) -> Callable[..., Any]:
        seen: dict[Any, Any] = {}

        def inner(*args: Any) -> Any:
            if args not in seen:
                seen[args] = fn(*args)
            return seen[args]

        return inner

    pipeline.recognise = memo(pipeline.recognise)  # type: ignore[assignment]
    pipeline.detect_language = memo(pipeline.detect_language)  # type: ignore[assignment]
    pipeline.used_model = lambda: None  # type: ignore[assignment]  # _predict's


def _docs(batches: list[Batch]) -> list[Doc]:
    from coprod.extraction import pipeline
    from coprod.extraction.facts import split_sentences
    from coprod.extraction.facts.sentences import features, sentence_tokens
    from coprod.extraction.reading import read_path

    found: list[Doc] = []
    for batch in batches:
        for name, path in batch.texts.items():
            gold = batch.documents[name]
            doc = read_path(path)
            text = pipeline.cut_to_limit(doc)
            language = pipeline.detect_language(text)
            article = _article(text, language, doc.published)
            rows = []
            for span in split_sentences(article.folded):
                if not article.hits.within(*span):
                    continue
                types = {
                    f["type"]
                    for f in gold["facts"]
                    if any(_overlaps(span, (e["start"], e["end"])) for e in f.get("evidence", []))
                }
                rows.append((features(sentence_tokens(article, span), language), types))
            found.append(Doc(batch.name, name, path, gold["language"], gold, rows))
    return found


def _article(text: str, language: str | None, published: str | None) -> Any:
    from coprod.extraction import pipeline
    from coprod.extraction.dates import parse_published
    from coprod.extraction.facts import Article

    day = parse_published(published)
    return Article.of(
        text=text,
        hits=pipeline.recognise(text, language).hits,
        dates=pipeline.find_dates(text, day),
        amounts=pipeline.find_amounts(text, language),
        language=language,
        published=day,
    )


def _fit(x: sparse.csr_matrix, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression with an L2 penalty (bias free), by L-BFGS from zero."""
    sign = 2.0 * y - 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        z = sign * (x @ w + b)
        value = float(np.logaddexp(0.0, -z).sum() + 0.5 * L2 * (w @ w))
        g = -sign * (1.0 / (1.0 + np.exp(z)))
        grad = np.concatenate([x.T @ g + L2 * w, [g.sum()]])
        return value, grad

    theta0 = np.zeros(x.shape[1] + 1)
    result = minimize(loss, theta0, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return result.x[:-1], float(result.x[-1])


def train(docs: list[Doc]) -> Any:
    """One logistic model per type over the training sentences of ``docs``."""
    from coprod.extraction.facts.sentences import SentenceModel

    counts: dict[str, int] = {}
    for doc in docs:
        for feats, _ in doc.rows:
            for f in set(feats):
                counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    index = {f: i for i, f in enumerate(vocab)}
    rows, cols, labels = [], [], []
    for doc in docs:
        for feats, types in doc.rows:
            i = len(labels)
            for f in set(feats):
                if f in index:
                    rows.append(i)
                    cols.append(index[f])
            labels.append(types)
    x = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(labels), len(vocab)), dtype=np.float64
    )
    weights = np.zeros((len(vocab), len(TYPES)))
    bias = []
    for j, ftype in enumerate(TYPES):
        y = np.array([1.0 if ftype in t else 0.0 for t in labels])
        w, b = _fit(x, y)
        weights[:, j] = w
        bias.append(round(b, 4))
    kept = {
        f: [round(float(v), 4) for v in weights[i]]
        for f, i in index.items()
        if np.abs(weights[i]).max() >= 0.01
    }
    return SentenceModel(TYPES, kept, bias)


def _folds(docs: list[Doc], k: int) -> list[list[Doc]]:
    ordered = sorted(docs, key=lambda d: zlib.crc32(d.name.encode()))
    return [ordered[i::k] for i in range(k)]


def _predict(docs: list[Doc], model: Any, drop: dict[str, float] | None = None) -> dict[str, Any]:
    """The extractor's output for ``docs`` with ``model`` (None: the rules alone); with ``drop``,
    a fact whose every evidence sentence the model scores below ``drop[type]`` is removed."""
    from coprod.extraction import facts, pipeline
    from coprod.extraction.reading import read_path

    original = pipeline.extract_facts
    pipeline.extract_facts = lambda article, *_: facts.extract_facts(article, model)  # type: ignore[assignment]
    try:
        found = {}
        for d in docs:
            doc = read_path(d.path)
            result = pipeline.extract_document(doc)
            if drop:
                text = pipeline.cut_to_limit(doc)
                article = _article(text, result.document.language, doc.published)
                result.facts = [
                    f
                    for f in result.facts
                    if f.type not in drop
                    or max(model.score(article, (e.start, e.end))[f.type] for e in f.evidence)
                    >= drop[f.type]
                ]
            found[d.name] = result.to_dict()
        return found
    finally:
        pipeline.extract_facts = original  # type: ignore[assignment]


def _with(model: Any, rescue: dict[str, float], only_empty: bool = False) -> Any:
    from coprod.extraction.facts.sentences import SentenceModel

    return SentenceModel(model.types, model.weights, model.bias, dict(rescue), only_empty)


def _counts(result: dict[str, Any], ftype: str) -> tuple[int, int, int]:
    r = result["facts"][ftype]
    return int(r["tp"]), int(r["pred"]), int(r["gold"])


def _f1(tp: int, pred: int, gold: int) -> float:
    return 2 * tp / (pred + gold) if pred + gold else 0.0


def _sentence_report(folds: list[list[Doc]], models: list[Any]) -> None:
    print("\nsentence level, each fold scored by the model that never saw it (threshold 0.5)")
    print(f"{'type':12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    for ftype in TYPES:
        tp = pred = gold = 0
        for fold, model in zip(folds, models, strict=True):
            for doc in fold:
                for feats, types in doc.rows:
                    yes = model.scores(feats)[ftype] >= 0.5
                    tp += yes and ftype in types
                    pred += yes
                    gold += ftype in types
        p, r = (tp / pred if pred else 0.0), (tp / gold if gold else 0.0)
        print(f"{ftype:12} {p:6.3f} {r:6.3f} {_f1(tp, pred, gold):6.3f} {gold:5d}")


def cross_validate(
    docs: list[Doc], k: int, scorer: Any, shipped: Any, measure_drop: bool = False
) -> tuple[dict[str, float], bool]:
    """The thresholds chosen on the folds, and whether to rescue only in sentences where the
    rules built no fact (the variant with the better fact F1 on the folds; on a tie, only
    there). Also prints the shipped model against the fold models on the test articles the
    shipped model never saw (batches outside ``SHIPPED_TRAIN``)."""
    folds = _folds(docs, k)
    models = [train([d for j, f in enumerate(folds) if j != i for d in f]) for i in range(k)]
    _sentence_report(folds, models)
    gold = {d.name: d.gold for d in docs}

    def run(rescue: dict[str, float], only_empty: bool = False, drop: Any = None) -> Any:
        preds: dict[str, Any] = {}
        for fold, model in zip(folds, models, strict=True):
            preds.update(_predict(fold, _with(model, rescue, only_empty), drop))
        return preds

    def score(preds: dict[str, Any], names: list[str] | None = None) -> Any:
        keep = list(gold) if names is None else names
        return scorer.score({"documents": {n: gold[n] for n in keep}}, {n: preds[n] for n in keep})

    base_preds = run({})
    base = score(base_preds)
    print(f"\nfacts, rules alone: F1 {base['facts']['micro']['f1']:.3f}")
    variants: dict[bool, tuple[dict[str, float], dict[str, Any]]] = {}
    for only_empty in (False, True):
        kind = "empty" if only_empty else "rescue"
        tried = {t: score(run(dict.fromkeys(TYPES, t), only_empty)) for t in RESCUE_GRID}
        chosen = _choose(kind, tried, base)
        variants[only_empty] = (chosen, run(chosen, only_empty))
    if measure_drop:
        best = variants[False][0]
        drop = _choose(
            "drop", {t: score(run({}, False, dict.fromkeys(TYPES, t))) for t in DROP_GRID}, base
        )
        print(f"drop (measured, never shipped) {drop}")
        _print("+ drop", docs, score, run(best, False, drop))
    print()
    _print("rules alone", docs, score, base_preds)
    for only_empty, (chosen, preds) in variants.items():
        label = "+ model, empty" if only_empty else "+ model, any"
        print(f"{label}: rescue {chosen}")
        _print(label, docs, score, preds)
    f1 = {v: score(p)["facts"]["micro"]["f1"] for v, (_, p) in variants.items()}
    only_empty = f1[True] >= f1[False]
    rescue = variants[only_empty][0]

    fresh = [d for d in docs if d.batch not in SHIPPED_TRAIN]
    if shipped is not None and fresh:
        names = [d.name for d in fresh]
        print(
            f"\n{len(fresh)} test articles the shipped model never saw (batches outside "
            "SHIPPED_TRAIN), each scored by models that never saw it"
        )
        shipped_preds = _predict(fresh, shipped)
        _print("rules alone", fresh, score, {n: base_preds[n] for n in names}, names)
        _print("shipped model", fresh, score, shipped_preds, names)
        _print(
            "folds, shipped thresholds",
            fresh,
            score,
            run(shipped.rescue, shipped.only_empty),
            names,
        )
        for v, (chosen, preds) in variants.items():
            _print(f"folds, {'empty' if v else 'any'} {chosen}", fresh, score, preds, names)
    return rescue, only_empty


def _print(
    label: str,
    docs: list[Doc],
    score: Callable[..., Any],
    preds: dict[str, Any],
    names: list[str] | None = None,
) -> None:
    keep = [d for d in docs if names is None or d.name in set(names)]
    result = score(preds, [d.name for d in keep])
    m = result["facts"]["micro"]
    per = " ".join(f"{t} {result['facts'][t]['f1']:.3f}" for t in TYPES)
    langs = []
    for language in sorted({d.language for d in keep}):
        sub = [d.name for d in keep if d.language == language]
        r = score(preds, sub)["facts"]
        langs.append(f"{language} {r['micro']['f1']:.3f}/{r['agreement']['f1']:.3f}({len(sub)})")
    print(
        f"{label:28} fact F1 {m['f1']:.3f} (P {m['precision']:.3f} R {m['recall']:.3f}) "
        f"agreement {result['facts']['agreement']['f1']:.3f}\n    {per}\n    {' '.join(langs)}"
    )


def _choose(
    kind: str, tried: dict[float, dict[str, Any]], base: dict[str, Any]
) -> dict[str, float]:
    """Per type, the threshold whose fact F1 beats the rules' by MARGIN; of those within TIE of
    the best, the one that changes least (highest rescue, lowest drop)."""
    chosen: dict[str, float] = {}
    for ftype in TYPES:
        before = _f1(*_counts(base, ftype))
        scored = {t: _f1(*_counts(result, ftype)) for t, result in tried.items()}
        top = max(scored.values())
        if top >= before + MARGIN:
            near = [t for t, f1 in scored.items() if f1 >= top - TIE]
            chosen[ftype] = max(near) if kind == "rescue" else min(near)
        tp, pred, gold = _counts(base, ftype)
        cells = " ".join(
            f"{t}:{f1:.3f}({_counts(tried[t], ftype)[0]}/{_counts(tried[t], ftype)[1]})"
            for t, f1 in scored.items()
        )
        print(f"{kind:7} {ftype:11} rules {before:.3f} ({tp}/{pred}/{gold})  {cells}")
    return chosen


def compare(batches: list[Batch], scorer: Any, model: Any) -> None:
    """Rules alone and rules with ``model`` on ``batches``: aggregate figures only."""
    docs = [
        Doc(b.name, n, p, b.documents[n]["language"], b.documents[n], [])
        for b in batches
        for n, p in b.texts.items()
    ]
    for label, used in (("rules alone", None), ("rules + model", model)):
        report = score_devset(scorer, batches, _predict(docs, used))
        total = report["total"]
        print(
            f"\n{label}: {total['articles']} articles, entity F1 {total['entity_f1']:.3f}, "
            f"fact F1 {total['fact_f1']:.3f}, agreement F1 {total['agreement_f1']:.3f}"
        )
        print(
            "  by language (fact F1, agreement F1): "
            + ", ".join(
                f"{r['label']} {r['fact_f1']:.3f}/{r['agreement_f1']:.3f} ({r['articles']})"
                for r in report["languages"]
            )
        )
        print(
            "  by type (P/R/F1): "
            + ", ".join(
                "{} {precision:.3f}/{recall:.3f}/{f1:.3f}".format(t, **report["facts"][t])
                for t in TYPES
            )
        )
        m = report["facts"]["micro"]
        print(f"  facts micro P/R {m['precision']:.3f}/{m['recall']:.3f}")


def _load(names: list[str]) -> list[Batch]:
    """Only the named batches' annotation files are opened (never a blind one)."""
    wanted = [n for n in names if n not in BLIND]
    found = load_batches(ANNOTATIONS, devset_texts(ROOT), wanted)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("cv", "train", "compare"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--model", type=Path, default=OUT)
    parser.add_argument("--batch", action="append", default=[])
    parser.add_argument("--drop", action="store_true", help="also measure the drop rule")
    args = parser.parse_args()
    scorer = load_scorer(SHARED / "tools" / "score_extraction.py")
    if scorer is None:
        print("no scorer (../shared/tools/score_extraction.py)", file=sys.stderr)
        return 2
    _cache_pipeline()
    from coprod.extraction.facts.sentences import SentenceModel

    model = SentenceModel.from_dict(json.loads(args.model.read_text(encoding="utf-8")))
    if args.command == "compare":
        compare(_load(args.batch), scorer, model)
        return 0
    docs = _docs(_load(TRAIN))
    print(f"{len(docs)} training articles, {sum(len(d.rows) for d in docs)} sentences")
    rescue, only_empty = cross_validate(docs, args.folds, scorer, model, args.drop)
    if args.command == "train":
        model = _with(train(docs), rescue, only_empty)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n",
            encoding="utf-8",
        )
        print(
            f"written {args.out} ({args.out.stat().st_size} bytes, {len(model.weights)} features)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
