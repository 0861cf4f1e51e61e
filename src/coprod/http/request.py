"""Request dependencies: who is calling (token or session cookie), and its unit of work.

A route receives ``Work`` (a page ``PageWork``): the request's credentials, read from its
headers without touching the store. ``await work(use_case, *args)`` then runs
``use_case(uow, *args)`` in one worker thread, in one unit of work whose session first
authenticates the caller and then sees only what the caller may see; the use case finds its
caller in the unit of work (``services/accounts/access.caller``), and the shell commits once
when the request may change something. One thread hand-off and one database session per
request, pages included: FastAPI would otherwise run each synchronous dependency, the route
and the response check in worker threads of their own (five hand-offs, each paid for in CPU
and in waits for the interpreter lock under load).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Concatenate, ParamSpec, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import State

from coprod.config import Settings
from coprod.db.audit_models import API, WEB, Actor
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.errors import Forbidden, Unauthenticated
from coprod.http.public_limit import PublicLimit
from coprod.services.accounts import auth
from coprod.services.accounts.access import PUBLIC, Principal

SESSION_COOKIE = "coprod_session"
# A Secure cookie's name carries this prefix: the browser then accepts it only with Secure,
# Path=/ and no Domain, so no other host (a sibling subdomain, plain HTTP) can set or shadow it.
SECURE_COOKIE_PREFIX = "__Host-"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

PUBLIC_ACTOR = Actor("public")
bearer = HTTPBearer(auto_error=False, description="An API token: `coprod users token USER`")
T = TypeVar("T")
P = ParamSpec("P")


@dataclass(frozen=True)
class Caller:
    """The authenticated caller, and the CSRF token of its browser session (if any)."""

    principal: Principal
    name: str
    csrf_token: str | None = None
    language: str | None = None  # the pages' language the account chose, if any

    @property
    def actor(self) -> Actor:
        """Who the audit trail names for this caller's changes."""
        return Actor(self.principal.user, self.principal.organisation or None)


def engine_of(request: Request) -> Engine:
    """The application's engine."""
    engine: Engine = request.app.state.engine
    return engine


@dataclass(frozen=True)
class Credentials:
    """What a request presents to say who calls; nothing is read from the store to make it."""

    token: str | None  # an API token (Authorization: Bearer)
    cookie: str | None  # a browser session's cookie
    csrf: str | None  # the X-CSRF-Token header
    changes: bool  # the method may change something (not GET, HEAD, OPTIONS)
    page: bool = False  # a page: no live session redirects to /login; forms carry the CSRF

    @property
    def channel(self) -> str:
        """Through what the request's changes come, as the audit trail records it: the web
        pages or the API."""
        return WEB if self.page else API

    def caller(self, uow: UnitOfWork) -> Caller:
        """The caller these credentials prove, read in ``uow`` (which carries nobody yet);
        Unauthenticated when they prove nobody (a page: a redirect to the login page),
        Forbidden for a change by cookie without its session's CSRF token (a page's: in its
        form)."""
        if self.token is not None:
            user = auth.user_of_token(uow, self.token)
            return Caller(auth.principal_of(user), user.name, language=user.language)
        caller = cookie_caller(uow, self.cookie)
        if caller is None and self.page:
            raise HTTPException(status_code=303, headers={"Location": "/login"})
        if caller is None:
            raise Unauthenticated("log in, or send an API token as 'Authorization: Bearer …'")
        if self.changes and self.page:
            check_csrf(caller, self.csrf)
        elif self.changes and not _same(self.csrf, caller.csrf_token):
            raise Forbidden(f"a change made with a session cookie needs the {CSRF_HEADER} header")
        return caller


def _same(given: str | None, expected: str | None) -> bool:
    return given is not None and expected is not None and secrets.compare_digest(given, expected)


def cookie_caller(uow: UnitOfWork, cookie: str | None) -> Caller | None:
    """The caller of a browser session cookie, or None when it names no live session."""
    live = auth.session_of(uow, cookie) if cookie else None
    if live is None:
        return None
    return Caller(auth.principal_of(live.user), live.user.name, live.csrf_token, live.user.language)


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


def check_csrf(caller: Caller, submitted: str | None) -> None:
    """Forbidden unless a page's form carries its session's CSRF token."""
    if not submitted or caller.csrf_token is None:
        raise Forbidden("the form has no CSRF token: reload the page and submit it again")
    if not secrets.compare_digest(submitted, caller.csrf_token):
        raise Forbidden("the form's CSRF token is not this session's: reload the page")


