"""The application factory: ``create_app(settings)`` builds the API and the pages on one app."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from coprod import __version__
from coprod.api.docs_page import install_docs
from coprod.api.routers import (
    account,
    alerts,
    audit,
    changes,
    facts,
    imports,
    ledger,
    plans,
    public,
    registry,
    tracking,
)
from coprod.config import Settings
from coprod.db.engine import make_engine
from coprod.http.admission import Admission
from coprod.http.errors import install_error_handlers
from coprod.http.headers import SecurityHeaders
from coprod.http.public_limit import public_limit
from coprod.services.accounts.auth import LoginThrottle
from coprod.services.accounts.security_log import send_security_log_to_stderr
from coprod.web.install import install_pages

DESCRIPTION = (
    "The registry, plans and audit trail of the joint defence-production mechanism. "
    "Authenticate with `Authorization: Bearer <token>` (`coprod users token USER`) or a "
    "browser session (changes then need the `X-CSRF-Token` header). Every answer is limited "
    "to what the account's organisation and role may see: another organisation's record "
    "answers 404 like a missing one."
)


YOUNG_GC_THRESHOLD = 5_000


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    """At start-up, move everything made so far (the modules, the routes, the schemas: some
    180 000 objects) out of the garbage collector's reach. Without it, each full collection
    walks them all and stops every request for ~150 ms, once every few hundred requests.
    Young collections run every 5 000 new objects instead of 700: a request makes a few
    thousand, nearly all freed as it ends, so the collector stops 20 times less often."""
    gc.collect()  # what is already garbage is freed, not frozen
    gc.freeze()
    gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])
    yield


def create_app(settings: Settings, *, engine: Engine | None = None) -> FastAPI:
    """The coprod web application over the store ``settings`` names (or ``engine``)."""
    # Swagger UI from the installed package, no CDN; ReDoc (CDN-only) is left out.
    app = FastAPI(
        title="coprod",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    bind(app, settings, engine=engine)
    install_error_handlers(app)
    app.add_middleware(Admission)
    app.add_middleware(SecurityHeaders)  # outermost: every answer, the refusals included
    app.include_router(account.router)
    app.include_router(registry.registry_router())
    app.include_router(imports.router)
    app.include_router(plans.router)
    app.include_router(facts.router)
    app.include_router(audit.router)
    app.include_router(changes.router)
    app.include_router(tracking.router)
    app.include_router(ledger.router)
    app.include_router(public.router)
    app.include_router(alerts.router)
    install_docs(app)
    install_pages(app, settings)
    return app


def bind(app: FastAPI, settings: Settings, *, engine: Engine | None = None) -> FastAPI:
    """Point ``app`` at the store ``settings`` names (or ``engine``), with its own login
    throttle, public limit and admission gate: everything of an app that is not its routes.
    The tests bind one app per process to each test's store instead of building the routes
    again (docs/testing.md)."""
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url)
    app.state.throttle = LoginThrottle()
    app.state.public_limit = public_limit(settings.public_limit_file)
    app.middleware_stack = None  # the middleware (the admission gate) made anew on first use
    return app


def app_from_env() -> FastAPI:
    """The application of ``Settings.from_env()``: what each ``coprod serve --workers N``
    process builds."""
    send_security_log_to_stderr()  # each worker process shows its own security events
    return create_app(Settings.from_env())
