"""The pages' cookies: the session cookie's attributes and the login form's CSRF token (the
caller of a page and its forms' CSRF tokens are the HTTP shell's: ``coprod.http.request``)."""

from __future__ import annotations

import secrets

from fastapi import Request, Response

from coprod.errors import Forbidden
from coprod.http.request import cookie_name, cookies_secure

LOGIN_CSRF_COOKIE = "coprod_login_csrf"


def give_cookie(
    response: Response, request: Request, name: str, value: str, max_age: int | None = None
) -> None:
    """Set the cookie ``name``: HttpOnly, SameSite=Lax, Path=/, and Secure (named
    ``__Host-…``) unless the server runs on loopback only."""
    response.set_cookie(
        cookie_name(request, name),
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=cookies_secure(request),
    )


def forget_cookie(response: Response, request: Request, name: str) -> None:
    """Delete the cookie ``name`` (a browser accepts it for a ``__Host-`` one only when Secure)."""
    response.delete_cookie(
        cookie_name(request, name), httponly=True, samesite="lax", secure=cookies_secure(request)
    )


def new_login_token() -> str:
    """A token for the login form, also set as a cookie (double submit)."""
    return secrets.token_urlsafe(24)


def check_login_csrf(request: Request, submitted: str | None) -> None:
    """Forbidden unless the login form's token matches its cookie."""
    expected = request.cookies.get(cookie_name(request, LOGIN_CSRF_COOKIE))
    if not submitted or not expected or not secrets.compare_digest(submitted, expected):
        raise Forbidden("the login form expired: reload the page and log in again")
