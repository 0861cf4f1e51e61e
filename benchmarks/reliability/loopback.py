"""A coprod server on loopback for the reliability harnesses: a store with an admin account and
token, and a server process forked from this one (the application is imported once, so a
restart after ``kill -9`` takes a fraction of a second)."""

from __future__ import annotations

import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from coprod.app import create_app
from coprod.config import Settings
from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM
from coprod.services.registry.catalogue import load_catalogue

HOST = "127.0.0.1"
PASSWORD = "reliability-harness-pw"


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def prepare_store(url: str, users: dict[str, tuple[str, str]] | None = None) -> dict[str, str]:
    """Migrate ``url``, load the catalogue, add accounts (key → (role, organisation)); their
    API tokens by key (an ``admin`` of ``ua-mod`` always)."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with UnitOfWork(engine, access=SYSTEM) as uow:
        load_catalogue(uow)
        uow.commit()
    tokens = {}
    wanted = {"admin": ("admin", "ua-mod"), **(users or {})}
    with UnitOfWork(engine, access=SYSTEM) as uow:
        for key, (role, organisation) in wanted.items():
            user = auth.create_user(
                uow, key, name=key, role=role, organisation=organisation, password=PASSWORD
            )
            uow.session.flush()
            tokens[key] = auth.issue_token(uow, user, "reliability")
        uow.commit()
    engine.dispose()
    return tokens


@dataclass
class Server:
    """A forked ``coprod`` server of ``workers`` processes: start, wait for it, kill -9."""

    url: str
    port: int
    log: Path
    workers: int = 1
    cpus: set[int] | None = None  # the CPUs the workers may run on (None: any)
    uvicorn_options: dict[str, Any] = field(default_factory=dict)  # e.g. {"http": "h11"}
    pids: list[int] = field(default_factory=list)
    app: Any = None

    def settings(self) -> Settings:
        """The server's settings."""
        return Settings(database_url=self.url, secret_key="x" * 32, host=HOST, port=self.port)

    def warm(self, token: str) -> None:
        """Build the application here and answer one read and one write with it, once: each
        forked server serves this application, its routes, schemas and caches already built
        (its engine's pool is emptied first, so no connection crosses the fork)."""
        from fastapi.testclient import TestClient

        self.app = create_app(self.settings())
        headers = {"Authorization": f"Bearer {token}"}
        with TestClient(self.app) as client:
            client.get("/api/organisations", headers=headers)
            client.put("/api/organisations/ua-mod", headers=headers, json={})
        self.app.state.engine.dispose()

    def start(self) -> float:
        """Fork the server's workers; seconds until it accepts connections."""
        started = time.monotonic()
        # The parent binds the socket and every worker accepts on it (as uvicorn --workers).
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((HOST, self.port))
        listener.listen(2048)
        for _ in range(self.workers):
            pid = os.fork()
            if pid == 0:  # a worker: serves until killed
                self._serve(listener)
            self.pids.append(pid)
        listener.close()
        if self.app is not None:
            self.app.state.engine.dispose()
        self._wait_ready()
        return time.monotonic() - started

    def _serve(self, listener: socket.socket) -> None:
        import uvicorn

        fd = os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        try:
            if self.cpus:
                os.sched_setaffinity(0, self.cpus)
            app = self.app if self.app is not None else create_app(self.settings())
            config = uvicorn.Config(
                app, log_level="warning", access_log=False, **self.uvicorn_options
            )
            uvicorn.Server(config).run(sockets=[listener])
        finally:
            os._exit(1)

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"the server did not start within {timeout} s (see {self.log})")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` (kill -9 by default) to every worker and reap them."""
        for pid in self.pids:
            os.kill(pid, sig)
            os.waitpid(pid, 0)
        self.pids.clear()


def settings_fields_ok() -> None:
    """Fail early when Settings changed shape (the harness builds one by hand)."""
    try:
        Settings(database_url="sqlite://", secret_key="x" * 32, host=HOST, port=1)
    except TypeError as exc:
        sys.exit(f"coprod.config.Settings changed: {exc}")


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """``url`` itself for SQLite; for PostgreSQL, a new empty database on the same server
    (dropped afterwards), so that every run starts from nothing."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        yield url
        return
    name = f"coprod_harness_{os.getpid()}_{int(time.time())}"
    admin = create_engine(parsed, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def served_store(
    prefix: str,
    database_url: str | None,
    *,
    workers: int = 1,
    cpus: set[int] | None = None,
    uvicorn_options: dict[str, Any] | None = None,
) -> Iterator[tuple[Server, str, str]]:
    """A prepared store served on a free loopback port: (server, database URL, admin token).

    Without ``database_url`` the store is a SQLite file in a new temporary folder.
    """
    work = Path(tempfile.mkdtemp(prefix=prefix))
    with fresh_database(database_url or f"sqlite:///{work / 'coprod.db'}") as url:
        yield from _served(url, work, workers, cpus, uvicorn_options or {})


def _served(
    url: str, work: Path, workers: int, cpus: set[int] | None, uvicorn_options: dict[str, Any]
) -> Iterator[tuple[Server, str, str]]:
    tokens = prepare_store(url)
    server = Server(
        url,
        free_port(),
        work / "server.log",
        workers=workers,
        cpus=cpus,
        uvicorn_options=uvicorn_options,
    )
    server.warm(tokens["admin"])
    server.start()
    try:
        yield server, url, tokens["admin"]
    finally:
        server.kill()
