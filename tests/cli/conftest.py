"""Fixtures of the CLI tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.runner import Coprod


@pytest.fixture
def coprod(
    initialised_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Coprod:
    """``coprod`` on a database as ``coprod init`` leaves it."""
    return Coprod(initialised_url, capsys, monkeypatch)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Any]:
    """A real ``distributed.LocalCluster``: two single-threaded worker processes, shared by the
    tests that need one (a test that kills a worker leaves its nanny to restart it)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


@pytest.fixture
def cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Coprod:
    """``coprod`` for commands that need no store (``extract``, ``plan risk``)."""
    return Coprod(f"sqlite:///{tmp_path / 'unused.db'}", capsys, monkeypatch)
