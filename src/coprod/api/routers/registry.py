"""Routes for the registry: list, read, create, replace and delete each kind of record.

Every kind gets the same five routes under ``/api/<plural>``, each the call of one use case
of ``services/registry/editing.py`` in the request's unit of work, scoped to the caller
(``services/accounts/access.py``): a record of another organisation
answers 404 like a missing one. Reads carry an ETag (the record version); replace and delete
need If-Match with it (428 without, 412 when stale). A create or replace body whose fields
the schema refuses is still judged by the registry as far as it reads (``_judging``): one 422
says the schema's problems and the rules broken elsewhere, as a refused form does.
"""

import dataclasses
import re
from collections.abc import Callable, Coroutine
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Header, Path, Query, Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel

from coprod.api.schemas import EntitySchemas, schemas_of
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput
from coprod.http.errors import (
    READ_ERRORS,
    VERSIONED_ERRORS,
    WRITE_ERRORS,
    PreconditionRequiredError,
    malformed_detail,
)
from coprod.http.request import Work, work_of
from coprod.services import registry
from coprod.services.records import Where, read_in_part, to_record
from coprod.services.registry import editing

MAX_PAGE = 500
VERSION = re.compile(r"[0-9]{1,18}")
FILTER_HELP = (
    "field:value, repeatable: a text column of the record (e.g. status:signed) or a named "
    "filter: a field that names one record by key (orders: need, production_line, "
    "instrument; agreements: party, system; people: roles), from:YYYY-MM-DD and "
    "to:YYYY-MM-DD where the kind has a date"
)
SEARCH_HELP = (
    "words that start words of the record's key, name, title or aliases, "
    "without regard to case or accents (all of them must match)"
)
KEY_PATH = Path(description="the record's key", min_length=1, max_length=200)


def etag(version: int) -> str:
    """The ETag of a record version."""
    return f'"{version}"'


def expected_version(if_match: str | None) -> int:
    """The version an If-Match header names; 428 without one, 422 when it is not a version."""
    if if_match is None:
        raise PreconditionRequiredError("send If-Match with the record's ETag (GET it first)")
    value = if_match.strip().removeprefix("W/").strip('"')
    # ASCII digits only: str.isdigit() also accepts '²', which int() refuses.
    if not VERSION.fullmatch(value):
        raise InvalidInput(f'If-Match {if_match!r} is not an ETag of this API (such as "3")')
    return int(value)


def _read(entity: Any, version: int) -> dict[str, Any]:
    # A plain record: the route's response model validates and serialises it once.
    return {**to_record(entity), "version": version}


def _entity(kind: Kind[Any], body: BaseModel) -> Any:
    return kind.entity(**{f.name: getattr(body, f.name) for f in dataclasses.fields(kind.entity)})


def _add_list(router: APIRouter, kind: Kind[Any], models: EntitySchemas) -> None:
    @router.get(
        f"/{kind.plural}",
        response_model=models.page,
        responses=READ_ERRORS,
        summary=f"List {kind.plural}",
        operation_id=f"list_{kind.plural}",
    )
    async def list_records(
        work: Work,
        *,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
        sort: Annotated[str, Query(description="a column, -column for descending")] = "key",
        filter: Annotated[list[str] | None, Query(description=FILTER_HELP)] = None,
        q: Annotated[str | None, Query(max_length=200, description=SEARCH_HELP)] = None,
    ) -> Any:
        found = await work(
            editing.list_records, kind, filter, q=q, sort=sort, limit=limit, offset=offset
        )
        return {
            "items": [_read(item, version) for item, version in found.items],
            "total": found.total,
            "limit": limit,
            "offset": offset,
        }


def _add_read(router: APIRouter, kind: Kind[Any], models: EntitySchemas) -> None:
    @router.get(
        f"/{kind.plural}/{{key}}",
        response_model=models.read,
        responses=READ_ERRORS,
        summary=f"Read one of the {kind.plural}",
        operation_id=f"read_{kind.plural}",
    )
    async def read_record(work: Work, response: Response, key: Annotated[str, KEY_PATH]) -> Any:
        entity, version = await work(editing.read_record, kind, key)
        response.headers["ETag"] = etag(version)
        return _read(entity, version)


def _body_fields_refused(malformed: RequestValidationError) -> bool:
    """Whether ``malformed`` refuses only fields of a JSON object body (not a body that is no
    object or no JSON, nor a path parameter): a record the registry can judge in part."""
    located = [error["loc"] for error in malformed.errors()]
    in_body = all(len(loc) > 1 and loc[0] == "body" for loc in located)
    return bool(located) and in_body and isinstance(malformed.body, dict)


