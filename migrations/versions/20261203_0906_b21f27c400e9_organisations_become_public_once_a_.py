"""organisations become public once a representative is verified

Issue 13, finding 5: anyone asking to represent an organisation may name a new one, and its
page was public at once (and stayed so after a refusal). ``verified_at`` says when a first
representative was verified; until then the organisation has no public page.

Existing data: an organisation is public if it has a verified representative, or if
something was filed or supported on its behalf (which needed a verified representative at
the time, since revoked); the date is the first verification, else its creation.

Revision ID: b21f27c400e9
Revises: b1c2d3e4f5a6
Create Date: 2026-12-03 09:06:53.104974

"""
import sqlalchemy as sa
from alembic import op

revision = "b21f27c400e9"
down_revision = "b1c2d3e4f5a6"
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE organisations SET verified_at = COALESCE(
    (SELECT MIN(r.decided_at) FROM representations r
      WHERE r.organisation_id = organisations.id AND r.status = 'verified'),
    organisations.created_at)
WHERE EXISTS (SELECT 1 FROM representations r
               WHERE r.organisation_id = organisations.id AND r.status = 'verified')
   OR EXISTS (SELECT 1 FROM proposals p WHERE p.organisation_id = organisations.id)
   OR EXISTS (SELECT 1 FROM supports s WHERE s.organisation_id = organisations.id)
   OR EXISTS (SELECT 1 FROM comments c WHERE c.organisation_id = organisations.id)
"""


def upgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("verified_at")
