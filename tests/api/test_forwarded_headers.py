"""Forwarded headers are believed only from the proxies named (issue 15, finding 6).

uvicorn believes ``X-Forwarded-For`` from the loopback address by default, so a client on the
same machine (or behind a local proxy that passes the header on) could rotate it for unlimited
login tries. ``coprod serve`` now hands uvicorn ``--forwarded-allow-ips`` (default: none). The
app is run here inside uvicorn's own middleware stack, as ``coprod serve`` configures it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from coprod.app import create_app
from coprod.cli.serve import trusted_proxies, uvicorn_options
from coprod.db.auth_models import LoginFailureRow
from coprod.errors import InvalidInput
from coprod.services.accounts.auth import ADDRESS_FAILURE_LIMIT
from tests.api.conftest import Platform, settings_for


def _served(platform: Platform, folder: Path, trusted: str) -> TestClient:
    """A client on the loopback address talking to the app as uvicorn serves it."""
    settings = replace(settings_for(folder), forwarded_allow_ips=trusted)
    config = uvicorn.Config(
        create_app(settings, engine=platform.engine), **uvicorn_options(settings), log_config=None
    )
    config.load()
    return TestClient(config.loaded_app, client=("127.0.0.1", 50000))


def _wrong_login(client: TestClient, user: str, forwarded_for: str) -> int:
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/login",
        data={"user": user, "password": "not-it-at-all", "csrf_token": token},
        headers={"X-Forwarded-For": forwarded_for},
    )
    return answer.status_code


def _addresses(platform: Platform) -> set[str]:
    with Session(platform.engine) as session:
        return set(session.scalars(select(LoginFailureRow.address)))


def test_a_forwarded_address_from_loopback_is_ignored_by_default(
    platform: Platform, tmp_path: Path
) -> None:
    client = _served(platform, tmp_path, trusted="")
    statuses = [
        _wrong_login(client, f"guess-{n}", f"203.0.113.{n}")
        for n in range(ADDRESS_FAILURE_LIMIT + 1)
    ]
    assert _addresses(platform) == {"127.0.0.1"}
    # Rotating the header does not make a fresh address: the address's limit holds.
    assert statuses == [401] * ADDRESS_FAILURE_LIMIT + [429]


def test_a_named_proxy_is_believed(platform: Platform, tmp_path: Path) -> None:
    client = _served(platform, tmp_path, trusted="127.0.0.1")
    assert _wrong_login(client, "ana", "203.0.113.7") == 401
    assert _addresses(platform) == {"203.0.113.7"}


def test_forwarded_allow_ips_takes_addresses_and_networks_only() -> None:
    assert trusted_proxies(" 10.0.0.5, 10.1.0.0/16 ,") == "10.0.0.5,10.1.0.0/16"
    assert trusted_proxies("") == ""
    with pytest.raises(InvalidInput, match=r"'proxy\.local' is not an IP address"):
        trusted_proxies("10.0.0.5,proxy.local")
