"""the ledger's records: production reports, payments, dated exchange rates

New tables only: no stored record changes. A registry written before them has no production
reports or payments, so its deliveries exceed what is reported produced and its instruments'
stored ``disbursed`` exceeds their payments: ``coprod ledger verify`` lists each such record
(record, field, rule, the figures) for a person to fix; nothing is changed here.

Revision ID: 0009_ledger_records
Revises: 0008_contract_fields
Create Date: 2026-12-06 11:45:00.000000

"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from coprod.db.types import ExactDecimal

# revision identifiers, used by Alembic.
revision: str = "0009_ledger_records"
down_revision: str | Sequence[str] | None = "0008_contract_fields"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _entity_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _keys(table: str) -> list[sa.schema.SchemaItem]:
    return [
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("key", name=op.f(f"uq_{table}_key")),
    ]


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    """Create production_reports, payments and exchange_rates."""
    op.create_table(
        "production_reports",
        sa.Column("production_line_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        *_entity_columns(),
        sa.ForeignKeyConstraint(
            ["production_line_id"],
            ["production_lines.id"],
            name=op.f("fk_production_reports_production_line_id_production_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_production_reports_order_id_orders")
        ),
        *_keys("production_reports"),
    )
    _index("production_reports", "production_line_id", "order_id")
    op.create_table(
        "payments",
        sa.Column("instrument_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", ExactDecimal(20, 2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        *_entity_columns(),
        sa.ForeignKeyConstraint(
            ["instrument_id"],
            ["funding_instruments.id"],
            name=op.f("fk_payments_instrument_id_funding_instruments"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_payments_order_id_orders")
        ),
        *_keys("payments"),
    )
    _index("payments", "instrument_id", "order_id")
    op.create_table(
        "exchange_rates",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("per_euro", ExactDecimal(20, 6), nullable=False),
        *_entity_columns(),
        sa.CheckConstraint("per_euro > 0", name=op.f("ck_exchange_rates_rate_positive")),
        *_keys("exchange_rates"),
    )
    _index("exchange_rates", "currency")


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("exchange_rates")
    op.drop_table("payments")
    op.drop_table("production_reports")
