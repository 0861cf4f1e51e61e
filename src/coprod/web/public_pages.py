"""The public pages: the records marked public, readable without an account, at addresses that
stay the same (``/public/<kind>/<key>``) so that analysts and journalists can cite them.

Each page runs one use case for ``access.PUBLIC`` (``PublicWork``: read-only, rate-limited per
client address): a record that is not public answers 404 exactly like a missing one, and a
public record links only to the records that are public too.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import NotFound
from coprod.http.request import PublicWork
from coprod.services import public
from coprod.web.rendering import render

router = APIRouter(include_in_schema=False)


def _kind(plural: str) -> Kind[Any]:
    kind = kinds.BY_PLURAL.get(plural)
    if kind is None:
        raise NotFound(f"no kind of record called {plural!r}")
    return kind


@router.get("/public", response_class=HTMLResponse)
async def public_index(request: Request, work: PublicWork) -> Response:
    """Every public record, per kind."""
    return render(request, "public_index.html", {"caller": None, "index": await work(public.index)})


@router.get("/public/{plural}/{key}", response_class=HTMLResponse)
async def public_record(request: Request, work: PublicWork, plural: str, key: str) -> Response:
    """One public record, every field, with its address to cite."""
    kind = _kind(plural)
    record, links = await work(public.record_with_links, kind, key)
    address = f"{request.base_url}public/{plural}/{quote(key, safe='')}"
    context = {
        "caller": None,
        "kind": kind,
        "record": record,
        "public_keys": links,
        "address": address,
    }
    return render(request, "public_record.html", context)
