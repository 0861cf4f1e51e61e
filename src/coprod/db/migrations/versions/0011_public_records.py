"""public records: the registry records readable without an account (issue 12)

A new table only: no stored record changes, and no record is public until someone marks it.

Revision ID: 0011_public_records
Revises: 0010_plants
Create Date: 2026-12-06 15:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0011_public_records"
down_revision: str | Sequence[str] | None = "0010_plants"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the table of public records."""
    op.create_table(
        "public_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=260), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_key", sa.String(length=200), nullable=False),
        sa.Column("published_at", sa.String(length=32), nullable=False),
        sa.Column("published_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_records")),
        sa.UniqueConstraint("key", name=op.f("uq_public_records_key")),
        sa.UniqueConstraint("kind", "record_key", name="uq_public_records_record"),
    )


def downgrade() -> None:
    """Drop the table of public records."""
    op.drop_table("public_records")
