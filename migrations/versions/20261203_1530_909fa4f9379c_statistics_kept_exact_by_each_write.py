"""statistics kept exact by each write

Issue 16: the participation figures are no longer recomputed after every write. Each write
adds its change to the stored documents (app/statistics/live.py: a row in statistics_deltas,
folded into the documents every few seconds); the state row now says
whether a write went unannounced since the last full refresh and under which comuni-zones
mapping the figures were counted, instead of the page cache's version counters. Comments
get indexes on the organisation and the comune they were written for: the acts of one
organisation or comune are read by index at each of their writes.

Revision ID: 909fa4f9379c
Revises: 64c84d494725
Create Date: 2026-12-03 15:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "909fa4f9379c"
down_revision = "64c84d494725"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statistics_state") as batch:
        batch.add_column(sa.Column("unaccounted_writes", sa.BigInteger(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("reconciled_writes", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("places_fingerprint", sa.String(length=64), nullable=True))
        batch.drop_column("content_version")
        batch.drop_column("activity_version")
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
    op.create_index("ix_comments_organisation_id", "comments", ["organisation_id"])
    op.create_index("ix_comments_on_behalf_comune_id", "comments", ["on_behalf_comune_id"])


def downgrade():
    op.drop_index("ix_comments_on_behalf_comune_id", table_name="comments")
    op.drop_index("ix_comments_organisation_id", table_name="comments")
    op.drop_index(op.f("ix_statistics_deltas_scope_key"), table_name="statistics_deltas")
    op.drop_table("statistics_deltas")
    with op.batch_alter_table("statistics_state") as batch:
        batch.add_column(sa.Column("activity_version", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("content_version", sa.BigInteger(), nullable=True))
        batch.drop_column("places_fingerprint")
        batch.drop_column("reconciled_writes")
        batch.drop_column("unaccounted_writes")
