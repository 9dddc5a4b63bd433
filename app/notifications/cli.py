"""``flask --app wsgi forum send-digest``, ``send-notifications`` and ``mail-worker``."""

from __future__ import annotations

import click
from flask import current_app
from rq import Worker

from app.notifications.delivery import deliver_notifications, send_digest
from app.notifications.dispatch import mail_queue
from app.synthesis.runs.jobs import redis_connection, uses_rq


@click.command("send-digest")
def send_digest_command() -> None:
    """E-mail the daily digest to everyone who chose it (run once a day, e.g. from cron)."""
    sent = send_digest()
    click.echo(f"Daily digests sent: {sent}.")


@click.command("send-notifications")
def send_notifications_command() -> None:
    """Send immediate notifications still waiting (e.g. the mail server was down)."""
    sent = deliver_notifications()
    click.echo(f"Notifications sent: {sent}.")


@click.command("mail-worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def mail_worker_command(burst: bool) -> None:
    """Run an RQ worker sending the e-mails of the outbox (queue ``forum-mail``; needs REDIS_URL)."""
    app = current_app._get_current_object()
    if not uses_rq(app):
        raise click.ClickException("REDIS_URL is not set: e-mails are sent by a thread of the web process.")
    Worker([mail_queue(app)], connection=redis_connection(app)).work(burst=burst)
