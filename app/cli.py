"""``flask --app wsgi forum ...`` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.accounts.cli import create_user_command
from app.actions.admin_services import load_plan_actions
from app.demo.content import DEMO_PASSWORD
from app.demo.services import demo_logins, load_demo
from app.demo.synthesis import publish_demo_syntheses
from app.extensions import db
from app.meetings.cli import send_reminders_command
from app.notifications.cli import mail_worker_command, send_digest_command, send_notifications_command
from app.ops.cli import backup_command, restore_command
from app.privacy.cli import purge_unconfirmed_command
from app.reference.services import load_reference
from app.statistics.cli import statistics_refresh_command

forum_cli = AppGroup("forum", help="Forum metropolitano commands.")
forum_cli.add_command(create_user_command)
forum_cli.add_command(send_digest_command)
forum_cli.add_command(send_notifications_command)
forum_cli.add_command(mail_worker_command)
forum_cli.add_command(purge_unconfirmed_command)
forum_cli.add_command(backup_command)
forum_cli.add_command(restore_command)
forum_cli.add_command(statistics_refresh_command)
forum_cli.add_command(send_reminders_command)


@forum_cli.command("load-reference")
def load_reference_command() -> None:
    """Load Drivers, PNRR missions, keywords, zones, comuni, actor types and the plan's
    actions (idempotent)."""
    created = load_reference()
    # The plan's actions are not reference data of the snapshot: their status and links
    # change every day. They load here, from the checked data file, all the same.
    created["plan_actions"] = load_plan_actions()
    db.session.commit()
    summary = ", ".join(f"{name}: {count}" for name, count in created.items())
    click.echo(f"Reference data loaded (new rows — {summary}).")


@forum_cli.command("publish-demo-synthesis")
def publish_demo_synthesis_command() -> None:
    """Publish the synthesis of the demo's closed, fully answered consultation (after the
    theme run of ``make demo``). Running it again changes nothing."""
    published = publish_demo_syntheses()
    db.session.commit()
    if not published:
        click.echo("No demo synthesis to publish: already published, or no themes computed yet.")
    for consultation in published:
        click.echo(f"Synthesis published: /consultazioni/{consultation.slug}/sintesi")


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