class RequestWork:
    """One request's work. ``await work(use_case, *args)`` authenticates the caller and runs
    ``use_case(uow, *args)`` in one worker thread and one unit of work scoped to the caller;
    the shell commits it once when the request may change something."""

    def __init__(
        self, engine: Engine, credentials: Credentials, state: State | None = None
    ) -> None:
        self.engine = engine
        self.credentials = credentials
        self._caller: Caller | None = None
        # A page's request state: the caller is noted there once known (its language).
        self.state = state

    def _known(self, caller: Caller) -> Caller:
        self._caller = caller
        if self.state is not None:
            self.state.caller = caller
        return caller

    @property
    def caller(self) -> Caller:
        """The caller the last ``await work(…)`` authenticated (a page renders its name)."""
        if self._caller is None:
            raise RuntimeError("no caller yet: await work(use_case) first")
        return self._caller

    def form(self, csrf_token: str | None) -> RequestWork:
        """This request's work, given the CSRF token its page form submitted."""
        self.credentials = replace(self.credentials, csrf=csrf_token)
        return self

    async def __call__(
        self,
        use_case: Callable[Concatenate[UnitOfWork, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``use_case(uow, *args)`` in a worker thread, in the request's unit of work; a
        request that may change something (not GET, HEAD, OPTIONS) takes the write lock at
        BEGIN (SQLite) and is committed here when the use case returns."""
        return await run_in_threadpool(self._run, lambda uow: use_case(uow, *args, **kwargs))

    async def who(self) -> Caller:
        """The caller, authenticated in the request's one unit of work (nothing else read)."""
        return await run_in_threadpool(self._run, lambda _: self.caller)

    def _run(self, do: Callable[[UnitOfWork], T]) -> T:
        used: int | None = None
        writes = self.credentials.changes
        try:
            with UnitOfWork(self.engine, write=writes) as uow:
                caller = self._known(self.credentials.caller(uow))
                used = auth.token_use_due(uow)
                uow.restrict(caller.principal, caller.actor.through(self.credentials.channel))
                done = do(uow)
                if writes:
                    uow.commit()
                return done
        finally:
            # After the request's transaction: it may hold SQLite's write lock.
            if used is not None:
                auth.record_token_use(UnitsOfWork(self.engine), used)

    async def owning(
        self,
        use_case: Callable[Concatenate[UnitsOfWork, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``use_case(units, *args)``, a use case that owns its transactions (a plan run),
        in a worker thread: the caller is authenticated in a short unit of work that only
        reads, then the use case gets the caller's units of work with none open."""
        return await run_in_threadpool(
            self._run_owning, lambda units: use_case(units, *args, **kwargs)
        )

    def _run_owning(self, do: Callable[[UnitsOfWork], T]) -> T:
        with UnitOfWork(self.engine) as uow:
            caller = self._known(self.credentials.caller(uow))
            used = auth.token_use_due(uow)
        if used is not None:
            auth.record_token_use(UnitsOfWork(self.engine), used)
        actor = caller.actor.through(self.credentials.channel)
        return do(UnitsOfWork(self.engine, caller.principal, actor))

    async def signing_in(
        self,
        use_case: Callable[Concatenate[UnitsOfWork, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``use_case(units, *args)`` for a caller not yet known (logging in): the use
        case proves who calls itself (a password) and owns its transactions."""
        return await run_in_threadpool(lambda: use_case(UnitsOfWork(self.engine), *args, **kwargs))


def credentials_of(request: Request, token: str | None) -> Credentials:
    """What ``request`` presents: an API token (if given), its session cookie, its CSRF header."""
    return Credentials(
        token=token,
        cookie=session_cookie(request),
        csrf=request.headers.get(CSRF_HEADER),
        changes=request.method not in SAFE_METHODS,
    )


async def request_work(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> RequestWork:
    """The request's work (no store access here: it runs in the event loop)."""
    token = credentials.credentials if credentials is not None else None
    return RequestWork(engine_of(request), credentials_of(request, token))


async def work_of(request: Request) -> RequestWork:
    """The request's work as ``Work`` gives it to a route, for a step that runs outside the
    route's dependencies (the judging of a body its schema refused: ``api/routers/registry``)."""
    return await request_work(request, await bearer(request))


async def page_work(request: Request) -> RequestWork:
    """A page's work: its caller is the session cookie's (no API token); a page without a
    live session redirects to the login page, and a form must carry the session's CSRF
    token (``work.form(token)``)."""
    presented = replace(credentials_of(request, None), csrf=None, page=True)
    return RequestWork(engine_of(request), presented, request.state)


class PublicReading:
    """A read of the public view: ``await work(use_case, *args)`` runs ``use_case(uow, *args)``
    in one worker thread and a unit of work that only reads, carrying ``access.PUBLIC`` (the
    records marked public, nothing else); no credentials are read, nothing is committed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def __call__(
        self,
        use_case: Callable[Concatenate[UnitOfWork, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``use_case(uow, *args)`` for the public."""
        return await run_in_threadpool(self._run, lambda uow: use_case(uow, *args, **kwargs))

    def _run(self, do: Callable[[UnitOfWork], T]) -> T:
        with UnitOfWork(self.engine) as uow:
            uow.restrict(PUBLIC, PUBLIC_ACTOR)
            return do(uow)


def client_address(request: Request) -> str:
    """The client's address (the connection's, or a trusted proxy's X-Forwarded-For)."""
    return request.client.host if request.client else "unknown"


async def public_reading(request: Request) -> PublicReading:
    """The public view's work, once the client's address is within its rate limit."""
    limit: PublicLimit = request.app.state.public_limit
    if limit.shared:  # a count in a file the server's processes share: off the event loop
        await run_in_threadpool(limit.admit, client_address(request))
    else:
        limit.admit(client_address(request))
    return PublicReading(engine_of(request))


Work = Annotated[RequestWork, Depends(request_work)]
PageWork = Annotated[RequestWork, Depends(page_work)]
PublicWork = Annotated[PublicReading, Depends(public_reading)]
