"""An app over a fresh, migrated SQLite file with the platform world, per test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from coprod.app import create_app
from coprod.config import Settings
from coprod.db import migrate
from coprod.db.engine import make_engine
from tests.api.platform_world import populate

ROLES = ("ministry", "funder", "manufacturer", "analyst", "admin")


@dataclass
class Platform:
    """A running app, its engine and an API token per role."""

    client: TestClient
    engine: Engine
    tokens: dict[str, str]

    def headers(self, role: str, **extra: str) -> dict[str, str]:
        """Authorization headers for ``role``, plus any extra ones."""
        return {"Authorization": f"Bearer {self.tokens[role]}", **extra}


def settings_for(path: Path) -> Settings:
    """Settings pointing at a SQLite file under ``path``."""
    return Settings(
        database_url=f"sqlite:///{path / 'coprod.db'}", secret_key="test", host="127.0.0.1", port=0
    )


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, populated database per worker, copied by each test."""
    folder = tmp_path_factory.mktemp("platform-template")
    engine = make_engine(settings_for(folder).database_url)
    migrate.upgrade(engine)
    tokens = populate(engine)
    engine.dispose()
    (folder / "tokens").write_text("\n".join(f"{k}={v}" for k, v in tokens.items()))
    return folder


@pytest.fixture
def platform(template_db: Path, tmp_path: Path) -> Iterator[Platform]:
    """A fresh copy of the world behind a test client."""
    (tmp_path / "coprod.db").write_bytes((template_db / "coprod.db").read_bytes())
    tokens = dict(line.split("=", 1) for line in (template_db / "tokens").read_text().splitlines())
    settings = settings_for(tmp_path)
    engine = make_engine(settings.database_url)
    with TestClient(create_app(settings, engine=engine)) as client:
        yield Platform(client, engine, tokens)
    engine.dispose()
