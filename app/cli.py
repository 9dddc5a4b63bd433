"""``flask --app wsgi forum ...`` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db
from app.reference.services import load_reference

forum_cli = AppGroup("forum", help="Forum metropolitano commands.")


@forum_cli.command("load-reference")
def load_reference_command() -> None:
    """Load Drivers, PNRR missions, keywords, zones, comuni and actor types (idempotent)."""
    created = load_reference()
    db.session.commit()
    summary = ", ".join(f"{name}: {count}" for name, count in created.items())
    click.echo(f"Reference data loaded (new rows — {summary}).")
