"""An organisation becomes public only once a representative is verified (issue 13,
finding 5): an unverified citizen named a new organisation when asking to represent it, and
its page was public at once under that name, and stayed public after a refusal."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.models import Organisation, Representation
from app.extensions import db
from tests.factories import actor_type, create_user
from tests.proposals.helpers import sign_in

NAME = "Camera di Commercio Ufficiale Finta"


def _ask(client, user, name: str = NAME):
    sign_in(client, user)
    return client.post(
        "/account/rappresentanza",
        data={
            "kind": "organisation",
            "organisation": 0,
            "organisation_name": name,
            "actor_type": actor_type("camera_commercio").id,
            "role_title": "Presidente",
        },
    )


def _organisation() -> Organisation:
    db.session.expire_all()
    return db.session.scalar(select(Organisation).where(Organisation.name == NAME))


def _decide(client, decision: str) -> None:
    request = db.session.scalar(select(Representation).where(Representation.status == "pending"))
    sign_in(client, create_user(roles=["admin"]))
    response = client.post(
        f"/admin/rappresentanze/{request.id}/decisione", data={"decision": decision, "note": "Controllato"}
    )
    assert response.status_code == 302


def _public_pages(client, organisation) -> list[int]:
    return [client.get(f"/enti/{organisation.slug}{suffix}").status_code for suffix in ("", "/adesioni")]


def test_a_named_organisation_has_no_public_page_until_a_representative_is_verified(app, client):
    assert _ask(client, create_user()).status_code == 302
    organisation = _organisation()
    assert organisation is not None and not organisation.is_public
    visitor = app.test_client()
    assert _public_pages(visitor, organisation) == [404, 404]
    # Nor is its name offered to others asking to represent an organisation.
    sign_in(visitor, create_user())
    assert NAME not in visitor.get("/account/rappresentanza").get_data(as_text=True)
    _decide(client, "verified")
    assert _organisation().is_public
    assert _public_pages(app.test_client(), organisation) == [200, 200]
    assert NAME in visitor.get("/account/rappresentanza").get_data(as_text=True)


def test_a_refused_request_leaves_the_organisation_private(app, client):
    _ask(client, create_user())
    _decide(client, "refused")
    organisation = _organisation()
    assert not organisation.is_public
    assert _public_pages(app.test_client(), organisation) == [404, 404]


def test_the_same_name_from_someone_else_joins_the_private_organisation_without_revealing_it(client):
    _ask(client, create_user())
    response = _ask(client, create_user(), name=NAME.upper())
    assert response.status_code == 302  # the same answer as for a new name
    assert db.session.scalar(select(func.count(Organisation.id))) == 1
    organisation = _organisation()
    requests = db.session.scalars(
        select(Representation).where(Representation.organisation_id == organisation.id)
    )
    assert len(list(requests)) == 2


@pytest.mark.parametrize("who", ["citizen", "admin"])
def test_a_forged_choice_of_a_private_organisation_is_refused(client, who):
    _ask(client, create_user())
    private = _organisation()
    sign_in(client, create_user(roles=["admin"] if who == "admin" else []))
    response = client.post(
        "/account/rappresentanza",
        data={"kind": "organisation", "organisation": private.id, "role_title": "Socio"},
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Representation.id))) == 1
