"""The store the commands work on, as the local operator: open it from its URL (refusing one
that was never initialised), create or upgrade its schema, and run a use case in a unit of work
that only reads, or in one that writes and commits when the use case returns. Its units of
work carry the system caller, ``access.SYSTEM``: a use case checks its caller and trusts
nobody by default.

The CLI holds no engine, session or unit of work of its own: it parses, hands a use case to
``Store.read`` or ``Store.write`` (or a long use case ``Store.units()``), and renders. The
HTTP shell (``coprod.http.request.Work``) does the same for the API and the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from coprod.db import migrate
from coprod.db.audit_models import CLI, SYSTEM, Actor, channel_of, local_actor
from coprod.db.engine import make_engine
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.errors import Conflict
from coprod.services import ledger
from coprod.services.accounts.access import SYSTEM as SYSTEM_ACCESS
from coprod.services.registry.catalogue import load_catalogue

T = TypeVar("T")
MIGRATION = channel_of(SYSTEM, "migration")  # what creating and upgrading the schema writes
DEMO = channel_of(SYSTEM, "demo")  # what loading the demo writes (its records, its logins)


def shown(url: str) -> str:
    """A database URL as it may be printed: its password hidden."""
    return make_url(url).render_as_string(hide_password=True)


@dataclass(frozen=True)
class Store:
    """A database opened for the local operator's commands (``with`` disposes of it); its
    units of work name the local operator in the audit trail, acting through ``actor``'s
    channel (the command's: ``open_store(url, command=...)``)."""

    url: str
    engine: Engine
    actor: Actor | None = None  # None: the local operator, through no channel said

    def through(self, channel: str) -> Store:
        """The same store, its changes recorded as made through ``channel``."""
        return replace(self, actor=local_actor(channel))

    @property
    def where(self) -> str:
        """The URL, its password hidden."""
        return shown(self.url)

    def read(self, use: Callable[[UnitOfWork], T]) -> T:
        """``use`` in a unit of work that only reads (SQLite: never waits for the write lock)."""
        with UnitOfWork(self.engine, access=SYSTEM_ACCESS, actor=self.actor) as uow:
            return use(uow)

    def write(self, use: Callable[[UnitOfWork], T]) -> T:
        """``use`` in a unit of work that writes, committed when ``use`` returns (nothing kept
        when it raises)."""
        with UnitOfWork(self.engine, access=SYSTEM_ACCESS, actor=self.actor, write=True) as uow:
            result = use(uow)
            uow.commit()
        return result

    def units(self) -> UnitsOfWork:
        """The operator's units of work, for a use case that owns its transactions."""
        return UnitsOfWork(self.engine, SYSTEM_ACCESS, self.actor)

    def dispose(self) -> None:
        """Close the store's connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.dispose()


def open_store(url: str, *, require_schema: bool = True, command: str | None = None) -> Store:
    """The store at ``url``, its changes recorded as made by the command line's ``command``
    (``records import``: channel ``cli:records import``); Conflict when it was never
    initialised (unless not required)."""
    actor = local_actor(channel_of(CLI, command)) if command is not None else None
    store = Store(url, make_engine(url), actor)
    if require_schema and migrate.current(store.engine) is None:
        raise Conflict(f"the database {store.where} has no coprod tables: run `coprod init` first")
    return store


@dataclass(frozen=True)
class Initialised:
    """What ``initialise`` did: the schema's revision and the catalogue records it added."""

    revision: str | None
    created: dict[str, int]


def initialise(store: Store) -> Initialised:
    """Create or upgrade the schema and load the catalogue's organisations, people, systems
    (the audit trail names the system as their channel: ``system:migration``)."""
    _migrate(store, "head")
    created = store.through(MIGRATION).write(load_catalogue)
    return Initialised(migrate.current(store.engine), created)


def upgrade(store: Store, revision: str = "head") -> str | None:
    """Apply the packaged migrations up to ``revision``; the revision the store is then at."""
    return _migrate(store, revision)


def _migrate(store: Store, revision: str) -> str | None:
    """Migrate to ``revision``; when that moved an existing store to the newest schema, verify
    the ledger once and store its breaches (a migration writes past the rules: the alerts
    read what it left, ``services/ledger/breaches.py``). The revision reached."""
    before = migrate.current(store.engine)
    migrate.upgrade(store.engine, revision)
    after = migrate.current(store.engine)
    if before is not None and after != before and after == migrate.head(store.engine):
        store.through(MIGRATION).write(ledger.record_verify)
    return after


def revisions(store: Store) -> tuple[str | None, str | None]:
    """The store's revision (None when empty) and the newest one this coprod ships."""
    return migrate.current(store.engine), migrate.head(store.engine)
