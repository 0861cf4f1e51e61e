"""The benchmark's loader of the real development set, on a tiny fake dev set made here (the
real article texts are never in the repository; the last test checks that when they are
present beside the checkout)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "extraction_devset", ROOT / "benchmarks" / "extraction_devset.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["extraction_devset"] = module
    spec.loader.exec_module(module)
    return module


devset = _module()


def _doc(language: str, facts: int = 1) -> dict[str, Any]:
    return {
        "language": language,
        "published": "2025-01-02",
        "url": f"https://example.org/{language}",
        "outlet": "Example",
        "entities": {"person": [{"name": "Ada Lovelace"}], "organisation": [], "system": []},
        "facts": [{"type": "meeting", "parties": ["FR", "UA"]}] * facts,
    }


def _write(folder: Path, name: str, documents: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps({"schema": "coprod.gold/1", "documents": documents}), "utf-8")
    return path


@pytest.fixture
def fake(tmp_path: Path) -> tuple[Path, Path]:
    notes, texts = tmp_path / "annotations", tmp_path / "devset"
    _write(notes, "batch-10.json", {"c.txt": _doc("uk")})
    _write(notes, "batch-2.json", {"a.txt": _doc("fr"), "b.txt": _doc("en")})
    (texts / "texts").mkdir(parents=True)
    (texts / "texts" / "a.txt").write_text("Ada Lovelace met Paris and Kyiv.", "utf-8")
    (texts / "c.txt").write_text("Ada Lovelace in Kyiv.", "utf-8")
    return notes, texts


def test_batches_come_in_numeric_order_with_the_texts_found(fake: tuple[Path, Path]) -> None:
    batches = devset.load_batches(*fake)

    assert [b.name for b in batches] == ["batch-2", "batch-10"]
    assert sorted(batches[0].texts) == ["a.txt"]
    assert batches[0].missing == ["b.txt"]
    assert batches[1].texts["c.txt"].name == "c.txt"  # directly under the dev-set folder
    assert list(batches[0].gold()["documents"]) == ["a.txt"]


def test_no_text_at_all_leaves_every_document_missing(tmp_path: Path) -> None:
    _write(tmp_path / "notes", "batch-1.json", {"a.txt": _doc("fr")})

    (batch,) = devset.load_batches(tmp_path / "notes", tmp_path / "absent")

    assert batch.missing == ["a.txt"]
    assert batch.gold()["documents"] == {}


def test_an_unreadable_annotation_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "batch-1.json").write_text("{not json", "utf-8")

    with pytest.raises(devset.DevsetError, match=r"batch-1\.json"):
        devset.load_batches(tmp_path, tmp_path)


def test_a_batch_field_other_than_the_files_name_is_refused(tmp_path: Path) -> None:
    # A batch written "batch": 50 in batch-50.json was silently unknown to --batch batch-50.
    path = tmp_path / "batch-50.json"
    path.write_text(json.dumps({"batch": 50, "documents": {"a.txt": _doc("fr")}}), "utf-8")

    with pytest.raises(devset.DevsetError, match=r"batch-50\.json: 'batch' is 50"):
        devset.load_batches(tmp_path, tmp_path)


def test_a_document_without_its_url_is_named(tmp_path: Path) -> None:
    doc = _doc("fr")
    del doc["url"]
    _write(tmp_path, "batch-1.json", {"a.txt": doc})

    with pytest.raises(devset.DevsetError, match=r"'a\.txt' lacks url"):
        devset.load_batches(tmp_path, tmp_path)


def test_a_document_name_with_a_path_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "batch-1.json", {"../a.txt": _doc("fr")})

    with pytest.raises(devset.DevsetError, match="plain file name"):
        devset.load_batches(tmp_path, tmp_path)


def test_the_texts_folder_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("COPROD_DEVSET", raising=False)
    assert devset.devset_texts(tmp_path / "checkout") == tmp_path / "devset"
    monkeypatch.setenv("COPROD_DEVSET", str(tmp_path / "elsewhere"))
    assert devset.devset_texts(tmp_path / "checkout") == tmp_path / "elsewhere"


class CountingScorer:
    """Stands in for shared/tools/score_extraction.py: F1 is the share of documents predicted."""

    def score(self, gold: dict[str, Any], preds: dict[str, Any]) -> dict[str, Any]:
        names = list(gold["documents"])
        share = sum(n in preds for n in names) / len(names)
        cell = {"precision": share, "recall": share, "f1": share, "tp": 0, "pred": 0, "gold": 0}
        return {
            "entities": {"micro": cell},
            "facts": {"micro": cell, "agreement": cell},
            "attributes": {"status": share},
        }


def test_scores_are_given_per_batch_and_per_language(fake: tuple[Path, Path]) -> None:
    notes, texts = fake
    (texts / "texts" / "b.txt").write_text("Kyiv.", "utf-8")
    batches = devset.load_batches(notes, texts)

    report = devset.score_devset(CountingScorer(), batches, {"a.txt": {}, "c.txt": {}})

    assert [(r["label"], r["articles"], r["languages"]) for r in report["batches"]] == [
        ("batch-2", 2, "en, fr"),
        ("batch-10", 1, "uk"),
    ]
    assert [r["entity_f1"] for r in report["batches"]] == [0.5, 1.0]
    assert {r["label"]: r["fact_f1"] for r in report["languages"]} == {
        "en": 0.0,
        "fr": 1.0,
        "uk": 1.0,
    }
    assert report["total"]["articles"] == 3
    assert report["attributes"] == {"status": 2 / 3}


def test_nothing_to_score_gives_an_empty_report(tmp_path: Path) -> None:
    _write(tmp_path, "batch-1.json", {"a.txt": _doc("fr")})
    batches = devset.load_batches(tmp_path, tmp_path / "absent")

    assert devset.score_devset(CountingScorer(), batches, {}) == {
        "batches": [],
        "languages": [],
        "total": None,
    }


def test_every_annotated_document_of_the_repository_is_complete() -> None:
    batches = devset.load_batches(devset.ANNOTATIONS, Path("/nonexistent"))

    assert batches, "the repository holds the dev-set annotations"
    names = [n for b in batches for n in b.documents]
    assert len(names) == len(set(names)), "a document is in one batch only"
    for batch in batches:
        for name, doc in batch.documents.items():
            assert doc["url"].startswith("http"), name
            assert doc["language"] in {"fr", "en", "uk", "de", "ru"}, name
            assert {f["type"] for f in doc["facts"]} <= {
                "agreement",
                "funding",
                "supply",
                "production",
                "meeting",
                "initiative",
            }, name


TEXTS = devset.devset_texts(ROOT) / "texts"
RUN = 12  # words: shorter runs meet set phrases ("le ministère de la défense de l'Ukraine")


def _runs(text: str) -> set[tuple[str, ...]]:
    """Runs of ``RUN`` (12) words; addresses are left out (an article's URL holds its headline)."""
    words = re.findall(r"\w+", re.sub(r"https?://[^\s\"]+", " ", text).lower())
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.mark.skipif(not TEXTS.is_dir(), reason=f"the dev-set texts are not here ({TEXTS})")
def test_the_repository_holds_no_sentence_of_the_devset() -> None:
    article_runs: set[tuple[str, ...]] = set()
    for path in TEXTS.glob("*.txt"):
        article_runs |= _runs(path.read_text(encoding="utf-8"))
    files = [ROOT / "README.md"]
    for folder in ("src", "docs", "tests", "benchmarks"):
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".json", ".md"}]
    copied = [str(p.relative_to(ROOT)) for p in files if _runs(p.read_text("utf-8")) & article_runs]
    assert copied == []


def test_blind_batches_are_refused_by_the_error_and_training_scripts() -> None:
    devset.refuse_blind(["batch-3", "batch-21", "batch-30"])  # not blind: no error
    for name in sorted(devset.BLIND):
        with pytest.raises(SystemExit, match="blind"):
            devset.refuse_blind(["batch-3", name])


def test_a_run_naming_no_batch_leaves_the_blind_ones_out() -> None:
    names = devset.open_batch_names(devset.ANNOTATIONS)
    assert "batch-1" in names and "batch-52" in names
    assert not set(names) & devset.BLIND
