"""The schema comes from the migrations, and they form one line of history."""

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import inspect, text

from app import MIGRATIONS_DIR
from app.audit import record
from app.extensions import db
from tests.conftest import IS_POSTGRES


def test_there_is_exactly_one_migration_head(app):
    config = app.extensions["migrate"].migrate.get_config(str(MIGRATIONS_DIR))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"


def test_migrated_database_has_every_model_table(app):
    tables = set(inspect(db.engine).get_table_names())
    expected = {table.name for table in db.metadata.sorted_tables}
    assert expected <= tables


def test_upgrade_to_head_is_a_no_op_when_current(app):
    upgrade()  # already at head: must not fail or duplicate anything
    version = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    assert len(version) == 1


def test_audit_log_refuses_updates_and_deletes(app):
    record(None, "test.act", object_type="system")
    db.session.commit()
    for statement in ("UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries"):
        try:
            db.session.execute(text(statement))
            db.session.commit()
        except Exception:
            db.session.rollback()
        else:  # pragma: no cover - the assertion below reports it
            raise AssertionError(f"{statement!r} was allowed on the append-only audit log")
    assert db.session.execute(text("SELECT action FROM audit_entries")).scalar() == "test.act"


@pytest.mark.postgres
@pytest.mark.skipif(not IS_POSTGRES, reason="storage parameters exist on PostgreSQL only")
def test_busy_tables_are_vacuumed_after_two_percent_of_changes(app):
    # Index-only scans of the proposal lists need a fresh visibility map (docs/performance.md).
    options = dict(
        db.session.execute(
            text(
                "SELECT relname, reloptions FROM pg_class"
                " WHERE relname IN ('proposals', 'supports', 'comments')"
            )
        ).all()
    )
    assert set(options) == {"proposals", "supports", "comments"}
    for table, settings in options.items():
        assert "autovacuum_vacuum_scale_factor=0.02" in settings, table
        assert "autovacuum_vacuum_insert_scale_factor=0.02" in settings, table
