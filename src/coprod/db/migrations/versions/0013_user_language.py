"""an account's language for the pages (issue 13): one nullable column, no row changes

Revision ID: 0013_user_language
Revises: 0012_search
Create Date: 2026-12-06 14:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0013_user_language"
down_revision: str | Sequence[str] | None = "0012_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "platform_user"


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ALTER TABLE ADD COLUMN (nullable: no language chosen yet): no batch copy on SQLite.
    op.add_column(TABLE, sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column(TABLE, "language")
