"""The public pages: the records marked public, readable without an account, at addresses that
stay the same (``/public/<kind>/<key>``) so that analysts and journalists can cite them.

Each page runs one use case for ``access.PUBLIC`` (``PublicWork``: read-only, rate-limited per
client address): a record that is not public answers 404 exactly like a missing one, and a
public record links only to the records that are public too. It shows what
``public.for_the_public`` keeps: the fields with a value, less the kind's internal ones.

A record's owner (``public.may_publish``: the owning organisation, the ministry or an admin)
makes it public or withdraws it from its page: ``/records/<kind>/<key>/public`` shows what the
public would read and asks to confirm; the form's POST runs ``public.publish`` or
``public.withdraw`` (audited, like every write) and goes back to the record's page, which says
what was done. Anyone else gets 403 on both.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput, NotFound
from coprod.http.request import PageWork, PublicWork
from coprod.services import public
from coprod.web.labels import N_
from coprod.web.rendering import render

router = APIRouter(include_in_schema=False)
# What the record's page says once the owner decided (``?done=``).
DONE = {
    "published": N_(
        "The record is public: anyone can read it, without an account, at the address below."
    ),
    "withdrawn": N_(
        "The record is no longer public: its public page and its changes in the public feed "
        "are gone."
    ),
}
DECISIONS = {"publish": public.publish, "withdraw": public.withdraw}


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
    page = await work(public.record_with_links, kind, key)
    address = public_address(request, plural, key)
    context = {
        "caller": None,
        "kind": kind,
        "record": page.record,
        "public_keys": page.links,
        "names": page.names,
        "address": address,
    }
    return render(request, "public_record.html", context)


def public_address(request: Request, plural: str, key: str) -> str:
    """The address at which the public reads a record (whether it is public or not)."""
    return f"{request.base_url}public/{plural}/{quote(key, safe='')}"


@router.get("/records/{plural}/{key}/public", response_class=HTMLResponse)
async def publishing_page(request: Request, work: PageWork, plural: str, key: str) -> Response:
    """Make a record public, or withdraw it: what the public reads of it, and a confirmation."""
    kind = _kind(plural)
    decided = await work(public.publishing, kind, key)
    context = {
        "caller": work.caller,
        "kind": kind,
        "key": key,
        "publishing": decided,
        "address": public_address(request, plural, key),
    }
    return render(request, "publishing.html", context)


@router.post("/records/{plural}/{key}/public")
async def publishing_decided(
    work: PageWork,
    plural: str,
    key: str,
    decision: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Make the record public (``decision=publish``) or withdraw it (``withdraw``)."""
    kind = _kind(plural)
    use_case = DECISIONS.get(decision)
    if use_case is None:
        raise InvalidInput(f"decision must be publish or withdraw, not {decision[:40]!r}")
    await work.form(csrf_token)(use_case, kind, key)
    done = "published" if decision == "publish" else "withdrawn"
    return RedirectResponse(f"/records/{plural}/{quote(key, safe='')}?done={done}", status_code=303)
