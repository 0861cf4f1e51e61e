"""``coprod serve --workers N``: several server processes share the port and the store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.services.accounts import auth
from coprod.services.accounts.access import SYSTEM

COPROD = Path(sys.executable).with_name("coprod")
# A worker's first answer imports the app: on a loaded CI machine that passes httpx's 5 s default.
SLOW_START = httpx.Timeout(60.0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _token(url: str) -> str:
    engine = make_engine(url)
    try:
        with UnitOfWork(engine, access=SYSTEM) as uow:
            user = auth.create_user(
                uow,
                "ops",
                name="Ops",
                role="admin",
                organisation="ua-mod",
                password="harbour-violet-engine-17",
            )
            uow.session.flush()
            token = auth.issue_token(uow, user, "test")
            uow.commit()
        return token
    finally:
        engine.dispose()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _wait_answer(base: str, token: str, server: subprocess.Popen[bytes]) -> httpx.Response:
    """The first answer of the starting server (a start that hangs meets pytest's timeout)."""
    while server.poll() is None:
        try:
            return httpx.get(
                f"{base}/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=SLOW_START
            )
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"the server ended with {server.returncode}")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts worker processes in /proc")
@pytest.mark.skipif(
    not COPROD.is_file(),
    reason=f"runs the installed entry point, which is not beside the interpreter: {COPROD}",
)
def test_two_workers_serve_the_same_store(initialised_url: str) -> None:
    token = _token(initialised_url)
    port = _free_port()
    env = {**os.environ, "COPROD_DATABASE_URL": initialised_url}
    server = subprocess.Popen(
        [str(COPROD), "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        me = _wait_answer(base, token, server)
        assert me.status_code == 200, me.text
        assert me.json()["user"] == "ops"
        assert len(_children(server.pid)) >= 2  # the workers (uvicorn's supervisor is the parent)
        headers = {"Authorization": f"Bearer {token}"}
        body = {"key": "w-org", "name": "W", "kind": "company", "country": "FR"}
        created = httpx.post(
            f"{base}/api/organisations", headers=headers, json=body, timeout=SLOW_START
        )
        assert created.status_code == 201, created.text
        for _ in range(6):  # whichever worker answers sees the change
            read = httpx.get(f"{base}/api/organisations/w-org", headers=headers, timeout=SLOW_START)
            assert read.status_code == 200, read.text
    finally:
        server.send_signal(signal.SIGINT)
        try:
            output = server.communicate(timeout=30)[0].decode()
        except subprocess.TimeoutExpired:
            server.kill()
            output = server.communicate()[0].decode()
    assert "with 2 worker processes" in output
    assert server.returncode == 0, output
