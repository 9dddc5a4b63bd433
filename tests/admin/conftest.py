"""Fixtures for the administration tests."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from app.extensions import db
from app.reference.models import Driver


@pytest.fixture
def reference_edited(app):
    """For tests that edit reference data: make the PostgreSQL teardown reload it.

    The shared teardown rebuilds reference tables only when it sees Driver 1 renamed
    (SQLite tests get a fresh copy of the database anyway).
    """
    yield
    db.session.rollback()
    db.session.execute(update(Driver).where(Driver.number == 1).values(name="edited by a test"))
    db.session.commit()
