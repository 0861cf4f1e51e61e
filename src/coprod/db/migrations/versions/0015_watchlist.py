"""the watchlist: the needs, instruments and agreements each user follows (issue 12)

A new table only; no stored record changes.

Revision ID: 0015_watchlist
Revises: 0014_order_history
Create Date: 2026-12-06 15:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0015_watchlist"
down_revision: str | Sequence[str] | None = "0014_order_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "platform_watch"


def upgrade() -> None:
    """Create the watchlist table."""
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("record", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["platform_user.id"],
            name=op.f("fk_platform_watch_user_id_platform_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_watch")),
        sa.UniqueConstraint("user_id", "record", "key", name=op.f("uq_platform_watch_user_id")),
    )


def downgrade() -> None:
    """Drop the watchlist table."""
    op.drop_table(TABLE)
