"""theme charts drawn in the background

Issue 15: the charts of a theme run are drawn when the run ends (and after curation), so the
cross-readings and synthesis pages only read them.

Revision ID: 64c84d494725
Revises: 812ccf4d423a
Create Date: 2026-12-03 15:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "64c84d494725"
down_revision = "812ccf4d423a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "theme_charts",
        sa.Column("chart_key", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("svg", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["theme_runs.id"], name=op.f("fk_theme_charts_run_id_theme_runs")
        ),
        sa.PrimaryKeyConstraint("chart_key", name=op.f("pk_theme_charts")),
    )
    op.create_index(op.f("ix_theme_charts_run_id"), "theme_charts", ["run_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_theme_charts_run_id"), table_name="theme_charts")
    op.drop_table("theme_charts")
