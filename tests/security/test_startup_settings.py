"""Issue 13, findings 1 and 13: production refuses to start without PUBLIC_URL or with the
development or a short SECRET_KEY; outside production it starts and warns on the console."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from app.config import DEVELOPMENT_SECRET_KEY
from app.settings import ConfigurationError
from tests.conftest import _base_config

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 48


def _config(app, **changes) -> dict:
    return {**_base_config(app.config["SQLALCHEMY_DATABASE_URI"]), **changes}


@pytest.mark.parametrize("switch", [{"FORCE_HTTPS": True}, {"FORUM_ENV": "production"}])
def test_production_without_public_url_refuses_to_start(app, switch):
    with pytest.raises(ConfigurationError, match="PUBLIC_URL is not set"):
        create_app(_config(app, SECRET_KEY=STRONG_KEY, PUBLIC_URL="", **switch))


@pytest.mark.parametrize(
    ("key", "reason"),
    [(DEVELOPMENT_SECRET_KEY, "development default"), ("short-key-of-31-bytes-xxxxxxxxxx"[:31], "31 bytes")],
)
def test_production_with_a_default_or_short_secret_key_refuses_to_start(app, key, reason):
    with pytest.raises(ConfigurationError, match=reason):
        create_app(_config(app, FORCE_HTTPS=True, PUBLIC_URL="https://forum.example.it", SECRET_KEY=key))


def test_production_needs_an_https_public_url_behind_tls(app):
    with pytest.raises(ConfigurationError, match="https://"):
        create_app(
            _config(app, FORCE_HTTPS=True, PUBLIC_URL="http://forum.example.it", SECRET_KEY=STRONG_KEY)
        )


def test_a_malformed_public_url_is_refused_everywhere(app):
    with pytest.raises(ConfigurationError, match="PUBLIC_URL must be an address"):
        create_app(_config(app, PUBLIC_URL="forum.example.it"))


def test_production_with_good_settings_starts(make_app):
    production = make_app(
        FORUM_ENV="production", PUBLIC_URL="https://forum.example.it", SECRET_KEY=STRONG_KEY
    )
    assert production.config["TRUSTED_HOSTS"] == ["forum.example.it"]


def test_outside_production_a_weak_key_starts_with_a_loud_warning(make_app, caplog):
    caplog.set_level(logging.WARNING)
    make_app(SECRET_KEY=DEVELOPMENT_SECRET_KEY, PUBLIC_URL="")
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("SECRET_KEY is the development default" in w and "never in production" in w for w in warnings)


def _flask(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("FORCE_HTTPS", "FORUM_ENV", "PUBLIC_URL")}
    clean.update({"DATABASE_URL": "sqlite://", "SECRET_KEY": DEVELOPMENT_SECRET_KEY, **env})
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "forum", "--help"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_real_entry_point_refuses_production_defaults_with_a_clear_message():
    """``wsgi.py`` (gunicorn, the CLI) built from the environment, as in a deployment."""
    refused = _flask({"FORCE_HTTPS": "1"})
    assert refused.returncode != 0
    assert "PUBLIC_URL is not set" in refused.stderr
    assert "SECRET_KEY is the development default" in refused.stderr
    # The demo's commands need no configuration: they start, and warn.
    demo = _flask({})
    assert demo.returncode == 0, demo.stderr
    assert "SECRET_KEY is the development default" in demo.stderr
