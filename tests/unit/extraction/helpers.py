"""What the extraction unit tests look at: the extractor run on a short text written for a test,
and the entities or facts of one type that it found.

``*_in`` read an extraction a test already holds; ``*_of`` run the extractor on a text first.
"""

from __future__ import annotations

from coprod.extraction import ExtractedEntity, Extraction, Fact, extract_text

NAME = "t.txt"
"""The file name given to the extractor: it names the document in its details and messages only."""


def entities_in(result: Extraction, etype: str) -> list[ExtractedEntity]:
    """The entities of type ``etype`` in ``result``, in its order."""
    return [e for e in result.entities if e.type == etype]


def names_in(result: Extraction, etype: str) -> set[str]:
    """The names of the entities of type ``etype`` in ``result``."""
    return {e.name for e in entities_in(result, etype)}


def facts_in(result: Extraction, ftype: str) -> list[Fact]:
    """The facts of type ``ftype`` in ``result``, in its order."""
    return [f for f in result.facts if f.type == ftype]


def entities_of(text: str, etype: str, name: str = NAME) -> list[ExtractedEntity]:
    """The entities of type ``etype`` found in ``text``, in the extraction's order."""
    return entities_in(extract_text(text, name), etype)


def names_of(text: str, etype: str, name: str = NAME) -> set[str]:
    """The names of the entities of type ``etype`` found in ``text``."""
    return names_in(extract_text(text, name), etype)


def facts_of(text: str, ftype: str, name: str = NAME, published: str | None = None) -> list[Fact]:
    """The facts of type ``ftype`` found in ``text`` (published on ``published``, if given)."""
    return facts_in(extract_text(text, name, published), ftype)
