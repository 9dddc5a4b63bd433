"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db
from app.notifications.dispatch import wait_for_deliveries
from tests.conftest import _base_config


@pytest.fixture
def make_app(app):
    """Build another app on the test database with some settings changed (a production
    start, a proxy in front...); its connections are closed after the test."""
    built = []

    def make(**overrides):
        other = create_app({**_base_config(app.config["SQLALCHEMY_DATABASE_URI"]), **overrides})
        built.append(other)
        return other

    yield make
    wait_for_deliveries()
    for other in built:
        with other.app_context():
            db.engine.dispose()
