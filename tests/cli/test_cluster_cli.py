"""``coprod extract`` and ``coprod ingest`` on a real Dask cluster (a ``distributed.LocalCluster``
of two worker processes) give what one process gives; a worker killed mid-run changes nothing;
an unreachable scheduler is a clear error (exit 2) within seconds. Every test here that starts or
reaches a cluster is marked ``slow`` (those that use the ``cluster`` fixture by the rule of
tests/conftest.py): `make test-slow` runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.runner import Coprod

distributed = pytest.importorskip("distributed")

ARTICLES = sorted((Path(__file__).parents[1] / "data" / "extraction").glob("*.txt"))


@pytest.fixture
def articles(tmp_path: Path) -> list[Path]:
    """The test articles, and an empty file that cannot be read, in the middle."""
    empty = tmp_path / "e_empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    return sorted([*ARTICLES, empty], key=lambda p: p.name)


@pytest.mark.slow
def test_extract_on_the_cluster_prints_what_one_process_prints(
    cli: Coprod, cluster: distributed.LocalCluster, articles: list[Path]
) -> None:
    files = [str(p) for p in articles]
    alone = cli("extract", *files)
    spread = cli("extract", *files, "--scheduler", cluster.scheduler_address, "--batch-size", "2")
    assert alone.code == spread.code == 2
    assert spread.out == alone.out
    assert len(json.loads(spread.out)) == len(ARTICLES)
    assert "e_empty.txt: the file is empty" in spread.err


def test_ingest_on_the_cluster_stores_what_one_process_stores_and_nothing_twice(
    coprod: Coprod, cluster: distributed.LocalCluster, tmp_path: Path
) -> None:
    address = cluster.scheduler_address
    files = [*map(str, ARTICLES), *_reposts(tmp_path)]
    spread = coprod("ingest", *files, "--json", "--scheduler", address)
    assert spread.code == 0, spread.err
    other = Coprod(_fresh_copy(coprod, tmp_path), coprod.capsys, coprod.monkeypatch)
    alone = other("ingest", *files, "--json")
    assert alone.code == 0, alone.err
    assert spread.out == alone.out
    assert all(not json.loads(line)["unchanged"] for line in spread.out.splitlines())
    assert any(json.loads(line)["merged"] for line in spread.out.splitlines())
    proposals = coprod.ok("review", "list", "--all", "--json")
    assert proposals == other.ok("review", "list", "--all", "--json")
    for key in (p["key"] for p in json.loads(proposals)):  # fields, evidence, entities alike
        assert coprod.ok("review", "show", key, "--json") == other.ok(
            "review", "show", key, "--json"
        )
    again = coprod("ingest", *files, "--json", "--batch-size", "1", "--scheduler", address)
    assert again.code == 0, again.err
    assert all(json.loads(line)["unchanged"] for line in again.out.splitlines())
    assert coprod.ok("review", "list", "--all", "--json") == proposals
    assert f"0 file(s) ingested, {len(files)} already there" in again.err


def _reposts(tmp_path: Path) -> list[str]:
    """A copy of each test article under a numbered header: new content, the same events (the
    store adds their evidence to the proposals the first copies made)."""
    folder = tmp_path / "reposts"
    folder.mkdir()
    for k, path in enumerate(ARTICLES):
        text = path.read_text(encoding="utf-8")
        (folder / f"r_{path.name}").write_text(f"Dépêche n° {k + 1}\n\n{text}", encoding="utf-8")
    return sorted(str(p) for p in folder.iterdir())


def _fresh_copy(coprod: Coprod, tmp_path: Path) -> str:
    """A second store, on SQLite, as ``coprod init`` leaves it: the one-process reference."""
    url = f"sqlite:///{tmp_path / 'alone.db'}"
    Coprod(url, coprod.capsys, coprod.monkeypatch).ok("init")
    return url


@pytest.mark.slow
def test_a_worker_killed_mid_run_changes_nothing(cluster: distributed.LocalCluster) -> None:
    from coprod.cluster import extraction as cx
    from coprod.extraction import extract_bytes

    items = [(p.name, p.read_bytes()) for p in ARTICLES] * 4
    expected = [extract_bytes(data, name).to_dict() for name, data in items]
    killed: list[int] = []
    with distributed.Client(cluster) as client:
        cx.prepare_workers(client)
        pids = client.run(os.getpid)

        def kill_one_busy_worker(_batch: object) -> None:
            busy = [w for w, tasks in client.processing().items() if tasks]
            if not killed and busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])

        outcomes = [
            o
            for batch in cx.run_batches(client, cx.extract_batch, items, 1, kill_one_busy_worker)
            for o in batch
        ]
        client.wait_for_workers(2, timeout=120)
    assert killed, "no worker was busy when the first batch finished"
    assert [o.error for o in outcomes] == [None] * len(items)
    assert [o.result for o in outcomes] == expected


@pytest.mark.slow  # Dask's client tries for its whole 5 s timeout, twice
def test_an_unreachable_scheduler_is_a_clear_error(coprod: Coprod) -> None:
    result = coprod("extract", str(ARTICLES[0]), "--scheduler", "tcp://127.0.0.1:9")
    assert result.code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9 within 5 s" in result.err
    refused = coprod("ingest", str(ARTICLES[0]), "--scheduler", "tcp://127.0.0.1:9")
    assert refused.code == 2 and "cannot reach the Dask scheduler" in refused.err
    both = coprod("extract", str(ARTICLES[0]), "--scheduler", "tcp://x:1", "--workers", "2")
    assert both.code == 2 and "not both" in both.err


def test_the_default_path_does_not_import_dask() -> None:
    code = (
        "import sys; from coprod.cli.main import build_app, areas_for;"
        "[build_app(areas_for([c, 'x'])) for c in ('extract', 'ingest', 'plan')];"
        "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
