"""Request dependencies: who is calling (token or session cookie), and its unit of work.

A route receives ``Work``: the request's credentials, read from its headers without touching
the store. ``await work(do)`` then runs ``do(uow, caller)`` in one worker thread, in one unit
of work whose session first authenticates the caller and then sees only what the caller may
see. One thread hand-off and one database session per request: FastAPI would otherwise run
each synchronous dependency, the route and the response check in worker threads of their own
(five hand-offs, each paid for in CPU and in waits for the interpreter lock under load).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from coprod.config import Settings
from coprod.db.audit_models import Actor
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.errors import Forbidden, Unauthenticated
from coprod.services.accounts import auth
from coprod.services.accounts.access import Principal

SESSION_COOKIE = "coprod_session"
# A Secure cookie's name carries this prefix: the browser then accepts it only with Secure,
# Path=/ and no Domain, so no other host (a sibling subdomain, plain HTTP) can set or shadow it.
SECURE_COOKIE_PREFIX = "__Host-"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

bearer = HTTPBearer(auto_error=False, description="An API token: `coprod users token USER`")
T = TypeVar("T")


@dataclass(frozen=True)
class Caller:
    """The authenticated caller, and the CSRF token of its browser session (if any)."""

    principal: Principal
    name: str
    csrf_token: str | None = None

    @property
    def actor(self) -> Actor:
        """Who the audit trail names for this caller's changes."""
        return Actor(self.principal.user, self.principal.organisation or None)


def engine_of(request: Request) -> Engine:
    """The application's engine."""
    engine: Engine = request.app.state.engine
    return engine


def units_of(request: Request, caller: Caller) -> UnitsOfWork:
    """The units of work of ``caller`` (a page's), for a use case that owns its transactions."""
    return UnitsOfWork(engine_of(request), caller.principal, caller.actor)


@dataclass(frozen=True)
class Credentials:
    """What a request presents to say who calls; nothing is read from the store to make it."""

    token: str | None  # an API token (Authorization: Bearer)
    cookie: str | None  # a browser session's cookie
    csrf: str | None  # the X-CSRF-Token header
    changes: bool  # the method may change something (not GET, HEAD, OPTIONS)

    def caller(self, session: Session) -> Caller:
        """The caller these credentials prove, read in ``session``; Unauthenticated when they
        prove nobody, Forbidden for a change by cookie without its session's CSRF token."""
        if self.token is not None:
            user = auth.user_of_token(session, self.token)
            return Caller(auth.principal_of(user), user.name)
        caller = cookie_caller(session, self.cookie)
        if caller is None:
            raise Unauthenticated("log in, or send an API token as 'Authorization: Bearer …'")
        if self.changes and not _same(self.csrf, caller.csrf_token):
            raise Forbidden(f"a change made with a session cookie needs the {CSRF_HEADER} header")
        return caller


def _same(given: str | None, expected: str | None) -> bool:
    return given is not None and expected is not None and secrets.compare_digest(given, expected)


def cookie_caller(session: Session, cookie: str | None) -> Caller | None:
    """The caller of a browser session cookie, or None when it names no live session."""
    live = auth.session_of(session, cookie) if cookie else None
    if live is None:
        return None
    return Caller(auth.principal_of(live.user), live.user.name, live.csrf_token)


def cookies_secure(request: Request) -> bool:
    """Whether this server's cookies are ``Secure`` (``Settings.cookies_secure``)."""
    settings: Settings = request.app.state.settings
    return settings.cookies_secure


def cookie_name(request: Request, name: str) -> str:
    """The name the cookie ``name`` has on this server: ``__Host-`` first when it is Secure."""
    return SECURE_COOKIE_PREFIX + name if cookies_secure(request) else name


def session_cookie(request: Request) -> str | None:
    """The browser session token the request's cookie carries, if any."""
    return request.cookies.get(cookie_name(request, SESSION_COOKIE))


def browser_caller(request: Request) -> Caller | None:
    """The caller of the request's session cookie (pages), or None."""
    with Session(engine_of(request)) as session:
        return cookie_caller(session, session_cookie(request))


class RequestWork:
    """One request's work: ``await work(do)`` authenticates and runs ``do(uow, caller)``."""

    def __init__(self, engine: Engine, credentials: Credentials) -> None:
        self.engine = engine
        self.credentials = credentials

    async def __call__(
        self, do: Callable[[UnitOfWork, Caller], T], *, writes: bool | None = None
    ) -> T:
        """Run ``do`` in a worker thread; the route commits (``uow.commit()``) when it writes.

        ``writes``: whether ``do`` may write (SQLite: take the write lock at BEGIN, as
        ``UnitOfWork(write=True)``); by default, when the method may change something.
        """
        if writes is None:
            writes = self.credentials.changes
        return await run_in_threadpool(self._run, do, writes)

    def _run(self, do: Callable[[UnitOfWork, Caller], T], writes: bool) -> T:
        used: int | None = None
        try:
            with UnitOfWork(self.engine, write=writes) as uow:
                caller = self.credentials.caller(uow.session)
                used = auth.token_use_due(uow.session)
                uow.restrict(caller.principal, caller.actor)
                return do(uow, caller)
        finally:
            # After the request's transaction: it may hold SQLite's write lock.
            if used is not None:
                auth.record_token_use(self.engine, used)

    async def owning(self, do: Callable[[UnitsOfWork, Caller], T]) -> T:
        """Run ``do``, a use case that owns its transactions (a plan run), in a worker thread:
        the caller is authenticated in a short unit of work that only reads, then ``do`` gets
        the caller's units of work with none open."""
        return await run_in_threadpool(self._run_owning, do)

    def _run_owning(self, do: Callable[[UnitsOfWork, Caller], T]) -> T:
        with UnitOfWork(self.engine) as uow:
            caller = self.credentials.caller(uow.session)
            used = auth.token_use_due(uow.session)
        if used is not None:
            auth.record_token_use(self.engine, used)
        return do(UnitsOfWork(self.engine, caller.principal, caller.actor), caller)


async def request_work(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> RequestWork:
    """The request's work (no store access here: it runs in the event loop)."""
    presented = Credentials(
        token=credentials.credentials if credentials is not None else None,
        cookie=session_cookie(request),
        csrf=request.headers.get(CSRF_HEADER),
        changes=request.method not in SAFE_METHODS,
    )
    return RequestWork(engine_of(request), presented)


Work = Annotated[RequestWork, Depends(request_work)]
