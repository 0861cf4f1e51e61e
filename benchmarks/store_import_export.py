"""Time ``import`` (first and repeated), ``export`` on a generated registry; prints a table.

    .venv/bin/python benchmarks/store_import_export.py [N] [DATABASE_URL]

N organisations, N systems, N needs, N production lines and N agreements (5N records) are
generated; the default store is a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from coprod.db import migrate
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork
from coprod.services.accounts.access import SYSTEM
from coprod.services.records import exporting, importing


def records(n: int) -> dict[str, Any]:
    """A coprod.records/1 document with 5n records."""
    return {
        "schema": "coprod.records/1",
        "organisations": [
            {"key": f"org-{i}", "name": f"Org {i}", "kind": "company", "country": "FR"}
            for i in range(n)
        ],
        "systems": [
            {"key": f"sys-{i}", "name": f"System {i}", "category": "drones"} for i in range(n)
        ],
        "agreements": [
            {
                "key": f"agr-{i}",
                "title": f"Agreement {i}",
                "type": "contract",
                "status": "signed",
                "parties": ["UA", f"org-{i}"],
                "systems": [f"sys-{i}"],
                "value": {"amount": f"{i}000.50", "currency": "EUR"},
                "history": [
                    {"status": "planned", "on": "2025-01-01"},
                    {"status": "signed", "on": "2025-02-01"},
                ],
            }
            for i in range(n)
        ],
        "needs": [
            {
                "key": f"need-{i}",
                "system": f"sys-{i}",
                "quantity": 100,
                "priority": "1",
                "due": "2026-01",
            }
            for i in range(n)
        ],
        "production_lines": [
            {
                "key": f"line-{i}",
                "organisation": f"org-{i}",
                "system": f"sys-{i}",
                "company_country": "FR",
                "site_country": "UA",
                "unit_cost": {"amount": "1000", "currency": "EUR"},
                "monthly_capacity": 10,
            }
            for i in range(n)
        ],
    }


def timed(label: str, action: Any) -> tuple[str, float]:
    start = time.perf_counter()
    action()
    return label, time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    folder = Path(tempfile.mkdtemp())
    url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    path = folder / "records.json"
    path.write_text(json.dumps(records(n)))

    def load() -> None:
        with UnitOfWork(engine, access=SYSTEM) as uow:
            importing.write(uow, str(path), importing.read_file(path))
            uow.commit()

    def export() -> None:
        with UnitOfWork(engine, access=SYSTEM) as uow:
            exporting.to_json(uow)

    rows = [
        timed("import (new)", load),
        timed("import (again, no-op)", load),
        timed("export json", export),
    ]
    print(f"{5 * n} records on {engine.url.get_backend_name()}")
    print(f"{'step':<24}{'seconds':>10}{'records/s':>12}")
    for label, seconds in rows:
        print(f"{label:<24}{seconds:>10.2f}{5 * n / seconds:>12.0f}")


if __name__ == "__main__":
    main()
