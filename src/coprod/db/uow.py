"""The unit of work: one session and the repositories over it; rolls back unless committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, overload

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from coprod.db import repositories as r
from coprod.db.audit_models import ACTOR_INFO_KEY, SYSTEM, Actor, channel_parts, session_actor
from coprod.db.engine import begin_writing, savepoint
from coprod.domain.kinds import Kind
from coprod.errors import Forbidden, StaleVersion

NO_CALLER = (
    "no caller: a unit of work works for someone (an account's principal; the local operator's "
    "commands and loaders pass access.SYSTEM)"
)


class _RepositoryOf(Generic[r.E, r.R]):
    """The unit of work's repository of one kind of record, by the kind's plural
    (``uow.production_lines`` is ``uow.records(kinds.PRODUCTION_LINE)``)."""

    def __init__(self, mapping: r.EntityMapping[r.E, r.R]) -> None:
        self.mapping = mapping

    @overload
    def __get__(self, uow: None, owner: type[Any]) -> _RepositoryOf[r.E, r.R]: ...
    @overload
    def __get__(self, uow: UnitOfWork, owner: type[Any]) -> r.Repository[r.E, r.R]: ...
    def __get__(
        self, uow: UnitOfWork | None, owner: type[Any]
    ) -> _RepositoryOf[r.E, r.R] | r.Repository[r.E, r.R]:
        if uow is None:
            return self
        return uow._repository(self.mapping)


class UnitOfWork:
    """``with UnitOfWork(engine, access=caller) as uow: ...; uow.commit()`` — services never
    commit.

    ``uow.records(kind)`` is the repository of a kind of record (``domain/kinds.py``); each
    kind is also an attribute named by its plural, for code that names one kind. Nothing is
    trusted by default: a unit of work that carries no caller (``access`` None: a request
    before it authenticates, a login before its password is checked) refuses every
    repository with Forbidden; trusted callers say so, ``access=access.SYSTEM``."""

    source_documents = _RepositoryOf(r.SOURCE_DOCUMENTS)
    organisations = _RepositoryOf(r.ORGANISATIONS)
    people = _RepositoryOf(r.PEOPLE)
    systems = _RepositoryOf(r.SYSTEMS)
    agreements = _RepositoryOf(r.AGREEMENTS)
    plants = _RepositoryOf(r.PLANTS)
    ownerships = _RepositoryOf(r.OWNERSHIPS)
    investments = _RepositoryOf(r.INVESTMENTS)
    needs = _RepositoryOf(r.NEEDS)
    production_lines = _RepositoryOf(r.PRODUCTION_LINES)
    funding_instruments = _RepositoryOf(r.FUNDING_INSTRUMENTS)
    orders = _RepositoryOf(r.ORDERS)
    deliveries = _RepositoryOf(r.DELIVERIES)
    production_reports = _RepositoryOf(r.PRODUCTION_REPORTS)
    payments = _RepositoryOf(r.PAYMENTS)
    innovation_projects = _RepositoryOf(r.INNOVATION_PROJECTS)
    events = _RepositoryOf(r.EVENTS)

    def __init__(
        self,
        engine: Engine,
        *,
        access: r.Access | None = None,
        actor: Actor | None = None,
        write: bool = False,
    ) -> None:
        self._engine = engine
        self._session: Session | None = None
        self._access = access  # what the caller may see (accounts/access.py); None: nobody yet
        self._actor = actor  # who the audit trail names; None: the operating-system user
        self._write = write  # SQLite: take the write lock at BEGIN (see db/engine.py)
        self._repositories: dict[Kind[Any], r.Repository[Any, Any]] = {}

    def records(self, kind: Kind[r.E]) -> r.Repository[r.E, Any]:
        """The repository of records of ``kind``, scoped as this unit of work is (made when
        first used: a request uses one or two of them)."""
        return self._repository(r.mapping_of(kind))

    def _repository(self, mapping: r.EntityMapping[r.E, r.R]) -> r.Repository[r.E, r.R]:
        if self._access is None:
            raise Forbidden(NO_CALLER)
        made: r.Repository[r.E, r.R] | None = self._repositories.get(mapping.kind)
        if made is None:
            made = r.Repository(self.session, mapping, self._access)
            self._repositories[mapping.kind] = made
        return made

    @property
    def access(self) -> r.Access | None:
        """Who the unit of work works for (``services/accounts/access.caller``); None: nobody
        said, which no use case that checks its caller accepts."""
        return self._access

    @property
    def actor(self) -> Actor | None:
        """Who the audit trail names for this unit of work's changes."""
        return self._actor

    @property
    def session(self) -> Session:
        """The open session; only inside ``with``."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use it in a with block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        # A plain Session, not a sessionmaker per unit of work: each sessionmaker makes a new
        # Session subclass, whose event dispatch SQLAlchemy then builds again on every request.
        session = Session(self._engine, expire_on_commit=False)
        if self._write:
            begin_writing(session)
        self._session = session
        self._bind()
        return self

    def restrict(self, access: r.Access, actor: Actor) -> None:
        """From now on, see only what ``access`` may see and name ``actor`` in the audit trail
        (a request authenticates in this unit of work's session before it knows its caller)."""
        self._access, self._actor = access, actor
        self._bind()

    def _bind(self) -> None:
        if self._actor is not None:
            self.session.info[ACTOR_INFO_KEY] = self._actor
        self._repositories = {}  # made again, for the new scope, when used

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()
        self.session.close()
        self._session = None

    def commit(self) -> None:
        """Make the work done so far permanent."""
        try:
            self.session.commit()
        except StaleDataError as exc:
            raise StaleVersion(f"a record was changed by someone else meanwhile: {exc}") from None

    def rollback(self) -> None:
        """Throw away the work not committed."""
        self.session.rollback()

    @contextmanager
    def through(self, channel: str) -> Iterator[None]:
        """``with uow.through(channel): ...`` — the changes the block makes are recorded in the
        audit trail as made through ``channel`` (an import of a file, a fact's acceptance), by
        the same actor; a unit of work acting for the system (the demo, a migration) stays the
        system's. The block's changes are flushed before it ends."""
        actor = session_actor(self.session)
        if actor.channel is not None and channel_parts(actor.channel)[0] == SYSTEM:
            yield
            return
        self.session.info[ACTOR_INFO_KEY] = actor.through(channel)
        try:
            yield
            self.session.flush()
        finally:
            self.session.info[ACTOR_INFO_KEY] = actor

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """``with uow.savepoint(): ...`` — all of the block's changes or none of them, inside
        this unit of work's transaction (which the caller still commits)."""
        with savepoint(self.session):
            yield


@dataclass(frozen=True)
class UnitsOfWork:
    """Opens one caller's units of work, for a use case that owns its transactions (a plan
    run): it reads in one that does not write, computes with none open, then writes briefly
    in another."""

    engine: Engine
    access: r.Access | None = None  # as UnitOfWork's: None is nobody yet (records refused)
    actor: Actor | None = None  # as UnitOfWork's: None names the operating-system user

    def reading(self) -> UnitOfWork:
        """A unit of work that only reads (SQLite: never waits for the write lock)."""
        return UnitOfWork(self.engine, access=self.access, actor=self.actor)

    def writing(self) -> UnitOfWork:
        """A unit of work that writes (SQLite: holds the write lock from its BEGIN)."""
        return UnitOfWork(self.engine, access=self.access, actor=self.actor, write=True)
