"""Request dependencies: who is calling (token or session cookie), and its unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coprod.db.audit_models import Actor
from coprod.db.uow import UnitOfWork
from coprod.errors import Forbidden, Unauthenticated
from coprod.services import auth
from coprod.services.access import Principal

SESSION_COOKIE = "coprod_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

bearer = HTTPBearer(auto_error=False, description="An API token: `coprod users token USER`")


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


def _from_token(session: Session, token: str) -> Caller:
    user = auth.user_of_token(session, token)
    return Caller(auth.principal_of(user), user.name)


def browser_caller(request: Request) -> Caller | None:
    """The caller of a browser session cookie, or None when there is no live session."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with Session(engine_of(request)) as session:
        live = auth.session_of(session, token)
    if live is None:
        return None
    return Caller(auth.principal_of(live.user), live.user.name, live.csrf_token)


def current_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """The caller of an API token, or of a session cookie (with its CSRF header on changes)."""
    if credentials is not None:
        with Session(engine_of(request)) as session:
            return _from_token(session, credentials.credentials)
    caller = browser_caller(request)
    if caller is None:
        raise Unauthenticated("log in, or send an API token as 'Authorization: Bearer …'")
    if request.method not in SAFE_METHODS and request.headers.get(CSRF_HEADER) != caller.csrf_token:
        raise Forbidden(f"a change made with a session cookie needs the {CSRF_HEADER} header")
    return caller


CurrentCaller = Annotated[Caller, Depends(current_caller)]


def unit_of_work(request: Request, caller: CurrentCaller) -> Iterator[UnitOfWork]:
    """A unit of work scoped to the caller and naming it in the audit trail; the route commits."""
    write = request.method not in SAFE_METHODS
    with UnitOfWork(
        engine_of(request), access=caller.principal, actor=caller.actor, write=write
    ) as uow:
        yield uow


Work = Annotated[UnitOfWork, Depends(unit_of_work)]
