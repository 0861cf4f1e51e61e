"""Cheap stores for tests (docs/testing.md, "Cheap fixtures").

Running the migrations costs about 0.3 s of CPU, and loading a world more; copying a SQLite
file costs a few milliseconds. So each test process migrates one SQLite file once
(``migrated_template``), a module that needs a world fills a copy of it once
(``sqlite_template``), and each test works on its own copy (``copy_sqlite``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from shutil import copyfile

import pytest
from sqlalchemy import Engine

from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.services.accounts.access import SYSTEM
from coprod.services.registry.catalogue import load_catalogue as _load


def copy_sqlite(template: Path, target: Path) -> str:
    """Copy the SQLite file ``template`` (and its write-ahead log, if one was left) to
    ``target``, its folder made; the copy's URL."""
    target.parent.mkdir(parents=True, exist_ok=True)
    copyfile(template, target)
    log = template.with_name(template.name + "-wal")
    if log.exists():
        copyfile(log, target.with_name(target.name + "-wal"))
    return f"sqlite:///{target}"


def migrated_template(factory: pytest.TempPathFactory) -> Path:
    """The SQLite file of this test process migrated to the head, made on first use (copy it,
    never write it)."""
    path = factory.getbasetemp() / "migrated-template" / "coprod.db"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        making = path.with_name("making.db")
        engine = make_engine(f"sqlite:///{making}")
        migrate.upgrade(engine)
        engine.dispose()  # the last connection closing checkpoints the WAL into the file
        os.replace(making, path)
    return path


def sqlite_template(
    factory: pytest.TempPathFactory, name: str, fill: Callable[[Engine], object] | None = None
) -> Path:
    """A new SQLite file: a copy of the migrated template with ``fill`` run on it, for a
    module (or a session) to copy per test."""
    path = factory.mktemp(name) / "coprod.db"
    copy_sqlite(migrated_template(factory), path)
    if fill is not None:
        engine = make_engine(f"sqlite:///{path}")
        fill(engine)
        engine.dispose()  # the file holds everything: copies of it need no WAL
    return path


def prepared_url(
    database_url: str, template: Callable[[], Path], fill: Callable[[Engine], object]
) -> str:
    """``database_url`` (a test's fresh database) as ``fill`` leaves a migrated store: on
    SQLite a copy of ``template()``, a file made by ``sqlite_template(..., fill)`` (asked for
    only then); on PostgreSQL the migrations and ``fill`` run in the test's own database."""
    if database_url.startswith("sqlite:///"):
        copy_sqlite(template(), Path(database_url.removeprefix("sqlite:///")))
        return database_url
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    fill(engine)
    engine.dispose()
    return database_url


def demo_template(factory: pytest.TempPathFactory, today: str) -> Path:
    """The demo registry as ``coprod demo --no-serve --today TODAY`` leaves it."""
    from typer.testing import CliRunner

    from coprod.cli.main import app

    path = factory.mktemp("demo-template") / "demo.db"
    args = ["demo", "--no-serve", "--database-url", f"sqlite:///{path}", "--today", today]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return path


def load_catalogue(engine: Engine) -> None:
    """The catalogue, as ``coprod init`` loads it."""
    with UnitOfWork(engine, access=SYSTEM) as uow:
        _load(uow)
        uow.commit()
