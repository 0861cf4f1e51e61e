"""The extractor: article file or bytes in, ``Extraction`` out. Pure: no network, no database."""

from __future__ import annotations

from pathlib import Path

from coprod.extraction import entity_model
from coprod.extraction.amounts import find_amounts
from coprod.extraction.dates import find_dates, parse_published
from coprod.extraction.entities import (
    build_entities,
    french_pipeline,
    organisations_of_no_interest,
    recognise,
    without_organisations_of_no_interest,
)
from coprod.extraction.facts import Article, extract_facts
from coprod.extraction.facts.sentences import used_model
from coprod.extraction.gazetteer import gazetteer
from coprod.extraction.language import detect_language
from coprod.extraction.model import DocumentInfo, Extraction
from coprod.extraction.reading import ReadDocument, read_bytes, read_path

# Characters of one document's text the extractor reads at most (a long news article has about
# 20 000; a page of 20 000 sentences about 1.4 million). Past it the text is cut, with a warning.
MAX_TEXT_CHARS = 2_000_000


def warm_up() -> None:
    """Load the catalogue gazetteer, the language detector, the French model and the trained
    models in use now."""
    gazetteer()
    used_model()
    detect_language("Le ministre de la Défense a signé un accord.")
    french_pipeline()
    path = entity_model.model_dir()
    if path is not None:
        entity_model.pipeline(path)


def extract_path(path: Path) -> Extraction:
    """Extract the entities and facts of the article in ``path``."""
    return extract_document(read_path(path))


def extract_bytes(data: bytes, name: str) -> Extraction:
    """Extract the entities and facts of an article given as bytes."""
    return extract_document(read_bytes(data, name))


def extract_text(text: str, name: str = "text.txt", published: str | None = None) -> Extraction:
    """Extract from a text already decoded (tests, services); offsets index ``text``."""
    doc = read_bytes(text.encode("utf-8"), name)
    if published is not None:
        doc.published = published
    return extract_document(doc)


def extract_document(doc: ReadDocument) -> Extraction:
    """Extract the entities and facts of a document already read."""
    text = cut_to_limit(doc)
    language = detect_language(text)
    published = parse_published(doc.published)
    recognised = recognise(text, language)
    article = Article.of(
        text=text,
        hits=recognised.hits,
        dates=find_dates(text, published),
        amounts=find_amounts(text, language),
        language=language,
        published=published,
        title_end=_title_end(text, doc.title),
    )
    info = DocumentInfo(
        name=doc.name,
        sha256=doc.sha256,
        language=language,
        title=doc.title,
        published=published.isoformat() if published else None,
        source=doc.source,
        url=doc.url,
    )
    facts = extract_facts(article, used_model())
    entities = without_organisations_of_no_interest(
        build_entities(text, recognised.hits, published),
        organisations_of_no_interest(text, recognised.hits),
        facts,
    )
    entities = entity_model.add_names(text, entities)
    return Extraction(document=info, entities=entities, facts=facts, warnings=list(doc.warnings))


def cut_to_limit(doc: ReadDocument, limit: int = MAX_TEXT_CHARS) -> str:
    """The part of the document's text the extractor reads: all of it, or, past ``limit``
    characters, the text up to the last paragraph or sentence end before the limit (a warning
    naming the file says so). Offsets stay offsets into the text as read."""
    text = doc.text
    if len(text) <= limit:
        return text
    cut = max(text.rfind("\n", 0, limit), text.rfind(". ", 0, limit) + 1)
    cut = cut if cut > limit // 2 else limit
    doc.warnings.append(
        f"{doc.name}: {len(text)} characters of text; only the first {cut} are read "
        f"(the extractor reads at most {limit} characters of one document)"
    )
    return text[:cut]


def _title_end(text: str, title: str | None) -> int:
    """Where the headline ends in the text (0 when it is not at the top)."""
    if not title:
        return 0
    found = text.find(title, 0, 600)
    return found + len(title) if found != -1 else 0
