"""The language switch in the header: remember the reader's choice, go back to the page."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from coprod.errors import NotFound
from coprod.web.locales import ADDRESS_PARAMETER, LANGUAGE_COOKIE, LANGUAGES
from coprod.web.session import give_cookie

router = APIRouter(include_in_schema=False)
A_YEAR = 365 * 24 * 3600


def local_path(target: str) -> str:
    """``target`` when it is a path on this server, else the dashboard (no open redirect)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    if any(ch in target for ch in "\\\r\n\t") or not target.isprintable():
        return "/"
    return target


def without_language(target: str) -> str:
    """``target`` less its ``lang`` parameter, so the page comes back in the language chosen."""
    parts = urlsplit(target)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if name != ADDRESS_PARAMETER]
    if len(kept) == len(pairs):
        return target
    query = f"?{urlencode(kept)}" if kept else ""
    return parts.path + query + (f"#{parts.fragment}" if parts.fragment else "")


@router.get("/language/{code}")
def choose_language(request: Request, code: str, next: str = "/") -> Response:
    """Serve the pages in ``code`` from now on (a cookie), and go back to ``next``."""
    if code not in LANGUAGES:
        raise NotFound(f"no language {code!r}: the pages are in {', '.join(LANGUAGES)}")
    response = RedirectResponse(without_language(local_path(next)), status_code=303)
    give_cookie(response, request, LANGUAGE_COOKIE, code, max_age=A_YEAR)
    return response
