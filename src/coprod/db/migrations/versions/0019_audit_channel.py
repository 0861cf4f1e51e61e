"""audit entries record the channel a change came through

A nullable ``channel`` on ``audit_log``: ``web``, ``api``, ``cli:<command>``,
``import:<file>``, ``fact acceptance:<proposal>``, ``system:<what>``
(``db/audit_models.py``). A new entry's hash covers it; the entries already stored keep no
channel (NULL), and their hashes, computed without one, still verify. Adding a column
updates no row, so the append-only triggers (0002, 0006) are not in the way.

Revision ID: 0019_audit_channel
Revises: 0018_delivery_units
Create Date: 2026-12-07 05:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0019_audit_channel"
down_revision: str | Sequence[str] | None = "0018_delivery_units"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the channel column."""
    op.add_column("audit_log", sa.Column("channel", sa.String(200), nullable=True))


def downgrade() -> None:
    """Drop the channel column (the entries that had one then no longer verify)."""
    op.drop_column("audit_log", "channel")
