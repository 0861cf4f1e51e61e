"""``coprod demo``: the demo registry loaded into a fresh database.

The demo database is a SQLite file, ``var/demo.db`` under the current folder, unless a URL is
given. An old SQLite demo file is removed first; any other database must be empty, since the demo
never loads into a registry that holds real records.
"""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from coprod.db import migrate
from coprod.db.uow import UnitOfWork
from coprod.demo import MECHANISM, RATES, evidence, mechanism_file, mechanism_records, rates_text
from coprod.domain import months
from coprod.errors import Conflict
from coprod.services.accounts.access import SYSTEM
from coprod.services.demo.scale import Sizes, add_scale
from coprod.services.facts.proposals import store_document_text
from coprod.services.ledger import rates
from coprod.services.records import importing
from coprod.services.registry.catalogue import load_catalogue
from coprod.services.registry.summary import summary
from coprod.services.store import DEMO, Store

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
# The month the demo's illustrative dates are written for: loaded on another day, they move by
# as many months, so the demo always has needs due in the coming months, orders late and
# orders delivered. Dates drawn from the articles (agreements, events, plants) never move.
DATES_AS_OF = "2026-12"
# The dated fields that move, per list of the records file (months YYYY-MM, days YYYY-MM-DD).
MOVING_MONTHS = {
    "needs": ("due",),
    "orders": ("month",),
    "production_reports": ("month",),
    "funding_instruments": ("first_month", "last_month"),
}
MOVING_DAYS = {"deliveries": ("delivered_on",), "payments": ("paid_on",)}


def default_url(folder: Path) -> str:
    """The demo database of ``folder``: ``var/demo.db`` in it."""
    return f"sqlite:///{folder.resolve() / 'var' / 'demo.db'}"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def remove_sqlite(path: Path) -> list[Path]:
    """Delete a SQLite file with its WAL, shared-memory and journal files; the paths removed."""
    removed = []
    for suffix in SQLITE_COMPANIONS:
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            candidate.unlink()
            removed.append(candidate)
    return removed


def holds_the_demo(path: Path) -> bool:
    """Whether the SQLite file ``path`` is empty or a demo registry (it cites the demo's
    source documents), and so may be replaced without losing anyone's records."""
    if path.stat().st_size == 0:
        return True
    wanted = {(d["key"], d["sha256"]) for d in mechanism_records()["source_documents"]}
    # Read-only and without coprod's pragmas: looking must not change someone else's file.
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            rows = conn.execute("SELECT key, sha256 FROM source_documents").fetchall()
    except sqlite3.Error:
        return False
    return wanted <= {(key, sha) for key, sha in rows}


def require_replaceable(path: Path) -> None:
    """Refuse to replace a SQLite file that is neither empty nor a demo registry."""
    if path.exists() and not holds_the_demo(path):
        raise Conflict(
            f"{path} is not a demo registry: the demo replaces only its own files; "
            "choose another file, or remove this one yourself"
        )


def require_empty(store: Store) -> None:
    """Refuse a database that already holds a coprod schema."""
    if migrate.current(store.engine) is not None:
        raise Conflict(
            f"{store.where} already holds a coprod "
            "registry; the demo loads only into a fresh database (an empty one, or a SQLite "
            "file it may replace)"
        )


def record_count() -> int:
    """How many records the packaged demo file holds."""
    with resources.as_file(mechanism_file()) as path:
        return len(importing.read_file(path))


def lay_dates(records: dict[str, Any], today: date) -> dict[str, Any]:
    """A copy of the demo records with their illustrative dates moved by the months between
    ``DATES_AS_OF`` and ``today``'s month (the order of events and every rule kept)."""
    moved = copy.deepcopy(records)
    by = months.between(DATES_AS_OF, months.of(today))
    for plural, fields in MOVING_MONTHS.items():
        for record in moved.get(plural, []):
            for name in fields:
                if record.get(name) is not None:
                    record[name] = months.shift(record[name], by)
    for plural, fields in MOVING_DAYS.items():
        for record in moved.get(plural, []):
            for name in fields:
                if record.get(name) is not None:
                    record[name] = months.add(date.fromisoformat(record[name]), by).isoformat()
    return moved


def _load(
    store: Store, advance: Callable[[int], None] | None, scale: int, today: date | None
) -> dict[str, int]:
    """Create the schema, load the catalogue, the demo's exchange rates and records (their
    dates laid relative to ``today``, default today UTC) and ``scale``'s generated ones."""
    migrate.upgrade(store.engine)
    store = store.through(DEMO)
    day = today or datetime.now(UTC).date()
    parsed = importing.read_document(MECHANISM, lay_dates(mechanism_records(), day))

    def load(uow: UnitOfWork) -> dict[str, int]:
        load_catalogue(uow)
        rates.import_rates(uow, SYSTEM, rates_text(), RATES)  # the pound's, for its reports
        importing.write(uow, MECHANISM, parsed, advance)
        return add_scale(uow, scale) if scale else {}

    return store.write(load)


def load_demo(
    store: Store,
    advance: Callable[[int], None] | None = None,
    *,
    today: date | None = None,
) -> dict[str, Any]:
    """Create the schema, load the catalogue and the demo records with their dates laid
    relative to ``today`` (default: today, UTC); the registry's summary."""
    _load(store, advance, 0, today)
    return store.read(summary)


@dataclass(frozen=True)
class TextsStored:
    """What ``store_texts`` did: the documents whose text it kept, and why it skipped others."""

    folder: Path
    stored: tuple[str, ...]
    skipped: tuple[str, ...]  # "KEY: why", e.g. absent, or its sha256 is not the record's


def store_texts(
    store: Store, folder: Path, documents: Iterable[Mapping[str, Any]] | None = None
) -> TextsStored:
    """Keep the text of each demo source document found in ``folder`` (the seed articles,
    beside the project; never in it) with its record, so the evidence viewer shows the
    sentence each claim cites: a file is used only when its sha256 is the record's.
    ``documents``: the ``source_documents`` entries (default: the demo's)."""
    entries = list(documents if documents is not None else mechanism_records()["source_documents"])
    read = [evidence.document_text(folder, entry) for entry in entries]

    def keep(uow: UnitOfWork) -> TextsStored:
        stored, skipped = [], []
        for document in read:
            if document.text is None:
                skipped.append(f"{document.key}: {document.problem}")
                continue
            store_document_text(uow, uow.source_documents.id_of(document.key), document.text)
            stored.append(document.key)
        return TextsStored(folder, tuple(stored), tuple(skipped))

    return store.through(DEMO).write(keep)


def check_scale(scale: int) -> None:
    """InvalidInput unless ``scale`` is one ``--scale`` accepts."""
    Sizes.of(scale)


def load_scale(
    store: Store,
    scale: int,
    advance: Callable[[int], None] | None = None,
    *,
    today: date | None = None,
) -> dict[str, int]:
    """The demo registry (its dates laid relative to ``today``) plus the generated one of
    ``--scale scale`` (``services/demo/scale.py``); how many rows of each table were
    generated."""
    return _load(store, advance, scale, today)
