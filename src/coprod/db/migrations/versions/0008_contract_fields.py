"""contract fields: a line's lot size and minimum order, a need's maximum suppliers

Nullable: a record without them is planned as before (``coprod plan --from-db`` adds the
scenario's contract fields only where one is set).

Revision ID: 0008_contract_fields
Revises: 0007_token_expiry
Create Date: 2026-12-06 09:30:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008_contract_fields"
down_revision: str | Sequence[str] | None = "0007_token_expiry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the three nullable columns (ALTER TABLE ADD COLUMN: no table is copied)."""
    op.add_column("production_lines", sa.Column("lot_size", sa.Integer(), nullable=True))
    op.add_column("production_lines", sa.Column("min_order", sa.Integer(), nullable=True))
    op.add_column("needs", sa.Column("max_suppliers", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop them."""
    op.drop_column("needs", "max_suppliers")
    op.drop_column("production_lines", "min_order")
    op.drop_column("production_lines", "lot_size")
