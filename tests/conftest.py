"""Fixtures shared by the store's integration and CLI tests.

``database_url`` is parametrised over the configured backends: a fresh SQLite file under
``tmp_path`` always, and a fresh PostgreSQL database when ``COPROD_TEST_POSTGRES`` holds the URL
of a server (tests on it are marked ``postgres``).
"""

from __future__ import annotations

import copy
import os
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.stores import (
    copy_sqlite,
    demo_template,
    load_catalogue,
    migrated_template,
    prepared_url,
    sqlite_template,
)

POSTGRES_ENV = "COPROD_TEST_POSTGRES"
DEMO_DAY = "2026-12-06"  # the day the shared demo registry is laid out from

# A property test that sets no bounds of its own tries 25 examples (Hypothesis's default is
# 100) with no deadline (a time limit per example fails on a loaded machine): it fits the
# default suite; one that needs many more examples says so and is marked slow.
settings.register_profile("coprod", max_examples=25, deadline=None)
settings.load_profile("coprod")

SAMPLE_RECORDS: dict[str, Any] = {
    "schema": "coprod.records/1",
    "source_documents": [
        {
            "key": "doc-1",
            "name": "doc-1.txt",
            "sha256": "0" * 64,
            "language": "fr",
            "title": "A test article",
            "published": "2025-06-06",
            "source": "tests",
        },
    ],
    "organisations": [
        {
            "key": "acme-ua",
            "name": "Acme Ukraine",
            "kind": "company",
            "country": "UA",
            "parent": "acme",
            "aliases": ["Acme UA"],
        },
        {
            "key": "acme",
            "name": "Acme Defence",
            "kind": "company",
            "country": "FR",
            "parent": None,
            "aliases": ["Acme SA", "Acme; Group | Holding"],
        },
    ],
    "people": [
        {
            "key": "jane-doe",
            "name": "Jane Doe",
            "country": "FR",
            "aliases": [],
            "roles": [
                {
                    "title": "chief executive",
                    "organisation": "acme",
                    "start": "2020-01-01",
                    "end": None,
                }
            ],
        },
    ],
    "systems": [
        {
            "key": "acme-drone",
            "name": "Acme drone",
            "category": "drones",
            "aliases": ["AD-1"],
            "manufacturer": "Acme Defence",
        },
    ],
    "agreements": [
        {
            "key": "fr-ua-loi",
            "title": "Letter of intent on drones",
            "type": "letter_of_intent",
            "status": "signed",
            "parties": ["UA", "FR", "acme"],
            "scope": ["co_development"],
            "systems": ["drones", "acme-drone"],
            "quantity": None,
            "value": {"amount": "2000000000", "currency": "EUR"},
            "history": [
                {"status": "planned", "on": "2025-05-01"},
                {"status": "signed", "on": "2025-06-05"},
            ],
            "evidence": [{"document": "doc-1", "start": 120, "end": 260}],
            "visibility": "public",
            "notes": None,
        },
    ],
    "needs": [
        {
            "key": "need-drones",
            "system": "acme-drone",
            "quantity": 1000,
            "priority": "2.5",
            "due": "2026-06",
            "recipient": "UA",
            "illustrative": True,
        },
    ],
    "production_lines": [
        {
            "key": "line-acme-ua",
            "organisation": "acme-ua",
            "system": "acme-drone",
            "company_country": "UA",
            "site_country": "FR",
            "unit_cost": {"amount": "12500.50", "currency": "EUR"},
            "monthly_capacity": 200,
            "lead_time_months": 2,
            "illustrative": True,
        },
    ],
    "funding_instruments": [
        {
            "key": "fund-fr",
            "name": "French direct-order fund",
            "funder": "FR",
            "kind": "direct_order_fund",
            "pledged": {"amount": "200000000", "currency": "EUR"},
            "allocated": {"amount": "5000200.00", "currency": "EUR"},
            "disbursed": {"amount": "1000000.25", "currency": "EUR"},
            "site_countries": ["FR", "UA"],
            "producer_countries": None,
            "categories": ["drones"],
            "first_month": "2025-07",
            "last_month": "2026-12",
            "evidence": [{"document": "doc-1", "start": 10, "end": 20, "note": "a; note | here"}],
        },
    ],
    "orders": [
        {
            "key": "order-1",
            "need": "need-drones",
            "production_line": "line-acme-ua",
            "instrument": "fund-fr",
            "quantity": 400,
            "unit_price": {"amount": "12500.50", "currency": "EUR"},
            "month": "2025-09",
            "status": "in_production",
        },
    ],
    "deliveries": [
        {"key": "delivery-1", "order": "order-1", "quantity": 150, "delivered_on": "2025-11-30"},
    ],
    "production_reports": [
        {
            "key": "report-1",
            "production_line": "line-acme-ua",
            "month": "2025-10",
            "quantity": 180,
            "order": "order-1",
        },
    ],
    "payments": [
        {
            "key": "payment-1",
            "instrument": "fund-fr",
            "order": "order-1",
            "paid_on": "2025-09-15",
            "amount": {"amount": "1000000.25", "currency": "EUR"},
        },
    ],
    "innovation_projects": [
        {
            "key": "brave1-fr-ua-1",
            "name": "Counter-drone sensor",
            "partners": ["brave1", "acme"],
            "need": "need-drones",
            "stages": [{"stage": "trl4", "on": "2025-03-01"}, {"stage": "trl6", "on": None}],
            "funding": {"amount": "1500000", "currency": "EUR"},
            "evidence": [],
        },
    ],
    "events": [
        {
            "key": "ramstein-28",
            "name": "28th Ramstein meeting",
            "kind": "meeting",
            "on": "2025-06-04",
            "place": "Brussels",
            "participants": ["UA", "FR", "jane-doe"],
            "evidence": [{"document": "doc-1", "start": 0, "end": 50}],
        },
    ],
}


