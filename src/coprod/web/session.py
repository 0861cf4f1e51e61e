"""Browser sessions for the pages: log in and out, the current caller, CSRF on forms."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response
from sqlalchemy.orm import Session

from coprod.db.engine import write_session
from coprod.errors import Forbidden
from coprod.http.request import (
    Caller,
    browser_caller,
    cookie_name,
    cookies_secure,
    engine_of,
    session_cookie,
)
from coprod.services.accounts import auth

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


def page_caller(request: Request) -> Caller:
    """The logged-in caller of a page; a redirect to the login page otherwise."""
    caller = browser_caller(request)
    if caller is None:
        raise HTTPException(status_code=303, headers={"Location": "/login"})
    return caller


PageCaller = Annotated[Caller, Depends(page_caller)]


def check_csrf(caller: Caller, submitted: str | None) -> None:
    """Forbidden unless a form carries its session's CSRF token."""
    if not submitted or caller.csrf_token is None:
        raise Forbidden("the form has no CSRF token: reload the page and submit it again")
    if not secrets.compare_digest(submitted, caller.csrf_token):
        raise Forbidden("the form's CSRF token is not this session's: reload the page")


def new_login_token() -> str:
    """A token for the login form, also set as a cookie (double submit)."""
    return secrets.token_urlsafe(24)


def check_login_csrf(request: Request, submitted: str | None) -> None:
    """Forbidden unless the login form's token matches its cookie."""
    expected = request.cookies.get(cookie_name(request, LOGIN_CSRF_COOKIE))
    if not submitted or not expected or not secrets.compare_digest(submitted, expected):
        raise Forbidden("the login form expired: reload the page and log in again")


def log_in(request: Request, user: str, password: str) -> auth.BrowserSession:
    """Check the password (throttled per account and address) and open a new browser
    session; the session of the cookie the browser still sent (if any) ends.

    A plain session, not ``write_session``: a failed attempt is recorded on a connection of
    its own, which must not wait for a write lock this session holds (``auth.authenticate``).
    """
    address = request.client.host if request.client else "unknown"
    with Session(engine_of(request)) as session:
        account = auth.authenticate(session, user, password, address, request.app.state.throttle)
        previous = session_cookie(request)
        if previous:
            auth.close_session(session, previous)
        opened = auth.open_session(session, account)
        session.commit()
    return opened


def log_out(request: Request) -> None:
    """End the browser session of the request's cookie."""
    token = session_cookie(request)
    if token:
        with write_session(engine_of(request)) as session:
            auth.close_session(session, token)
            session.commit()


def change_password(request: Request, caller: Caller, current: str, new: str) -> int:
    """Check the caller's current password and set the new one; the caller's other browser
    sessions end (this one stays). The number of sessions ended."""
    address = request.client.host if request.client else "unknown"
    with Session(engine_of(request)) as session:
        ended = auth.change_password(
            session,
            caller.principal.user,
            current=current,
            new=new,
            address=address,
            throttle=request.app.state.throttle,
            keep_session=session_cookie(request),
        )
        session.commit()
    return ended
