"""plants, ownerships and investments (issue 19); a production line's plant, licence and licensor

New tables and nullable columns only: no stored record changes. Evidence rows gain an owner
column for each new kind that carries evidence.

Revision ID: 0010_plants
Revises: 0009_ledger_records
Create Date: 2026-12-06 13:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from coprod.db.types import ExactDecimal

# revision identifiers, used by Alembic.
revision: str = "0010_plants"
down_revision: str | Sequence[str] | None = "0009_ledger_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the three tables, then add the new columns (batch: SQLite copies the tables)."""
    op.create_table(
        "ownerships",
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("owned_id", sa.Integer(), nullable=False),
        sa.Column("stake", ExactDecimal(precision=5, scale=2), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owned_id"], ["organisations.id"], name=op.f("fk_ownerships_owned_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["organisations.id"], name=op.f("fk_ownerships_owner_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ownerships")),
        sa.UniqueConstraint("key", name=op.f("uq_ownerships_key")),
    )
    with op.batch_alter_table("ownerships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ownerships_owned_id"), ["owned_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_ownerships_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "plants",
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=500), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("annual_capacity", sa.Integer(), nullable=True),
        sa.Column("capacity_unit", sa.String(length=500), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"], ["organisations.id"], name=op.f("fk_plants_operator_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plants")),
        sa.UniqueConstraint("key", name=op.f("uq_plants_key")),
    )
    with op.batch_alter_table("plants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plants_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_plants_operator_id"), ["operator_id"], unique=False)

    op.create_table(
        "investments",
        sa.Column("investor_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("plant_id", sa.Integer(), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("amount_amount", ExactDecimal(precision=20, scale=2), nullable=True),
        sa.Column("amount_currency", sa.String(length=3), nullable=True),
        sa.Column("stake", ExactDecimal(precision=5, scale=2), nullable=True),
        sa.Column("on", sa.Date(), nullable=True),
        sa.Column("agreement_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_investments_agreement_id_agreements")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["organisations.id"],
            name=op.f("fk_investments_company_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["investor_id"],
            ["organisations.id"],
            name=op.f("fk_investments_investor_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["plant_id"], ["plants.id"], name=op.f("fk_investments_plant_id_plants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_investments")),
        sa.UniqueConstraint("key", name=op.f("uq_investments_key")),
    )
    with op.batch_alter_table("investments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_investments_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_investments_company_id"), ["company_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_investments_investor_id"), ["investor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_investments_plant_id"), ["plant_id"], unique=False)

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plant_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ownership_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("investment_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_evidence_investment_id"), ["investment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_evidence_ownership_id"), ["ownership_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evidence_plant_id"), ["plant_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_evidence_ownership_id_ownerships"),
            "ownerships",
            ["ownership_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_evidence_investment_id_investments"),
            "investments",
            ["investment_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_evidence_plant_id_plants"),
            "plants",
            ["plant_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("production_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plant_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("licence_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("licensor_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_production_lines_licence_id"), ["licence_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_production_lines_licensor_id"), ["licensor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_production_lines_plant_id"), ["plant_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_production_lines_licensor_id_organisations"),
            "organisations",
            ["licensor_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_production_lines_plant_id_plants"), "plants", ["plant_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_production_lines_licence_id_agreements"),
            "agreements",
            ["licence_id"],
            ["id"],
        )


def downgrade() -> None:
    """Drop the columns, then the tables."""
    with op.batch_alter_table("production_lines", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_production_lines_licence_id_agreements"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_production_lines_plant_id_plants"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_production_lines_licensor_id_organisations"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_production_lines_plant_id"))
        batch_op.drop_index(batch_op.f("ix_production_lines_licensor_id"))
        batch_op.drop_index(batch_op.f("ix_production_lines_licence_id"))
        batch_op.drop_column("licensor_id")
        batch_op.drop_column("licence_id")
        batch_op.drop_column("plant_id")

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_evidence_plant_id_plants"), type_="foreignkey")
        batch_op.drop_constraint(
            batch_op.f("fk_evidence_investment_id_investments"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_evidence_ownership_id_ownerships"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_evidence_plant_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_ownership_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_investment_id"))
        batch_op.drop_column("investment_id")
        batch_op.drop_column("ownership_id")
        batch_op.drop_column("plant_id")

    with op.batch_alter_table("investments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_investments_plant_id"))
        batch_op.drop_index(batch_op.f("ix_investments_investor_id"))
        batch_op.drop_index(batch_op.f("ix_investments_company_id"))
        batch_op.drop_index(batch_op.f("ix_investments_agreement_id"))

    op.drop_table("investments")
    with op.batch_alter_table("plants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plants_operator_id"))
        batch_op.drop_index(batch_op.f("ix_plants_country"))

    op.drop_table("plants")
    with op.batch_alter_table("ownerships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ownerships_owner_id"))
        batch_op.drop_index(batch_op.f("ix_ownerships_owned_id"))

    op.drop_table("ownerships")
