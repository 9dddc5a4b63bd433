"""``flask forum statistics-refresh``: recompute the participation figures now."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.statistics import queries
from app.statistics.refresh import run_refresh


@click.command("statistics-refresh")
@with_appcontext
def statistics_refresh_command() -> None:
    """Recompute every participation figure (cron, or after a bulk load)."""
    if not run_refresh():
        raise click.ClickException("A refresh is already running.")
    state = queries.get_state()
    click.echo(f"Statistics computed in {state.last_duration_s:.1f} s.")
