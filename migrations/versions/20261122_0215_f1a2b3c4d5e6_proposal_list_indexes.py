"""indexes for the proposal lists at metropolitan scale

Hand-written (issue 6, performance). Each list order of a consultation page gets an
index that matches it column for column, so PostgreSQL reads a page (and the ids of a
deep page, see app.proposals.search) from the index instead of sorting every
published proposal of the consultation:

- newest:    (consultation_id, state, published_at DESC NULLS LAST, id DESC)
- supported: (consultation_id, state, supports_count DESC, published_at DESC NULLS LAST, id DESC)
- commented: (consultation_id, state, comments_count DESC, published_at DESC NULLS LAST, id DESC)

The first replaces ix_proposals_consultation_state_published, whose ascending
published_at could not serve "DESC NULLS LAST". A small partial index serves the count
of answered proposals shown on every consultation page. The list indexes INCLUDE
driver_id, zone_id and actor_type_id, so the filters are checked on the index entries. SQLite has no NULLS LAST in
index definitions; there the columns are plain (it scans them backwards).

Revision ID: f1a2b3c4d5e6
Revises: e4f5a6b7c8d9
Create Date: 2026-11-22 02:15:00

"""
import sqlalchemy as sa
from alembic import op

revision = "f1a2b3c4d5e6"
down_revision = "e4f5a6b7c8d9"
branch_labels = None
depends_on = None

# Carried in the list indexes (PostgreSQL INCLUDE), so the Driver, zone and actor filters
# are checked on the index entries (index-only scans) instead of the wide table rows.
FILTERS = ["driver_id", "zone_id", "actor_type_id"]
NEWEST = {"published_at": "DESC NULLS LAST", "id": "DESC"}
LIST_INDEXES = {
    "ix_proposals_list_newest": (["consultation_id", "state", "published_at", "id"], NEWEST),
    "ix_proposals_list_supported": (
        ["consultation_id", "state", "supports_count", "published_at", "id"],
        {"supports_count": "DESC", **NEWEST},
    ),
    "ix_proposals_list_commented": (
        ["consultation_id", "state", "comments_count", "published_at", "id"],
        {"comments_count": "DESC", **NEWEST},
    ),
}


def upgrade():
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.drop_index("ix_proposals_consultation_state_published")
    for name, (columns, ops) in LIST_INDEXES.items():
        op.create_index(name, "proposals", columns, postgresql_ops=ops, postgresql_include=FILTERS)
    op.create_index(
        "ix_proposals_answered",
        "proposals",
        ["consultation_id", "state"],
        postgresql_where=sa.text("answer_kind IS NOT NULL"),
        sqlite_where=sa.text("answer_kind IS NOT NULL"),
    )


def downgrade():
    op.drop_index("ix_proposals_answered", table_name="proposals")
    for name in LIST_INDEXES:
        op.drop_index(name, table_name="proposals")
    op.create_index(
        "ix_proposals_consultation_state_published",
        "proposals",
        ["consultation_id", "state", "published_at"],
    )
