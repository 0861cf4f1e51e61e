"""Time of each tracking view on a large registry: the CLI path and GET /api/tracking.

    .venv/bin/python benchmarks/tracking.py [--scale 10] [--requests 5]
                                            [--database FILE | --database-url URL]

Builds the demo registry plus the generated one of ``coprod demo --scale N`` (N=10: 10 000
orders, about 50 000 deliveries, 2 000 needs) in a SQLite file with the CLI, adds a ministry
account and a funder account and an API token for each, then times every view:

- ``cli``: ``coprod track --by VIEW --json`` run in this process (Typer's runner: opening the
  store, the use case and the JSON; not the interpreter's start);
- ``api``: ``GET /api/tracking?by=VIEW`` through the application in process (Starlette's
  TestClient: no network), as the ministry (sees everything) and as a funder (scoped);
- ``page``: the dashboard (``/``, the first alerts with their counts per kind) and the
  ``/alerts`` page, logged in through the login form as each of them.

Prints the median and the slowest wall time of ``--requests`` runs after one to warm up, the
CPU time per run, and the load average before and after. Target: under 300 ms per view.
Another row is one more entry in ``ROWS``.
``--database FILE`` builds the registry in that SQLite file once and reuses it;
``--database-url URL`` does the same in any database (PostgreSQL:
``postgresql+psycopg://user:password@host/database``, an empty database the URL names, built
when it holds no coprod schema yet).
A registry an earlier revision built is upgraded to this one's schema first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, make_url
from typer.testing import CliRunner

from coprod.app import create_app
from coprod.cli.main import build_app
from coprod.config import Settings
from coprod.services.tracking import VIEWS

PASSWORD = "bench-tracking-password-2026"
TARGET_MS = 300.0
# (what, API path and CLI arguments); the views first, then any other query worth timing.
ROWS: list[tuple[str, str, list[str] | None]] = [
    (f"track --by {view}", f"/api/tracking?by={view}", ["track", "--by", view, "--json"])
    for view in VIEWS
] + [
    # The alerts (issue 12, item 2): the first call (the warm-up, not timed) verifies the
    # ledger's rules over every record; later calls in this process reuse that verify until
    # the audit trail or the schema moves (services/alerts: _breaches). A cold `coprod alerts`
    # in a fresh process pays the verify each time.
    ("alerts", "/api/alerts", ["alerts", "--json"]),
    ("alerts, a page of 50", "/api/alerts?limit=50", None),  # no CLI for a page
]
# The pages (issue 13): logged in as each account, after the API rows.
PAGES = [("dashboard", "/"), ("alerts page", "/alerts"), ("alerts page 3", "/alerts?page=3")]


def coprod(*args: str) -> str:
    """Run the coprod CLI of this interpreter; its output; stop on failure."""
    command = [sys.executable, "-c", "from coprod.cli.main import main; main()", *args]
    env = {**os.environ, "COPROD_PASSWORD": PASSWORD}
    done = subprocess.run(command, check=True, env=env, capture_output=True, text=True)
    return done.stdout


def upgrade(url: str) -> None:
    """Bring a registry built by an earlier revision to this one's schema (``coprod db
    upgrade``, which then stores the ledger's breaches once). A newer registry than this
    revision knows is left as it is: an older revision reads it as it was."""
    command = [sys.executable, "-c", "from coprod.cli.main import main; main()"]
    subprocess.run(
        [*command, "--database-url", url, "db", "upgrade"], check=False, capture_output=True
    )


def built(url: str) -> bool:
    """Whether the database at ``url`` already holds a coprod registry."""
    engine = create_engine(url)
    try:
        return inspect(engine).has_table("audit_log")
    finally:
        engine.dispose()


def build(url: str, scale: int) -> str:
    """The demo plus the scale registry at ``url`` (unless already built there); its URL."""
    if built(url):
        upgrade(url)
        return url
    coprod("demo", "--database-url", url, "--no-serve", "--scale", str(scale))
    for user, role, org in (
        ("bench-ministry", "ministry", "ua-mod"),
        ("bench-funder", "funder", "DE"),
    ):
        coprod("--database-url", url, "users", "add", user, "--role", role, "--org", org)
    return url


def shown(url: str) -> str:
    """``url`` without its password."""
    return make_url(url).render_as_string(hide_password=True)


def token(url: str, user: str) -> str:
    """A fresh API token of ``user``."""
    return coprod(
        "--database-url", url, "users", "token", user, "--name", f"bench-{time.time()}"
    ).strip()


def timed(call: Callable[[], None], requests: int) -> tuple[list[float], float]:
    """Wall milliseconds of ``requests`` calls after one to warm up, and the process's CPU
    milliseconds per call (all threads: less disturbed by other load on the machine)."""
    call()
    times = []
    cpu = time.process_time()
    for _ in range(requests):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times, (time.process_time() - cpu) * 1000 / requests


def cli_call(url: str, args: list[str]) -> Callable[[], None]:
    """The CLI command ``args`` on ``url``, in this process."""
    app, runner = build_app(), CliRunner()

    def call() -> None:
        result = runner.invoke(app, ["--database-url", url, *args])
        assert result.exit_code == 0, result.output

    return call


def api_call(client: TestClient, path: str, bearer: str) -> Callable[[], None]:
    """A GET of ``path`` with the token ``bearer``."""
    headers = {"Authorization": f"Bearer {bearer}"}

    def call() -> None:
        response = client.get(path, headers=headers)
        assert response.status_code == 200, response.text

    return call


def page_call(client: TestClient, path: str) -> Callable[[], None]:
    """A GET of the page ``path`` with the client's session."""

    def call() -> None:
        response = client.get(path)
        assert response.status_code == 200, response.text[:300]

    return call


