"""The review queue (ministry and admin) and articles with their evidence highlighted."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from coprod.domain import kinds
from coprod.http.request import PageWork
from coprod.services.facts import fact_review
from coprod.web.rendering import render

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
async def document_page(
    request: Request, work: PageWork, key: str, *, start: int = 0, end: int = 0
) -> Response:
    """A source document's text with an evidence span highlighted."""
    record, text = await work(fact_review.document, key)
    context = {"caller": work.caller, "document": record, "text": highlighted(text, start, end)}
    return render(request, "document.html", context)


@router.get("/review", response_class=HTMLResponse)
async def queue_page(request: Request, work: PageWork, state: str = "unverified") -> Response:
    """The proposals waiting for review (or in another state)."""
    found, total = await work(fact_review.queue, state=state or None, limit=200)
    context = {"caller": work.caller, "proposals": found, "total": total, "state": state}
    return render(request, "review.html", context)


@router.get("/review/{key}", response_class=HTMLResponse)
async def proposal_page(request: Request, work: PageWork, key: str) -> Response:
    """One proposal: its fields and each evidence sentence highlighted in its article."""
    view, texts = await work(fact_review.proposal_with_articles, key)
    articles = [
        (e, highlighted(text, e.start, e.end)) for e, text in zip(view.evidence, texts, strict=True)
    ]
    return render(
        request, "proposal.html", {"caller": work.caller, "p": view, "articles": articles}
    )


@router.post("/review/{key}/accept")
async def accept(
    work: PageWork,
    key: str,
    csrf_token: Annotated[str, Form()] = "",
    record_key: Annotated[str, Form()] = "",
) -> Response:
    """Accept the proposal; show the record it became."""
    done = await work.form(csrf_token)(fact_review.accept, key, record_key or None)
    if done.record_kind and done.record_key:
        plural = kinds.BY_NAME[done.record_kind].plural  # a record kind is the kind's name
        return RedirectResponse(f"/records/{plural}/{done.record_key}", status_code=303)
    return RedirectResponse(f"/review/{key}", status_code=303)


@router.post("/review/{key}/reject")
async def reject(
    work: PageWork,
    key: str,
    csrf_token: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Reject the proposal with the reviewer's reason."""
    await work.form(csrf_token)(fact_review.reject, key, reason or None)
    return RedirectResponse("/review", status_code=303)
