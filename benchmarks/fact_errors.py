"""Fact errors on the real development set: per batch and type, and each miss listed.

    .venv/bin/python benchmarks/fact_errors.py [--batches 1-7] [--type production]
                                               [--save preds.json] [--compare before.json]
                                               [--list] [--attributes]

Only the batches named are read (``benchmarks/devset/batch-N.json`` and their texts), so a
batch kept blind is never opened. Prints fact F1 per batch and type (with ``--compare``, the
F1 of a saved run beside it: the leave-one-batch-out view of a change), and with ``--list``
every missed gold fact (FN) and every unmatched prediction (FP) of the type asked, with its
language, document and the sentence the prediction rests on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from extraction import SHARED, load_scorer
from extraction_devset import ANNOTATIONS, devset_texts, read_batch, refuse_blind

ROOT = Path(__file__).resolve().parent.parent
SCORER = SHARED / "tools" / "score_extraction.py"
TYPES = ("agreement", "funding", "supply", "production", "meeting", "initiative")


def _numbers(spec: str) -> list[int]:
    """ "1-7" or "1,3,5" as batch numbers."""
    found: list[int] = []
    for part in spec.split(","):
        low, _, high = part.partition("-")
        found += list(range(int(low), int(high or low) + 1))
    return found


def _predict(docs: dict[str, tuple[str, dict[str, Any], Path]]) -> dict[str, Any]:
    from coprod.extraction import extract_path

    return {name: extract_path(path).to_dict() for name, (_, _, path) in docs.items()}


def _f1(tp: int, pred: int, gold: int) -> float:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _counts(
    scorer: ModuleType, docs: dict[str, tuple[str, dict[str, Any], Path]], preds: dict[str, Any]
) -> dict[tuple[str, str], list[int]]:
    """(batch, type) -> [tp, pred, gold]; type "all" sums them."""
    out: dict[tuple[str, str], list[int]] = {}
    for name, (batch, gold, _) in docs.items():
        canon = scorer.Canon(gold["entities"])
        for ftype in TYPES:
            gf = [f for f in gold["facts"] if f["type"] == ftype]
            pf = [f for f in preds.get(name, {}).get("facts", []) if f.get("type") == ftype]
            tp = len(scorer.match_facts(gf, pf, canon))
            for key in ((batch, ftype), (batch, "all"), ("all", ftype), ("all", "all")):
                c = out.setdefault(key, [0, 0, 0])
                c[0] += tp
                c[1] += len(pf)
                c[2] += len(gf)
    return out


def _table(now: dict[tuple[str, str], list[int]], before: dict[tuple[str, str], list[int]]) -> None:
    batches = sorted({b for b, _ in now}, key=lambda b: (b == "all", b))
    print(f"{'fact F1':10}" + "".join(f"{t[:10]:>13}" for t in (*TYPES, "all")))
    for batch in batches:
        cells = []
        for ftype in (*TYPES, "all"):
            f = _f1(*now.get((batch, ftype), [0, 0, 0]))
            if before:
                b = _f1(*before.get((batch, ftype), [0, 0, 0]))
                cells.append(f"{b:.3f}>{f:.3f}" if abs(f - b) > 1e-9 else f"{f:.3f}")
            else:
                cells.append(f"{f:.3f}")
        print(f"{batch:10}" + "".join(f"{c:>13}" for c in cells))


def _attributes(
    scorer: ModuleType,
    docs: dict[str, tuple[str, dict[str, Any], Path]],
    preds: dict[str, Any],
    before: dict[str, Any] | None,
) -> None:
    """Attribute accuracies on matched facts per batch (the scorer's), beside a saved run."""
    batches = sorted({b for b, _, _ in docs.values()})
    keys = ("agreement_type", "status", "scope", "systems", "amount")
    print(f"{'attributes':10}" + "".join(f"{k[:12]:>13}" for k in keys))
    for batch in [*batches, "all"]:
        gold = {"documents": {n: g for n, (b, g, _) in docs.items() if batch in ("all", b)}}
        now = scorer.score(gold, preds)["attributes"]
        then = scorer.score(gold, before)["attributes"] if before else now
        cells = []
        for key in keys:
            a, b = now[key], then[key]
            if a is None:
                cells.append("-")
            elif b is not None and abs(a - b) > 1e-9:
                cells.append(f"{b:.2f}>{a:.2f}")
            else:
                cells.append(f"{a:.2f}")
        print(f"{batch:10}" + "".join(f"{c:>13}" for c in cells))


def _sentence(text: str, evidence: list[dict[str, int]]) -> str:
    spans = [text[e["start"] : e["end"]] for e in evidence[:2]]
    return " | ".join(" ".join(s.split())[:300] for s in spans)


def _listing(
    scorer: ModuleType,
    docs: dict[str, tuple[str, dict[str, Any], Path]],
    preds: dict[str, Any],
    ftype: str,
) -> None:
    for name, (batch, gold, path) in docs.items():
        canon = scorer.Canon(gold["entities"])
        gf = [f for f in gold["facts"] if f["type"] == ftype]
        pf = [f for f in preds.get(name, {}).get("facts", []) if f.get("type") == ftype]
        matched = scorer.match_facts(gf, pf, canon)
        hit_g = {id(g) for g, _ in matched}
        hit_p = {id(p) for _, p in matched}
        text = path.read_text(encoding="utf-8", errors="replace")
        lang = gold.get("language")
        for g in gf:
            if id(g) not in hit_g:
                where = (
                    _sentence(text, g["evidence"])
                    if g.get("evidence")
                    else _trigger_sentences(text, ftype)
                )
                print(f"FN {batch} {lang} {name}: {_brief(g)}  {where}")
        for p in pf:
            if id(p) not in hit_p:
                print(f"FP {batch} {lang} {name}: {_brief(p)}  {_sentence(text, p['evidence'])}")
        for g, p in matched:
            print(f"OK {batch} {lang} {name}: gold {_brief(g)} / pred {_brief(p)}")


def _trigger_sentences(text: str, ftype: str) -> str:
    """Sentences of ``text`` holding a trigger word of ``ftype`` (gold of batches 1-6 has no
    evidence spans), as a hint of where a missed fact was told."""
    from coprod.extraction import lexicon
    from coprod.extraction.facts import split_sentences

    folded = lexicon.fold_text(text)
    found = []
    for start, end in split_sentences(folded):
        for m in lexicon.TRIGGER_RE.finditer(folded, start, end):
            if lexicon.TRIGGERS[int((m.lastgroup or "t0")[1:])][1] == ftype:
                found.append(" ".join(text[start:end].split())[:250])
                break
    return " | ".join(found[:3])


def _brief(fact: dict[str, Any]) -> str:
    keys = ("parties", "status", "scope", "systems", "amount", "name", "agreement_type")
    return json.dumps({k: fact[k] for k in keys if fact.get(k)}, ensure_ascii=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", default="1-7", help="batch numbers, e.g. 1-7 or 1,3")
    parser.add_argument("--type", default="production", choices=TYPES)
    parser.add_argument("--save", type=Path, help="write the predictions to this file")
    parser.add_argument("--load", type=Path, help="read predictions instead of extracting")
    parser.add_argument("--compare", type=Path, help="saved predictions to compare with")
    parser.add_argument("--list", action="store_true", help="list the misses of --type")
    parser.add_argument("--attributes", action="store_true", help="attribute accuracies per batch")
    parser.add_argument("--scorer", type=Path, default=SCORER)
    args = parser.parse_args()
    texts = devset_texts(ROOT)
    docs: dict[str, tuple[str, dict[str, Any], Path]] = {}
    refuse_blind([f"batch-{n}" for n in _numbers(args.batches)])
    for number in _numbers(args.batches):
        batch = read_batch(ANNOTATIONS / f"batch-{number}.json")
        for name, gold in batch.documents.items():
            path = texts / "texts" / name
            if path.is_file():
                docs[name] = (batch.name, gold, path)
    scorer = load_scorer(args.scorer)
    if scorer is None:
        print(f"fact_errors: no scorer at {args.scorer} (give --scorer)", file=sys.stderr)
        return 2
    preds = json.loads(args.load.read_text()) if args.load else _predict(docs)
    if args.save:
        args.save.write_text(json.dumps(preds, ensure_ascii=False))
    before = json.loads(args.compare.read_text()) if args.compare else None
    _table(_counts(scorer, docs, preds), _counts(scorer, docs, before) if before else {})
    if args.attributes:
        _attributes(scorer, docs, preds, before)
    if args.list:
        _listing(scorer, docs, preds, args.type)
    return 0


if __name__ == "__main__":
    sys.exit(main())
