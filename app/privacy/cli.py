"""``flask forum purge-unconfirmed``: the retention limit of unconfirmed accounts."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.extensions import db
from app.privacy.services import purge_unconfirmed


@click.command("purge-unconfirmed")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Delete accounts not confirmed within this many days (default: UNCONFIRMED_RETENTION_DAYS).",
)
@with_appcontext
def purge_unconfirmed_command(days: int | None) -> None:
    """Delete accounts whose e-mail address was never confirmed (run it daily, e.g. from cron)."""
    if days is None:
        days = current_app.config["UNCONFIRMED_RETENTION_DAYS"]
    count = purge_unconfirmed(days)
    db.session.commit()
    click.echo(f"Deleted {count} unconfirmed account(s) older than {days} day(s).")
