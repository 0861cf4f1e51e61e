"""API tokens can expire, and remember when they were last used

Revision ID: 0007_token_expiry
Revises: 0006_audit_guards
Create Date: 2026-12-06 09:20:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007_token_expiry"
down_revision: str | Sequence[str] | None = "0006_audit_guards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "platform_api_token"


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ALTER TABLE ADD COLUMN (nullable): no batch copy of the table on SQLite.
    op.add_column(TABLE, sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column(TABLE, sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column(TABLE, "last_used_at")
    op.drop_column(TABLE, "expires_at")
