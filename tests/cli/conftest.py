"""Fixtures of the CLI tests."""

from __future__ import annotations

import pytest

from tests.cli.runner import Coprod


@pytest.fixture
def coprod(
    initialised_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Coprod:
    """``coprod`` on a database as ``coprod init`` leaves it."""
    return Coprod(initialised_url, capsys, monkeypatch)
