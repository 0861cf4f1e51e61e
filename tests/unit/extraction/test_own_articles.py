"""Regression on the articles written for coprod (``tests/data/extraction``) and their gold:
the quality targets of the issue, measured the way the shared scorer measures them."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from coprod.extraction import extract_path

DATA = Path(__file__).resolve().parents[2] / "data" / "extraction"
SETS = [DATA, DATA / "heldout", DATA / "heldout2", DATA / "heldout3"]


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


@cache
def predictions(folder: Path) -> dict[str, dict[str, Any]]:
    files = sorted([*folder.glob("*.txt"), *folder.glob("*.html")])
    return {p.name: extract_path(p).to_dict() for p in files}


def gold(folder: Path) -> dict[str, Any]:
    documents: dict[str, Any] = json.loads((folder / "gold.json").read_text("utf-8"))["documents"]
    return documents


def canon(doc: dict[str, Any]) -> dict[str, str]:
    table: dict[str, str] = {}
    for entities in doc["entities"].values():
        for entity in entities:
            for spelling in [entity["name"], *entity.get("aliases", [])]:
                table.setdefault(norm(spelling), norm(entity["name"]))
    return table


def f1(tp: int, pred: int, gold_count: int) -> float:
    precision = tp / pred if pred else 1.0
    recall = tp / gold_count if gold_count else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@pytest.mark.parametrize("folder", SETS, ids=["tuned", "heldout", "heldout2", "heldout3"])
def test_entity_micro_f1_is_at_least_the_target(folder: Path) -> None:
    tp = n_pred = n_gold = 0
    for name, doc in gold(folder).items():
        table = canon(doc)
        expected = {
            norm(e["name"])
            for t in ("person", "organisation", "system")
            for e in doc["entities"][t]
        }
        found = {
            table.get(norm(e["name"]), norm(e["name"]))
            for e in predictions(folder)[name]["entities"]
            if e["type"] in ("person", "organisation", "system")
        }
        tp, n_pred, n_gold = tp + len(expected & found), n_pred + len(found), n_gold + len(expected)
    assert f1(tp, n_pred, n_gold) >= 0.85


@pytest.mark.parametrize("folder", SETS, ids=["tuned", "heldout", "heldout2", "heldout3"])
def test_agreements_are_found_with_their_parties(folder: Path) -> None:
    tp = n_pred = n_gold = 0
    for name, doc in gold(folder).items():
        table = canon(doc)
        expected = [f for f in doc["facts"] if f["type"] == "agreement"]
        found = [f for f in predictions(folder)[name]["facts"] if f["type"] == "agreement"]
        used: set[int] = set()
        for g in expected:
            gp = {table.get(norm(p), p) if len(p) != 2 else p for p in g["parties"]}
            for i, p in enumerate(found):
                pp = {table.get(norm(x), x) if len(x) != 2 else x for x in p["parties"]}
                if i not in used and len(gp & pp) / len(gp | pp) >= 0.5:
                    used.add(i)
                    tp += 1
                    break
        n_pred, n_gold = n_pred + len(found), n_gold + len(expected)
    assert f1(tp, n_pred, n_gold) >= 0.7
