"""The change feed as an Atom 1.0 document (RFC 4287), for feed readers."""

from __future__ import annotations

from urllib.parse import quote
from xml.etree import ElementTree as ET

from coprod.services.audit.changes import ChangePage

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
GENESIS = "1970-01-01T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def feed(page: ChangePage, *, base: str, self_path: str, record_path: str) -> bytes:
    """``page`` as an Atom feed; ``base`` is the server's address (ending in /), ``self_path``
    this feed's path and query, ``record_path`` the path of a record's page (``{kind}/{key}``)."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _add(root, "id", f"{base}{self_path.split('?', 1)[0].lstrip('/')}")
    _add(root, "title", "coprod: changes to the registry")
    _add(root, "updated", page.changes[-1].at if page.changes else GENESIS)
    author = _add(root, "author")
    _add(author, "name", "coprod")
    _add(root, "link", rel="self", href=f"{base}{self_path.lstrip('/')}")
    if page.more:
        path = self_path.split("?", 1)[0].lstrip("/")
        _add(root, "link", rel="next", href=f"{base}{path}?since={page.next}")
    for change in page.changes:
        entry = _add(root, "entry")
        _add(entry, "id", f"{base}changes/{change.seq}")
        _add(entry, "title", f"{change.kind} {change.key} {change.operation}")
        _add(entry, "updated", change.at)
        if change.actor is not None:
            _add(_add(entry, "author"), "name", change.actor)
        if change.operation != "deleted":
            path = record_path.format(kind=change.kind, key=quote(change.key, safe=""))
            href = base + path.lstrip("/")
            _add(entry, "link", rel="alternate", href=href)
        through = f"; through: {change.channel}" if change.channel else ""
        _add(entry, "summary", f"fields: {', '.join(change.fields) or '-'}{through}")
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document