async def _judged(request: Request, malformed: RequestValidationError, kind: Kind[Any]) -> None:
    """Refuse a body the schema refused with every problem at once, as the forms do: the
    schema's (each a coded problem of the records format, ``records.read_in_part``) and what
    the registry's rules find in the fields that read (``editing.judge_record``, through the
    same checks of the caller's rights and the record as a body that reads); nothing stored."""
    key = request.path_params.get("key")  # None: a new record
    entity, refused = read_in_part(kind.entity, malformed.body, Where(kind.plural, key=key))
    if refused is None:  # the records format reads what the schema did not: not expected
        raise malformed
    work = await work_of(request)
    try:
        await work(editing.judge_record, kind, entity, key)
    except registry.Unfinished as judged:
        said = [malformed_detail(malformed), *(problem.message for problem in judged.problems)]
        raise InvalidInput("\n".join(said), problems=[*refused.each(), *judged.problems]) from None


def _judging(kind: Kind[Any]) -> type[APIRoute]:
    """The route class of a create or replace of ``kind``: a body whose fields its schema
    refuses is judged as far as it reads (``_judged``) instead of answering the schema's
    problems alone. A body that reads is untouched, and the schema stays the documented one."""

    class JudgingRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def judging(request: Request) -> Response:
                try:
                    return await handler(request)
                except RequestValidationError as malformed:
                    if not _body_fields_refused(malformed):
                        raise
                    await _judged(request, malformed, kind)
                    raise  # not reached: a judged body is refused

            return judging

    return JudgingRoute


def _add_create(router: APIRouter, kind: Kind[Any], models: EntitySchemas) -> None:
    create_model = models.create

    async def create_record(work: Work, response: Response, body: create_model) -> Any:  # type: ignore[valid-type]
        entity = _entity(kind, body)
        version = await work(editing.create_record, kind, entity)
        response.headers["ETag"] = etag(version)
        response.headers["Location"] = f"/api/{kind.plural}/{quote(entity.key, safe='')}"
        return _read(entity, version)

    router.add_api_route(
        f"/{kind.plural}",
        create_record,
        methods=["POST"],
        response_model=models.read,
        status_code=status.HTTP_201_CREATED,
        responses=WRITE_ERRORS,
        summary=f"Create one of the {kind.plural}",
        operation_id=f"create_{kind.plural}",
        route_class_override=_judging(kind),
    )


def _add_replace(router: APIRouter, kind: Kind[Any], models: EntitySchemas) -> None:
    update_model = models.update

    async def replace_record(
        work: Work,
        response: Response,
        key: Annotated[str, KEY_PATH],
        body: update_model,  # type: ignore[valid-type]
        if_match: Annotated[str | None, Header(description="the ETag read")] = None,
    ) -> Any:
        entity = _entity(kind, body)
        version = await work(
            editing.replace_record, kind, key, entity, lambda: expected_version(if_match)
        )
        response.headers["ETag"] = etag(version)
        return _read(entity, version)

    router.add_api_route(
        f"/{kind.plural}/{{key}}",
        replace_record,
        methods=["PUT"],
        response_model=models.read,
        responses=VERSIONED_ERRORS,
        summary=f"Replace one of the {kind.plural} (If-Match required)",
        operation_id=f"replace_{kind.plural}",
        route_class_override=_judging(kind),
    )


def _add_delete(router: APIRouter, kind: Kind[Any]) -> None:
    @router.delete(
        f"/{kind.plural}/{{key}}",
        status_code=status.HTTP_204_NO_CONTENT,
        responses=VERSIONED_ERRORS,
        summary=f"Delete one of the {kind.plural} (If-Match required)",
        operation_id=f"delete_{kind.plural}",
    )
    async def delete_record(
        work: Work,
        key: Annotated[str, KEY_PATH],
        if_match: Annotated[str | None, Header(description="the ETag read")] = None,
    ) -> Response:
        await work(editing.delete_record, kind, key, lambda: expected_version(if_match))
        return Response(status_code=status.HTTP_204_NO_CONTENT)


def registry_router() -> APIRouter:
    """The routes of every kind of record."""
    router = APIRouter(prefix="/api", tags=["registry"])
    for kind in kinds.KINDS:
        models = schemas_of(kind)
        _add_list(router, kind, models)
        _add_create(router, kind, models)
        _add_read(router, kind, models)
        _add_replace(router, kind, models)
        _add_delete(router, kind)
    return router
