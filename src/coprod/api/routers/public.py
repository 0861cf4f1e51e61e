"""The public view of the API: the records marked public, readable without an account
(read-only, rate-limited per client address), and the routes with which their owners mark
and withdraw them (``PUT`` / ``DELETE /api/<kind>/<key>/public``)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from coprod.api.routers.changes import (
    ATOM_RESPONSE,
    Limit,
    Since,
    atom_response,
    page_out,
    wants_atom,
)
from coprod.api.schemas import ChangePageOut
from coprod.domain import kinds
from coprod.domain.bounds import PAGE
from coprod.domain.kinds import Kind
from coprod.errors import NotFound
from coprod.http.errors import QUERY_ERRORS, READ_ERRORS, WRITE_ERRORS
from coprod.http.request import PublicWork, Work
from coprod.services import public
from coprod.services.audit import changes as feed

router = APIRouter(prefix="/api", tags=["public view"])
PUBLIC_ERRORS: dict[int | str, dict[str, Any]] = {
    404: READ_ERRORS[404],
    422: QUERY_ERRORS[422],
    429: {"description": "too many requests from this address: wait and try again"},
}
LIST_LIMIT = 100


def _kind(plural: str) -> Kind[Any]:
    kind = kinds.BY_PLURAL.get(plural)
    if kind is None:
        raise NotFound(f"no kind of record called {plural!r}")
    return kind


def _mark(mark: public.Mark | None, plural: str, key: str) -> dict[str, Any]:
    if mark is None:
        return {"kind": plural, "key": key, "public": False}
    return {
        "kind": plural,
        "key": key,
        "public": True,
        "published_at": mark.published_at,
        "published_by": mark.published_by,
        "url": f"/public/{plural}/{key}",
    }


@router.get("/public", responses=PUBLIC_ERRORS, operation_id="public_index")
async def public_index(work: PublicWork) -> dict[str, list[dict[str, str]]]:
    """Every public record (key and title), per kind; no account needed."""
    found = await work(public.index)
    return {plural: [{"key": k, "title": t} for k, t in rows] for plural, rows in found.items()}


@router.get(
    "/public/changes",
    response_model=ChangePageOut,
    responses={**PUBLIC_ERRORS, **ATOM_RESPONSE},
    operation_id="public_changes",
)
async def public_changes(
    request: Request, work: PublicWork, since: Since = None, limit: Limit = feed.DEFAULT_LIMIT
) -> ChangePageOut | Response:
    """The change feed of the public records (Accept: application/atom+xml: Atom)."""
    page = await work(feed.changes, since, limit)
    return _atom(request, page) if wants_atom(request) else page_out(page)


@router.get(
    "/public/changes.atom",
    response_class=Response,
    responses={**PUBLIC_ERRORS, **ATOM_RESPONSE},
    operation_id="public_changes_atom",
)
async def public_changes_atom(
    request: Request, work: PublicWork, since: Since = None, limit: Limit = feed.DEFAULT_LIMIT
) -> Response:
    """The change feed of the public records as Atom 1.0, linked to their public pages."""
    return _atom(request, await work(feed.changes, since, limit))


def _atom(request: Request, page: feed.ChangePage) -> Response:
    return atom_response(request, page, record_path="/public/{kind}/{key}")


@router.get("/public/{plural}", responses=PUBLIC_ERRORS, operation_id="public_records")
async def public_records(
    work: PublicWork,
    plural: str,
    page: Annotated[int, Query(ge=1, le=int(PAGE.high))] = 1,
) -> dict[str, Any]:
    """One page of the public records of a kind, in the records format."""
    kind = _kind(plural)
    offset = (page - 1) * LIST_LIMIT
    items, total = await work(public.read_page, kind, limit=LIST_LIMIT, offset=offset)
    return {"kind": plural, "page": page, "total": total, "items": items}


@router.get("/public/{plural}/{key}", responses=PUBLIC_ERRORS, operation_id="public_record")
async def public_record(work: PublicWork, plural: str, key: str) -> dict[str, Any]:
    """One public record, in the records format: its fields with a value, less the internal
    ones (an agreement's visibility, a need's priority, the planner's knobs); 404 when it is
    not public (or missing)."""
    return await work(public.read, _kind(plural), key)


@router.get("/{plural}/{key}/public", responses=READ_ERRORS, operation_id="public_mark")
async def public_mark(work: Work, plural: str, key: str) -> dict[str, Any]:
    """Whether a record the caller sees is public, since when and by whom."""
    return _mark(await work(public.public_mark, _kind(plural), key), plural, key)


@router.put("/{plural}/{key}/public", responses=WRITE_ERRORS, operation_id="publish")
async def publish(work: Work, plural: str, key: str) -> dict[str, Any]:
    """Mark a record public (its owning organisation, the ministry or an admin); audited."""
    return _mark(await work(public.publish, _kind(plural), key), plural, key)


@router.delete("/{plural}/{key}/public", responses=WRITE_ERRORS, operation_id="withdraw")
async def withdraw(work: Work, plural: str, key: str) -> dict[str, Any]:
    """Make a public record private again; audited."""
    await work(public.withdraw, _kind(plural), key)
    return _mark(None, plural, key)
