"""The extractor's output as plain dataclasses (``coprod.extraction/1``).

They are shaped for a later ingestion service: a document carries its content hash, every
entity its canonical name (and catalogue key when known) with the raw mentions, and every fact
its evidence spans into the text as read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SCHEMA = "coprod.extraction/1"


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` in the document's text as read."""

    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in the text, with its raw spelling."""

    start: int
    end: int
    text: str


@dataclass
class DocumentInfo:
    """What the extractor knows of the article itself."""

    name: str
    sha256: str
    language: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass
class ExtractedEntity:
    """A person, organisation, country or system under its canonical name."""

    type: str
    name: str
    key: str | None = None
    country: str | None = None
    role: str | None = None
    kind: str | None = None
    code: str | None = None
    category: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The entity as a ``coprod.extraction/1`` JSON object."""
        out: dict[str, Any] = {"type": self.type, "name": self.name, "key": self.key}
        extra = {
            "person": ("country", "role"),
            "organisation": ("kind", "country"),
            "country": ("code",),
            "system": ("category",),
        }
        for attr in extra.get(self.type, ()):
            out[attr] = getattr(self, attr)
        out["mentions"] = [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions]
        return out


@dataclass
class Fact:
    """A cooperation fact with the evidence that supports it."""

    type: str
    parties: list[str] = field(default_factory=list)
    agreement_type: str | None = None
    status: str | None = None
    scope: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    quantity: int | None = None
    quantity_text: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    date: str | None = None
    name: str | None = None
    location: str | None = None
    funder: str | None = None
    recipient: str | None = None
    supplier: str | None = None
    growth: list[dict[str, int]] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        """The fact as a ``coprod.extraction/1`` JSON object (fields of its type only)."""
        out: dict[str, Any] = {"type": self.type, "parties": list(self.parties)}
        for attr in _FACT_FIELDS.get(self.type, ()):
            value = getattr(self, attr)
            out[attr] = _amount_json(value) if attr == "amount" else value
        out["evidence"] = [{"start": s.start, "end": s.end} for s in self.evidence]
        out["confidence"] = round(self.confidence, 2)
        return out


_COMMON = ("status", "scope", "systems", "quantity", "amount", "currency", "date")
_FACT_FIELDS: dict[str, tuple[str, ...]] = {
    "agreement": ("agreement_type", *_COMMON, "quantity_text", "name"),
    "funding": ("funder", "recipient", *_COMMON, "name"),
    "supply": ("supplier", "recipient", *_COMMON),
    "production": (*_COMMON, "growth", "location"),
    "meeting": ("name", "location", "date"),
    "initiative": ("name", "status", "scope", "systems", "amount", "currency", "date"),
}


def _amount_json(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class Extraction:
    """Everything extracted from one article."""

    document: DocumentInfo
    entities: list[ExtractedEntity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The whole extraction as a ``coprod.extraction/1`` JSON object."""
        doc = self.document
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "document": {
                "name": doc.name,
                "sha256": doc.sha256,
                "language": doc.language,
                "title": doc.title,
                "published": doc.published,
                "source": doc.source,
                "url": doc.url,
            },
            "entities": [e.to_dict() for e in self.entities],
            "facts": [f.to_dict() for f in self.facts],
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out
