"""action announcements

Which proposals' people were told that the proposal flowed into an action: a link removed
by mistake and made again no longer sends the news twice (app/actions/notify.py). The
proposals linked directly so far are recorded as told (their link's mail went out when it
was made); those reached only through a theme are not: a theme link removed and made again
after this upgrade may tell them once more.

Revision ID: 914d3a89d568
Revises: 5b1e7c2d9a40
Create Date: 2026-12-03 18:53:11.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "914d3a89d568"
down_revision = "5b1e7c2d9a40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "action_announcements",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["plan_actions.id"],
            name=op.f("fk_action_announcements_action_id_plan_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_action_announcements_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("action_id", "proposal_id", name=op.f("pk_action_announcements")),
    )
    op.execute(
        "INSERT INTO action_announcements (action_id, proposal_id, announced_at) "
        "SELECT action_id, proposal_id, created_at FROM action_links WHERE proposal_id IS NOT NULL"
    )


def downgrade():
    op.drop_table("action_announcements")
