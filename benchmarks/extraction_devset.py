"""The real development set: annotations in ``benchmarks/devset/batch-*.json`` (coprod.gold/1
plus each article's URL, outlet, language and date), article texts outside the repository.

The texts are third-party articles, so the repository never holds them: they are read from
``$COPROD_DEVSET`` or else ``../devset`` beside the checkout, as ``texts/NAME`` (or ``NAME``).
An article whose text is absent is skipped with a message; the rest are still scored.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ANNOTATIONS = Path(__file__).resolve().parent / "devset"
# The batches kept blind this session: scored by the lead only (first when each lands, again
# at the end), never trained on, tuned on or listed by the error and training scripts.
# Batches 21-25 were blind in the ninth session, 31-35 in the tenth, 36-40 in the eleventh,
# 41-45 in the twelfth, 48-52 in the thirteenth, 53-57 in the fourteenth.
BLIND = frozenset(f"batch-{n}" for n in range(53, 58))
BLIND_RANGE = "53-57"


def refuse_blind(names: list[str]) -> None:
    """Stop (before any file is read) when ``names`` holds a blind batch: the error and
    training scripts never open one; only ``benchmarks/extraction.py`` scores them."""
    blind = sorted(set(names) & BLIND)
    if blind:
        raise SystemExit(
            f"batches {BLIND_RANGE} are blind: never trained on, tuned on or listed here,"
            f" not {blind}"
        )


def open_batch_names(annotations: Path) -> list[str]:
    """The batches of ``annotations`` that are not blind: what a run that names no batch scores
    (a blind batch is scored only when named, ``--batch``)."""
    names = (path.stem for path in sorted(annotations.glob("batch-*.json"), key=_batch_order))
    return [name for name in names if name not in BLIND]


REQUIRED = ("language", "url", "entities", "facts")


class DevsetError(ValueError):
    """An annotation file that cannot be used, with the file (and document) named."""


@dataclass
class Batch:
    """One batch of annotated articles and the texts found for it."""

    name: str
    path: Path
    documents: dict[str, dict[str, Any]]
    texts: dict[str, Path] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        """Documents whose text is not here."""
        return [name for name in self.documents if name not in self.texts]

    def gold(self, names: list[str] | None = None) -> dict[str, Any]:
        """The coprod.gold/1 object of the documents present (or of ``names``)."""
        keep = self.texts if names is None else names
        docs = {n: d for n, d in self.documents.items() if n in keep}
        return {"schema": "coprod.gold/1", "documents": docs}


def devset_texts(root: Path) -> Path:
    """Where the article texts are: ``$COPROD_DEVSET`` or ``../devset`` beside the checkout."""
    env = os.environ.get("COPROD_DEVSET")
    return Path(env) if env else root.parent / "devset"


def _batch_order(path: Path) -> tuple[int, str]:
    digits = re.findall(r"\d+", path.stem)
    return (int(digits[-1]) if digits else 0, path.stem)


def read_batch(path: Path) -> Batch:
    """One annotation file; DevsetError naming the file and document when it is not usable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DevsetError(f"{path}: not a readable JSON file ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        raise DevsetError(f"{path}: no 'documents' object")
    for name, doc in data["documents"].items():
        if not isinstance(doc, dict):
            raise DevsetError(f"{path}: document {name!r} is not an object")
        absent = [key for key in REQUIRED if key not in doc]
        if absent:
            raise DevsetError(f"{path}: document {name!r} lacks {', '.join(absent)}")
        if "/" in name or "\\" in name or name.startswith("."):
            raise DevsetError(f"{path}: document name {name!r} must be a plain file name")
    named = data.get("batch", path.stem)
    if named != path.stem:  # the file's name is the batch's: what --batch and BLIND name
        raise DevsetError(
            f"{path}: 'batch' is {named!r}; it must be the file's name, {path.stem!r}"
        )
    return Batch(name=path.stem, path=path, documents=data["documents"])


def load_batches(annotations: Path, texts: Path, names: list[str] | None = None) -> list[Batch]:
    """Every batch of ``annotations`` in order (or only those of ``names``: no other file is
    opened), each with the texts found under ``texts``."""
    paths = sorted(annotations.glob("batch-*.json"), key=_batch_order)
    if names is not None:
        paths = [p for p in paths if p.stem in names]
    batches = [read_batch(p) for p in paths]
    for batch in batches:
        for name in batch.documents:
            for candidate in (texts / "texts" / name, texts / name):
                if candidate.is_file():
                    batch.texts[name] = candidate
                    break
    return batches


def _f1(result: dict[str, Any], section: str, key: str) -> float:
    return float(result[section][key]["f1"])


def _row(label: str, docs: int, result: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": label,
        "articles": docs,
        "entity_f1": _f1(result, "entities", "micro"),
        "fact_f1": _f1(result, "facts", "micro"),
        "agreement_f1": _f1(result, "facts", "agreement"),
    }


def score_devset(scorer: ModuleType, batches: list[Batch], preds: dict[str, Any]) -> dict[str, Any]:
    """Scores per batch, per language and per type (entities, facts) and attribute accuracies."""
    every: dict[str, dict[str, Any]] = {}
    rows = []
    for batch in batches:
        gold = batch.gold()
        if not gold["documents"]:
            continue
        every.update(gold["documents"])
        languages = sorted({d["language"] for d in gold["documents"].values()})
        row = _row(batch.name, len(gold["documents"]), scorer.score(gold, preds))
        row["languages"] = ", ".join(languages)
        rows.append(row)
    if not every:
        return {"batches": [], "languages": [], "total": None}
    by_language: dict[str, dict[str, Any]] = {}
    for name, doc in every.items():
        by_language.setdefault(doc["language"], {})[name] = doc
    languages = [
        _row(lang, len(docs), scorer.score({"documents": docs}, preds))
        for lang, docs in sorted(by_language.items())
    ]
    total = scorer.score({"documents": every}, preds)
    return {
        "batches": rows,
        "languages": languages,
        "total": _row("all", len(every), total),
        "entities": total["entities"],
        "facts": total["facts"],
        "attributes": total["attributes"],
    }


def print_report(report: dict[str, Any]) -> None:
    """The dev-set tables: per batch, per language, per entity and fact type, attributes."""
    if report["total"] is None:
        print("\nreal development set: no article text found")
        return
    head = f"{'':14} {'articles':>8} {'entity F1':>9} {'fact F1':>8} {'agr. F1':>8}"
    print("\nreal development set, per batch")
    print(f"{head}  languages")
    for r in [*report["batches"], report["total"]]:
        print(f"{_cells(r)}  {r.get('languages', '')}")
    print("\nreal development set, per language")
    print(head)
    for r in report["languages"]:
        print(_cells(r))
    print("\nreal development set, per type")
    print(f"{'':18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'pred':>5} {'gold':>5}")
    for section in ("entities", "facts"):
        for key, r in report[section].items():
            print(
                f"{section[:4] + ' ' + key:18} {r['precision']:6.3f} {r['recall']:6.3f} "
                f"{r['f1']:6.3f} {r['tp']:4d} {r['pred']:5d} {r['gold']:5d}"
            )
    attrs = ", ".join(
        f"{k} {v:.2f}" if v is not None else f"{k} -" for k, v in report["attributes"].items()
    )
    print(f"attributes on matched facts: {attrs}")


def _cells(r: dict[str, Any]) -> str:
    return (
        f"{r['label']:14} {r['articles']:8d} {r['entity_f1']:9.3f} "
        f"{r['fact_f1']:8.3f} {r['agreement_f1']:8.3f}"
    )
