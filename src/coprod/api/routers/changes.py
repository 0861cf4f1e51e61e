"""The change feed: ``GET /api/changes?since=CURSOR`` (JSON, or Atom by ``Accept``) and
``GET /api/changes.atom``: what changed in the records the caller may see, in order."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from coprod.api import atom
from coprod.api.schemas import ChangeOut, ChangePageOut
from coprod.http.errors import QUERY_ERRORS
from coprod.http.request import Work
from coprod.services.audit import changes as feed
from coprod.services.audit import history
from coprod.services.audit.changes import Change, ChangePage
from coprod.services.audit.history import Through

router = APIRouter(prefix="/api", tags=["changes"])
Since = Annotated[
    str | None,
    Query(
        max_length=40,
        description="the cursor: the 'next' of an earlier page; none starts from the beginning",
    ),
]
Limit = Annotated[int, Query(ge=1, le=feed.MAX_LIMIT, description="changes per page at most")]
ATOM_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {atom.MEDIA_TYPE: {}}}}


ChannelWords = Callable[[Request, Through], str]


def _words(request: Request, change: Change) -> str | None:
    """Through what ``change`` was made, in the reader's language (the pages' words, which
    the app installs beside them: ``web/install.py``); None when not told or no pages."""
    words: ChannelWords | None = getattr(request.app.state, "channel_words", None)
    if change.channel is None or words is None:
        return None
    return words(request, history.through(change.channel, change.channel_detail))


def page_out(page: ChangePage, request: Request | None = None) -> ChangePageOut:
    """The page as the API answers it (cursors as text: they are opaque to the caller; the
    channel in ``request``'s reader's language when given)."""
    return ChangePageOut(
        changes=[
            ChangeOut(
                seq=c.seq,
                kind=c.kind,
                key=c.key,
                operation=c.operation,
                at=c.at,
                fields=list(c.fields),
                actor=c.actor,
                organisation=c.organisation,
                channel=c.channel,
                channel_detail=c.channel_detail,
                channel_words=None if request is None else _words(request, c),
            )
            for c in page.changes
        ],
        since=str(page.since),
        next=str(page.next),
        more=page.more,
    )


def atom_response(
    request: Request, page: ChangePage, record_path: str = "/records/{kind}/{key}"
) -> Response:
    """The page as an Atom feed whose entries link to the records' pages (``record_path``:
    the signed-in pages', or the public ones')."""
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    body = atom.feed(page, base=str(request.base_url), self_path=path, record_path=record_path)
    return Response(body, media_type=atom.MEDIA_TYPE)


def wants_atom(request: Request) -> bool:
    """Whether the request's Accept header asks for Atom rather than JSON."""
    return atom.MEDIA_TYPE in request.headers.get("accept", "")


@router.get(
    "/changes",
    response_model=ChangePageOut,
    responses={**QUERY_ERRORS, **ATOM_RESPONSE},
    operation_id="changes",
)
async def changes(
    request: Request, work: Work, since: Since = None, limit: Limit = feed.DEFAULT_LIMIT
) -> ChangePageOut | Response:
    """The changes after ``since`` to the records the caller may see, oldest first, with the
    cursor of the next page (``Accept: application/atom+xml``: an Atom feed)."""
    page = await work(feed.changes, since, limit)
    return atom_response(request, page) if wants_atom(request) else page_out(page, request)


@router.get(
    "/changes.atom",
    response_class=Response,
    responses={**QUERY_ERRORS, **ATOM_RESPONSE},
    operation_id="changes_atom",
)
async def changes_atom(
    request: Request, work: Work, since: Since = None, limit: Limit = feed.DEFAULT_LIMIT
) -> Response:
    """The change feed as Atom 1.0, for feed readers."""
    return atom_response(request, await work(feed.changes, since, limit))
