"""``flask --app wsgi forum ...`` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.accounts.cli import create_user_command
from app.demo.content import DEMO_PASSWORD
from app.demo.services import demo_logins, load_demo
from app.extensions import db
from app.meetings.cli import send_reminders_command
from app.notifications.cli import mail_worker_command, send_digest_command, send_notifications_command
from app.ops.cli import backup_command, restore_command
from app.privacy.cli import purge_unconfirmed_command
from app.reference.services import load_reference

forum_cli = AppGroup("forum", help="Forum metropolitano commands.")
forum_cli.add_command(create_user_command)
forum_cli.add_command(send_digest_command)
forum_cli.add_command(send_notifications_command)
forum_cli.add_command(mail_worker_command)
forum_cli.add_command(purge_unconfirmed_command)
forum_cli.add_command(backup_command)
forum_cli.add_command(restore_command)
forum_cli.add_command(send_reminders_command)


@forum_cli.command("load-reference")
def load_reference_command() -> None:
    """Load Drivers, PNRR missions, keywords, zones, comuni and actor types (idempotent)."""
    created = load_reference()
    db.session.commit()
    summary = ", ".join(f"{name}: {count}" for name, count in created.items())
    click.echo(f"Reference data loaded (new rows — {summary}).")


@forum_cli.command("load-demo")
def load_demo_command() -> None:
    """Load a realistic demo data set (accounts, consultations, proposals...) for local use."""
    counts = load_demo()
    if counts is None:
        click.echo("Demo already loaded: nothing changed.")
        return
    db.session.commit()
    summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
    click.echo(f"Demo data loaded ({summary}).")
    click.echo("")
    click.echo("Demo logins — FOR LOCAL USE ONLY, never on a public server:")
    for role, email in demo_logins():
        click.echo(f"  {role:<62} {email}")
    click.echo(f"  password for every account: {DEMO_PASSWORD}")