def log_in(client: TestClient, user: str) -> None:
    """Log ``client`` in as ``user`` through the login form."""
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"user": user, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


def line(what: str, path: str, measured: tuple[list[float], float]) -> str:
    """A row of the table."""
    times, cpu = measured
    median, worst = statistics.median(times), max(times)
    mark = "yes" if median < TARGET_MS else "NO"
    return f"| {what:28s} | {path:9s} | {median:9.1f} | {worst:7.1f} | {cpu:6.1f} | {mark:5s} |"


def main() -> None:
    """Build, time every row by each path, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--requests", type=int, default=5)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database", type=Path, help="a SQLite file to build once and reuse")
    where.add_argument("--database-url", help="any database (PostgreSQL) to build once and reuse")
    args = parser.parse_args()
    fresh = Path(tempfile.mkdtemp(prefix="coprod-tracking-")) / "tracking.db"
    url = args.database_url or f"sqlite:///{(args.database or fresh).resolve()}"
    url = build(url, args.scale)
    tokens = {role: token(url, f"bench-{role}") for role in ("ministry", "funder")}
    app = create_app(Settings(database_url=url, secret_key="x" * 32, host="127.0.0.1", port=0))
    print(
        f"scale {args.scale} over the demo ({shown(url)}); {args.requests} runs after one to "
        "warm up; "
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"| {'row':28s} | path      | median ms | max ms  | CPU ms | <{TARGET_MS:.0f} |")
    print(f"|{'-' * 30}|-----------|-----------|---------|--------|-------|")
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for what, path, cli_args in ROWS:
            if cli_args is not None:
                measured = timed(cli_call(url, cli_args), args.requests)
                print(line(what, "cli", measured), flush=True)
            for role, bearer in tokens.items():
                measured = timed(api_call(client, path, bearer), args.requests)
                print(line(what, f"api {role[:4]}", measured), flush=True)
    for role in tokens:
        with TestClient(app, base_url="http://127.0.0.1") as client:
            log_in(client, f"bench-{role}")
            for what, path in PAGES:
                measured = timed(page_call(client, path), args.requests)
                print(line(what, f"page {role[:4]}", measured), flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
