"""The account page: who one is, the language the pages are written in, the password link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from coprod.errors import InvalidInput
from coprod.http.request import PageWork
from coprod.services.accounts import preferences
from coprod.web.language import A_YEAR
from coprod.web.locales import LANGUAGE_COOKIE, LANGUAGES
from coprod.web.rendering import render
from coprod.web.session import forget_cookie, give_cookie

router = APIRouter(include_in_schema=False)
AS_THE_BROWSER_ASKS = ""  # the form's value for "no language of my own"


@router.get("/account", response_class=HTMLResponse)
async def account_page(request: Request, work: PageWork, saved: int = 0) -> Response:
    """The caller's account and its language setting."""
    caller = await work.who()
    return render(request, "account.html", {"caller": caller, "saved": bool(saved)})


@router.post("/account/language")
async def save_language(
    request: Request,
    work: PageWork,
    language: Annotated[str, Form()] = AS_THE_BROWSER_ASKS,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Store the account's language; the header switch's earlier choice gives way to it."""
    if language != AS_THE_BROWSER_ASKS and language not in LANGUAGES:
        raise InvalidInput(f"no language {language!r}: the pages are in {', '.join(LANGUAGES)}")
    chosen = language or None
    await work.form(csrf_token)(preferences.set_language, chosen)
    response = RedirectResponse("/account?saved=1", status_code=303)
    if chosen is None:
        forget_cookie(response, request, LANGUAGE_COOKIE)
    else:
        give_cookie(response, request, LANGUAGE_COOKIE, chosen, max_age=A_YEAR)
    return response
