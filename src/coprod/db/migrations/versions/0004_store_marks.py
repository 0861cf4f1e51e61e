"""illustrative orders and deliveries, notes on events and projects, one document per sha256

Revision ID: 0004_store_marks
Revises: 0003_facts
Create Date: 2026-11-22 05:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coprod.errors import Conflict

# revision identifiers, used by Alembic.
revision: str = "0004_store_marks"
down_revision: str | Sequence[str] | None = "0003_facts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHA_INDEX = "ix_source_documents_sha256"


def _refuse_duplicate_documents() -> None:
    # The unique index cannot be built over two documents with one content; which one to keep
    # is the operator's call (a placeholder sha256 in an import file is the usual cause).
    rows = op.get_bind().execute(
        sa.text(
            "SELECT sha256, key FROM source_documents WHERE sha256 IN ("
            "SELECT sha256 FROM source_documents GROUP BY sha256 HAVING COUNT(*) > 1) "
            "ORDER BY sha256, key"
        )
    )
    shared: dict[str, list[str]] = {}
    for sha, key in rows:
        shared.setdefault(sha, []).append(key)
    if shared:
        lines = "; ".join(f"{', '.join(keys)} share sha256 {sha}" for sha, keys in shared.items())
        raise Conflict(
            f"source documents {lines}: each document must have its own content hash. Import "
            "them again with their files' real sha256 (or delete the copies), then run "
            "`coprod db upgrade` again"
        )


def upgrade() -> None:
    """Upgrade schema."""
    _refuse_duplicate_documents()
    # Plain ALTER TABLE (no batch copy): SQLite would refuse to drop ``orders`` for the copy,
    # since ``deliveries`` references it.
    for table in ("orders", "deliveries"):
        op.add_column(
            table,
            sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        )
    for table in ("events", "innovation_projects"):
        op.add_column(table, sa.Column("notes", sa.Text(), nullable=True))
    op.create_index(SHA_INDEX, "source_documents", ["sha256"], unique=True)


def downgrade() -> None:
    """Downgrade schema."""
    # ALTER TABLE … DROP COLUMN needs SQLite ≥ 3.35; no batch copy, as in upgrade().
    op.drop_index(SHA_INDEX, table_name="source_documents")
    op.drop_column("innovation_projects", "notes")
    op.drop_column("events", "notes")
    op.drop_column("deliveries", "illustrative")
    op.drop_column("orders", "illustrative")
