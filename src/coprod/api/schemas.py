"""API schemas per registry entity: Create, Update, Read (with its version) and Page.

They derive from the records format's models (``services/records.record_model``), so the API,
import files and exports name fields the same way and validate them with the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from pydantic import BaseModel, Field, create_model

from coprod.domain.kinds import Kind
from coprod.services.records import record_model


@dataclass(frozen=True)
class EntitySchemas:
    """The four models of one entity."""

    create: type[BaseModel]
    update: type[BaseModel]
    read: type[BaseModel]
    page: type[BaseModel]


@cache
def schemas_of(kind: Kind[Any]) -> EntitySchemas:
    """The API models of one kind of record."""
    name = kind.entity.__name__
    base = record_model(cast(Any, kind.entity))
    create: type[BaseModel] = create_model(f"{name}Create", __base__=base)
    update: type[BaseModel] = create_model(f"{name}Update", __base__=base)
    version: Any = (int, Field(description="the record's version; send it back as If-Match"))
    read: type[BaseModel] = create_model(f"{name}Read", __base__=base, version=version)
    page: type[BaseModel] = create_model(
        f"{name}Page",
        items=(list[read], ...),
        total=(int, Field(description="records matching the filters, over all pages")),
        limit=(int, ...),
        offset=(int, ...),
    )
    return EntitySchemas(create, update, read, page)


class ImportReportOut(BaseModel):
    """What an import did, per entity list and outcome (created, updated, unchanged)."""

    counts: dict[str, dict[str, int]]
    created: int
    updated: int
    unchanged: int


class MeOut(BaseModel):
    """The caller's account."""

    user: str
    name: str
    role: str
    organisation: str


class AuditEntryOut(BaseModel):
    """One entry of the audit trail."""

    seq: int
    at: str
    actor: str
    organisation: str | None
    object_type: str
    object_key: str
    action: str
    patch: list[dict[str, Any]]
    channel: str | None = Field(
        None,
        description="through what: web, api, cli:<command>, import:<file>, "
        "fact acceptance:<proposal>, system:<what> (null: written before the trail said)",
    )
    hash: str


class ChainOut(BaseModel):
    """The outcome of verifying the audit chain."""

    intact: bool
    length: int
    head_hash: str
    problems: list[str]


class ChangeOut(BaseModel):
    """One change of the feed: a record of a kind, how it changed, when, and by whom (null
    when the caller may not know)."""

    seq: int
    kind: str
    key: str
    operation: str
    at: str
    fields: list[str]
    actor: str | None
    organisation: str | None
    channel: str | None = Field(
        None,
        description="through what the change was made, told with the actor: web, api, cli, "
        "import, fact acceptance or system (null: not the caller's to know, or an entry "
        "older than the trail's channels)",
    )
    channel_detail: str | None = Field(
        None,
        description="which command (cli: 'agreements add'), file (import), proposed fact "
        "(fact acceptance) or work of the system (demo, migration)",
    )
    channel_words: str | None = Field(
        None,
        description="through what, in the reader's language (Accept-Language: en, uk, fr), "
        "as a record's history page says it: 'through the API', 'командою coprod import'",
    )


class ChangePageOut(BaseModel):
    """A page of the change feed: ``next`` is the cursor to ask from (``?since=``)."""

    changes: list[ChangeOut]
    since: str
    next: str
    more: bool
