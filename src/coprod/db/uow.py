"""The unit of work: one session and the repositories over it; rolls back unless committed."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from coprod.db import repositories as r
from coprod.db.audit_models import ACTOR_INFO_KEY, Actor
from coprod.db.engine import BEGIN_OPTION
from coprod.errors import StaleVersion


class UnitOfWork:
    """``with UnitOfWork(engine) as uow: ...; uow.commit()`` — services never commit."""

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
        self._access = access  # what the caller may see (services/access.py); None: everything
        self._actor = actor  # who the audit trail names; None: the operating-system user
        self._write = write  # SQLite: take the write lock at BEGIN (see db/engine.py)

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
            session.connection(execution_options={BEGIN_OPTION: "BEGIN IMMEDIATE"})
        self._session = session
        self._bind()
        return self

    def restrict(self, access: r.Access, actor: Actor) -> None:
        """From now on, see only what ``access`` may see and name ``actor`` in the audit trail
        (a request authenticates in this unit of work's session before it knows its caller)."""
        self._access, self._actor = access, actor
        self._bind()

    def _bind(self) -> None:
        session = self.session
        if self._actor is not None:
            session.info[ACTOR_INFO_KEY] = self._actor
        access = self._access
        self.documents = r.Repository(session, r.DOCUMENTS, access)
        self.organisations = r.Repository(session, r.ORGANISATIONS, access)
        self.people = r.Repository(session, r.PEOPLE, access)
        self.systems = r.Repository(session, r.SYSTEMS, access)
        self.agreements = r.Repository(session, r.AGREEMENTS, access)
        self.needs = r.Repository(session, r.NEEDS, access)
        self.lines = r.Repository(session, r.LINES, access)
        self.instruments = r.Repository(session, r.INSTRUMENTS, access)
        self.orders = r.Repository(session, r.ORDERS, access)
        self.deliveries = r.Repository(session, r.DELIVERIES, access)
        self.projects = r.Repository(session, r.PROJECTS, access)
        self.events = r.Repository(session, r.EVENTS, access)

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
