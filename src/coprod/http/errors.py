"""The one place where errors become HTTP answers, as JSON for the API and HTML for pages."""

from __future__ import annotations

from collections.abc import Sequence
from logging import WARNING
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException

from coprod.errors import Conflict, CoprodError, InvalidInput, NotFound
from coprod.http.request import SAFE_METHODS
from coprod.services.accounts.security_log import security_event
from coprod.services.records import coded_problem


class PreconditionRequiredError(CoprodError):
    """A change sent without If-Match: the caller must say which version it changes."""

    http_status = 428


class MethodNotAllowed(CoprodError):
    """A method the address does not answer (its Allow header lists those it does)."""

    http_status = 405


class RequestRefused(CoprodError):
    """Any other refusal of the framework itself (a body it could not parse…)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.http_status = status


def framework_error(request: Request, exc: HTTPException) -> CoprodError:
    """The CoprodError for an answer the framework gives by itself (no route, wrong method)."""
    where = f"{request.method} {request.url.path}"
    if exc.status_code == 404:
        return NotFound(f"no such address: {where}")
    if exc.status_code == 405:
        return MethodNotAllowed(f"the method is not allowed here: {where}")
    return RequestRefused(str(exc.detail), exc.status_code)


class ProblemOut(BaseModel):
    """One problem of a refusal (a refused record's field, an import's refused record): its
    English line, its stable code (none for a problem without one), the field, what its
    sentence names, and that sentence in the reader's language (``said``: Accept-Language or
    the language cookie, as the pages choose)."""

    detail: str
    code: str | None = None
    field: str | None = None
    params: dict[str, str] = {}
    said: str | None = None


class ErrorOut(BaseModel):
    """The body of every error answer: ``code`` only for a refusal that has a stable one
    (``agreement.step``, ``rule.need.never_over_ordered``…: what the pages translate by);
    ``problems`` for a refusal of records, each of their problems (``CoprodError.each``)."""

    error: str
    detail: str
    code: str | None = None
    problems: list[ProblemOut] | None = None


def _problems(request: Request, exc: CoprodError) -> list[ProblemOut] | None:
    """Each problem of ``exc``, said in the reader's language when the pages are installed
    (``web/install.py``: the API does not import the pages)."""
    if not exc.problems:
        return None
    words = getattr(request.app.state, "refusal_words", None)
    return [
        ProblemOut(
            detail=one.message,
            code=one.code,
            field=one.field,
            params=one.params,
            said=None if words is None else words(request, one),
        )
        for one in exc.problems
    ]


def _described(status: int, text: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": text}


AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _described(401, "not logged in: no or an unknown token or session"),
    403: _described(403, "the account's role may not do this"),
}
QUERY_ERRORS: dict[int | str, dict[str, Any]] = {
    **AUTH_ERRORS,
    422: _described(422, "a parameter or the body is malformed or breaks a rule"),
}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    **QUERY_ERRORS,
    404: _described(404, "no such record, or one the caller may not see"),
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS,
    409: _described(409, "the key is taken, or the change contradicts the stored state"),
}
VERSIONED_ERRORS: dict[int | str, dict[str, Any]] = {
    **WRITE_ERRORS,
    412: _described(412, "If-Match names a version that is no longer the stored one"),
    428: _described(428, "If-Match is missing"),
}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get(
        "accept", ""
    )


def error_response(request: Request, exc: CoprodError) -> Response:
    """The answer for a CoprodError: its status, and a JSON body or an HTML page."""
    if _wants_html(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            page: Response = templates.TemplateResponse(
                request,
                "error.html",
                {
                    "status": exc.http_status,
                    "kind": type(exc).__name__,
                    "message": exc.message,
                    "error": exc,
                },
                status_code=exc.http_status,
            )
            language_of = getattr(request.app.state, "page_language", None)
            if language_of is not None:  # the pages' reader (web/install.py), as every page
                page.headers["Content-Language"] = language_of(request)
            return page
        return HTMLResponse(f"<p>{exc.message}</p>", status_code=exc.http_status)
    body = ErrorOut(
        error=type(exc).__name__, detail=str(exc), code=exc.code, problems=_problems(request, exc)
    )
    return JSONResponse(body.model_dump(exclude_none=True), status_code=exc.http_status)


def malformed_detail(exc: RequestValidationError) -> str:
    """The English of FastAPI's refusal of a request's parameters or body: where each
    problem is (``body.quantity``) and what is wrong, one after the other."""
    return _joined(_malformed_lines(exc))


def _joined(lines: list[str]) -> str:
    return "; ".join(lines) or "malformed request"


def _malformed_lines(exc: RequestValidationError) -> list[str]:
    return [
        f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()
    ]


def malformed(exc: RequestValidationError) -> InvalidInput:
    """FastAPI's refusal of a request as coprod's: the English of every problem
    (``malformed_detail``) and each problem coded as a record's are (``format.whole_number``
    of ``limit``…: ``records.coded_problem``), its field the dotted path in the body
    (``needs.0.quantity``) or the parameter's name (``limit``), with where in the request it
    is (``_request_part``)."""
    lines = _malformed_lines(exc)
    problems = [_request_problem(e, line) for e, line in zip(exc.errors(), lines, strict=True)]
    return InvalidInput(_joined(lines), problems=problems)


def _request_problem(error: Any, line: str) -> InvalidInput:
    """One problem of a malformed request: coded as a record's field when it is about one;
    a body that is no JSON (its ``loc`` holds a character's position) or none at all is
    about no field."""
    part = _request_part(error["loc"])
    field = error["loc"][1:]
    if error["type"] == "json_invalid" or not field:
        return InvalidInput(line, params=part)
    return coded_problem({**error, "loc": field}, line, part)


REQUEST_PARTS = {
    "body": "request body",
    "query": "query parameters",
    "path": "address",
    "header": "headers",
    "cookie": "cookies",
}


def _request_part(loc: Sequence[Any]) -> dict[str, str]:
    """Where in the request a malformed value is (``where_request``: ``body``, ``query``…,
    which the pages say in the reader's language; ``where`` the English)."""
    part = str(loc[0]) if loc else "body"
    return {"where": REQUEST_PARTS.get(part, part), "where_request": part}


REFUSALS = frozenset({401, 403, 429})
TOO_DEEP = (
    "the request body is nested too deeply to be read (lists or objects inside one another "
    "hundreds of levels deep): send a flatter document"
)


def install_error_handlers(app: FastAPI) -> None:
    """Map every CoprodError raised by a route or dependency to its answer."""

    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, CoprodError)
        if exc.http_status in REFUSALS:  # unauthenticated, forbidden, throttled
            security_event(
                "request.refused",
                level=WARNING,
                status=exc.http_status,
                method=request.method,
                path=request.url.path,
                address=request.client.host if request.client else None,
                detail=str(exc),
            )
        return error_response(request, exc)

    async def integrity(request: Request, exc: Exception) -> Response:
        # The store refused the change (a record still referenced, a duplicate): a conflict.
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        return error_response(request, Conflict(f"the store refused the change: {reason}"))

    async def refused(request: Request, exc: Exception) -> Response:
        # FastAPI's own validation answers in the same shape as every other error.
        assert isinstance(exc, RequestValidationError)
        return error_response(request, malformed(exc))

    async def too_deep(request: Request, exc: Exception) -> Response:
        # Python's json and what walks a parsed body recurse once per level: a body nested
        # deeper than the interpreter's recursion limit is the client's error, not a crash.
        # A request without a body has no such excuse: its RecursionError stays a 500.
        if request.method in SAFE_METHODS:
            raise exc
        return error_response(request, InvalidInput(TOO_DEEP))

    async def http_error(request: Request, exc: Exception) -> Response:
        # FastAPI answers a body it could not parse with a bare 400 ("There was an error
        # parsing the body"); one too deep for the JSON parser gets the clear message instead.
        # Unknown addresses and methods answer in coprod's shape too, with the framework's
        # headers (Allow on a 405).
        assert isinstance(exc, HTTPException)
        if isinstance(exc.__cause__, RecursionError):
            return await too_deep(request, exc.__cause__)
        if exc.status_code < 400:  # the login redirect of pages (web/session.py)
            return await http_exception_handler(request, exc)
        response = error_response(request, framework_error(request, exc))
        response.headers.update(exc.headers or {})
        return response

    app.add_exception_handler(CoprodError, handle)
    app.add_exception_handler(RecursionError, too_deep)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(IntegrityError, integrity)
    app.add_exception_handler(RequestValidationError, refused)
