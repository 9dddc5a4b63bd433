"""statistics snapshots

Issue 16: participation figures are pre-aggregated, one JSON document per scope (everything,
a consultation, a zone, both), plus one state row saying from which data generation they were
computed and whether a refresh is running.

Revision ID: 5a1b2c3d4e5f
Revises: 7c3d4e5f6a7b
Create Date: 2026-12-03 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "5a1b2c3d4e5f"
down_revision = "7c3d4e5f6a7b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "statistics_snapshots",
        sa.Column("scope_key", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope_key", name=op.f("pk_statistics_snapshots")),
    )
    op.create_table(
        "statistics_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("content_version", sa.BigInteger(), nullable=True),
        sa.Column("activity_version", sa.BigInteger(), nullable=True),
        sa.Column("refreshing_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_duration_s", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_state")),
    )


def downgrade():
    op.drop_table("statistics_state")
    op.drop_table("statistics_snapshots")
