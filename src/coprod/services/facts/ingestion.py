"""Ingesting articles: store each SourceDocument (once per content hash) with its text, run the
extractor, and store its facts as unverified proposals with their evidence and entities.

The same event reported by several articles becomes ONE proposal with several evidence rows:
two facts are the same event when their identities are equal (``domain/facts.py``, the rule
the extractor also merges by). Parties, funder, recipient, supplier and systems are compared
as registry references: ISO country codes for states, catalogue keys for known organisations,
people and systems, and the folded canonical name (``name:rheinmetal waffen``) for entities
the catalogue does not know.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from coprod import catalog
from coprod.db import fact_models as fm
from coprod.db import models as m
from coprod.db.audit_models import Actor
from coprod.db.uow import UnitOfWork, UnitsOfWork
from coprod.domain import entities as d
from coprod.domain import kinds
from coprod.domain.bounds import is_web_url
from coprod.domain.facts import GROUPS, Report, identity, kind_variants, merge
from coprod.domain.text import fold
from coprod.errors import Conflict
from coprod.extraction.gazetteer import Entry, extra_names
from coprod.extraction.model import ExtractedEntity, Extraction, Fact
from coprod.extraction.pipeline import extract_document
from coprod.extraction.reading import read_bytes
from coprod.services import registry
from coprod.services.audit import act_as
from coprod.services.facts.proposals import store_document_text

REFERENCE_FIELDS = ("funder", "recipient", "supplier")
VALUE_FIELDS: dict[str, tuple[str, ...]] = {
    "agreement": ("agreement_type", "status", "scope", "quantity", "quantity_text", "name"),
    "funding": ("status", "scope", "name"),
    "supply": ("status", "quantity"),
    "production": ("status", "location", "growth", "quantity"),
    "meeting": ("name", "location"),
    "initiative": ("name", "status", "scope"),
}
COMMON_FIELDS = ("amount", "currency", "date")
# The single-valued fields of a stored fact that identity may read (domain/facts.py).
REPORTED = (
    "agreement_type",
    "status",
    "amount",
    "currency",
    "date",
    "name",
    "funder",
    "recipient",
    "supplier",
)


@dataclass
class IngestResult:
    """What ingesting one file did: its document, and the proposals made or reinforced."""

    name: str
    document: str
    unchanged: bool = False
    created: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        """One line for a person."""
        if self.unchanged:
            return f"{self.name}: already ingested as {self.document} (same content): nothing to do"
        return (
            f"{self.name}: stored as {self.document}; {len(self.created)} new proposal(s), "
            f"{len(self.merged)} more evidence for existing proposal(s)"
        )


@dataclass
class Proposed:
    """A fact as the store keeps it: fields with registry references, entities, identity."""

    type: str
    fields: dict[str, Any]
    entities: list[tuple[str, str, str | None, list[str]]]  # type, name, ref, raw mentions
    identity: str
    # An agreement of unstated kind is also the one typed agreement of the same parties.
    variants: list[str] = field(default_factory=list)

    @property
    def match_key(self) -> str:
        """The SHA-256 of the identity: one proposal per value."""
        return hashlib.sha256(self.identity.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """An article read and its facts extracted, not yet stored (``store_article``)."""

    name: str
    sha: str
    text: str
    extraction: Extraction


def extract_article(
    uow: UnitOfWork, name: str, data: bytes, url: str | None = None
) -> Article | IngestResult:
    """Read the article ``data`` (file ``name``) and extract its facts; an unchanged
    IngestResult when the same content is already stored.

    Only reads the store (stored contents, the aliases reviewers confirmed): callers run it in
    a unit of work that does not write, so that no write lock is held while the extractor
    works (seconds for the first article, which loads the language model).
    """
    known = document_by_sha(uow, hashlib.sha256(data).hexdigest())
    if known is not None:
        return IngestResult(name, known.key, unchanged=True)
    return read_article(name, data, learned_names(uow), url)


def read_article(
    name: str, data: bytes, learned: list[tuple[Entry, str]], url: str | None = None
) -> Article:
    """Read and extract the article ``data`` with the ``learned`` aliases; touches no store, so
    it runs anywhere (a cluster's worker) and ``store_article`` stores it later. ``url``, where
    it was fetched from, is kept unless the page names its own."""
    read = read_bytes(data, name)
    read.url = read.url or url
    with extra_names(learned):
        extraction = extract_document(read)
    return Article(name, hashlib.sha256(data).hexdigest(), read.text, extraction)


def ingest(units: UnitsOfWork, name: str, data: bytes, url: str | None = None) -> IngestResult:
    """Store the article ``data`` (file ``name``) and its facts as unverified proposals,
    owning the transactions: extracted in a unit of work that only reads (no write lock while
    the extractor works), stored in a short one that writes (committed)."""
    with units.reading() as uow:
        article = extract_article(uow, name, data, url)
    if isinstance(article, IngestResult):
        return article
    with units.writing() as uow:
        result = store_article(uow, article, units.actor)
        uow.commit()
    return result


def store_article(uow: UnitOfWork, article: Article, actor: Actor | None = None) -> IngestResult:
    """Store an extracted article and its facts as unverified proposals (caller commits)."""
    if actor is not None:
        act_as(uow, actor)
    try:
        with uow.savepoint():  # nothing of this file stays if a step fails
            result = _store(uow, article.extraction, article.text, registered_keys(uow))
    except (IntegrityError, Conflict):
        # Another ingest of the same bytes stored the document since it was extracted: the
        # unique sha256 (or its key) refused ours, and the content is already there.
        known = document_by_sha(uow, article.sha)
        if known is None:
            raise
        return IngestResult(article.name, known.key, unchanged=True)
    return result


def _store(
    uow: UnitOfWork, extraction: Extraction, text: str, known: dict[str, str]
) -> IngestResult:
    document = _add_document(uow, extraction, text)
    result = IngestResult(extraction.document.name, document.key)
    result.warnings = list(extraction.warnings)
    for fact in extraction.facts:
        proposed = propose(fact, extraction.entities, text, known)
        key, created = add_proposal(uow, proposed, document, fact)
        target = result.created if created else result.merged
        if key not in result.created and key not in target:
            target.append(key)
    return result


def document_by_sha(uow: UnitOfWork, sha: str) -> m.SourceDocumentRow | None:
    """The stored document with content hash ``sha``, or None."""
    stmt = select(m.SourceDocumentRow).where(m.SourceDocumentRow.sha256 == sha)
    return uow.session.scalars(stmt).one_or_none()


def _document_key(uow: UnitOfWork, sha: str) -> str:
    for size in (16, 64):
        key = f"doc-{sha[:size]}"
        if uow.source_documents.find_by_key(key) is None:
            return key
    return f"doc-{sha}-{uow.source_documents.count() + 1}"


def _add_document(uow: UnitOfWork, extraction: Extraction, text: str) -> m.SourceDocumentRow:
    info = extraction.document
    published = date.fromisoformat(info.published) if info.published else None
    document = d.SourceDocument(
        key=_document_key(uow, info.sha256),
        name=info.name[:500],
        sha256=info.sha256,
        language=info.language,
        title=info.title,
        published=published,
        source=info.source,
        # A page's own link may be relative or of another scheme: kept only when a page may
        # link to it (domain/bounds.py), rather than refusing the article.
        url=info.url if info.url and is_web_url(info.url) else None,
    )
    registry.register(uow, document)
    uow.session.flush()
    row = uow.session.scalars(
        select(m.SourceDocumentRow).where(m.SourceDocumentRow.key == document.key)
    ).one()
    store_document_text(uow, row.id, text)
    return row


# ---------------------------------------------------------------------------------- proposals


def propose(
    fact: Fact, entities: list[ExtractedEntity], text: str, known: dict[str, str] | None = None
) -> Proposed:
    """The stored form of an extracted fact: references instead of names, and its identity.

    ``known`` maps folded names of registry entities outside the catalogue to their keys."""
    by_name = {(e.name): e for e in entities if e.type != "country"}
    known = known or {}
    spans = [(s.start, s.end) for s in fact.evidence]
    named: dict[str, tuple[str, str, str | None, list[str]]] = {}

    def ref(value: str) -> str:
        if catalog.is_country_code(value):
            return value
        entity = by_name.get(value)
        reference = entity.key if entity is not None and entity.key else None
        reference = reference or known.get(fold(value))
        if value not in named:
            kind = entity.type if entity is not None else "organisation"
            named[value] = (kind, value, reference, _mentions(entity, spans, text))
        return reference or value

    fields: dict[str, Any] = {"parties": [ref(p) for p in fact.parties]}
    fields["systems"] = [ref(s) for s in fact.systems]
    for name in REFERENCE_FIELDS:
        value = getattr(fact, name)
        if value is not None:
            fields[name] = ref(value)
    for name in (*VALUE_FIELDS.get(fact.type, ()), *COMMON_FIELDS):
        value = getattr(fact, name)
        fields[name] = str(value) if name == "amount" and value is not None else value
    report, unknown = _report(fact.type, fields), _unknown(named)
    proposed = Proposed(fact.type, fields, list(named.values()), identity(report, unknown))
    proposed.variants = kind_variants(report, unknown)
    return proposed


def _report(ftype: str, fields: dict[str, Any]) -> Report:
    """The stored fields as the domain's report (references for parties and systems)."""
    values: dict[str, Any] = {name: fields.get(name) or () for name in GROUPS}
    values.update({name: fields.get(name) for name in REPORTED})
    return Report(ftype, **values)


def _unknown(named: dict[str, tuple[str, str, str | None, list[str]]]) -> set[str]:
    """The names no catalogue or registry entity stands for (compared by folded name)."""
    return {name for name, (_kind, _name, ref, _mentions) in named.items() if ref is None}


def _mentions(entity: ExtractedEntity | None, spans: list[tuple[int, int]], text: str) -> list[str]:
    if entity is None:
        return []
    inside = [mt.text for mt in entity.mentions if any(a <= mt.start < b for a, b in spans)]
    return list(dict.fromkeys(inside or [mt.text for mt in entity.mentions]))


def add_proposal(
    uow: UnitOfWork, proposed: Proposed, document: m.SourceDocumentRow, fact: Fact
) -> tuple[str, bool]:
    """Store ``proposed`` as a new proposal, or add its evidence to the proposal of the same
    event; (its key, whether it is new)."""
    session = uow.session
    match = proposed.match_key
    row = _same_event(uow, proposed)
    created = row is None
    if row is None:
        row = fm.FactProposalRow(
            key=f"fact-{match[:12]}",
            version=1,
            type=proposed.type,
            state="unverified",
            match_key=match,
            identity=proposed.identity,
            fields=proposed.fields,
            confidence=fact.confidence,
        )
        session.add(row)
    else:
        row.version += 1
        row.confidence = max(row.confidence, fact.confidence)
        _absorb(row, proposed.fields)
    _add_evidence(row, document, fact)
    _add_entities(row, proposed.entities)
    session.flush()
    if not created:
        _follow_record(uow, row, document, fact)
    return row.key, created


def _absorb(row: fm.FactProposalRow, fields: dict[str, Any]) -> None:
    """What a new report adds to an unverified proposal (``domain/facts.py`` ``merge``):
    values it lacked, list values it did not have. Fields a reviewer edited stay as the
    reviewer left them."""
    if row.state != "unverified":
        return
    merged = merge(row.fields, fields, kept={e.field for e in row.edits})
    if merged != row.fields:
        row.fields = merged


def _same_event(uow: UnitOfWork, proposed: Proposed) -> fm.FactProposalRow | None:
    """The proposal of the same event: the same matching key, else the one proposal that a
    variant (an agreement of unstated kind) matches."""
    for identities in ([proposed.identity], proposed.variants):
        hashes = [hashlib.sha256(i.encode("utf-8")).hexdigest() for i in identities]
        if not hashes:
            continue
        rows = uow.session.scalars(
            select(fm.FactProposalRow).where(fm.FactProposalRow.match_key.in_(hashes))
        ).all()
        if len(rows) == 1:
            return rows[0]
    return None


def _follow_record(
    uow: UnitOfWork, row: fm.FactProposalRow, document: m.SourceDocumentRow, fact: Fact
) -> None:
    """A new report of an accepted fact adds its evidence to the fact's registry record."""
    kind = kinds.BY_NAME.get(row.record_kind or "")
    if row.state != "accepted" or kind is None or not kind.has_evidence or row.record_key is None:
        return
    record = uow.records(kind).find_by_key(row.record_key)
    if record is None:
        return
    note = f"fact {row.key}"
    new = [d.Evidence(document.key, s.start, s.end, note) for s in fact.evidence]
    record.evidence = [*record.evidence, *(e for e in new if e not in record.evidence)]
    registry.update(uow, record)


def _add_evidence(row: fm.FactProposalRow, document: m.SourceDocumentRow, fact: Fact) -> None:
    for span in fact.evidence:
        row.evidence.append(
            fm.FactEvidenceRow(
                position=len(row.evidence),
                document=document,
                start=span.start,
                end=span.end,
                confidence=fact.confidence,
            )
        )


def _add_entities(
    row: fm.FactProposalRow, entities: list[tuple[str, str, str | None, list[str]]]
) -> None:
    for kind, name, ref, mentions in entities:
        same = [e for e in row.entities if e.type == kind and (e.ref or e.name) == (ref or name)]
        if same:
            more = [t for t in mentions if t not in same[0].mentions]
            if more:
                same[0].mentions = [*same[0].mentions, *more]
            continue
        row.entities.append(
            fm.FactEntityRow(
                position=len(row.entities), type=kind, name=name, ref=ref, mentions=mentions
            )
        )


# ---------------------------------------------------------------------------------- aliases


def learned_names(uow: UnitOfWork) -> list[tuple[Entry, str]]:
    """The aliases reviewers confirmed, as gazetteer names for the extractor."""
    rows = uow.session.scalars(select(fm.LearnedAliasRow).order_by(fm.LearnedAliasRow.id))
    return list(gazetteer_names(rows))


def registered_keys(uow: UnitOfWork) -> dict[str, str]:
    """Folded canonical names of learned registry entities outside the catalogue → their keys
    (the extractor names them, ingestion refers to them by key)."""
    rows = uow.session.scalars(select(fm.LearnedAliasRow))
    return {fold(r.name): r.target for r in rows if not in_catalogue(r.type, r.target)}


def gazetteer_names(rows: Iterable[fm.LearnedAliasRow]) -> Iterable[tuple[Entry, str]]:
    """Learned alias rows as (entry, alias) pairs.

    Entities outside the catalogue keep an empty key: the extractor reads catalogue details by
    key, and ingestion resolves such names against the registry by name."""
    for row in rows:
        known = in_catalogue(row.type, row.target)
        entry = Entry(row.type, row.target if known else "", row.name)
        yield entry, row.alias


def in_catalogue(kind: str, key: str) -> bool:
    """Whether the catalogue holds the organisation, person or system ``key``."""
    tables: dict[str, Any] = {
        "organisation": catalog.organisations(),
        "person": catalog.people(),
        "system": catalog.systems(),
    }
    return key in tables.get(kind, {})
