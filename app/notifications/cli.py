"""``flask --app wsgi forum send-digest``, ``send-notifications`` and ``mail-worker``."""

from __future__ import annotations

import click
from flask import current_app
from rq import Worker

from app.extensions import db
from app.notifications.delivery import deliver_notifications, send_digest
from app.notifications.dispatch import mail_queue
from app.notifications.events import expand_events
from app.notifications.phases import announce_phase_starts
from app.synthesis.runs.jobs import redis_connection, uses_rq


@click.command("send-digest")
def send_digest_command() -> None:
    """E-mail the daily digest to everyone who chose it (run once a day, e.g. from cron)."""
    sent = send_digest()
    click.echo(f"Daily digests sent: {sent}.")


@click.command("send-notifications")
def send_notifications_command() -> None:
    """Announce consultations' new phases, expand waiting events and send immediate
    notifications still waiting (e.g. the mail server was down). Run it from cron, e.g.
    every 10 minutes: a phase starts by the calendar, with no request to notice it."""
    announced = announce_phase_starts()
    db.session.commit()
    expand_events()
    sent = deliver_notifications()
    if announced:
        click.echo(f"Phase starts announced: {announced}.")
    click.echo(f"Notifications sent: {sent}.")


@click.command("mail-worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def mail_worker_command(burst: bool) -> None:
    """Run an RQ worker sending the e-mails of the outbox (queue ``forum-mail``; needs REDIS_URL)."""
    app = current_app._get_current_object()
    if not uses_rq(app):
        raise click.ClickException("REDIS_URL is not set: e-mails are sent by a thread of the web process.")
    Worker([mail_queue(app)], connection=redis_connection(app)).work(burst=burst)
