"""The search index: every registry record's key, name or title and aliases, folded (no case,
no accents), in one table the store keeps in step with every write.

``search_entries`` holds one row per record (its table, its id, its words). It is written by
the session itself, after each flush and in the same transaction (``_index_after_flush``), so
the API, the pages, imports, the review and the CLI all keep it current, and a rolled-back
change leaves no entry. Two backends answer the same question (``SearchIndex.matching``:
which records of a table have every word of a query as the start of one of their words):

- SQLite: an FTS5 table over ``search_entries`` (external content, kept in step by triggers),
  queried with ``MATCH '"word"* AND …'``;
- PostgreSQL: full-text search, ``to_tsvector('simple', words) @@ to_tsquery('simple',
  'word:* & …')``, with a GIN index on that expression.

Both get the same words: folded by ``domain/text.fold`` and split on anything that is not a
letter or a digit (``fr-ua-loi`` is ``fr ua loi``), so they agree on what matches. The
migration ``0012_search`` creates the FTS5 table, its triggers and the GIN index, and indexes
the records already stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol, cast

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    Table,
    Text,
    UniqueConstraint,
    case,
    column,
    delete,
    event,
    func,
    insert,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from coprod.db.base import Base
from coprod.domain.text import fold

# The columns of a record whose words are searched (those a table has).
SEARCHED = ("key", "name", "title", "aliases")
CHUNK = 500  # ids per statement: well under SQLite's bound parameters
WORD = re.compile(r"[^\W_]+")
# SQLite's FTS5 table over search_entries and PostgreSQL's GIN index: created by the migration,
# not by the metadata (``migrate.include_name`` leaves them out of comparisons).
FTS_TABLE = "search_fts"
GIN_INDEX = "ix_search_entries_words_tsv"


class SearchEntryRow(Base):
    """One record's words: its table (``agreements``), its id, its folded words."""

    __tablename__ = "search_entries"
    __table_args__ = (UniqueConstraint("record_table", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_table: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    words: Mapped[str] = mapped_column(Text)
    # The folded words of the key alone and of the name (or title) alone: a query that is
    # exactly one of them ranks first (``ranked``).
    key_words: Mapped[str | None] = mapped_column(Text, default="", server_default="")
    name_words: Mapped[str | None] = mapped_column(Text, default="", server_default="")


def words_of(text: str) -> list[str]:
    """The folded words of ``text`` (``Défense-Nationale`` → ``defense``, ``nationale``)."""
    return WORD.findall(fold(text))


def record_words(values: Iterable[Any]) -> str:
    """The words of a record's searched values (texts, lists of aliases, None) as one text."""
    found: list[str] = []
    for value in values:
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                found += words_of(text)
    return " ".join(found)


def headings(key: Any, name: Any) -> dict[str, str]:
    """An entry's ``key_words`` and ``name_words``: the folded words of its key and name."""
    return {"key_words": record_words([key]), "name_words": record_words([name])}


def tier(words: list[str]) -> ColumnElement[int]:
    """How well an entry matches a query, before any backend's score: 0 when the query is
    its key, 1 when it is its name (or title), 2 otherwise (words compared folded)."""
    asked = " ".join(words)
    entry = SearchEntryRow
    return case((entry.key_words == asked, 0), (entry.name_words == asked, 1), else_=2)


class SearchIndex(Protocol):
    """A backend of the search index."""

    def matching(self, record_table: str, words: list[str]) -> Select[tuple[int]]:
        """The ids of the rows of ``record_table`` whose words start with each of ``words``."""

    def ranked(self, record_table: str, words: list[str]) -> Select[tuple[int, int, float]]:
        """The rows ``matching`` finds, each with its ``tier`` and the backend's ``score``
        (both lower first): ``record_id``, ``tier``, ``score``."""


class Fts5Index:
    """SQLite: FTS5's prefix queries over the index's words."""

    fts = table(FTS_TABLE, column("rowid", Integer), column(FTS_TABLE, Text))

    def _matched(self, words: list[str]) -> ColumnElement[bool]:
        query = " AND ".join(f'"{word}"*' for word in words)
        return self.fts.c[FTS_TABLE].op("MATCH")(query)

    def matching(self, record_table: str, words: list[str]) -> Select[tuple[int]]:
        """The ids of the rows of ``record_table`` whose words start with each of ``words``."""
        found = select(self.fts.c.rowid).where(self._matched(words))
        entry = SearchEntryRow
        return select(entry.record_id).where(
            entry.record_table == record_table, entry.id.in_(found)
        )

    def ranked(self, record_table: str, words: list[str]) -> Select[tuple[int, int, float]]:
        """The matching rows with their tier and FTS5's BM25 score (lower is better)."""
        entry = SearchEntryRow
        score = func.bm25(literal_column(FTS_TABLE), type_=Float)
        return (
            select(entry.record_id, tier(words).label("tier"), score.label("score"))
            .select_from(self.fts.join(entry, entry.id == self.fts.c.rowid))
            .where(self._matched(words), entry.record_table == record_table)
        )


SIMPLE: ColumnElement[Any] = literal_column("'simple'::regconfig")


class PostgresIndex:
    """PostgreSQL: full-text search with prefix terms, the ``simple`` configuration (the
    words are already folded; no stemming, so a key or a name matches as written)."""

    def _query(self, words: list[str]) -> ColumnElement[Any]:
        return func.to_tsquery(SIMPLE, " & ".join(f"{word}:*" for word in words))

    def matching(self, record_table: str, words: list[str]) -> Select[tuple[int]]:
        """The ids of the rows of ``record_table`` whose words start with each of ``words``."""
        entry = SearchEntryRow
        return select(entry.record_id).where(
            entry.record_table == record_table, document().op("@@")(self._query(words))
        )

    def ranked(self, record_table: str, words: list[str]) -> Select[tuple[int, int, float]]:
        """The matching rows with their tier and ``ts_rank``, negated (lower is better)."""
        entry = SearchEntryRow
        query = self._query(words)
        score = -func.ts_rank(document(), query, type_=Float)
        return select(entry.record_id, tier(words).label("tier"), score.label("score")).where(
            entry.record_table == record_table, document().op("@@")(query)
        )


def document() -> ColumnElement[Any]:
    """PostgreSQL's text-search document of an entry (the expression its GIN index holds)."""
    return func.to_tsvector(SIMPLE, SearchEntryRow.words)


def index_for(session: Session) -> SearchIndex:
    """The backend of the database ``session`` talks to."""
    if session.get_bind().dialect.name == "postgresql":
        return PostgresIndex()
    return Fts5Index()


def _searchable(obj: object) -> str | None:
    # Registry records only: they have a key and a version (db/models.Entity).
    name = getattr(obj, "__tablename__", None)
    if isinstance(name, str) and hasattr(obj, "key") and hasattr(obj, "version"):
        return name
    return None


def _entry(obj: Any, record_table: str) -> dict[str, Any]:
    values = [getattr(obj, name, None) for name in SEARCHED]
    named = getattr(obj, "name", None) or getattr(obj, "title", None)
    return {
        "record_table": record_table,
        "record_id": obj.id,
        "words": record_words(values),
        **headings(obj.key, named),
    }


def _index_after_flush(session: Session, _context: object) -> None:
    # Every flush of every session passes here, in the flush's transaction: the entries of the
    # records it created, changed or deleted are replaced (or removed) with it.
    gone: list[tuple[str, int]] = []
    fresh: list[dict[str, Any]] = []
    for obj in [*session.new, *session.dirty, *session.deleted]:
        name = _searchable(obj)
        if name is None or obj.id is None:
            continue
        gone.append((name, obj.id))
        if obj not in session.deleted:
            fresh.append(_entry(obj, name))
    if not gone:
        return
    connection = session.connection()
    entry = cast(Table, SearchEntryRow.__table__)
    for name in sorted({n for n, _ in gone}):
        ids = [i for n, i in gone if n == name]
        for start in range(0, len(ids), CHUNK):
            chosen = entry.c.record_id.in_(ids[start : start + CHUNK])
            connection.execute(delete(entry).where(entry.c.record_table == name, chosen))
    for start in range(0, len(fresh), CHUNK):
        connection.execute(insert(entry), fresh[start : start + CHUNK])


event.listen(Session, "after_flush", _index_after_flush)
