"""Routes for the registry: list, read, create, replace and delete each kind of record.

Every kind gets the same five routes under ``/api/<plural>``. Reads and writes go through a
unit of work scoped to the caller (``services/access.py``): a record of another organisation
answers 404 like a missing one. Reads carry an ETag (the record version); replace and delete
need If-Match with it (428 without, 412 when stale).
"""

import dataclasses
import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Header, Path, Query, Response, status
from pydantic import BaseModel
from sqlalchemy import String

from coprod.api.schemas import EntitySchemas, schemas_of
from coprod.db.repositories import Repository
from coprod.db.uow import UnitOfWork
from coprod.domain import kinds
from coprod.domain.kinds import Kind
from coprod.errors import InvalidInput
from coprod.http.errors import (
    READ_ERRORS,
    VERSIONED_ERRORS,
    WRITE_ERRORS,
    PreconditionRequiredError,
)
from coprod.http.request import Caller, Work
from coprod.services import registry
from coprod.services.records import to_record

MAX_PAGE = 500
VERSION = re.compile(r"[0-9]{1,18}")
FILTER_HELP = (
    "field:value, repeatable: a text column of the record (e.g. status:signed) or a named "
    "filter (agreements: party, system; needs and production lines: system)"
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


def _filters(repository: Repository[Any, Any], given: list[str]) -> dict[str, str]:
    filters: dict[str, str] = {}
    for item in given:
        name, sep, value = item.partition(":")
        if not sep or not name:
            raise InvalidInput(f"filter {item!r}: write field:value")
        column = repository.model.__table__.c.get(name)
        if name not in repository.mapping.filters and not (
            column is not None and isinstance(column.type, String) and name != "key"
        ):
            raise InvalidInput(f"{repository.mapping.name}s cannot be filtered by {name!r}")
        filters[name] = value
    return filters


def _total(
    repository: Repository[Any, Any],
    filters: dict[str, str],
    items: list[Any],
    limit: int,
    offset: int,
) -> int:
    # A page that is not full ends the listing: its total needs no count query.
    if len(items) < limit and (items or offset == 0):
        return offset + len(items)
    return repository.count(filters)


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
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=2**31)] = 0,
        sort: Annotated[str, Query(description="a column, -column for descending")] = "key",
        filter: Annotated[list[str] | None, Query(description=FILTER_HELP)] = None,
    ) -> Any:
        def page(uow: UnitOfWork, _: Caller) -> dict[str, Any]:
            repository = uow.records(kind)
            filters = _filters(repository, filter or [])
            items = repository.list_(filters, sort=sort, limit=limit, offset=offset)
            # The versions the listing read (no second query): Repository.read_versions.
            versions = repository.read_versions
            return {
                "items": [_read(item, versions[item.key]) for item in items],
                "total": _total(repository, filters, items, limit, offset),
                "limit": limit,
                "offset": offset,
            }

        return await work(page)


def _add_read(router: APIRouter, kind: Kind[Any], models: EntitySchemas) -> None:
    @router.get(
        f"/{kind.plural}/{{key}}",
        response_model=models.read,
        responses=READ_ERRORS,
        summary=f"Read one of the {kind.plural}",
        operation_id=f"read_{kind.plural}",
    )
    async def read_record(work: Work, response: Response, key: Annotated[str, KEY_PATH]) -> Any:
        def record(uow: UnitOfWork, _: Caller) -> dict[str, Any]:
            repository = uow.records(kind)
            entity = repository.get_by_key(key)
            return _read(entity, repository.read_versions[key])  # the row read: no 2nd query

        found = await work(record)
        response.headers["ETag"] = etag(found["version"])
        return found


def _add_create(router: APIRouter, kind: Kind[Any], models: EntitySchemas) -> None:
    create_model = models.create

    @router.post(
        f"/{kind.plural}",
        response_model=models.read,
        status_code=status.HTTP_201_CREATED,
        responses=WRITE_ERRORS,
        summary=f"Create one of the {kind.plural}",
        operation_id=f"create_{kind.plural}",
    )
    async def create_record(work: Work, response: Response, body: create_model) -> Any:  # type: ignore[valid-type]
        def create(uow: UnitOfWork, _: Caller) -> dict[str, Any]:
            uow.records(kind).check_write()  # 403 before judging the record itself
            entity = _entity(kind, body)
            registry.register(uow, entity)
            version = uow.records(kind).version_of(entity.key)
            uow.commit()
            return _read(entity, version)

        created = await work(create)
        response.headers["ETag"] = etag(created["version"])
        response.headers["Location"] = f"/api/{kind.plural}/{quote(created['key'], safe='')}"
        return created


def _add_replace(router: APIRouter, kind: Kind[Any], models: EntitySchemas) -> None:
    update_model = models.update

    @router.put(
        f"/{kind.plural}/{{key}}",
        response_model=models.read,
        responses=VERSIONED_ERRORS,
        summary=f"Replace one of the {kind.plural} (If-Match required)",
        operation_id=f"replace_{kind.plural}",
    )
    async def replace_record(
        work: Work,
        response: Response,
        key: Annotated[str, KEY_PATH],
        body: update_model,  # type: ignore[valid-type]
        if_match: Annotated[str | None, Header(description="the ETag read")] = None,
    ) -> Any:
        def replace(uow: UnitOfWork, _: Caller) -> dict[str, Any]:
            entity = _entity(kind, body)
            if entity.key != key:
                raise InvalidInput(f"body key {entity.key!r} differs from the URL's key {key!r}")
            repository = uow.records(kind)
            repository.get_by_key(key)  # 404 for a missing or foreign record, before 428
            repository.check_write()
            registry.update(uow, entity, expected_version=expected_version(if_match))
            version = repository.version_of(key)
            uow.commit()
            return _read(entity, version)

        replaced = await work(replace)
        response.headers["ETag"] = etag(replaced["version"])
        return replaced


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
        def delete(uow: UnitOfWork, _: Caller) -> None:
            repository = uow.records(kind)
            repository.get_by_key(key)
            repository.check_write()
            version = expected_version(if_match)
            registry.delete(uow, kind, key, expected_version=version)
            uow.commit()

        await work(delete)
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
