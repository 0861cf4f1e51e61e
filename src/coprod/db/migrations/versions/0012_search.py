"""the search index (issue 13): one entry per registry record, its key, names and aliases folded

A new table, ``search_entries``, filled from the records already stored; on SQLite an FTS5
table over it kept in step by triggers, on PostgreSQL a GIN index on its text-search document
(``coprod/db/search.py``). No stored record changes.

Revision ID: 0012_search
Revises: 0011_public_records
Create Date: 2026-12-06 15:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coprod.db.search import CHUNK, FTS_TABLE, GIN_INDEX, SEARCHED, record_words

# revision identifiers, used by Alembic.
revision: str = "0012_search"
down_revision: str | Sequence[str] | None = "0011_public_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The registry's record tables at this revision.
RECORD_TABLES = (
    "source_documents",
    "organisations",
    "people",
    "systems",
    "agreements",
    "plants",
    "ownerships",
    "investments",
    "needs",
    "production_lines",
    "funding_instruments",
    "orders",
    "production_reports",
    "deliveries",
    "payments",
    "innovation_projects",
    "events",
)

SQLITE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(words, content='search_entries', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, words) VALUES (new.id, new.words); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, words) VALUES ('delete', old.id, old.words); "
    "END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, words) VALUES ('delete', old.id, old.words); "
    f"INSERT INTO {FTS_TABLE}(rowid, words) VALUES (new.id, new.words); END",
)
POSTGRESQL = (
    f"CREATE INDEX {GIN_INDEX} ON search_entries "
    "USING gin (to_tsvector('simple'::regconfig, words))",
)


def upgrade() -> None:
    """Create the table and its backend's index, then index every stored record."""
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_table", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entries")),
        sa.UniqueConstraint(
            "record_table", "record_id", name=op.f("uq_search_entries_record_table")
        ),
    )
    bind = op.get_bind()
    for statement in SQLITE if bind.dialect.name == "sqlite" else POSTGRESQL:
        op.execute(statement)
    entries = sa.table(
        "search_entries",
        sa.column("record_table", sa.String),
        sa.column("record_id", sa.Integer),
        sa.column("words", sa.Text),
    )
    for name in RECORD_TABLES:
        stored = sa.Table(name, sa.MetaData(), autoload_with=bind)
        columns = [stored.c[c] for c in SEARCHED if c in stored.c]
        rows = [
            {"record_table": name, "record_id": row[0], "words": record_words(row[1:])}
            for row in bind.execute(sa.select(stored.c.id, *columns))
        ]
        for start in range(0, len(rows), CHUNK):
            bind.execute(entries.insert(), rows[start : start + CHUNK])


def downgrade() -> None:
    """Drop the index's backend objects, then the table."""
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("search_entries_ai", "search_entries_ad", "search_entries_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    else:
        op.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    op.drop_table("search_entries")
