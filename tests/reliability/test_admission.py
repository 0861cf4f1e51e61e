"""A burst of requests larger than the connection pool: every one is answered, none waits for
the pool's timeout (before admission control, requests holding connections waited for worker
threads that waited for connections: a deadlock ended by 500s after 30 s)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from coprod.app import create_app
from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.http.admission import Admission
from tests.api.conftest import settings_for
from tests.api.platform_world import populate

BURST = 120


async def burst(app: object, token: str) -> list[int]:
    """BURST concurrent reads and writes; their status codes."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:

        async def one(i: int) -> int:
            if i % 4 == 0:
                body = {"key": f"burst-{i}", "name": "Burst", "kind": "company", "country": "FR"}
                return (await c.post("/api/organisations", json=body)).status_code
            return (await c.get("/api/needs")).status_code

        return await asyncio.gather(*(one(i) for i in range(BURST)))


def test_a_burst_beyond_the_pool_is_answered_in_full(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    token = populate(engine)["admin"]
    app = create_app(settings, engine=engine)

    codes = asyncio.run(burst(app, token))

    # A request that waited out the pool's timeout would have answered 500: every one of them
    # answered, the writes with 201 and the reads with 200, and every write was stored.
    assert codes == [201 if i % 4 == 0 else 200 for i in range(BURST)]
    with engine.connect() as conn:
        stored = conn.exec_driver_sql(
            "select count(*) from organisations where key like 'burst-%'"
        ).scalar()
    assert stored == BURST // 4


@pytest.mark.parametrize("limit", [1, 3])
def test_admission_lets_requests_in_a_few_at_a_time(limit: int) -> None:
    inside, most = 0, 0

    async def app(scope: object, receive: object, send: object) -> None:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        await asyncio.sleep(0.01)
        inside -= 1

    gate = Admission(app, limit=limit)  # type: ignore[arg-type]

    async def main() -> None:
        await asyncio.gather(*(gate({"type": "http"}, None, None) for _ in range(20)))  # type: ignore[arg-type]

    asyncio.run(main())

    assert most == limit
