"""Concurrency through the HTTP API: n = 2..32 clients send PUT with the same If-Match at once
(exactly one 200, the others 412/409), or POST orders on one need at once (never more ordered
than needed). One forked coprod server on loopback.

    .venv/bin/python benchmarks/reliability/http_races.py [--races 10000] [--seconds 600]
        [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback import HOST, served_store

NEED = 100
ORDER = 30
WORLD: dict[str, Any] = {
    "schema": "coprod.records/1",
    "organisations": [
        {"key": "race-maker", "name": "Race Maker", "kind": "company", "country": "UA"}
    ],
    "needs": [
        {
            "key": "race-need",
            "system": "caesar",
            "quantity": NEED,
            "priority": "1",
            "due": "2026-06",
        }
    ],
    "production_lines": [
        {
            "key": "race-line",
            "organisation": "race-maker",
            "system": "caesar",
            "company_country": "UA",
            "site_country": "UA",
            "unit_cost": {"amount": "10", "currency": "EUR"},
            "monthly_capacity": 1000,
        }
    ],
}


async def update_race(client: httpx.AsyncClient, n: int, round_: int) -> tuple[Counter[str], bool]:
    """n PUTs of the need with the ETag read once: outcomes; whether exactly one won."""
    current = await client.get("/api/needs/race-need")
    body = {k: v for k, v in current.json().items() if k != "version"}
    version = int(current.headers["etag"].strip('"'))
    headers = {"If-Match": current.headers["etag"]}

    async def put(i: int) -> str:
        changed = {**body, "priority": str(round_ * 100 + i + 2)}
        try:
            answer = await client.put("/api/needs/race-need", json=changed, headers=headers)
        except httpx.HTTPError as exc:
            return type(exc).__name__
        return str(answer.status_code)

    outcomes = Counter(await asyncio.gather(*(put(i) for i in range(n))))
    after = await client.get("/api/needs/race-need")
    gained = int(after.headers["etag"].strip('"')) - version
    return outcomes, outcomes["200"] == 1 and gained == 1


async def order_race(client: httpx.AsyncClient, n: int, round_: int) -> tuple[Counter[str], bool]:
    """n POSTs of orders of 30 on the need of 100: outcomes; whether the need holds."""

    async def post(i: int) -> str:
        order = {
            "key": f"race-{round_}-{i}",
            "need": "race-need",
            "production_line": "race-line",
            "instrument": None,
            "quantity": ORDER,
            "unit_price": {"amount": "10", "currency": "EUR"},
            "month": "2026-03",
        }
        try:
            return str((await client.post("/api/orders", json=order)).status_code)
        except httpx.HTTPError as exc:
            return type(exc).__name__

    outcomes = Counter(await asyncio.gather(*(post(i) for i in range(n))))
    listed = (await client.get("/api/orders?limit=500")).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    mine = [o for o in items if o["key"].startswith(f"race-{round_}-")]
    ordered = sum(o["quantity"] for o in mine)
    for o in mine:  # make room for the next race
        await client.delete(f"/api/orders/{o['key']}", headers={"If-Match": '"1"'})
    return outcomes, ordered <= NEED and ordered == outcomes["201"] * ORDER


async def run(base: str, token: str, args: argparse.Namespace) -> dict[str, Counter[str]]:
    """Alternate update and order races until --races or --seconds."""
    rows = {"update": Counter[str](), "order": Counter[str]()}
    rng = random.Random(args.seed)
    # Idle connections are dropped before uvicorn's 5 s keep-alive ends (else a request may be
    # sent on a connection the server is closing: a ReadError that is no server fault).
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64, keepalive_expiry=2)
    async with httpx.AsyncClient(
        base_url=base, timeout=60, limits=limits, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        (await client.post("/api/import", json=WORLD)).raise_for_status()
        started = time.monotonic()
        for i in range(args.races):
            if time.monotonic() - started > args.seconds:
                break
            kind = "update" if i % 2 == 0 else "order"
            n = rng.randint(2, 32)
            race = update_race if kind == "update" else order_race
            outcomes, held = await race(client, n, i)
            rows[kind].update(outcomes)
            rows[kind]["races"] += 1
            rows[kind]["broken"] += not held
    return rows


def main() -> None:
    """Start a server, race, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--races", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()
    with served_store("coprod-http-races-", args.database_url) as (server, url, admin):
        rows = asyncio.run(run(f"http://{HOST}:{server.port}", admin, args))
    print(
        f"backend {url.split(':', 1)[0]}: {sum(r['races'] for r in rows.values())} races in "
        f"{time.monotonic() - started:.0f} s"
    )
    head = ["kind", "races", "200", "201", "412", "409", "422", "5xx", "neterr", "broken"]
    print(" ".join(f"{h:>8}" for h in head))
    for kind, row in rows.items():
        row["5xx"] = sum(v for k, v in row.items() if k.startswith("5"))
        row["neterr"] = sum(v for k, v in row.items() if not k[0].isdigit() and "Error" in k)
        print(f"{kind:>8} " + " ".join(f"{row[h]:>8}" for h in head[1:]))
    sys.exit(1 if any(r["broken"] or r["5xx"] or r["neterr"] for r in rows.values()) else 0)


if __name__ == "__main__":
    main()
