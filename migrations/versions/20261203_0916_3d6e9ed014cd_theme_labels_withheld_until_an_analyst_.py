"""theme labels withheld until an analyst reviews them

Issue 13, finding 9: a proposal hidden (or withdrawn) after a synthesis was made left words
taken from it in the theme labels on the public synthesis, ``/api/themes`` and
``themes.csv``. ``label_needs_review`` is set on its themes when it leaves public view; the
public then sees "Theme N" without keywords until an analyst renames the theme or confirms
the label (app/synthesis/label_review.py). Existing themes start reviewed.

Revision ID: 3d6e9ed014cd
Revises: b21f27c400e9
Create Date: 2026-12-03 09:16:41.516297

"""
import sqlalchemy as sa
from alembic import op

revision = "3d6e9ed014cd"
down_revision = "b21f27c400e9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("label_needs_review", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_column("label_needs_review")
