"""an order's dated status history (issue 11)

One JSON column, ``[]`` for the orders already stored: their history starts with the next
change of status (the ledger keeps it from then on). No stored record changes otherwise.

Revision ID: 0014_order_history
Revises: 0013_user_language
Create Date: 2026-12-06 15:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0014_order_history"
down_revision: str | Sequence[str] | None = "0013_user_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``orders.history`` (``[]`` where an order is stored already)."""
    op.add_column(
        "orders", sa.Column("history", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
    )


def downgrade() -> None:
    """Drop ``orders.history`` (batch: SQLite copies the table)."""
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("history")
