"""one report per person on a proposal itself (partial unique index)

The unique constraint (reporter_id, proposal_id, comment_id) does not stop two reports
on the proposal itself because comment_id is NULL there and NULLs are distinct.

Revision ID: c3d4e5f6a7b8
Revises: b7c1d2e3f4a5
Create Date: 2026-11-22 01:15:00

"""
import sqlalchemy as sa
from alembic import op

revision = "c3d4e5f6a7b8"
down_revision = "b7c1d2e3f4a5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "uq_flags_reporter_proposal_only",
        "flags",
        ["reporter_id", "proposal_id"],
        unique=True,
        postgresql_where=sa.text("comment_id IS NULL"),
        sqlite_where=sa.text("comment_id IS NULL"),
    )


def downgrade():
    op.drop_index("uq_flags_reporter_proposal_only", table_name="flags")
