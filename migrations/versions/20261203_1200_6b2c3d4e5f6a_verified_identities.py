"""verified identities (SPID/CIE) and consultations that require one

Issue 18: ``verified_identities`` links an account to a SPID or CIE identity by a keyed HMAC
of the fiscal number (never the number itself); ``consultations.requires_verified_identity``
lets an admin accept proposals and supports only from verified identities.

Revision ID: 6b2c3d4e5f6a
Revises: 5a1b2c3d4e5f
Create Date: 2026-12-03 12:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "6b2c3d4e5f6a"
down_revision = "5a1b2c3d4e5f"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "verified_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_number_digest", sa.String(length=64), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_verified_identities_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verified_identities")),
        sa.UniqueConstraint("fiscal_number_digest", name=op.f("uq_verified_identities_fiscal_number_digest")),
        sa.UniqueConstraint("user_id", name=op.f("uq_verified_identities_user_id")),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("requires_verified_identity", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_column("requires_verified_identity")
    op.drop_table("verified_identities")
