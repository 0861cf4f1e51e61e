"""Scaling on a Dask cluster: batch extraction and plan risk sweeps, one process vs a local
cluster of worker processes (docs/scale.md).

    .venv/bin/python benchmarks/scale.py [--articles 2000] [--samples 200]
        [--size 2000x400x30x24] [--workers 2] [--batch 32] [--risk-batch N]
        [--store 500] [--only extraction|risk|store]

Extraction: the seed articles (``../shared/seeds``, or ``--seeds DIR``) when present, else
coprod's own test articles, repeated with variations (a numbered header line, so every copy
has its own content hash) up to ``--articles``. One process: the extractor loaded, then every
article extracted.
Cluster: ``LocalCluster(n_workers=W, threads_per_worker=1)``, the extractor loaded on each
worker by the plugin, then the batches. Risk: a generated scenario of ``--size``; one process
(one solver, cold base then warm samples) vs the cluster; the two documents must be identical
(solver timings aside). Store: what the client of ``ingest`` does alone, per article: store
it (SQLite file, transactions of ``--batch`` articles); the copies of the same few texts report
the same events, so after the first ones every fact adds evidence to an existing proposal.

Both sides run with the same allocator settings (``WORKER_ENVIRON`` in ``cluster/client.py``:
this process starts itself again with them).

Columns: ``start s`` (cluster start-up and model load, or model load, and for the sweep the
one cold base solve's own time, HiGHS's, which both sides pay once; the cluster's workers
import the planner during start-up, as this process has before its own sweep), ``run s`` (the
work after start-up; for the sweep, from its start to the last outcome less that cold solve's
time: the model's build, and on the cluster the scenario's broadcast (sent while the client
solves the base), the workers' first task, which builds the model meanwhile, the basis's
broadcast, the samples and the idle tail; never the cluster's start-up, nor the
document's statistics, which both sides compute alike after the last outcome), ``rate/s``,
``speed-up`` (run s of one process ÷ run s of the cluster), ``work s`` (the sum of the tasks'
own compute times, measured inside each task), ``overhead`` ((workers × run s − work s) ÷
work s: scheduling, transfers, serialisation and the idle tail, everything the cluster adds to
the work), and for the sweep the warm re-solve's mean over the cold solve; ``cpu s``: the CPU
seconds the run used (one process: its own; cluster: the workers' processes plus this one,
which holds the client and the local cluster's scheduler), the figure that a busy shared
machine distorts least. Below the table, the sweep's whole times, cold solves included: the
cluster's cold solve shares the machine with the workers' preparation, so it can take longer
than one process's, and ``run s`` leaves that out.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
OWN = ROOT / "tests" / "data" / "extraction"


def corpus(count: int, seeds: Path) -> tuple[str, list[tuple[str, bytes]]]:
    """``count`` distinct articles: the seeds (or our own articles) with a numbered header."""
    source = str(seeds) if sorted(seeds.glob("*.txt")) else "tests/data/extraction"
    files = sorted(seeds.glob("*.txt")) or sorted(OWN.glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    items = []
    for k in range(count):
        text = texts[k % len(texts)]
        items.append((f"article-{k:05d}.txt", f"Dépêche n° {k + 1}\n\n{text}".encode()))
    return f"{source} ({len(files)} texts) repeated with variations", items


def timed_extract(items: list[tuple[str, bytes]]) -> tuple[float, int]:
    """On a worker: extract a batch; (its compute seconds, articles)."""
    from coprod.cluster.extraction import extract_batch

    started = time.perf_counter()
    done = extract_batch(items)
    return time.perf_counter() - started, len(done)


def extraction_rows(
    count: int, workers: int, batch: int, seeds: Path
) -> tuple[str, list[dict[str, str]]]:
    """One process, then the cluster, on the same articles."""
    from distributed import Client

    from coprod.cluster.client import local_cluster, ordered_results
    from coprod.cluster.extraction import batches, prepare_workers
    from coprod.extraction import extract_bytes, warm_up

    source, items = corpus(count, seeds)
    started = time.perf_counter()
    warm_up()
    load = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    for name, data in items:
        extract_bytes(data, name)
    alone, alone_cpu = time.perf_counter() - started, time.process_time() - cpu
    rows = [_row("extraction", 1, load, alone, count, work=alone, speed="-", cpu=alone_cpu)]
    started = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        prepare_workers(client)
        ready = time.perf_counter() - started
        before = cluster_cpu(client)
        started = time.perf_counter()
        futures = [client.submit(timed_extract, b, pure=False) for b in batches(items, batch)]
        results = list(ordered_results(futures, lambda _r: None))
        spread = time.perf_counter() - started
        used = cluster_cpu(client) - before
    work = sum(seconds for seconds, _n in results)
    speed = f"{alone / spread:.2f}x"
    row = _row("extraction", workers, ready, spread, count, work=work, speed=speed, cpu=used)
    rows.append(row)
    return source, rows


def cluster_cpu(client: Any) -> float:
    """CPU seconds used so far by the worker processes, this process (client and the local
    cluster's scheduler) and its nannies' parent: what the cluster costs the machine."""
    workers = client.run(time.process_time)
    return sum(workers.values()) + time.process_time()


def risk_rows(
    size: str, samples: int, workers: int, batch: int | None
) -> tuple[list[dict[str, str]], str]:
    """The sweep in one process, then on the cluster; the documents must agree. Also a line
    comparing the whole sweeps, each with its cold base solve."""
    import importlib

    from distributed import Client

    from coprod.cluster.client import local_cluster
    from coprod.cluster.risk import sweep_on_cluster
    from coprod.planner.generate import generate_scenario
    from coprod.planner.problem import parse_scenario
    from coprod.planner.risk import Perturbations, Sweep, sweep_in_process

    needs, lines, instruments, months = (int(part) for part in size.split("x"))
    problem = parse_scenario(generate_scenario(needs, lines, instruments, months, 1))
    sweep = Sweep(samples, 1, Perturbations())
    cpu = time.process_time()
    alone = sweep_in_process(problem, sweep)
    alone_cpu = time.process_time() - cpu
    solver = alone["solver"]
    cold, warm = solver["cold_solve_seconds"], solver["warm_solve_seconds"]["mean"]
    one_run = solver["seconds"] - cold  # the base solve is the start-up
    job = f"risk {size}"
    rows = [_row(job, 1, cold, one_run, samples, work=one_run, speed="-", warm_ratio=warm / cold)]
    rows[0]["cpu s"] = f"{alone_cpu:.2f}"  # with the cold base solve, as on each worker
    started = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        # the workers load the planner's code before the sweep, as this process did above
        client.run(importlib.import_module, "coprod.planner.risk")
        ready = time.perf_counter() - started
        before = cluster_cpu(client)
        spread = sweep_on_cluster(client, problem, sweep, batch, lambda _b: None)
        used = cluster_cpu(client) - before
    same = {**spread, "solver": None} == {**alone, "solver": None}
    s = spread["solver"]
    # the tasks' own time: their samples (draw, bounds, solve, outcome); the one cold base
    # solve is the client's, before the first task, as in one process
    work = s["sample_seconds_total"]
    ratio = s["warm_solve_seconds"]["mean"] / s["cold_solve_seconds"]
    run = s["seconds"] - s["cold_solve_seconds"]
    speed = f"{one_run / run:.2f}x" + ("" if same else " DIFFERENT RESULT")
    label = f"{job} ({s['tasks']} tasks, {s['batch_size']} at most)"
    rows.append(
        _row(
            label, workers, ready + s["cold_solve_seconds"], run, samples,
            work=work, speed=speed, warm_ratio=ratio, cpu=used,
        )
    )  # fmt: skip
    whole = (
        f"risk, whole sweeps (each with its cold base solve): one process "
        f"{solver['seconds']:.2f} s, {workers} workers {s['seconds']:.2f} s, "
        f"{solver['seconds'] / s['seconds']:.2f}x; cold solves {cold:.3f} and "
        f"{s['cold_solve_seconds']:.3f} s"
    )
    return rows, whole


def store_row(count: int, seeds: Path, batch: int) -> dict[str, str]:
    """What the client does per article in ``ingest --workers``: store it (SQLite file), in
    transactions of ``batch`` articles; the articles are extracted first, not timed."""
    import tempfile

    from coprod.db import migrate
    from coprod.db.engine import make_engine
    from coprod.db.uow import UnitOfWork
    from coprod.services.accounts.access import SYSTEM
    from coprod.services.facts.ingestion import read_article, store_article
    from coprod.services.registry.catalogue import load_catalogue

    _source, items = corpus(count, seeds)
    articles = [read_article(name, data, []) for name, data in items]
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/store.db")
        migrate.upgrade(engine)
        with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
            load_catalogue(uow)
            uow.commit()
        started, cpu = time.perf_counter(), time.process_time()
        for first in range(0, count, batch):
            with UnitOfWork(engine, access=SYSTEM, write=True) as uow:
                for article in articles[first : first + batch]:
                    store_article(uow, article)
                uow.commit()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        engine.dispose()
    return _row("ingest: store (client)", 1, 0.0, seconds, count, work=seconds, speed="-", cpu=cpu)


COLUMNS = ["job", "workers", "start s", "run s", "rate/s", "speed-up", "work s", "overhead"]


def _row(
    job: str,
    workers: int,
    start: float,
    run: float,
    count: int,
    *,
    work: float,
    speed: str,
    warm_ratio: float | None = None,
    cpu: float | None = None,
) -> dict[str, str]:
    overhead = (workers * run - work) / work if work > 0 else 0.0
    return {
        "job": job,
        "workers": str(workers),
        "start s": f"{start:.2f}",
        "run s": f"{run:.2f}",
        "rate/s": f"{count / run:.1f}",
        "speed-up": speed,
        "work s": f"{work:.2f}",
        "overhead": "-" if workers == 1 else f"{overhead:.1%}",
        "warm/cold": "-" if warm_ratio is None else f"{warm_ratio:.1%}",
        "cpu s": "-" if cpu is None else f"{cpu:.2f}",
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    """A Markdown table."""
    columns = [*COLUMNS, "cpu s", "warm/cold"]
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in columns}
    print("| " + " | ".join(c.ljust(widths[c]) for c in columns) + " |")
    print("|" + "|".join("-" * (widths[c] + 2) for c in columns) + "|")
    for row in rows:
        print("| " + " | ".join(row[c].rjust(widths[c]) for c in columns) + " |", flush=True)


def same_allocator() -> None:
    """Run this process with the allocator settings the cluster's workers get (glibc reads them
    at start-up only: set, then start again), so that one process and the workers do the same
    work (docs/scale.md)."""
    from coprod.cluster.client import WORKER_ENVIRON

    if any(os.environ.get(name) != value for name, value in WORKER_ENVIRON.items()):
        os.environ.update(WORKER_ENVIRON)
        os.execv(sys.executable, [sys.executable, *sys.argv])


def main() -> int:
    """Run the benchmark and print the table."""
    same_allocator()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--size", default="2000x400x30x24", help="needs x lines x instr. x months")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32, help="articles per task")
    parser.add_argument(
        "--risk-batch", type=int, default=None, help="samples per task (default: decreasing)"
    )
    parser.add_argument("--only", choices=["extraction", "risk", "store"])
    parser.add_argument("--store", type=int, default=500, help="articles stored (SQLite)")
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="folder of article texts")
    args = parser.parse_args()
    logging.getLogger("distributed").setLevel(logging.ERROR)
    before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows: list[dict[str, str]] = []
    notes: list[str] = []
    if args.only in (None, "extraction"):
        source, found = extraction_rows(args.articles, args.workers, args.batch, args.seeds)
        print(f"articles: {args.articles} from {source}", file=sys.stderr)
        rows += found
    if args.only in (None, "store"):
        rows.append(store_row(args.store, args.seeds, args.batch))
    if args.only in (None, "risk"):
        found, whole = risk_rows(args.size, args.samples, args.workers, args.risk_batch)
        rows += found
        notes.append(whole)
    after = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"machine: {os.cpu_count()} cores; load average {before} before, {after} after; "
        f"{args.articles} articles in batches of {args.batch}, {args.samples} samples in "
        f"tasks of {args.risk_batch or 'decreasing size'}"
    )
    print_table(rows)
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
