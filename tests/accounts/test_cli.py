"""``flask forum create-user``."""

from __future__ import annotations

from tests.accounts.helpers import user_by_email
from tests.factories import PASSWORD


def test_create_user_makes_a_confirmed_account_with_roles(runner, client):
    result = runner.invoke(
        args=[
            "forum",
            "create-user",
            "Coord@Example.org",
            "--name",
            "Coordinatrice",
            "--role",
            "zone_coordinator",
            "--zone",
            "nord-ovest",
            "--role",
            "moderator",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code == 0, result.output
    user = user_by_email("coord@example.org")
    assert user.is_confirmed
    assert {a.role for a in user.roles} == {"zone_coordinator", "moderator"}
    assert user.coordinated_zone_ids() == {next(a.zone_id for a in user.roles if a.zone_id)}
    response = client.post("/account/accedi", data={"email": "coord@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_create_user_refuses_bad_input_and_creates_nothing(runner):
    result = runner.invoke(args=["forum", "create-user", "x@example.org", "--name", "X", "--password", "123"])
    assert result.exit_code == 1
    assert "password" in result.output
    result = runner.invoke(
        args=["forum", "create-user", "y@example.org", "--name", "Ypsilon", "--role", "zone_coordinator"]
    )
    assert result.exit_code == 1
    assert user_by_email("x@example.org") is None and user_by_email("y@example.org") is None


def test_create_user_generates_a_password_when_none_is_given(runner):
    result = runner.invoke(
        args=["forum", "create-user", "z@example.org", "--name", "Zeta", "--role", "admin"]
    )
    assert result.exit_code == 0
    assert "Password:" in result.output
    assert user_by_email("z@example.org").is_admin
