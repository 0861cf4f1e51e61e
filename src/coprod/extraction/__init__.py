"""News intelligence: articles in, cooperation facts with evidence out
(``shared/spec/EXTRACTION.md``, schema ``coprod.extraction/1``)."""

from coprod.extraction.model import ExtractedEntity, Extraction, Fact, Mention, Span
from coprod.extraction.pipeline import (
    extract_bytes,
    extract_document,
    extract_path,
    extract_text,
    warm_up,
)

__all__ = [
    "ExtractedEntity",
    "Extraction",
    "Fact",
    "Mention",
    "Span",
    "extract_bytes",
    "extract_document",
    "extract_path",
    "extract_text",
    "warm_up",
]
