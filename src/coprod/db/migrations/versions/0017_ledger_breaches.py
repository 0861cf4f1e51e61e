"""the ledger's stored breaches: what a full verify found, read by the alerts (issue 12)

A new table only; no stored record changes. ``coprod db upgrade`` then verifies the ledger
once and stores what it finds (``services/store.upgrade``).

Revision ID: 0017_ledger_breaches
Revises: 0016_search_ranking
Create Date: 2026-12-06 18:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0017_ledger_breaches"
down_revision: str | Sequence[str] | None = "0016_search_ranking"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "ledger_breach"


def upgrade() -> None:
    """Create the table of stored breaches."""
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("rule", sa.String(length=500), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_breach")),
        sa.UniqueConstraint("record", "field", "rule", name=op.f("uq_ledger_breach_record")),
    )
    op.create_index(op.f("ix_ledger_breach_record"), TABLE, ["record"])


def downgrade() -> None:
    """Drop the table of stored breaches."""
    op.drop_index(op.f("ix_ledger_breach_record"), table_name=TABLE)
    op.drop_table(TABLE)
