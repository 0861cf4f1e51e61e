"""Reading an article: bytes → text (plain or HTML), encoding, title, date and source.

Offsets of everything extracted later are character offsets into ``ReadDocument.text``.
Hostile input (binary, empty, undecodable, huge HTML) gets an ``InvalidInput`` with the file
name and the reason, or a best-effort text; never a traceback.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from coprod.errors import InvalidInput, NotFound
from coprod.extraction.dates import find_header_date

MAX_BYTES = 50 * 1024 * 1024
LARGE_HTML = 1024 * 1024
_HTML_SNIFF = re.compile(
    rb"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]|<div[\s>]", re.I
)
_SCRIPT = re.compile(r"<(script|style|noscript|svg)\b.*?</\1\s*>", re.I | re.S)
_SOURCE_LINE = re.compile(
    r"^\s*(?P<source>[A-Z][\w .'&-]{1,40}?)\s+[-–—|]\s+(?P<date>\d{1,2}\.?\s+\w+\.?\s+\d{4})"
)


_DATELINE_HEAD = re.compile(
    r"^\s*(?:[^\n.]{0,60}?,\s*|(?:publi[ée] le|published(?: on)?|mis à jour le|updated"
    r"|veröffentlicht(?: am)?|stand:?)\s+)"
    r"(?P<date>\d{1,2}\.?\s+[^\W\d_]+\.?\s+\d{4}|[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4})\b",
    re.I,
)


@dataclass
class ReadDocument:
    """An article's text as read, with what its metadata says."""

    name: str
    sha256: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    is_html: bool = False
    warnings: list[str] = field(default_factory=list)


def read_path(path: Path) -> ReadDocument:
    """Read the article at ``path``; NotFound or InvalidInput naming the file when it cannot."""
    return read_bytes(article_bytes(path), path.name)


def article_bytes(path: Path) -> bytes:
    """The bytes of the article file ``path`` (checked as ``read_path`` checks them)."""
    if not path.exists():
        raise NotFound(f"{path}: no such file")
    if not path.is_file():
        raise InvalidInput(f"{path}: not a regular file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InvalidInput(f"{path}: {size} bytes is more than the {MAX_BYTES} bytes read at most")
    return path.read_bytes()


def read_bytes(data: bytes, name: str) -> ReadDocument:
    """Decode and clean one article given as bytes; ``name`` is used in messages and output."""
    if not data.strip():
        raise InvalidInput(f"{name}: the file is empty")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{name}: {len(data)} bytes is more than the {MAX_BYTES} read at most")
    sha = hashlib.sha256(data).hexdigest()
    raw, warnings = decode(data, name)
    if _HTML_SNIFF.search(data[:4096]):
        doc = _read_html(raw, name, sha)
    else:
        doc = _read_plain(raw, name, sha)
    doc.warnings[:0] = warnings
    if not doc.text.strip():
        raise InvalidInput(f"{name}: no article text could be found in the file")
    return doc


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """The text of ``data``: UTF-8 when valid, else the encoding charset-normalizer detects."""
    if _looks_binary(data):
        raise InvalidInput(f"{name}: looks like binary data, not an article (text or HTML)")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        text = data.decode("utf-8", errors="replace")
        return text, [f"{name}: encoding not recognised; invalid UTF-8 bytes replaced"]
    text = data.decode(best.encoding, errors="replace")
    return text, [f"{name}: not UTF-8; decoded as {best.encoding}"]


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))  # counted in one pass
    return controls > len(head) * 0.05


_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)  # control bytes no text holds


def _read_plain(text: str, name: str, sha: str) -> ReadDocument:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    source, published = _source_and_date(text)
    return ReadDocument(
        name=name,
        sha256=sha,
        text=text,
        title=_first_title(text),
        published=published,
        source=source,
    )


def _read_html(html: str, name: str, sha: str) -> ReadDocument:
    import trafilatura  # noqa: PLC0415 - lazy: only HTML needs it (import takes ~0.5 s)

    warnings: list[str] = []
    size = len(html)
    large = size > LARGE_HTML
    if large:
        html = _SCRIPT.sub(" ", html)
        warnings.append(f"{name}: large HTML ({size} characters); scripts dropped, fast mode")
    result = trafilatura.bare_extraction(html, with_metadata=True, fast=large)
    text = (getattr(result, "text", None) or "") if result is not None else ""
    source, published = _source_and_date(text)
    return ReadDocument(
        name=name,
        sha256=sha,
        text=text,
        title=getattr(result, "title", None) or _first_title(text),
        published=getattr(result, "date", None) or published,
        source=getattr(result, "sitename", None) or source,
        url=getattr(result, "url", None),
        is_html=True,
        warnings=warnings,
    )


def _first_title(text: str) -> str | None:
    for raw in text.split("\n")[:15]:
        line = raw.strip(" \t•-–*")
        if len(line) >= 300:
            return None  # the body has begun: a short line after it is no headline
        if len(line.split()) >= 5:
            # a headline has no final full stop; a first sentence is no title
            return None if line.endswith((".", "!", "?", "»", ":")) else line
    return None


def _source_and_date(text: str) -> tuple[str | None, str | None]:
    for line in text.split("\n")[:20]:
        found = _SOURCE_LINE.match(line)
        if found:
            return found["source"].strip(), find_header_date(found["date"])
    return None, _dateline(text)


def _dateline(text: str) -> str | None:
    """The full date that opens one of the first lines under the headline: "KYIV, Jan 22,
    2026 —", "München, 18. März 2025.", "Publié le 21 octobre 2025", "Ministry X, 3 March 2025"."""
    for line in [ln for ln in text.split("\n") if ln.strip()][1:6]:
        head = _DATELINE_HEAD.match(line)
        if head:
            return find_header_date(head["date"])
    return None
