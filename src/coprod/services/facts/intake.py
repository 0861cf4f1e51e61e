"""Articles from the web: pages by URL, RSS/Atom feeds, and reposts recognised.

A page is fetched with a timeout and a size cap; every failure is an ``InvalidInput`` that
names the URL and says why (status, timeout, too large, not a feed). Reposts and near
duplicates (the same text republished with a new headline, a byline, a few words changed) are
recognised by MinHash over word shingles: the repost is stored as one more source document, and
its facts, being the same facts, merge into the proposals already there as more evidence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select

from coprod.db import fact_models as fm
from coprod.db import models as m
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.errors import InvalidInput
from coprod.services.facts import fact_review, ingestion

FETCH_TIMEOUT_S = 20.0
MAX_FETCH_BYTES = 10 * 1024 * 1024
REPOST_SIMILARITY = 0.7  # estimated Jaccard of 5-word shingles from which a text is a repost
_PERMUTATIONS = 64
_SHINGLE = 5
_WORD = re.compile(r"[^\W_]+")
_USER_AGENT = "coprod-intake/1 (+https://example.invalid/coprod)"


@dataclass(frozen=True)
class Fetched:
    """A page's bytes, with the URL it came from and a file name for messages and storage."""

    url: str
    name: str
    data: bytes


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: the page it links to and its title."""

    link: str
    title: str | None


def fetch(
    url: str,
    *,
    timeout: float = FETCH_TIMEOUT_S,
    max_bytes: int = MAX_FETCH_BYTES,
    client: httpx.Client | None = None,
) -> Fetched:
    """The bytes at ``url`` (http or https), at most ``max_bytes`` of them, within ``timeout``
    seconds; ``InvalidInput`` naming the URL when it cannot be had."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise InvalidInput(f"{url}: not an http or https URL")
    own = client is None
    session = client or httpx.Client(
        timeout=timeout, follow_redirects=True, headers={"User-Agent": _USER_AGENT}
    )
    try:
        return Fetched(url, page_name(url), _read_capped(session, url, max_bytes))
    except httpx.TimeoutException:
        raise InvalidInput(f"{url}: no answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise InvalidInput(f"{url}: cannot be fetched ({type(exc).__name__}: {exc})") from None
    finally:
        if own:
            session.close()


def _read_capped(session: httpx.Client, url: str, max_bytes: int) -> bytes:
    with session.stream("GET", url) as response:
        if response.status_code >= 400:
            raise InvalidInput(f"{url}: the server answered {response.status_code}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise InvalidInput(f"{url}: {declared} bytes is more than the {max_bytes} read at most")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise InvalidInput(f"{url}: more than the {max_bytes} bytes read at most")
            chunks.append(chunk)
    data = b"".join(chunks)
    if not data.strip():
        raise InvalidInput(f"{url}: the page is empty")
    return data


def page_name(url: str) -> str:
    """A file name for the page at ``url``: host and last path segment, with a short hash of
    the whole URL so that two pages never share one (``example.org_drones-deal_1a2b3c4d.html``)."""
    parts = urlsplit(url)
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1] or "index"
    stem = re.sub(r"[^\w.-]+", "-", f"{parts.hostname or 'page'}_{segment}")[:80].strip("-.")
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    suffix = "" if re.search(r"\.(?:html?|txt)$", stem) else ".html"
    return f"{stem}_{digest}{suffix}"


def feed_entries(
    url: str, *, timeout: float = FETCH_TIMEOUT_S, max_bytes: int = MAX_FETCH_BYTES
) -> list[FeedEntry]:
    """The items of the RSS or Atom feed at ``url`` that link to a page, in feed order."""
    import feedparser  # noqa: PLC0415 - only feeds need it

    fetched = fetch(url, timeout=timeout, max_bytes=max_bytes)
    parsed: Any = feedparser.parse(fetched.data)
    entries = [
        FeedEntry(str(e.get("link")), e.get("title"))
        for e in parsed.entries
        if e.get("link") and urlsplit(str(e.get("link"))).scheme in ("http", "https")
    ]
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no items"
        raise InvalidInput(f"{url}: not an RSS or Atom feed with links ({reason})")
    return entries


class Reposts:
    """The texts seen (stored or ingested in this run) as MinHash signatures in an LSH index,
    to say of a new text which one it reposts."""

    def __init__(self, threshold: float = REPOST_SIMILARITY) -> None:
        from datasketch import MinHashLSH  # noqa: PLC0415 - loaded for intake only

        self.threshold = threshold
        self.index = MinHashLSH(threshold=threshold, num_perm=_PERMUTATIONS)
        self.signatures: dict[str, Any] = {}

    def add(self, key: str, text: str) -> None:
        """Remember the text of document ``key``."""
        if key in self.signatures:
            return
        signature = signature_of(text)
        if signature is None:
            return
        self.signatures[key] = signature
        self.index.insert(key, signature)

    def original_of(self, text: str, exclude: str | None = None) -> tuple[str, float] | None:
        """The document ``text`` reposts and their estimated similarity, or None."""
        signature = signature_of(text)
        if signature is None:
            return None
        scored = [
            (key, float(signature.jaccard(self.signatures[key])))
            for key in self.index.query(signature)
            if key != exclude
        ]
        scored = [pair for pair in scored if pair[1] >= self.threshold]
        return max(scored, key=lambda pair: pair[1]) if scored else None

    def load(self, uow: UnitOfWork, limit: int = 5000) -> None:
        """Remember the texts of the ``limit`` latest stored documents."""
        stmt = (
            select(m.SourceDocumentRow.key, fm.DocumentTextRow.text)
            .join(fm.DocumentTextRow, fm.DocumentTextRow.document_id == m.SourceDocumentRow.id)
            .order_by(m.SourceDocumentRow.id.desc())
            .limit(limit)
        )
        for key, text in uow.session.execute(stmt):
            self.add(key, text)


def signature_of(text: str) -> Any:
    """The MinHash of the text's 5-word shingles (None for a text of fewer words)."""
    from datasketch import MinHash  # noqa: PLC0415 - loaded for intake only

    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < _SHINGLE:
        return None
    signature = MinHash(num_perm=_PERMUTATIONS, seed=1)
    signature.update_batch(
        " ".join(words[i : i + _SHINGLE]).encode() for i in range(len(words) - _SHINGLE + 1)
    )
    return signature


def stored_text(uow: UnitOfWork, key: str) -> str | None:
    """The text of the stored document ``key``."""
    stmt = (
        select(fm.DocumentTextRow.text)
        .join(m.SourceDocumentRow, fm.DocumentTextRow.document_id == m.SourceDocumentRow.id)
        .where(m.SourceDocumentRow.key == key)
    )
    return uow.session.scalars(stmt).first()


@dataclass(frozen=True)
class Intake:
    """What ingesting one article gave, and the stored document it reposts (if any)."""

    result: ingestion.IngestResult
    repost_of: tuple[str, float] | None = None


def ingest_checked(
    units: UnitsOfWork,
    reposts: Reposts | None,
    article: tuple[str, bytes, str | None],
) -> Intake:
    """Ingest an article (file name, bytes, URL it came from; ``fact_review.ingest``) and say
    which stored document it reposts; its facts merge into that document's proposals as more
    evidence."""
    name, data, url = article
    result = fact_review.ingest(units, name, data, url)
    if reposts is None or result.unchanged:
        return Intake(result)
    with units.reading() as uow:
        text = stored_text(uow, result.document)
    if text is None:
        return Intake(result)
    original = reposts.original_of(text, exclude=result.document)
    reposts.add(result.document, text)
    return Intake(result, original)


def known_texts(units: UnitsOfWork) -> Reposts:
    """A repost index of the documents already stored."""
    reposts = Reposts()
    with units.reading() as uow:
        reposts.load(uow)
    return reposts
