"""The public view's rate limit counts one address's requests once for the whole server: in
memory for one process, in one shared file for the processes of ``coprod serve --workers N``
(no process gets a count of its own), with a sliding window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coprod.cli import serve
from coprod.config import Settings
from coprod.errors import Throttled
from coprod.http.public_limit import MemoryCounts, PublicLimit, SharedCounts, public_limit

# One process of a server: admits ADMITS requests of one address; prints how many got in.
WORKER = """
import sys
from pathlib import Path
from coprod.errors import Throttled
from coprod.http.public_limit import PublicLimit, SharedCounts
limit = PublicLimit(limit=int(sys.argv[2]), window=3600, counts=SharedCounts(Path(sys.argv[1])))
admitted = 0
for _ in range(int(sys.argv[3])):
    try:
        limit.admit("203.0.113.7")
        admitted += 1
    except Throttled:
        pass
print(admitted)
"""


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("shared", [False, True])
def test_a_sliding_window_per_address(tmp_path: Path, shared: bool) -> None:
    clock = Clock()
    counts = SharedCounts(tmp_path / "limit.sqlite") if shared else MemoryCounts()
    limit = PublicLimit(limit=2, window=60, clock=clock, counts=counts)
    limit.admit("a")
    clock.now += 30
    limit.admit("a")
    limit.admit("b")  # another address counts apart
    with pytest.raises(Throttled, match="wait 31 s"):
        limit.admit("a")
    clock.now += 30.5  # the first request left the window; the refused one never counted
    limit.admit("a")
    with pytest.raises(Throttled):
        limit.admit("a")


def test_processes_sharing_the_file_count_together(tmp_path: Path) -> None:
    path, limit, each = tmp_path / "limit.sqlite", 25, 20
    command = [sys.executable, "-c", WORKER, str(path), str(limit), str(each)]
    workers = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    admitted = [int(w.communicate()[0]) for w in workers]
    assert all(w.returncode == 0 for w in workers)
    assert sum(admitted) == limit  # 60 asked by three processes: 25 in all, not 25 each


def test_the_settings_choose_where_the_server_counts(tmp_path: Path) -> None:
    assert isinstance(public_limit("").counts, MemoryCounts)
    shared = public_limit(str(tmp_path / "limit.sqlite")).counts
    assert isinstance(shared, SharedCounts) and shared.path == tmp_path / "limit.sqlite"


def test_serve_with_workers_gives_them_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, str] = {}

    def fake_run(*_: object, **__: object) -> None:
        seen.update(Settings.from_env().to_env())
        Path(seen["COPROD_PUBLIC_LIMIT_FILE"]).write_text("")  # as a worker would create it

    monkeypatch.setattr(serve.uvicorn, "run", fake_run)
    monkeypatch.delenv("COPROD_PUBLIC_LIMIT_FILE", raising=False)
    settings = Settings(f"sqlite:///{tmp_path / 'c.db'}", "k" * 32, "127.0.0.1", 0)
    monkeypatch.setattr(serve.os, "environ", dict(serve.os.environ))  # restored afterwards
    serve.run(settings, workers=3)
    made = Path(seen["COPROD_PUBLIC_LIMIT_FILE"])
    assert made.name == "public-limit.sqlite" and not made.parent.exists()  # removed at the end
    named = str(tmp_path / "mine.sqlite")
    serve.run(
        Settings(settings.database_url, "k" * 32, "127.0.0.1", 0, public_limit_file=named),
        workers=2,
    )
    assert seen["COPROD_PUBLIC_LIMIT_FILE"] == named
