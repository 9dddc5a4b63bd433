"""``flask forum statistics-refresh``: recompute the participation figures now."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.statistics import queries, services
from app.statistics.refresh import run_refresh


@click.command("statistics-refresh")
@click.option("--if-stale", is_flag=True, help="Only if the stored figures are not kept exact (the bench).")
@with_appcontext
def statistics_refresh_command(if_stale: bool) -> None:
    """Recompute every participation figure (cron, or after a bulk load)."""
    if if_stale and services.is_fresh(queries.get_state()):
        click.echo("Statistics are current.")
        return
    if not run_refresh():
        raise click.ClickException("A refresh is already running.")
    state = queries.get_state()
    click.echo(f"Statistics computed in {state.last_duration_s:.1f} s.")
