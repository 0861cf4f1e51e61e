"""Schemathesis over the whole OpenAPI document, as each role, for thousands of cases: counts
the cases, server errors (5xx), response-schema violations and undocumented status codes.

    .venv/bin/python benchmarks/reliability/schemathesis_run.py [--cases 3000] [--roles all]

The world is the API tests' platform world (fresh per role); the app runs in process (ASGI).
Examples per operation = cases / operations; hypothesis stops an operation at its first
failure (then shrinks it), so a failing operation runs fewer cases than asked.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import schemathesis  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    response_schema_conformance,
    status_code_conformance,
)
from tests.api.platform_world import populate  # noqa: E402

from coprod.app import create_app  # noqa: E402
from coprod.config import Settings  # noqa: E402
from coprod.db import migrate  # noqa: E402
from coprod.db.engine import make_engine  # noqa: E402

ROLES = ("ministry", "funder", "manufacturer", "analyst", "admin")
CHECKS = {
    "5xx": not_a_server_error,
    "schema": response_schema_conformance,
    "status": status_code_conformance,
}


def run_role(role: str, cases: int) -> tuple[Counter[str], list[str]]:
    """Every operation for ``cases`` cases in all, as ``role``: counts and first failures."""
    folder = Path(tempfile.mkdtemp(prefix=f"coprod-st-{role}-"))
    config = Settings(
        database_url=f"sqlite:///{folder / 'c.db'}", secret_key="x" * 32, host="127.0.0.1", port=0
    )
    engine = make_engine(config.database_url)
    migrate.upgrade(engine)
    headers = {"Authorization": f"Bearer {populate(engine)[role]}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(config, engine=engine))
    operations = [r.ok() for r in schema.get_all_operations()]
    per_operation = max(1, math.ceil(cases / len(operations)))
    counts: Counter[str] = Counter()
    failures: list[str] = []
    for operation in operations:
        exercise = _exercise(
            operation, headers, counts=counts, failures=failures, examples=per_operation
        )
        try:
            exercise()
        except AssertionError:
            continue
    return counts, failures


def _exercise(
    operation: Any,
    headers: dict[str, str],
    *,
    counts: Counter[str],
    failures: list[str],
    examples: int,
) -> Any:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def exercise(case: schemathesis.Case) -> None:
        counts["cases"] += 1
        response = case.call(headers=headers)
        counts[f"{response.status_code // 100}xx"] += 1
        failed = []
        for name, check in CHECKS.items():
            try:
                case.validate_response(response, checks=[check])
            except AssertionError as failure:
                counts[name] += 1
                failed.append(f"{name}: {str(failure).strip().splitlines()[0][:140]}")
        if failed:
            failures.append(f"{case.operation.label}: {failed[0]}")
            raise AssertionError(failed[0])

    return exercise


def main() -> None:
    """Run each role, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000, help="cases per role (at least)")
    parser.add_argument("--roles", default="all")
    args = parser.parse_args()
    roles = ROLES if args.roles == "all" else tuple(args.roles.split(","))
    head = ["role", "cases", "2xx", "4xx", "5xx", "schema", "status", "seconds"]
    print(" ".join(f"{h:>12}" for h in head))
    total: Counter[str] = Counter()
    for role in roles:
        started = time.monotonic()
        counts, failures = run_role(role, args.cases)
        counts["seconds"] = round(time.monotonic() - started)
        total.update(counts)
        print(f"{role:>12} " + " ".join(f"{counts[h]:>12}" for h in head[1:]), flush=True)
        for line in dict.fromkeys(failures):
            print(f"  {line}")
    print(f"{'total':>12} " + " ".join(f"{total[h]:>12}" for h in head[1:]))
    sys.exit(1 if total["5xx"] or total["schema"] else 0)


if __name__ == "__main__":
    main()