@pytest.fixture
def sample_records() -> dict[str, Any]:
    """A small coprod.records/1 document with one record or two of every entity."""
    return copy.deepcopy(SAMPLE_RECORDS)


def _postgres_database(server_url: str) -> Iterator[str]:
    name = f"coprod_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty database on each configured backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store' / 'coprod.db'}"
        return
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    yield from _postgres_database(server)


TESTS = Path(__file__).resolve().parent
# Which part of the suite a test belongs to follows from where it is and what it uses, so that
# a new test lands in the right part without anyone remembering a marker (docs/testing.md):
BROWSER_FOLDERS = (TESTS / "web",)  # every test here drives chromium
BROWSER_FIXTURES = frozenset({"browser", "live_server"})
DASK_FIXTURES = frozenset({"cluster"})  # a distributed.LocalCluster: a Dask test is slow


def part_markers(item: pytest.Item) -> list[str]:
    """The markers the rules give ``item``: ``browser`` for a test in tests/web/ or one that
    uses the browser or the live server, ``slow`` for one that uses a Dask cluster."""
    names = set(getattr(item, "fixturenames", ()))
    path = Path(str(item.path)).resolve()
    found = []
    if names & BROWSER_FIXTURES or any(path.is_relative_to(f) for f in BROWSER_FOLDERS):
        found.append("browser")
    if names & DASK_FIXTURES:
        found.append("slow")
    return found


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test by the rules of ``part_markers`` (before ``-m`` selects). Without a
    server the postgres tests are deselected (one line in the report, not one skip each);
    selecting them with ``-m postgres`` and no server is an error."""
    for item in items:
        for name in part_markers(item):
            if item.get_closest_marker(name) is None:
                item.add_marker(name)
    if os.environ.get(POSTGRES_ENV):
        return
    expression = config.getoption("markexpr") or ""
    if "postgres" in expression and "not postgres" not in expression:
        raise pytest.UsageError(f"-m postgres needs {POSTGRES_ENV} set to a server URL")
    dropped = [item for item in items if item.get_closest_marker("postgres")]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]


# Cheap stores (tests/stores.py; docs/testing.md, "Cheap fixtures"): each test process migrates
# one SQLite file once, and each test gets a copy of it.


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the head once per test process (copy it, never write it)."""
    return migrated_template(tmp_path_factory)


@pytest.fixture(scope="session")
def initialised_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated and loaded with the catalogue once per test process."""
    return sqlite_template(tmp_path_factory, "template", load_catalogue)


@pytest.fixture(scope="session")
def demo_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo registry as ``coprod demo --no-serve --today 2026-12-06`` leaves it, made once
    per test process (copy it, never write it)."""
    return demo_template(tmp_path_factory, DEMO_DAY)


@pytest.fixture
def demo_url(demo_sqlite_template: Path, tmp_path: Path) -> str:
    """This test's own copy of the demo registry (``coprod demo --today 2026-12-06``)."""
    return copy_sqlite(demo_sqlite_template, tmp_path / "demo" / "demo.db")


@pytest.fixture
def migrated_url(database_url: str, request: pytest.FixtureRequest) -> str:
    """Like ``database_url``, but migrated to the head (a copy of the template on SQLite)."""
    template = partial(request.getfixturevalue, "migrated_sqlite_template")
    return prepared_url(database_url, template, lambda _: None)


@pytest.fixture
def initialised_url(database_url: str, request: pytest.FixtureRequest) -> str:
    """Like ``database_url``, but already as ``coprod init`` leaves it (a copy on SQLite)."""
    template = partial(request.getfixturevalue, "initialised_sqlite_template")
    return prepared_url(database_url, template, load_catalogue)
