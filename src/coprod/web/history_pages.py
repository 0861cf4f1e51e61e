"""A record's history: who changed what, when and through what, read from the audit trail
(ministry and admin accounts, who may read the trail).

The audit service says what changed in the domain's terms (``services/audit/history.py``:
each field with the kind of value it holds, the old value and the new); this page only writes
them in the reader's language: money and dates per locale, countries by name, enum values and
categories by label, records named by key as links with their names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from coprod.domain import kinds
from coprod.domain.money import Money
from coprod.errors import NotFound
from coprod.http.request import PageWork
from coprod.services.audit import history
from coprod.services.audit.history import Country, Named, Nature, Part, Step
from coprod.web import formatting as fmt
from coprod.web.countries import country_name
from coprod.web.labels import N_, category_label, field_label, label
from coprod.web.links import named_piece
from coprod.web.locales import Reader
from coprod.web.rendering import reader_of, render

router = APIRouter(include_in_schema=False)
HISTORY_ROWS = 200
Channel = history.Channel
# Through what a change was made, in words: without a detail, and with one (its name).
CHANNELS = {
    Channel.WEB: N_("on the web pages"),
    Channel.API: N_("through the API"),
    Channel.CLI: N_("from the command line"),
    Channel.IMPORT: N_("by an import"),
    Channel.FACT_ACCEPTANCE: N_("by accepting a proposed fact"),
    Channel.SYSTEM: N_("by the system"),
    Channel.PLATFORM: N_("on the platform"),
    Channel.COMMAND_LINE: N_("from the command line"),
    Channel.FACT_ACCEPTED: N_("by accepting a proposed fact"),
}
DETAILED = {
    Channel.CLI: N_("by the command %(detail)s"),
    Channel.IMPORT: N_("by importing the file %(detail)s"),
    Channel.FACT_ACCEPTANCE: N_("by accepting the proposed fact %(detail)s"),
    Channel.SYSTEM: N_("by the system (%(detail)s)"),
}
SYSTEM_WORK = {
    "demo": N_("by the system, loading the demo"),
    "migration": N_("by the system, setting up the database"),
}
COMMAND = "coprod"  # a command is named as typed


@dataclass(frozen=True)
class Shown:
    """One changed field as the page writes it: its label, old and new (None: unset)."""

    field: str
    old: Markup | None
    new: Markup | None


def channel_words(through: history.Through, reader: Reader) -> str:
    """Through what a change was made, in the reader's language (the command, file or
    proposal by its name)."""
    detail = through.detail
    if detail is None:
        return reader.gettext(CHANNELS[through.channel])
    if through.channel is Channel.SYSTEM and detail in SYSTEM_WORK:
        return reader.gettext(SYSTEM_WORK[detail])
    if through.channel is Channel.CLI:
        detail = f"{COMMAND} {detail}" if detail != COMMAND else detail
    said = DETAILED.get(through.channel)
    if said is None:
        return reader.gettext(CHANNELS[through.channel])
    return reader.gettext(said) % {"detail": detail}


def link(named: Named) -> Markup:
    """A record named by key as a link to its page, its name as the text."""
    address = escape(f"/records/{named.kind}/{quote(named.key, safe='')}")
    return Markup(f'<a href="{address}">{escape(named.name or named.key)}</a>')


def _plain(value: Any, nature: Nature, reader: Reader) -> str:
    """A value that is no link and no part, as the reader writes it."""
    loc = reader.locale
    if isinstance(value, Country):
        return country_name(value.code, loc)
    if isinstance(value, Money):
        return fmt.money_of(value, reader)
    if isinstance(value, Enum):
        return label(value, reader)
    if isinstance(value, bool):
        return reader.gettext("yes") if value else reader.gettext("no")
    if isinstance(value, date):
        return fmt.day(value, loc)
    if isinstance(value, int):
        return fmt.units(value, loc)
    if isinstance(value, Decimal):
        return fmt.decimal(value, loc)
    if nature is Nature.MONTH:
        return fmt.month(str(value), loc)
    if nature is Nature.CATEGORY:
        return category_label(str(value), reader)
    return str(value)


def _scalar(value: Any, nature: Nature, reader: Reader) -> Markup:
    if isinstance(value, Named):
        return link(value)
    if isinstance(value, Part):
        return _part(value, reader)
    return escape(_plain(value, nature, reader))


def _part(part: Part, reader: Reader) -> Markup:
    """A status change or a role: its filled parts, labelled as the records' pages label
    them (``formatting.BARE_PARTS`` unlabelled); a record it names (a role's organisation)
    as every page writes it (``links.named_piece``: ``організація <a>Aselsan</a>``)."""
    pieces = []
    for name, value, nature in part.fields:
        if isinstance(value, Named):
            kind = kinds.BY_PLURAL[value.kind].name
            pieces.append(named_piece(name, value.key, kind, value.name, reader, pages="/records"))
            continue
        shown = _scalar(value, nature, reader)
        prefix = "" if name in fmt.BARE_PARTS else f"{field_label(name, reader).lower()} "
        pieces.append(escape(prefix) + shown)
    return Markup(", ").join(pieces)


def _span(values: dict[str, Any], reader: Reader) -> Markup:
    """Where a cited span lies in its document (and the note on it)."""
    where = reader.gettext("characters %(start)s–%(end)s") % {
        "start": fmt.units(values["start"], reader.locale),
        "end": fmt.units(values["end"], reader.locale),
    }
    return escape(where + (f": {values['note']}" if values.get("note") else ""))


def _cited(spans: list[Part], reader: Reader) -> Markup:
    """Evidence: each document once, by its title, with the spans cited in it."""
    by_document: dict[Any, list[Markup]] = {}
    for span in spans:
        values = {name: value for name, value, _ in span.fields}
        by_document.setdefault(values["document"], []).append(_span(values, reader))
    return Markup("; ").join(
        (link(document) if isinstance(document, Named) else escape(str(document)))
        + Markup(" (")
        + Markup("; ").join(where)
        + Markup(")")
        for document, where in by_document.items()
    )


def _spans(value: list[Any]) -> bool:
    return all(
        isinstance(item, Part) and {"document", "start", "end"} <= {n for n, _, _ in item.fields}
        for item in value
    )


def written(value: Any, nature: Nature, reader: Reader) -> Markup | None:
    """A value of a change in the reader's words and numbers (None: unset)."""
    if value is None or value == []:
        return None
    if isinstance(value, list) and _spans(value):
        return _cited(value, reader)
    if isinstance(value, list):
        joiner = Markup("; ") if nature is Nature.PARTS else Markup(", ")
        return joiner.join(_scalar(item, nature, reader) for item in value)
    return _scalar(value, nature, reader)


def shown_changes(step: Step, reader: Reader) -> list[Shown]:
    """The fields a step changed, each with its old and new value written for the reader."""
    return [
        Shown(
            field_label(c.field, reader),
            written(c.old, c.nature, reader),
            written(c.new, c.nature, reader),
        )
        for c in step.changes
    ]


@router.get("/records/{plural}/{key}/history", response_class=HTMLResponse)
async def history_page(request: Request, work: PageWork, plural: str, key: str) -> Response:
    """The changes of one record, newest first."""
    kind = kinds.BY_PLURAL.get(plural)
    if kind is None:
        raise NotFound(f"no kind of record called {plural!r}")
    steps = await work(history.record_history, kind, key, limit=HISTORY_ROWS)
    reader = reader_of(request)
    shown = [(s, shown_changes(s, reader), channel_words(s.through, reader)) for s in steps]
    context = {"caller": work.caller, "kind": kind, "key": key, "steps": shown, "link": link}
    return render(request, "history.html", context)
