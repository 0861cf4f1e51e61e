"""Links between records: a field that names another record's key links to that record's page.

Which fields name which kind is the kinds table's (``domain/kinds.py``); a field that may name
records of several kinds (an event's participants) or a catalogue code stays text, and a
country code (``UA``, ``FR``) where a party may be a state is written as the country's name in
the reader's language (``web/countries.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from babel import Locale
from markupsafe import Markup, escape

from coprod.domain.kinds import BY_NAME, Kind
from coprod.web import formatting as fmt
from coprod.web.countries import country_name, is_code
from coprod.web.labels import N_, field_label
from coprod.web.locales import Reader

# A part naming a record by a key that names none the reader sees, by the kind it names.
UNKNOWN = {"organisation": N_("unknown organisation (%(key)s)")}
UNKNOWN_RECORD = N_("unknown record (%(key)s)")
# On the public pages a key that names no public record: it may name a record that is not
# public (whose name and existence the public view keeps to itself) or none at all
NOT_PUBLIC = {"organisation": N_("organisation not public (%(key)s)")}
NOT_PUBLIC_RECORD = N_("record not public (%(key)s)")
PUBLIC_PAGES = "/public"


def target(kind: Kind[Any], field: str) -> str | None:
    """The plural of the one kind of record that ``field`` of ``kind`` names, if any."""
    for reference in kind.references:
        if reference.field == field and len(reference.kinds) == 1 and reference.through is None:
            return BY_NAME[reference.kinds[0]].plural
    return None


def named_parts(kind: Kind[Any], field: str) -> tuple[str, str] | None:
    """When ``field`` of ``kind`` is a list of parts each naming a record of one kind by key
    (a person's roles, their organisation): the part's field and that kind's name."""
    for reference in kind.references:
        # evidence is written by document, each with its spans (the pages' own lists)
        one = reference.through and len(reference.kinds) == 1 and field != "evidence"
        if reference.field == field and one:
            return str(reference.through), reference.kinds[0]
    return None


def named_piece(
    field: str,
    key: str,
    kind: str,
    name: str | None,
    reader: Reader,
    *,
    pages: str | None,
    public: bool = False,
) -> Markup:
    """A part's field that names a record (a role's organisation), as every page writes it:
    labelled, ``організація Aselsan``, the name a link to its page under ``pages``
    (``/records``, ``/public``; None: no link); when the key names no record the reader sees
    (``name`` None), "unknown organisation (key)", and for the public (the public pages,
    ``public``: the publishing preview, which shows what the public will read) "organisation
    not public (key)" (the public view cannot tell a private record from none). The pages'
    one rule for it."""
    if name is None:
        if public or pages == PUBLIC_PAGES:
            unknown = NOT_PUBLIC.get(kind, NOT_PUBLIC_RECORD)
        else:
            unknown = UNKNOWN.get(kind, UNKNOWN_RECORD)
        return escape(reader.gettext(unknown) % {"key": key})
    shown = escape(name)
    if pages is not None:
        address = escape(f"{pages}/{BY_NAME[kind].plural}/{quote(key, safe='')}")
        shown = Markup(f'<a href="{address}">{shown}</a>')
    if field in fmt.BARE_PARTS:
        return shown
    return escape(field_label(field, reader).lower() + " ") + shown


def parts_named(
    value: Any,
    kind: Kind[Any],
    field: str,
    names: Mapping[str, str],
    reader: Reader,
    *,
    pages: str | None = "/records",
    public: bool = False,
) -> Markup:
    """A list of parts that name records (a person's roles), each part's fields labelled as
    ``value`` writes them, the record it names by ``named_piece`` (``names``: by key, those
    the reader sees; a link to its page under ``pages``; ``public``: written for the public,
    as the publishing preview does); parts separated by semicolons."""
    found = named_parts(kind, field)
    if found is None:
        return escape(fmt.value(value, kind.entity, field, reader))
    through, named_kind = found
    entity: Any = kind.entity  # a dataclass (the formatting's types are read per class)
    hint = fmt.field_types(entity).get(field)
    written = []
    for part in value if isinstance(value, list) else [value]:
        pieces = []
        for name, words in fmt.part_pieces(part, hint, reader):
            if name != through:
                pieces.append(escape(words))
                continue
            key = str(part[name])
            named = names.get(key)
            pieces.append(
                named_piece(name, key, named_kind, named, reader, pages=pages, public=public)
            )
        written.append(Markup(", ").join(pieces))
    return Markup("; ").join(written)


def linked(value: Any, kind: Kind[Any], field: str, locale: Locale) -> Markup:
    """The key (or keys) in ``value`` as links to their records' pages (a country code as the
    country's name)."""
    plural = target(kind, field)
    keys = value if isinstance(value, list) else [value]
    parts = []
    for key in keys:
        text = escape(str(key))
        if is_code(key):
            parts.append(escape(country_name(key, locale)))
        elif plural is None:
            parts.append(text)
        else:
            address = escape(f"/records/{plural}/{quote(str(key), safe='')}")
            parts.append(Markup(f'<a href="{address}">{text}</a>'))
    return Markup(", ").join(parts)


def public_linked(
    value: Any,
    kind: Kind[Any],
    field: str,
    shown: dict[str, set[str]],
    locale: Locale,
    *,
    names: dict[str, str] | None = None,
) -> Markup:
    """The key (or keys) in ``value`` as links to their public pages, where ``shown`` (per
    plural, the keys that are public) holds them, each written by its name where ``names``
    (by key, those the public reads) has it, as the publishing preview writes it; the others
    stay their keys (a country code the country's name)."""
    plural = target(kind, field)
    keys = value if isinstance(value, list) else [value]
    public = shown.get(plural or "", set())
    parts = []
    for key in keys:
        text = escape((names or {}).get(str(key)) or str(key))
        if is_code(key):
            parts.append(escape(country_name(key, locale)))
        elif plural is not None and str(key) in public:
            address = escape(f"/public/{plural}/{quote(str(key), safe='')}")
            parts.append(Markup(f'<a href="{address}">{text}</a>'))
        else:
            parts.append(text)
    return Markup(", ").join(parts)
