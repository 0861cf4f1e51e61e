"""Tables of news ingestion and review: the text of each source document, the fact proposals
the extractor makes with their evidence and entities, the reviewers' edits, and the aliases
reviewers confirmed (fed back to the extractor's gazetteer).

A proposal is one event (``match_key``, see ``domain/facts.py``) however many articles
report it: each report adds evidence rows. Proposals and learned aliases have a ``key`` and a
``version`` like registry records, so the audit trail records every change to them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coprod.db.base import Base
from coprod.db.models import CHILDREN, KEY, Child, Entity, SourceDocumentRow


class DocumentTextRow(Base):
    """The text of a source document as read (evidence offsets index it)."""

    __tablename__ = "source_document_texts"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("source_documents.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)


class FactProposalRow(Entity):
    """A fact proposed by the extractor, waiting for review or reviewed."""

    __tablename__ = "fact_proposals"

    type: Mapped[str] = mapped_column(String(20), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    match_key: Mapped[str] = mapped_column(String(64), unique=True)
    identity: Mapped[str] = mapped_column(Text)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    confidence: Mapped[float] = mapped_column(Float)
    record_kind: Mapped[str | None] = mapped_column(String(40))
    record_key: Mapped[str | None] = mapped_column(KEY)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)

    evidence: Mapped[list[FactEvidenceRow]] = relationship(
        cascade=CHILDREN, order_by="FactEvidenceRow.position", lazy="selectin"
    )
    entities: Mapped[list[FactEntityRow]] = relationship(
        cascade=CHILDREN, order_by="FactEntityRow.position", lazy="selectin"
    )
    edits: Mapped[list[FactEditRow]] = relationship(
        cascade=CHILDREN, order_by="FactEditRow.position", lazy="selectin"
    )


class FactEvidenceRow(Child):
    """A span of a source document that reports the proposal's fact."""

    __tablename__ = "fact_evidence"
    __table_args__ = (CheckConstraint('"end" >= start', name="span_in_order"),)

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("fact_proposals.id", ondelete="CASCADE"), index=True
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("source_documents.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)

    document: Mapped[SourceDocumentRow] = relationship(lazy="joined")


class FactEntityRow(Child):
    """An entity the fact names: canonical name, registry reference when known, raw spellings."""

    __tablename__ = "fact_entities"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("fact_proposals.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(500))
    ref: Mapped[str | None] = mapped_column(KEY)
    mentions: Mapped[list[str]] = mapped_column(JSON, default=list)


class FactEditRow(Child):
    """A reviewer's change to one field of a proposal, kept with the value it replaced."""

    __tablename__ = "fact_edits"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("fact_proposals.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(60))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LearnedAliasRow(Entity):
    """A spelling a reviewer confirmed for a person, organisation or system."""

    __tablename__ = "learned_aliases"

    type: Mapped[str] = mapped_column(String(20))
    alias: Mapped[str] = mapped_column(String(500))
    target: Mapped[str] = mapped_column(KEY)
    name: Mapped[str] = mapped_column(String(500))
    learned_from: Mapped[str | None] = mapped_column(KEY)
    learned_by: Mapped[str | None] = mapped_column(String(120))
