"""``flask --app wsgi forum create-user``: a confirmed account for the demo and for ops."""

from __future__ import annotations

import secrets

import click

from app.accounts.models import ROLES
from app.accounts.services import create_confirmed_user
from app.errors import DomainError, ValidationFailed
from app.extensions import db


@click.command("create-user")
@click.argument("email")
@click.option("--name", "display_name", required=True, help="Public display name.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLES),
    help="Role to grant (repeatable).",
)
@click.option("--zone", default=None, help="Zone slug, for --role zone_coordinator (e.g. nord-ovest).")
@click.option("--password", default=None, help="Password; a random one is generated and printed if omitted.")
def create_user_command(email, display_name, roles, zone, password) -> None:
    """Create a confirmed account EMAIL with the given roles."""
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    try:
        user = create_confirmed_user(email, display_name, password, roles=roles, zone=zone)
    except ValidationFailed as error:
        db.session.rollback()
        for field, message in error.errors:
            click.echo(f"{field}: {message}", err=True)
        raise SystemExit(1) from error
    except DomainError as error:
        db.session.rollback()
        click.echo(str(error.message), err=True)
        raise SystemExit(1) from error
    db.session.commit()
    click.echo(f"Created confirmed account {user.email} (id {user.id}) roles: {', '.join(roles) or '-'}")
    if generated:
        click.echo(f"Password: {password}")
