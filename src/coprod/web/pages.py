"""The pages: login, dashboard, list / detail / edit per kind of record, agreement timeline.

Pages read and write through the same scoped unit of work and services as the API, so what a
page shows is exactly what the account may see.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.bounds import DIGITS, PAGE
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput, NotFound
from coprod.http.request import SESSION_COOKIE, Caller, engine_of
from coprod.services import registry
from coprod.services.records import to_entity, to_record
from coprod.web.dashboard import build_dashboard
from coprod.web.forms import form_fields, record_from_form
from coprod.web.rendering import reader_of, render
from coprod.web.session import (
    LOGIN_CSRF_COOKIE,
    PageCaller,
    change_password,
    check_csrf,
    check_login_csrf,
    forget_cookie,
    give_cookie,
    log_in,
    log_out,
    new_login_token,
)

router = APIRouter(include_in_schema=False)
LIST_PAGE = 50


def page_work(request: Request, caller: PageCaller) -> Iterator[UnitOfWork]:
    """The caller's scoped unit of work for one page."""
    with UnitOfWork(engine_of(request), access=caller.principal, actor=caller.actor) as uow:
        yield uow


PageWork = Annotated[UnitOfWork, Depends(page_work)]


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


@router.post("/login")
def login(
    request: Request,
    user: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the password and open a session (HttpOnly, SameSite=Lax cookie)."""
    check_login_csrf(request, csrf_token)
    opened = log_in(request, user, password)
    response = RedirectResponse("/", status_code=303)
    give_cookie(response, request, SESSION_COOKIE, opened.token, max_age=12 * 3600)
    forget_cookie(response, request, LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(
    request: Request, caller: PageCaller, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    """End the session."""
    check_csrf(caller, csrf_token)
    log_out(request)
    response = RedirectResponse("/login", status_code=303)
    forget_cookie(response, request, SESSION_COOKIE)
    return response


@router.get("/account/password", response_class=HTMLResponse)
def password_page(request: Request, caller: PageCaller, ended: int | None = None) -> Response:
    """The form to change one's own password."""
    return render(request, "password.html", {"caller": caller, "ended": ended})


@router.post("/account/password")
def password_change(
    request: Request,
    caller: PageCaller,
    *,
    current: Annotated[str, Form()],
    new: Annotated[str, Form()],
    confirm: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Change one's own password: the current one, the new one twice; other sessions end."""
    check_csrf(caller, csrf_token)
    if new != confirm:
        raise InvalidInput("the new password and its confirmation differ: type them again")
    ended = change_password(request, caller, current, new)
    return RedirectResponse(f"/account/password?ended={ended}", status_code=303)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, caller: PageCaller, uow: PageWork) -> Response:
    """Agreements, funding, coverage and production, as far as the account may see."""
    board = build_dashboard(uow, reader_of(request))
    return render(request, "dashboard.html", {"caller": caller, "board": board})


@router.get("/records/{plural}", response_class=HTMLResponse)
def list_page(
    request: Request,
    caller: PageCaller,
    uow: PageWork,
    plural: str,
    *,
    page: Annotated[int, Query(le=int(PAGE.high))] = 1,
    sort: str = "key",
) -> Response:
    """One page of records of a kind."""
    kind = _kind(plural)
    repository = uow.records(kind)
    page = max(page, 1)
    items = repository.list_(sort=sort, limit=LIST_PAGE, offset=(page - 1) * LIST_PAGE)
    total = repository.count()
    context = {
        "caller": caller,
        "kind": kind,
        "rows": [to_record(item) for item in items],
        "columns": [f.name for f in form_fields(kind.entity, None)][:6],
        "page": page,
        "pages": max((total + LIST_PAGE - 1) // LIST_PAGE, 1),
        "total": total,
        "sort": sort,
    }
    return render(request, "list.html", context)


@router.get("/records/{plural}/new", response_class=HTMLResponse)
def new_page(request: Request, caller: PageCaller, plural: str) -> Response:
    """An empty form for a new record."""
    kind = _kind(plural)
    context = {
        "caller": caller,
        "kind": kind,
        "fields": form_fields(kind.entity, None),
        "key": None,
    }
    return render(request, "form.html", context)


@router.post("/records/{plural}/new")
async def create_from_form(request: Request, caller: PageCaller, plural: str) -> Response:
    """Create the record the form describes."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_create, engine_of(request), caller, plural, form)


def _create(engine: Engine, caller: Caller, plural: str, form: dict[str, str]) -> Response:
    # In a worker thread: the unit of work may wait up to the busy timeout for the write lock.
    kind = _kind(plural)
    check_csrf(caller, form.get("csrf_token"))
    entity = to_entity(kind.entity, record_from_form(kind.entity, form), f"new {plural}")
    with UnitOfWork(engine, access=caller.principal, actor=caller.actor, write=True) as uow:
        registry.register(uow, entity)
        uow.commit()
    return RedirectResponse(f"/records/{plural}/{entity.key}", status_code=303)


@router.get("/records/{plural}/{key}", response_class=HTMLResponse)
def detail_page(
    request: Request, caller: PageCaller, uow: PageWork, plural: str, key: str
) -> Response:
    """One record, every field."""
    kind = _kind(plural)
    repository = uow.records(kind)
    record = to_record(repository.get_by_key(key))
    context = {
        "caller": caller,
        "kind": kind,
        "record": record,
        "version": repository.version_of(key),
    }
    return render(request, "detail.html", context)


@router.get("/records/{plural}/{key}/edit", response_class=HTMLResponse)
def edit_page(
    request: Request, caller: PageCaller, uow: PageWork, plural: str, key: str
) -> Response:
    """The form to change a record, with the version it was read at."""
    kind = _kind(plural)
    repository = uow.records(kind)
    entity = repository.get_by_key(key)
    context = {
        "caller": caller,
        "kind": kind,
        "fields": form_fields(kind.entity, entity),
        "key": key,
        "version": repository.version_of(key),
    }
    return render(request, "form.html", context)


@router.post("/records/{plural}/{key}/edit")
async def update_from_form(request: Request, caller: PageCaller, plural: str, key: str) -> Response:
    """Save the form; a record changed since the form was read is refused (412), not lost."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    return await run_in_threadpool(_update, engine_of(request), caller, plural, key, form)


def _update(
    engine: Engine, caller: Caller, plural: str, key: str, form: dict[str, str]
) -> Response:
    # In a worker thread: the unit of work may wait up to the busy timeout for the write lock.
    kind = _kind(plural)
    check_csrf(caller, form.get("csrf_token"))
    version = form.get("version", "")
    if not DIGITS.fullmatch(version):
        raise InvalidInput("the form lost the version it was read at: reload it")
    entity = to_entity(
        kind.entity, {**record_from_form(kind.entity, form), "key": key}, f"{plural} {key!r}"
    )
    with UnitOfWork(engine, access=caller.principal, actor=caller.actor, write=True) as uow:
        uow.records(kind).get_by_key(key)
        registry.update(uow, entity, expected_version=int(version))
        uow.commit()
    return RedirectResponse(f"/records/{plural}/{key}", status_code=303)


@router.get("/agreements/{key}/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, caller: PageCaller, uow: PageWork, key: str) -> Response:
    """An agreement's lifecycle steps in order, with links to the evidence."""
    agreement = uow.agreements.get_by_key(key)
    steps = sorted(agreement.history, key=lambda step: (step.on is None, step.on))
    context = {"caller": caller, "agreement": agreement, "steps": steps}
    return render(request, "timeline.html", context)
