"""Fixtures of the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from coprod.db.engine import make_engine


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    """A migrated, empty store on each configured backend (a copy of the migrated template on
    SQLite)."""
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()
