"""search ranking (issue 13): each search entry keeps its key's and its name's words apart

Two columns of ``search_entries``, ``key_words`` and ``name_words`` (the folded words of the
record's key alone and of its name or title alone), filled from the records already stored:
a query that is exactly one of them ranks first (``coprod/db/search.py``, ``tier``). No
stored record changes.

Revision ID: 0016_search_ranking
Revises: 0015_watchlist
Create Date: 2026-12-06 18:30:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coprod.db.search import CHUNK, headings

# revision identifiers, used by Alembic.
revision: str = "0016_search_ranking"
down_revision: str | Sequence[str] | None = "0015_watchlist"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The registry's record tables at this revision (those 0012_search indexed).
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


def upgrade() -> None:
    """Add the two columns, then fill them for every stored record."""
    # Plain ALTER TABLE on both backends: a copied table (batch mode) would lose SQLite's
    # triggers that keep the FTS5 table in step.
    op.add_column("search_entries", sa.Column("key_words", sa.Text(), server_default=""))
    op.add_column("search_entries", sa.Column("name_words", sa.Text(), server_default=""))
    bind = op.get_bind()
    entries = sa.table(
        "search_entries",
        sa.column("record_table", sa.String),
        sa.column("record_id", sa.Integer),
        sa.column("key_words", sa.Text),
        sa.column("name_words", sa.Text),
    )
    change = (
        entries.update()
        .where(
            entries.c.record_table == sa.bindparam("table_"),
            entries.c.record_id == sa.bindparam("id_"),
        )
        .values(key_words=sa.bindparam("key_"), name_words=sa.bindparam("name_"))
    )
    for name in RECORD_TABLES:
        stored = sa.Table(name, sa.MetaData(), autoload_with=bind)
        named = next((stored.c[c] for c in ("name", "title") if c in stored.c), None)
        columns = [stored.c.id, stored.c.key, named if named is not None else sa.null()]
        rows = []
        for row in bind.execute(sa.select(*columns)):
            heads = headings(row[1], row[2])
            key, named_words = heads["key_words"], heads["name_words"]
            rows.append({"table_": name, "id_": row[0], "key_": key, "name_": named_words})
        for start in range(0, len(rows), CHUNK):
            bind.execute(change, rows[start : start + CHUNK])


def downgrade() -> None:
    """Drop the two columns."""
    op.drop_column("search_entries", "name_words")
    op.drop_column("search_entries", "key_words")
