"""statistics changes processed in batches

Issue 16: a write no longer computes its change to the participation figures in its own
transaction (it cost a support ~10 ms and, under load, its p95 grew from 68 to 274 ms). It
records what it changed (a row in statistics_changes); one process at a time turns the
waiting rows into changes of the documents (app/statistics/live.py). The rows of
statistics_deltas are changes already computed, waiting to be folded: they cannot be kept,
so the upgrade marks the figures for a full refresh (the next statistics page asks for it).

Revision ID: 5b1e7c2d9a40
Revises: 909fa4f9379c
Create Date: 2026-12-03 18:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "5b1e7c2d9a40"
down_revision = "909fa4f9379c"
branch_labels = None
depends_on = None

MARK_STALE = "UPDATE statistics_state SET unaccounted_writes = unaccounted_writes + 1"


def upgrade():
    op.drop_index(op.f("ix_statistics_deltas_scope_key"), table_name="statistics_deltas")
    op.drop_table("statistics_deltas")
    op.create_table(
        "statistics_changes",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_changes")),
    )
    op.execute(MARK_STALE)


def downgrade():
    op.drop_table("statistics_changes")
    op.create_table(
        "statistics_deltas",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("scope_key", sa.String(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_deltas")),
    )
    op.create_index(op.f("ix_statistics_deltas_scope_key"), "statistics_deltas", ["scope_key"])
    op.execute(MARK_STALE)
