"""In-process cost of the load harness's reads: ms per GET, without network or worker threads.

    .venv/bin/python benchmarks/reliability/inprocess.py [--requests 200] [--profile]

The application is built as the harness builds it (``prepare_store``, ``create_app``) and
called through httpx's ASGI transport in one event loop; the routes' worker-thread hops run
inline (``anyio.to_thread.run_sync`` replaced), so ``--profile`` (cProfile) sees every call.
What is left is the application's own work per request: authentication, the unit of work, the
queries and the response.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
import httpx

from coprod.app import create_app
from coprod.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import HOST, prepare_store

READS = [
    "/api/me",
    "/api/organisations?limit=50",
    "/api/systems?limit=50",
    "/api/needs",
    "/api/organisations/ua-mod",
    "/api/systems?limit=20&sort=-key",
]
NEEDS = 5


async def _inline(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
    return func(*args)


async def measure(client: httpx.AsyncClient, requests: int) -> None:
    """Print ms per request for each read, and their mean."""
    total = 0.0
    for path in READS:
        for _ in range(10):  # warm: caches, compiled statements
            (await client.get(path)).raise_for_status()
        started = time.perf_counter()
        for _ in range(requests):
            await client.get(path)
        ms = (time.perf_counter() - started) / requests * 1000
        total += ms
        print(f"{path:40s} {ms:6.2f} ms")
    print(f"{'mean':40s} {total / len(READS):6.2f} ms")


async def run(args: argparse.Namespace) -> None:
    """Build the store and the app, add a few needs, measure (and profile)."""
    url = f"sqlite:///{tempfile.mkdtemp(prefix='coprod-inprocess-')}/coprod.db"
    token = prepare_store(url)["admin"]
    app = create_app(Settings(database_url=url, secret_key="x" * 32, host=HOST, port=0))
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        for j in range(NEEDS):
            body = {"key": f"n-{j}", "system": "caesar", "quantity": 100, "priority": "1"}
            (await c.post("/api/needs", json={**body, "due": "2026-06"})).raise_for_status()
        await measure(c, args.requests)
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.requests):
                for path in READS:
                    await c.get(path)
            profile.disable()
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="pstats order: cumulative, tottime")
    parser.add_argument("--lines", type=int, default=60, help="profile lines to print")
    args = parser.parse_args()
    anyio.to_thread.run_sync = _inline  # type: ignore[assignment]
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
