"""An app over a fresh copy of a migrated SQLite file with the platform world, per test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from coprod.app import bind, create_app
from coprod.config import Settings
from coprod.db.engine import make_engine
from tests.api.platform_world import populate
from tests.stores import copy_sqlite, sqlite_template

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
    path = sqlite_template(tmp_path_factory, "platform-template")
    engine = make_engine(f"sqlite:///{path}")
    tokens = populate(engine)
    engine.dispose()  # the last connection closing checkpoints the WAL into the file
    (path.parent / "tokens").write_text("\n".join(f"{k}={v}" for k, v in tokens.items()))
    return path.parent


@pytest.fixture(scope="session")
def shared_app(template_db: Path) -> FastAPI:
    """The app's routes, built once per test process (some 0.15 s of CPU each time):
    ``platform`` binds it to each test's own store (``coprod.app.bind``)."""
    return create_app(settings_for(template_db))


@pytest.fixture
def platform(shared_app: FastAPI, template_db: Path, tmp_path: Path) -> Iterator[Platform]:
    """A fresh copy of the world behind a test client, on the shared app bound to it."""
    copy_sqlite(template_db / "coprod.db", tmp_path / "coprod.db")
    tokens = dict(line.split("=", 1) for line in (template_db / "tokens").read_text().splitlines())
    settings = settings_for(tmp_path)
    engine = make_engine(settings.database_url)
    with TestClient(bind(shared_app, settings, engine=engine)) as client:
        yield Platform(client, engine, tokens)
    engine.dispose()


def coded_problems(answer: Any) -> list[tuple[str | None, str | None]]:
    """(code, field) of each problem of a 422 answer, in the order the answer says them."""
    assert answer.status_code == 422, answer.text
    return [(problem.get("code"), problem.get("field")) for problem in answer.json()["problems"]]
