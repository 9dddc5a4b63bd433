"""``flask --app wsgi forum send-reminders``: the reminder e-mail of the day before.

Run it once a day from cron (docs/deploy.md).
"""

from __future__ import annotations

import click

from app.extensions import db
from app.meetings.registrations import send_reminders
from app.notifications.delivery import deliver_committed


@click.command("send-reminders")
def send_reminders_command() -> None:
    """E-mail everyone registered to tomorrow's meetings (and today's, if not yet reminded)."""
    queued = send_reminders()
    db.session.commit()
    sent = deliver_committed()
    click.echo(f"Meeting reminders queued: {queued}, sent now: {sent}.")
