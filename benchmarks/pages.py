"""Server time of the pages: the dashboard and record lists, over the demo plus N records.

    .venv/bin/python benchmarks/pages.py [--records 10000] [--requests 10] [--database FILE]

Builds the demo registry in a temporary SQLite file with the CLI (``coprod demo``), imports
``--records`` organisations and as many agreements (each with a value, a dated step, a type and
a status to format), adds a ministry account, then calls the application in process (Starlette's
TestClient: no network, no worker process) and prints the median and 95th percentile of each
page, in English and in Ukrainian (the lists searched and filtered, the header's search and a
record's page with the records that name it among them). Only the CLI and the HTTP paths are
used, so the same script measures any revision (``PYTHONPATH=other/src``); ``--database FILE``
builds the registry there once and reuses it on the next run, so two revisions read the same
records (a registry built by an earlier revision is first upgraded to this one's schema).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from coprod.app import create_app
from coprod.config import Settings
from tracking import upgrade  # the same upgrade of an older registry (run as a script)

PASSWORD = "bench-pages-password-2026"
PAGES = [
    "/",
    "/records/organisations",
    "/records/organisations?page=150",
    "/records/agreements",
    "/records/agreements?sort=-key",
    "/records/funding_instruments",
    "/records/orders",
    "/records/agreements/fr-ua-loi-drones-data",
    # finding (issue 13): a search, filters, the header's search, a record's related records
    "/records/organisations?q=bench+company+4242",
    "/records/agreements?q=co-production&status=signed",
    "/records/agreements?from=2025-03-01&to=2025-03-31&type=contract",
    "/search?q=bench+4242",
    "/records/organisations/bench-org-04242",
    # the alerts (issue 12): every alert a page at a time, one kind's last pages, the API's
    "/alerts",
    "/alerts?kind=agreement_stalled&page=150",
    "/api/alerts?limit=50",
    "/api/alerts",
]
STATUSES = ["planned", "signed", "in_force", "completed"]
TYPES = ["letter_of_intent", "memorandum_of_understanding", "contract", "joint_venture"]


def records(n: int) -> dict[str, object]:
    """``n`` organisations and ``n`` agreements between Ukraine and one of them."""
    organisations = [
        {"key": f"bench-org-{i:05d}", "name": f"Bench company {i}", "kind": "company",
         "country": "FR"}
        for i in range(n)
    ]  # fmt: skip
    agreements = [
        {
            "key": f"bench-agreement-{i:05d}",
            "title": f"Co-production agreement number {i}",
            "type": TYPES[i % len(TYPES)],
            "status": STATUSES[i % len(STATUSES)],
            "parties": ["UA", f"bench-org-{i:05d}"],
            "scope": ["co_production"],
            "value": {"amount": f"{(i + 1) * 1234567}.50", "currency": "EUR"},
            "history": [
                {"status": s, "on": f"2025-{1 + k:02d}-{1 + i % 28:02d}"}
                for k, s in enumerate(STATUSES[: 1 + i % len(STATUSES)])
            ],
        }
        for i in range(n)
    ]
    return {"schema": "coprod.records/1", "organisations": organisations, "agreements": agreements}


def coprod(*args: str) -> None:
    """Run the coprod CLI of this interpreter; stop on failure."""
    command = [sys.executable, "-c", "from coprod.cli.main import main; main()", *args]
    env = {**os.environ, "COPROD_PASSWORD": PASSWORD}
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)


def build(database: Path, n: int) -> str:
    """The demo registry plus ``n`` organisations and agreements (built unless ``database``
    exists); its URL."""
    url = f"sqlite:///{database}"
    if database.exists():
        upgrade(url)
        return url
    folder = database.parent
    coprod("demo", "--database-url", url, "--no-serve")
    extra = folder / "extra.json"
    extra.write_text(json.dumps(records(n)))
    coprod("--database-url", url, "import", str(extra))
    coprod("--database-url", url, "users", "add", "bench", "--role", "ministry", "--org", "ua-mod")
    return url


def timed(client: TestClient, path: str, language: str, requests: int) -> tuple[list[float], float]:
    """Wall milliseconds of each of ``requests`` GETs of ``path`` (after three to warm up),
    and the process's CPU milliseconds per GET (all threads: less disturbed by other load)."""
    headers = {"Accept-Language": language}
    for _ in range(3):
        assert client.get(path, headers=headers).status_code == 200, path
    times = []
    cpu = time.process_time()
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
    return times, (time.process_time() - cpu) * 1000 / requests


def main() -> None:
    """Build, log in, time every page in each language, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--database", type=Path, help="a SQLite file to build once and reuse")
    args = parser.parse_args()
    fresh = Path(tempfile.mkdtemp(prefix="coprod-pages-")) / "pages.db"
    url = build((args.database or fresh).resolve(), args.records)
    app = create_app(Settings(database_url=url, secret_key="x" * 32, host="127.0.0.1", port=0))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
        form = {"user": "bench", "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=form, follow_redirects=False).status_code == 303
        print(f"{args.records} organisations and {args.records} agreements over the demo; "
              f"{args.requests} requests per page, in process")  # fmt: skip
        print(f"| {'page':42s} | lang | median ms | p95 ms | CPU ms |")
        print(f"|{'-' * 44}|------|-----------|--------|--------|")
        for path in PAGES:
            for language in ("en", "uk"):
                wall, cpu = timed(client, path, language, args.requests)
                times = sorted(wall)
                p95 = times[int(0.95 * (len(times) - 1))]
                median = statistics.median(times)
                print(f"| {path:42s} | {language:4s} | {median:9.1f} | {p95:6.1f} | {cpu:6.1f} |")


if __name__ == "__main__":
    main()
