"""theme driver annotation

Issue 12: themes come from the texts alone; the Driver is an annotation of each theme. The mix of
its members' chosen Drivers is read from the proposals; ``suggested_driver`` keeps the Driver the
suggestion model gives for the theme's own words (label, keywords and representative proposals),
computed by the theme run. ``seed_name`` keeps the name of the guided seed theme it grew from.

Revision ID: c7d8e9f0a1b2
Revises: 3d6e9ed014cd
Create Date: 2026-12-03 11:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = "c7d8e9f0a1b2"
down_revision = "3d6e9ed014cd"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suggested_driver", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("seed_name", sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_column("seed_name")
        batch_op.drop_column("suggested_driver")
