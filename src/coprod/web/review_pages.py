"""The review queue (ministry and admin) and articles with their evidence highlighted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.http.request import engine_of
from coprod.services.facts import fact_review
from coprod.web.pages import PageWork
from coprod.web.rendering import render
from coprod.web.session import PageCaller, check_csrf

router = APIRouter(include_in_schema=False)


def highlighted(text: str, start: int, end: int) -> Markup:
    """The article with the span [start, end) marked (escaped; the mark is the only markup)."""
    if not 0 <= start < end <= len(text):
        return Markup(escape(text))
    return Markup(
        f'{escape(text[:start])}<mark id="evidence">{escape(text[start:end])}</mark>'
        f"{escape(text[end:])}"
    )


@router.get("/documents/{key}", response_class=HTMLResponse)
def document_page(
    request: Request, caller: PageCaller, uow: PageWork, key: str, *, start: int = 0, end: int = 0
) -> Response:
    """A source document's text with an evidence span highlighted."""
    record = uow.source_documents.get_by_key(key)
    text = fact_review.article(uow, key)
    context = {"caller": caller, "document": record, "text": highlighted(text, start, end)}
    return render(request, "document.html", context)


@router.get("/review", response_class=HTMLResponse)
def queue_page(
    request: Request, caller: PageCaller, uow: PageWork, state: str = "unverified"
) -> Response:
    """The proposals waiting for review (or in another state)."""
    found, total = fact_review.queue(uow, caller.principal, state=state or None, limit=200)
    context = {"caller": caller, "proposals": found, "total": total, "state": state}
    return render(request, "review.html", context)


@router.get("/review/{key}", response_class=HTMLResponse)
def proposal_page(request: Request, caller: PageCaller, uow: PageWork, key: str) -> Response:
    """One proposal: its fields and each evidence sentence highlighted in its article."""
    view = fact_review.proposal(uow, caller.principal, key)
    articles = [
        (e, highlighted(fact_review.article(uow, e.document), e.start, e.end))
        for e in view.evidence
    ]
    return render(request, "proposal.html", {"caller": caller, "p": view, "articles": articles})


@router.post("/review/{key}/accept")
def accept(
    request: Request,
    caller: PageCaller,
    key: str,
    csrf_token: Annotated[str, Form()] = "",
    record_key: Annotated[str, Form()] = "",
) -> Response:
    """Accept the proposal; show the record it became."""
    check_csrf(caller, csrf_token)
    with UnitOfWork(
        engine_of(request), access=caller.principal, actor=caller.actor, write=True
    ) as uow:
        done = fact_review.accept(uow, caller.principal, caller.actor, key, record_key or None)
        uow.commit()
    if done.record_kind and done.record_key:
        plural = kinds.BY_NAME[done.record_kind].plural  # a record kind is the kind's name
        return RedirectResponse(f"/records/{plural}/{done.record_key}", status_code=303)
    return RedirectResponse(f"/review/{key}", status_code=303)


@router.post("/review/{key}/reject")
def reject(
    request: Request,
    caller: PageCaller,
    key: str,
    csrf_token: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Reject the proposal with the reviewer's reason."""
    check_csrf(caller, csrf_token)
    with UnitOfWork(
        engine_of(request), access=caller.principal, actor=caller.actor, write=True
    ) as uow:
        fact_review.reject(uow, caller.principal, caller.actor, key, reason or None)
        uow.commit()
    return RedirectResponse("/review", status_code=303)
