"""``coprod serve``: the API and the pages on one uvicorn server."""

from __future__ import annotations

import ipaddress
import os
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn

from coprod.app import create_app
from coprod.cli.database import open_store
from coprod.cli.options import database_url
from coprod.config import Settings
from coprod.errors import InvalidInput
from coprod.services.accounts.demo_accounts import ensure_demo_accounts
from coprod.services.accounts.security_log import send_security_log_to_stderr
from coprod.services.store import DEMO
from coprod.services.store import open_store as store_at


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on [default: 127.0.0.1]")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on [default: 8000]")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Server processes sharing the port: one uses one CPU core; give as many as "
            "the machine has cores to spare (SQLite and PostgreSQL both take several)",
        ),
    ] = 1,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="Proxies (comma-separated addresses or networks, e.g. 10.0.0.5,10.1.0.0/16) "
            "whose X-Forwarded-For and X-Forwarded-Proto headers are believed; from anyone "
            "else they are ignored [default: none, or COPROD_FORWARDED_ALLOW_IPS]",
        ),
    ] = None,
) -> None:
    """Serve the API (/api, /docs) and the pages over the configured database."""
    settings = Settings.from_env()
    settings = replace(
        settings,
        database_url=database_url(),
        host=host or settings.host,
        port=port if port is not None else settings.port,
        forwarded_allow_ips=trusted_proxies(
            settings.forwarded_allow_ips if forwarded_allow_ips is None else forwarded_allow_ips
        ),
    )
    open_store().dispose()  # refuses a database that was never initialised
    run(settings, workers=workers)


def trusted_proxies(value: str) -> str:
    """The comma-separated proxy addresses of ``--forwarded-allow-ips``, checked; InvalidInput
    naming the item that is neither an IP address nor a network."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise InvalidInput(
                f"--forwarded-allow-ips: {item!r} is not an IP address or network"
            ) from None
    return ",".join(items)


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's settings for ``settings``: forwarded headers believed only from the proxies
    named (uvicorn would otherwise believe any sent from the loopback address)."""
    trusted = settings.forwarded_allow_ips
    return {
        "host": settings.host,
        "port": settings.port,
        "log_level": "warning",
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted.split(",") if trusted else [],
    }


def run(settings: Settings, *, workers: int = 1) -> None:
    """Run the server for ``settings`` until interrupted, in ``workers`` processes."""
    where = f"http://{settings.host}:{settings.port}/"
    send_security_log_to_stderr()
    if settings.cookies_secure:
        typer.echo(
            "login cookies are Secure (sent over HTTPS only): serve behind a TLS proxy, or set "
            "COPROD_SECURE_COOKIES=0 for plain HTTP on a closed network",
            err=True,
        )
    if workers == 1:
        app = create_app(settings)
        typer.echo(f"coprod serving on {where} (API docs at /docs)")
        uvicorn.run(app, **uvicorn_options(settings))
        return
    # Each worker process builds its own application from the environment (settings.to_env),
    # and they count the public view's requests together, in one file.
    folder = None if settings.public_limit_file else tempfile.mkdtemp(prefix="coprod-serve-")
    if folder is not None:
        settings = replace(settings, public_limit_file=str(Path(folder) / "public-limit.sqlite"))
    os.environ.update(settings.to_env())
    typer.echo(f"coprod serving on {where} with {workers} worker processes (API docs at /docs)")
    try:
        uvicorn.run(
            "coprod.app:app_from_env", factory=True, workers=workers, **uvicorn_options(settings)
        )
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def serve_demo(url: str, *, serve: bool | None) -> None:
    """Create the demo accounts, print the address and the logins, and serve (when asked, or
    by default when stdin is a terminal: CI and scripts get the logins and finish)."""
    accounts = store_at(url, require_schema=False).through(DEMO).write(ensure_demo_accounts)
    settings = replace(Settings.from_env(), database_url=url)
    typer.echo(
        f"\ncoprod at http://{settings.host}:{settings.port}/ — demo logins (user / password):"
    )
    for account in accounts:
        typer.echo(
            f"  {account.role:<13} {account.user} / {account.password}  ({account.organisation})"
        )
    if serve is None:
        serve = sys.stdin.isatty()
    if not serve:
        typer.echo("not serving (stdin is not a terminal): run `coprod demo --serve` to serve")
        return
    run(settings)


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.command()(serve)
