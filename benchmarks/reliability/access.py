"""Access at scale: generated requests on every route, as every role, aimed at records of other
organisations (the platform world of the API tests: two competing manufacturers, two funders,
a ministry, an analyst). A leak is any of:

- a 2xx answer to a request on a record the role may not see (read, change, delete);
- a foreign record's key, or a competitor's price, in any answer (beyond what the request
  itself named);
- a foreign record changed or deleted at the end (compared as the ministry reads it).

    .venv/bin/python benchmarks/reliability/access.py [--requests 6000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from tests.api.platform_world import EVERY, RIVAL_PRICE, VISIBLE, populate  # noqa: E402

from coprod.app import create_app  # noqa: E402
from coprod.config import Settings  # noqa: E402
from coprod.db import migrate  # noqa: E402
from coprod.db.engine import make_engine  # noqa: E402

ROLES = ("ministry", "funder", "manufacturer", "analyst", "admin")
KINDS = sorted(EVERY)
# --control: pretend the funder may not see a line it does see; the harness must report leaks.
PRETEND_HIDDEN: dict[str, dict[str, set[str]]] = {}


def foreign(role: str) -> dict[str, set[str]]:
    """The records of each kind ``role`` may not see."""
    extra = PRETEND_HIDDEN.get(role, {})
    return {kind: EVERY[kind] - VISIBLE[role][kind] | extra.get(kind, set()) for kind in KINDS}


def world(client: TestClient, tokens: dict[str, str]) -> dict[tuple[str, str], Any]:
    """Every record of the world as the ministry reads it (body and ETag)."""
    seen = {}
    for kind in KINDS:
        for key in EVERY[kind]:
            answer = client.get(f"/api/{kind}/{key}", headers=auth(tokens, "ministry"))
            seen[(kind, key)] = (answer.json(), answer.headers.get("etag"))
    return seen


def auth(tokens: dict[str, str], role: str) -> dict[str, str]:
    """The Authorization header of ``role``."""
    return {"Authorization": f"Bearer {tokens[role]}"}


def keyed(
    rng: random.Random, kind: str, key: str, known: dict[tuple[str, str], Any]
) -> tuple[str, str, Any, dict[str, str]]:
    """A read, change or delete of one record: (method, path, body, extra headers)."""
    body, tag = known[(kind, key)]
    method = rng.choice(["GET", "GET", "PUT", "DELETE"])
    changed = {k: v for k, v in body.items() if k != "version"}
    if "quantity" in changed:
        changed["quantity"] = rng.randint(0, 5)
    headers = {"If-Match": rng.choice([tag or '"1"', '"1"', '"2"', "*"])}
    return method, f"/api/{kind}/{key}", changed if method == "PUT" else None, headers


def creation(
    rng: random.Random, kind: str, key: str, known: dict[tuple[str, str], Any], i: int
) -> tuple[str, str, Any, dict[str, str]]:
    """A new record referring to a foreign one, or an import over the foreign record itself."""
    body = {k: v for k, v in known[(kind, key)][0].items() if k != "version"}
    if rng.random() < 0.5:
        return "POST", "/api/import", {"schema": "coprod.records/1", kind: [body]}, {}
    return "POST", f"/api/{kind}", {**body, "key": f"gen-{i}"}, {}


def listing(rng: random.Random, kind: str, key: str) -> tuple[str, str, Any, dict[str, str]]:
    """A list, export, audit or fact read that might let a foreign record through."""
    choices = [
        f"/api/{kind}?limit={rng.randint(1, 500)}&offset={rng.randint(0, 3)}"
        f"&sort={rng.choice(['key', '-key', 'id', '-id'])}",
        f"/api/{kind}?filter=key:{key}",
        f"/api/{kind}?filter="
        + rng.choice(
            ["party:rival", "party:acme", "system:drone", "status:signed", "organisation:rival"]
        ),
        "/api/export",
        f"/api/audit?object_key={key}",
        "/api/audit",
        "/api/audit/verify",
        "/api/facts",
        "/api/me",
    ]
    return "GET", rng.choice(choices), None, {}


def leaked(role: str, request: str, answer: Any, targets: set[str]) -> list[str]:
    """What of ``role``'s foreign records the answer shows (beyond what the request named)."""
    text = answer.text
    found = []
    for kind, keys in foreign(role).items():
        for key in keys:
            if f'"{key}"' in text and key not in request:
                found.append(f"{kind}/{key}")
    if role == "manufacturer" and str(RIVAL_PRICE) in text and str(RIVAL_PRICE) not in request:
        found.append("rival price")
    if answer.is_success and targets & {k for ks in foreign(role).values() for k in ks}:
        found.append(f"{answer.status_code} on a foreign record")
    return found


