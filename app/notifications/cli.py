"""``flask --app wsgi forum send-digest`` and ``send-notifications``."""

from __future__ import annotations

import click

from app.notifications.delivery import deliver_notifications, send_digest


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
