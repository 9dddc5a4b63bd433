"""full-text search on proposals and append-only audit log

Hand-written: autogenerate does not know FTS5 tables, generated tsvector columns or
triggers (env.py excludes these objects from comparison).

Revision ID: b7c1d2e3f4a5
Revises: 4e896bc66aed
Create Date: 2026-11-22 00:40:00

"""
from alembic import op

revision = "b7c1d2e3f4a5"
down_revision = "4e896bc66aed"
branch_labels = None
depends_on = None

SEARCH_FIELDS = ("title", "summary", "need", "action", "expected_results", "actors_involved")


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _upgrade_postgresql()
    elif dialect == "sqlite":
        _upgrade_sqlite()


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
        op.execute("DROP FUNCTION IF EXISTS forum_refuse_audit_change()")
        op.execute("DROP INDEX IF EXISTS ix_proposals_search_vector")
        op.execute("ALTER TABLE proposals DROP COLUMN IF EXISTS search_vector")
    elif dialect == "sqlite":
        for name in ("audit_no_update", "audit_no_delete", "proposals_fts_ai",
                     "proposals_fts_ad", "proposals_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS proposals_fts")


def _upgrade_postgresql():
    # Weighted Italian tsvector: the title counts most, then the summary, then the body.
    op.execute(
        """
        ALTER TABLE proposals ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('italian', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('italian', coalesce(summary, '')), 'B') ||
            setweight(to_tsvector('italian',
                coalesce(need, '') || ' ' || coalesce(action, '') || ' ' ||
                coalesce(expected_results, '') || ' ' || coalesce(actors_involved, '')), 'C')
        ) STORED
        """
    )
    op.execute("CREATE INDEX ix_proposals_search_vector ON proposals USING GIN (search_vector)")
    op.execute(
        """
        CREATE FUNCTION forum_refuse_audit_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'audit_entries is append-only';
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        """
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION forum_refuse_audit_change()
        """
    )


def _upgrade_sqlite():
    columns = ", ".join(SEARCH_FIELDS)
    new_values = ", ".join(f"new.{c}" for c in SEARCH_FIELDS)
    old_values = ", ".join(f"old.{c}" for c in SEARCH_FIELDS)
    # External-content FTS5 table: the text lives in proposals, the index here.
    # remove_diacritics lets "citta" find "città" (informal writing drops accents).
    op.execute(
        f"CREATE VIRTUAL TABLE proposals_fts USING fts5({columns}, content='proposals', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"CREATE TRIGGER proposals_fts_ai AFTER INSERT ON proposals BEGIN "
        f"INSERT INTO proposals_fts(rowid, {columns}) VALUES (new.id, {new_values}); END"
    )
    op.execute(
        f"CREATE TRIGGER proposals_fts_ad AFTER DELETE ON proposals BEGIN "
        f"INSERT INTO proposals_fts(proposals_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old_values}); END"
    )
    op.execute(
        f"CREATE TRIGGER proposals_fts_au AFTER UPDATE OF {columns} ON proposals BEGIN "
        f"INSERT INTO proposals_fts(proposals_fts, rowid, {columns}) "
        f"VALUES ('delete', old.id, {old_values}); "
        f"INSERT INTO proposals_fts(rowid, {columns}) VALUES (new.id, {new_values}); END"
    )
    op.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_entries BEGIN "
        "SELECT RAISE(ABORT, 'audit_entries is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_entries BEGIN "
        "SELECT RAISE(ABORT, 'audit_entries is append-only'); END"
    )
