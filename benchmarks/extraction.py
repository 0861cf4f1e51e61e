"""Extraction benchmark: quality on the seed articles (and on coprod's own test articles) with
``shared/tools/score_extraction.py``, load time and articles per second on one core.

    .venv/bin/python benchmarks/extraction.py [--seeds DIR] [--gold FILE] [--repeat N]
                                              [--devset DIR] [--devset-only] [--json FILE]
                                              [--pages 5000,10000,20000]

``--pages`` also times generated pages of that many short sentences (wall and CPU seconds,
peak memory traced by tracemalloc in a second pass): doubling the page should at most double
the time.

Reads ``../shared`` when present (seeds, gold, scorer); coprod's own articles with their gold
are in ``tests/data/extraction`` (``heldout/``, ``heldout2/`` and ``heldout3/`` were each scored
once before any rule was changed for them; the figures of those first runs are in
``docs/extraction.md``).

The real development set (``benchmarks/devset/batch-*.json``, see ``extraction_devset.py``)
is scored per batch, language and type when its texts are found (``$COPROD_DEVSET`` or
``../devset``); absent texts are skipped with a message.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from extraction_devset import (
    ANNOTATIONS,
    BLIND_RANGE,
    DevsetError,
    devset_texts,
    load_batches,
    open_batch_names,
    score_devset,
)
from extraction_devset import print_report as print_devset_report

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout; a worktree in ../wt/NAME finds it one level higher
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
OWN = ROOT / "tests" / "data" / "extraction"


def load_scorer(path: Path) -> ModuleType | None:
    """The shared scorer module, or None when ``../shared`` is absent."""
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def articles(folder: Path) -> list[Path]:
    """The articles of a folder: plain text and HTML pages."""
    return sorted([*folder.glob("*.txt"), *folder.glob("*.html")])


def extract_all(files: list[Path]) -> dict[str, dict[str, Any]]:
    from coprod.extraction import extract_path

    return {f.name: extract_path(f).to_dict() for f in files}


def score_set(scorer: ModuleType, gold_path: Path, preds: dict[str, Any]) -> list[tuple[str, ...]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    rows: list[tuple[str, ...]] = []
    for name, doc in gold["documents"].items():
        single = {"documents": {name: doc}}
        result = scorer.score(single, {name: preds.get(name, {"entities": [], "facts": []})})
        rows.append((name, *_figures(result)))
    total = scorer.score(gold, preds)
    rows.append(("TOTAL", *_figures(total)))
    return rows


def _figures(result: dict[str, Any]) -> tuple[str, str, str]:
    return (
        f"{result['entities']['micro']['f1']:.3f}",
        f"{result['facts']['micro']['f1']:.3f}",
        f"{result['facts']['agreement']['f1']:.3f}",
    )


def throughput(files: list[Path], repeat: int) -> tuple[float, float]:
    """Articles per second after load: (per wall-clock second, per CPU second of this process;
    the second does not count the time other work on the machine takes)."""
    from coprod.extraction import extract_bytes

    data = [(f.read_bytes(), f.name) for f in files]
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        for content, name in data:
            extract_bytes(content, name)
    done = repeat * len(data)
    return done / (time.perf_counter() - started), done / (time.process_time() - cpu)


PAGE_SENTENCES = [
    "{partner} et l'Ukraine ont signé le {day} juin un accord sur {i} drones.",
    "{company} will deliver {i} shells of 155 mm to Kyiv, the ministry said.",
    "Le fonds de {i} millions d'euros financera des commandes de {company}.",
    "Verteidigungsminister Boris Pistorius traf Rustem Umerov in Berlin.",
    "Les deux pays discutent d'une coproduction de systèmes de défense aérienne.",
]
PARTNERS = ["La France", "L'Allemagne", "La Pologne", "Le Danemark", "La Norvège"]
COMPANIES = ["Rheinmetall", "KNDS", "Thales", "Saab", "MBDA", "Babcock"]


def page(sentences: int) -> str:
    """A generated page of short sentences (fr, en, de), a paragraph every ten."""
    parts = []
    for i in range(sentences):
        template = PAGE_SENTENCES[i % len(PAGE_SENTENCES)]
        filled = template.format(
            partner=PARTNERS[i % len(PARTNERS)],
            company=COMPANIES[i % len(COMPANIES)],
            day=i % 28 + 1,
            i=i + 1,
        )
        parts.append(filled + ("\n" if i % 10 == 9 else " "))
    return "".join(parts)


def time_pages(sizes: list[int]) -> list[tuple[int, int, float, float, float, int]]:
    """(sentences, characters, wall s, CPU s, peak MB, facts) for each page size."""
    import tracemalloc

    from coprod.extraction import extract_text

    rows = []
    for size in sizes:
        text = page(size)
        wall, cpu = time.perf_counter(), time.process_time()
        result = extract_text(text, f"page-{size}.txt")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        tracemalloc.start()
        extract_text(text, f"page-{size}.txt")
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        rows.append((size, len(text), wall, cpu, peak, len(result.facts)))
    return rows


def print_pages(rows: list[tuple[int, int, float, float, float, int]]) -> None:
    print(f"\n{'sentences':>9} {'chars':>9} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'facts':>6}")
    for size, chars, wall, cpu, peak, facts in rows:
        print(f"{size:>9} {chars:>9} {wall:>7.2f} {cpu:>7.2f} {peak:>8.1f} {facts:>6}")


def print_table(title: str, rows: list[tuple[str, ...]]) -> None:
    print(f"\n{title}")
    print(f"{'article':34} {'entity F1':>9} {'fact F1':>8} {'agr. F1':>8}")
    for name, ent, fact, agr in rows:
        print(f"{name:34} {ent:>9} {fact:>8} {agr:>8}")


def devset(
    scorer: ModuleType | None, texts: Path, out: Path | None, only: list[str] | None = None
) -> int:
    """Scores the real development set whose texts are under ``texts``; 2 on a bad annotation.
    Without ``only`` (``--batch``), every batch but the blind ones (``BLIND``)."""
    if not only:
        print(
            f"\nreal development set: blind batches {BLIND_RANGE} left out (name them with --batch)"
        )
    names = only or open_batch_names(ANNOTATIONS)
    try:
        batches = load_batches(ANNOTATIONS, texts, names)  # only those opened
    except DevsetError as exc:
        print(f"\nreal development set: {exc}", file=sys.stderr)
        return 2
    if only:
        unknown = sorted(set(only) - {b.name for b in batches})
        if unknown:
            print(f"\nreal development set: no batch {', '.join(unknown)}", file=sys.stderr)
            return 2
        batches = [b for b in batches if b.name in only]
    for batch in batches:
        if batch.missing:
            print(
                f"\n{batch.name}: {len(batch.missing)} of {len(batch.documents)} article texts "
                f"absent from {texts} (skipped)",
                file=sys.stderr,
            )
    files = [p for b in batches for p in b.texts.values()]
    if scorer is None or not files:
        print("\nreal development set: not scored (no scorer or no article text here)")
        return 0
    report = score_devset(scorer, batches, extract_all(files))
    print_devset_report(report)
    if out is not None:
        out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "seeds.json")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_extraction.py")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--devset", type=Path, default=devset_texts(ROOT))
    parser.add_argument("--devset-only", action="store_true", help="score the dev set only")
    parser.add_argument("--json", type=Path, help="write the dev-set scores to this file")
    parser.add_argument(
        "--batch", action="append", help="score only this dev-set batch (repeatable)"
    )
    parser.add_argument(
        "--pages", default="", help="comma-separated sentence counts of generated pages to time"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    started, cpu = time.perf_counter(), time.process_time()
    from coprod.extraction import warm_up

    warm_up()
    load_s, load_cpu = time.perf_counter() - started, time.process_time() - cpu
    scorer = load_scorer(args.scorer)
    sets = [
        ("seeds", sorted(args.seeds.glob("*.txt")), args.gold),
        ("own (tuned on)", sorted(OWN.glob("*.txt")), OWN / "gold.json"),
        ("own held-out 1", articles(OWN / "heldout"), OWN / "heldout" / "gold.json"),
        ("own held-out 2", articles(OWN / "heldout2"), OWN / "heldout2" / "gold.json"),
        ("own held-out 3", articles(OWN / "heldout3"), OWN / "heldout3" / "gold.json"),
    ]
    if args.devset_only:
        sets = []
    every: list[Path] = []
    for title, files, gold in sets:
        if not files:
            print(f"\n{title}: no articles found", file=sys.stderr)
            continue
        every += files
        preds = extract_all(files)
        if scorer is None or not gold.exists():
            print(f"\n{title}: {len(preds)} articles extracted (no scorer or gold to score)")
            continue
        print_table(title, score_set(scorer, gold, preds))
    status = devset(scorer, args.devset, args.json, args.batch)
    if args.devset_only:
        print(f"\nload: {load_s:.2f} s")
        return status
    rate, cpu_rate = throughput(every, args.repeat) if every else (0.0, 0.0)
    print(
        f"\nload (gazetteer, language detector, spaCy fr_core_news_md, entity model): "
        f"{load_s:.2f} s ({load_cpu:.2f} s of CPU)"
    )
    print(
        f"throughput after load, one core: {rate:.1f} articles/s, {cpu_rate:.1f} per CPU "
        f"second ({len(every)} articles x {args.repeat}; load average "
        f"{os.getloadavg()[0]:.1f})"
    )
    if args.pages:
        print_pages(time_pages([int(n) for n in args.pages.split(",")]))
    return status


if __name__ == "__main__":
    sys.exit(main())
