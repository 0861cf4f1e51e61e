"""failed logins in the store, so that every server process throttles on one count

Revision ID: 0005_login_failures
Revises: 0004_store_marks
Create Date: 2026-11-23 09:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005_login_failures"
down_revision: str | Sequence[str] | None = "0004_store_marks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "platform_login_failure"
INDEX = "ix_platform_login_failure_user_address_at"


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_login_failure")),
    )
    op.create_index(INDEX, TABLE, ["user_key", "address", "at"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(INDEX, table_name=TABLE)
    op.drop_table(TABLE)
