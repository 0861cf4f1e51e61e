"""deliveries' units per order read from an index (the dashboard's sums, issue 13)

The index on ``deliveries.order_id`` becomes one on ``(order_id, quantity)``: the sums of
units delivered per order (the ledger's, the tracking views' and the alerts') then read the
index alone, not 50 000 table rows. No stored record changes.

Revision ID: 0018_delivery_units
Revises: 0017_ledger_breaches
Create Date: 2026-12-06 23:55:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0018_delivery_units"
down_revision: str | Sequence[str] | None = "0017_ledger_breaches"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "deliveries"


def upgrade() -> None:
    """Index the deliveries by order with their units."""
    op.create_index("ix_deliveries_order_units", TABLE, ["order_id", "quantity"])
    op.drop_index("ix_deliveries_order_id", table_name=TABLE)


def downgrade() -> None:
    """Back to the index on the order alone."""
    op.create_index("ix_deliveries_order_id", TABLE, ["order_id"])
    op.drop_index("ix_deliveries_order_units", table_name=TABLE)
