"""Mount the pages on the application: templates, static files and the page routes."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from coprod.config import Settings
from coprod.web import (
    account_pages,
    actions,
    alert_pages,
    history_pages,
    language,
    pages,
    planner_pages,
    public_pages,
    record_forms,
    review_pages,
    tracking_pages,
)
from coprod.web.history_pages import channel_words
from coprod.web.refusals import said_where
from coprod.web.rendering import make_templates, reader_of


def install_pages(app: FastAPI, settings: Settings) -> None:
    """Add the pages, their templates and their static files (all served by the app)."""
    app.state.templates = make_templates()
    # The language an error page is written in (http/errors.py), told in its Content-Language
    # as every page's is.
    app.state.page_language = lambda request: reader_of(request).language
    # Through what a change of the API's change feed was made, in the reader's language
    # (api/routers/changes.py): the history page's words, which live with the pages.
    app.state.channel_words = lambda request, through: channel_words(through, reader_of(request))
    # Each problem of a refusal in the reader's language (http/errors.py), as the pages say it.
    app.state.refusal_words = lambda request, error: said_where(error, reader_of(request))
    static = resources.files("coprod.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(record_forms.router)  # /records/<kind>/new before .../<key>
    app.include_router(pages.router)
    app.include_router(actions.router)
    app.include_router(account_pages.router)
    app.include_router(planner_pages.router)
    app.include_router(review_pages.router)
    app.include_router(language.router)
    app.include_router(history_pages.router)
    app.include_router(public_pages.router)
    app.include_router(tracking_pages.router)
    app.include_router(alert_pages.router)