def one_request(
    client: TestClient,
    *,
    tokens: dict[str, str],
    rng: random.Random,
    role: str,
    i: int,
    before: dict[tuple[str, str], Any],
) -> tuple[str, str, Any, list[str]]:
    """Generate one request as ``role``, send it: method, path, answer and what leaked."""
    kind = rng.choice(KINDS)
    hidden = sorted(foreign(role)[kind])
    key = rng.choice(hidden or sorted(EVERY[kind]))
    # A role that sees every record of this kind (ministry, admin) only lists and reads:
    # its changes would be legitimate, and hide a leak in the final comparison.
    pick = rng.random() if hidden else 1.0
    if pick < 0.45:
        method, path, body, headers = keyed(rng, kind, key, before)
    elif pick < 0.7:
        method, path, body, headers = creation(rng, kind, key, before, i)
    else:
        method, path, body, headers = listing(rng, kind, key)
    answer = client.request(method, path, json=body, headers={**auth(tokens, role), **headers})
    targets = {key} if path.endswith(f"/{key}") else set()
    return method, path, answer, leaked(role, path + json.dumps(body or {}), answer, targets)


def main() -> None:
    """Generate, send, check; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--control", action="store_true", help="negative control: leaks must be found"
    )
    args = parser.parse_args()
    if args.control:
        PRETEND_HIDDEN["funder"] = {"production_lines": {"acme-line"}}
    folder = Path(tempfile.mkdtemp(prefix="coprod-access-"))
    settings = Settings(
        database_url=f"sqlite:///{folder / 'c.db'}", secret_key="x" * 32, host="127.0.0.1", port=0
    )
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    tokens = populate(engine)
    rng = random.Random(args.seed)
    rows: dict[str, Counter[str]] = {r: Counter() for r in ROLES}
    leaks: list[str] = []
    started = time.monotonic()
    with TestClient(create_app(settings, engine=engine), raise_server_exceptions=False) as client:
        before = world(client, tokens)
        for i in range(args.requests):
            role = ROLES[i % len(ROLES)]
            method, path, answer, found = one_request(
                client, tokens=tokens, rng=rng, role=role, i=i, before=before
            )
            row = rows[role]
            row["requests"] += 1
            row[f"{answer.status_code // 100}xx"] += 1
            row["leaks"] += bool(found)
            if found and len(leaks) < 10:
                leaks.append(f"{role} {method} {path} -> {answer.status_code}: {found}")
        after = world(client, tokens)
    changed = [k for k in before if before[k] != after[k]]
    elapsed = time.monotonic() - started
    print(
        f"{args.requests} requests in {elapsed:.0f} s; foreign records changed or deleted: "
        f"{len(changed)} {changed[:5]}"
    )
    head = ["role", "requests", "2xx", "4xx", "5xx", "leaks"]
    print(" ".join(f"{h:>12}" for h in head))
    for role, row in rows.items():
        print(f"{role:>12} " + " ".join(f"{row[h]:>12}" for h in head[1:]))
    total = sum(rows.values(), Counter())
    print(f"{'total':>12} " + " ".join(f"{total[h]:>12}" for h in head[1:]))
    for line in leaks:
        print("  leak:", line)
    failed = bool(total["leaks"] or total["5xx"] or changed)
    sys.exit(0 if failed == args.control else 1)


if __name__ == "__main__":
    main()
