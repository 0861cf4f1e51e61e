"""The demo's evidence against the real seed articles, when ``../shared/seeds`` is present.

Skipped on a clean clone: the seed articles are not part of the repository (it holds no text
copied from them). This test also proves that: no run of eight words of a seed article appears
in the repository's source, docs or tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coprod.cli.main import app
from coprod.demo import mechanism_records
from coprod.demo.evidence import check_evidence
from coprod.services.facts.proposals import document_text_by_key
from coprod.services.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 8  # words
runner = CliRunner()

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the seed articles are not here ({SEEDS} does not exist)"
)


def test_every_demo_span_is_sound() -> None:
    spans = check_evidence(mechanism_records(), SEEDS)
    assert spans, "the demo has evidence"
    assert [s for s in spans if not s.ok] == []


def test_the_check_command_prints_each_cited_sentence() -> None:
    result = runner.invoke(app, ["demo", "--check-evidence", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "agreements/fr-ua-loi-drones-data" in result.output
    assert "every span is sound" in result.output


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def test_the_repository_holds_no_sentence_of_the_seeds() -> None:
    seed_runs: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("*.txt"):
        seed_runs |= runs(path.read_text(encoding="utf-8"))
    files = [ROOT / "README.md"]
    for folder in ("src", "docs", "tests", "benchmarks"):
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".json", ".md"}]
    copied = {
        str(p.relative_to(ROOT))
        for p in files
        if p.is_file() and runs(p.read_text(encoding="utf-8", errors="replace")) & seed_runs
    }
    assert copied == set()


def test_the_demo_stores_the_seed_texts_so_the_viewer_shows_each_cited_sentence(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    args = ["demo", "--database-url", url, "--no-serve", "--texts", str(SEEDS)]
    result = runner.invoke(app, [*args, "--today", "2026-12-06"])
    assert result.exit_code == 0, result.output
    documents = mechanism_records()["source_documents"]
    assert f"evidence texts: {len(documents)} of {len(documents)}" in result.output
    spans = check_evidence(mechanism_records(), SEEDS)
    with open_store(url) as store:
        stored = store.read(
            lambda uow: [document_text_by_key(uow, s.document)[s.start : s.end] for s in spans]
        )
    assert stored == [s.text for s in spans]
