"""``flask forum backup PATH`` and ``flask forum restore PATH --yes``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.ops.backup import BackupError, backup_database, restore_database


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path: str) -> None:
    """Write a consistent copy of the database to PATH (the app may keep running)."""
    try:
        target = backup_database(path)
    except BackupError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Backup written to {target} ({target.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: str, yes: bool) -> None:
    """Replace ALL the data in the database with the backup at PATH.

    Stop the application servers first. Run `flask db upgrade` afterwards if the
    backup was made by an older version.
    """
    backend = db.engine.url.get_backend_name()
    if not yes:
        click.confirm(
            f"This replaces every row of the {backend} database with the content of {path}. Continue?",
            abort=True,
        )
    try:
        restore_database(path)
    except BackupError as error:
        raise click.ClickException(str(error.message)) from error
    click.echo(f"Database restored from {path}.")
