"""The pages: login, dashboard, list / detail / edit per kind of record, agreement timeline.

Each page parses its request, calls one use case through the HTTP shell (``PageWork``: one
worker thread and one unit of work per page, scoped to the logged-in caller, the same use
cases as the API's) and renders; so what a page shows is exactly what the account may see.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import NotFound
from coprod.http.request import SESSION_COOKIE, PageWork, session_cookie
from coprod.services import alerts, public
from coprod.services.accounts import sign_in
from coprod.services.records import to_record
from coprod.services.registry import editing, search
from coprod.services.registry.actions import Action
from coprod.services.registry.timeline import agreement_steps
from coprod.web import alerts_view, finding
from coprod.web.actions import DONE as ACTION_DONE
from coprod.web.actions import TITLES as ACTION_TITLES
from coprod.web.alert_pages import record_href
from coprod.web.dashboard import build_dashboard
from coprod.web.forms import form_fields
from coprod.web.public_pages import DONE as PUBLIC_DONE
from coprod.web.public_pages import public_address
from coprod.web.refusals import refusal
from coprod.web.rendering import reader_of, render
from coprod.web.session import (
    LOGIN_CSRF_COOKIE,
    check_login_csrf,
    forget_cookie,
    give_cookie,
    new_login_token,
)

router = APIRouter(include_in_schema=False)
LIST_PAGE = 50


def _kind(plural: str) -> Kind[Any]:
    kind = kinds.BY_PLURAL.get(plural)
    if kind is None:
        raise NotFound(f"no kind of record called {plural!r}")
    return kind


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    """The login form."""
    token = new_login_token()
    response = render(request, "login.html", {"login_csrf": token, "caller": None})
    give_cookie(response, request, LOGIN_CSRF_COOKIE, token)
    return response


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/login")
async def login(
    request: Request,
    work: PageWork,
    user: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the password and open a session (HttpOnly, SameSite=Lax cookie)."""
    check_login_csrf(request, csrf_token)
    opened = await work.signing_in(
        sign_in.log_in,
        user,
        password,
        address=_address(request),
        throttle=request.app.state.throttle,
        previous=session_cookie(request),
    )
    response = RedirectResponse("/", status_code=303)
    give_cookie(response, request, SESSION_COOKIE, opened.token, max_age=12 * 3600)
    forget_cookie(response, request, LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
async def logout(
    request: Request, work: PageWork, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    """End the session."""
    await work.form(csrf_token)(sign_in.log_out, session_cookie(request))
    response = RedirectResponse("/login", status_code=303)
    forget_cookie(response, request, SESSION_COOKIE)
    return response


@router.get("/account/password", response_class=HTMLResponse)
async def password_page(request: Request, work: PageWork, ended: int | None = None) -> Response:
    """The form to change one's own password."""
    return render(request, "password.html", {"caller": await work.who(), "ended": ended})


@router.post("/account/password")
async def password_change(
    request: Request,
    work: PageWork,
    *,
    current: Annotated[str, Form()],
    new: Annotated[str, Form()],
    confirm: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Change one's own password: the current one, the new one twice; other sessions end."""
    ended = await work.form(csrf_token).owning(
        sign_in.change_password,
        current,
        new,
        confirm,
        address=_address(request),
        throttle=request.app.state.throttle,
        keep_session=session_cookie(request),
    )
    return RedirectResponse(f"/account/password?ended={ended}", status_code=303)


@router.get("/", response_class=HTMLResponse)
async def dashboard(request: Request, work: PageWork, currency: str = "EUR") -> Response:
    """Agreements, funding, coverage and production, as far as the account may see, money in
    the reporting ``currency`` (``/?currency=GBP``); the first alerts on what it may see
    first, with their counts per kind (``/alerts`` lists them all)."""
    today = datetime.now(UTC).date()
    view, found = await work(alerts.dashboard, today=today, currency=currency)
    reader = reader_of(request)
    board = build_dashboard(view, reader)
    context = {
        "caller": work.caller,
        "board": board,
        "alerts": found,
        "rows": alerts_view.rows(found.alerts, reader, record_href),
        "kind_counts": alerts_view.counts(found, reader),
    }
    return render(request, "dashboard.html", context)


def _listing(
    uow: Any, kind: Kind[Any], request: Request, *, page: str, sort: str, q: str
) -> tuple[finding.Asked, editing.Listing]:
    """What the list's address asks for, its dates read in the reader's language (known once
    the caller is: an account may choose it), and the page of records that answers it."""
    locale = reader_of(request).locale
    given = finding.countries_read(kind, request.query_params.multi_items())
    params = finding.days_read(given, locale)
    asked = finding.Asked.of(kind, params, page=page, sort=sort, q=q)
    found = editing.list_records(
        uow,
        kind,
        [f"{name}:{value}" for name, value in asked.applied.items()],
        q=asked.q,
        sort=asked.sort,
        limit=LIST_PAGE,
        offset=(asked.page - 1) * LIST_PAGE,
    )
    return asked, found


@router.get("/records/{plural}", response_class=HTMLResponse)
async def list_page(
    request: Request,
    work: PageWork,
    plural: str,
    *,
    page: str = "1",
    sort: str = "",
    q: str = "",
) -> Response:
    """One page of records of a kind, searched (``q``) and filtered as the address says; a
    value the list cannot take is left out and said beside its field (422), the rest kept."""
    kind = _kind(plural)
    asked, found = await work(_listing, kind, request, page=page, sort=sort, q=q)
    total = found.total
    reader = reader_of(request)
    errors = {name: refusal(error, reader) for name, error in asked.refused.items()}
    context = {
        "caller": work.caller,
        "kind": kind,
        "rows": [to_record(item) for item, _ in found.items],
        "columns": [f.name for f in form_fields(kind.entity)][:6],
        "page": asked.page,
        "pages": max((total + LIST_PAGE - 1) // LIST_PAGE, 1),
        "total": total,
        "sort": asked.sort,
        "q": q,
        "filters": asked.filters,
        "panel": finding.panel(kind, asked.filters, reader, errors),
        "asked": finding.address(asked.q, asked.applied),
        "errors": errors,
    }
    return render(request, "list.html", context, 422 if errors else 200)


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request, work: PageWork, q: Annotated[str, Query(max_length=200)] = ""
) -> Response:
    """Every kind of record the caller may see whose key, name or aliases match ``q``,
    grouped by kind, the first few of each."""
    groups = await work(search.search, q)
    context = {"caller": work.caller, "q": q, "groups": groups}
    return render(request, "search.html", context)


@router.get("/records/{plural}/{key}", response_class=HTMLResponse)
async def detail_page(
    request: Request, work: PageWork, plural: str, key: str, done: str = ""
) -> Response:
    """One record, every field, the records that name it and the actions the caller may
    take on it now."""
    kind = _kind(plural)
    page = await work(public.record_page, kind, key)
    subject = page.subject
    caller = work.caller
    context = {
        "caller": caller,
        "kind": kind,
        "record": to_record(subject.record),
        "names": page.names,
        "version": subject.version,
        "related": page.related,
        "actions": [(a.value, ACTION_TITLES[a]) for a in subject.actions],
        "done": ACTION_DONE.get(Action(done)) if done in set(Action) else PUBLIC_DONE.get(done),
        "followed": page.followed,
        "public_mark": page.mark,
        "may_publish": public.may_publish(caller.principal, kind),
        "public_address": public_address(request, plural, key),
    }
    return render(request, "detail.html", context)


@router.get("/agreements/{key}/timeline", response_class=HTMLResponse)
async def timeline_page(request: Request, work: PageWork, key: str) -> Response:
    """An agreement's lifecycle steps in order, with links to the evidence."""
    agreement, steps = await work(agreement_steps, key)
    context = {"caller": work.caller, "agreement": agreement, "steps": steps}
    return render(request, "timeline.html", context)
