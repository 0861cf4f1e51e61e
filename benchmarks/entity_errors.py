"""Entity errors of the extractor on named dev-set batches: P/R/F1 per batch, type and language,
and every false negative and false positive (gold names matched as the scorer matches them).

Only the batches named with ``--batch`` are read (no other annotation file is opened), so a
batch kept aside for a blind score stays unread::

    COPROD_DEVSET=../devset python benchmarks/entity_errors.py --batch batch-1 --batch batch-2 \
        --scorer ../shared/tools/score_extraction.py [--list] [--save preds.json] [--hide-gold]

``--hide-gold`` extracts with a catalogue that lacks the people, companies and named systems of
those batches' gold, as unseen press would meet them: the errors left are the rules' own.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from extraction import load_scorer
from extraction_devset import ANNOTATIONS, devset_texts, read_batch, refuse_blind

ROOT = Path(__file__).resolve().parent.parent
TYPES = ("person", "organisation", "system")


def _prf(tp: int, pred: int, gold: int) -> str:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({tp}/{pred}/{gold})"


def errors(
    scorer: ModuleType, gold_doc: dict[str, Any], pred_doc: dict[str, Any]
) -> dict[str, tuple[set[str], set[str], set[str]]]:
    """Per type: (true positives, false negatives, false positives) as the scorer keys them."""
    canon = scorer.Canon(gold_doc["entities"])
    out = {}
    for etype in TYPES:
        gold = {scorer.norm(e["name"]) for e in gold_doc["entities"].get(etype, [])}
        pred = {canon(e["name"]) for e in pred_doc.get("entities", []) if e.get("type") == etype}
        out[etype] = (gold & pred, gold - pred, pred - gold)
    return out


_KINDS = {"people": "person", "organisations": "organisation", "systems": "system"}


def hide_gold_names(scorer: ModuleType, batches: list[Any]) -> None:
    """Make the catalogue lack every person, company (fund, cluster) and named system that the
    gold of ``batches`` names; countries, ministries, armed forces, alliances and generic
    systems ("drones") stay. Call before the first extraction."""
    from coprod import catalog  # patched before the gazetteer is built

    gold: dict[str, set[str]] = {t: set() for t in TYPES}
    for batch in batches:
        for doc in batch.documents.values():
            for etype, entities in doc["entities"].items():
                for entity in entities:
                    for spelling in [entity["name"], *entity.get("aliases", [])]:
                        gold.setdefault(etype, set()).add(scorer.norm(spelling))
    rows = catalog._rows

    def without_gold(kind: str) -> list[dict[str, Any]]:
        etype = _KINDS[kind]
        kept = []
        for row in rows(kind):
            named = any(
                scorer.norm(n) in gold[etype] for n in [row["name"], *row.get("aliases", [])]
            )
            hideable = (
                etype == "person"
                or (etype == "organisation" and row.get("kind") in ("company", "cluster", "fund"))
                or (etype == "system" and row["name"][:1].isupper())
            )
            if not (named and hideable):
                kept.append(row)
        return kept

    catalog._rows = without_gold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", action="append", required=True)
    parser.add_argument("--scorer", type=Path, required=True)
    parser.add_argument("--devset", type=Path, default=devset_texts(ROOT))
    parser.add_argument("--list", action="store_true", help="print every FN and FP")
    parser.add_argument("--save", type=Path, help="write the predictions here")
    parser.add_argument("--load", type=Path, help="read predictions from here")
    parser.add_argument(
        "--hide-gold",
        action="store_true",
        help="extract with a catalogue lacking the people, companies and named systems of "
        "the batches' gold (leave-gold-out: the errors of the rules on names never seen)",
    )
    args = parser.parse_args()
    scorer = load_scorer(args.scorer)
    if scorer is None:
        return 2
    refuse_blind(args.batch)
    batches = [read_batch(ANNOTATIONS / f"{name}.json") for name in args.batch]
    if args.hide_gold:
        hide_gold_names(scorer, batches)
    if args.load:
        preds = json.loads(args.load.read_text(encoding="utf-8"))
    else:
        from coprod.extraction import extract_path

        preds = {}
        for batch in batches:
            for name in batch.documents:
                path = args.devset / "texts" / name
                if path.is_file():
                    preds[name] = extract_path(path).to_dict()
    if args.save:
        args.save.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    totals: Counter[tuple[str, str, str]] = Counter()
    for batch in batches:
        for name, doc in batch.documents.items():
            if name not in preds:
                continue
            for etype, (tp, fn, fp) in errors(scorer, doc, preds[name]).items():
                for group in (batch.name, f"lang {doc['language']}", "all"):
                    totals[group, etype, "tp"] += len(tp)
                    totals[group, etype, "fn"] += len(fn)
                    totals[group, etype, "fp"] += len(fp)
                if args.list:
                    for n in sorted(fn):
                        print(f"FN {batch.name} {name} {etype}: {n}")
                    for n in sorted(fp):
                        print(f"FP {batch.name} {name} {etype}: {n}")
    groups = list(dict.fromkeys(g for g, _, _ in totals))
    for group in groups:
        tp = sum(totals[group, t, "tp"] for t in TYPES)
        fn = sum(totals[group, t, "fn"] for t in TYPES)
        fp = sum(totals[group, t, "fp"] for t in TYPES)
        parts = "; ".join(
            f"{t[:3]} {_prf(totals[group, t, 'tp'], totals[group, t, 'tp'] + totals[group, t, 'fp'], totals[group, t, 'tp'] + totals[group, t, 'fn'])}"  # noqa: E501
            for t in TYPES
        )
        print(f"{group:10} {_prf(tp, tp + fp, tp + fn)} | {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
