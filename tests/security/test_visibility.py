"""Hidden, rejected and unpublished content is invisible to those who may not see it,
wherever it could show up: the proposal page, lists, search, entity pages, "my proposals",
comment threads and the moderation pages."""

from __future__ import annotations

import pytest

from tests.factories import (
    comune,
    create_comment,
    create_consultation,
    create_organisation,
    create_proposal,
    create_support,
    create_user,
)
from tests.proposals.helpers import sign_in

NOT_PUBLIC = ("draft", "submitted", "changes_requested", "rejected", "hidden", "withdrawn")


@pytest.fixture
def world(app):
    consultation = create_consultation(slug="visibilita")
    organisation = create_organisation(name="Associazione Trasparenza")
    rho = comune("Rho")
    author = create_user(display_name="Autrice Riservata")
    proposals = {}
    for state in NOT_PUBLIC:
        proposals[state] = create_proposal(
            consultation,
            author=author,
            state=state,
            title=f"Segretissima {state} biciclette",
            summary="biciclette segrete",
            organisation_id=organisation.id,
            actor_type_id=organisation.actor_type_id,
        )
    for state in NOT_PUBLIC:
        create_proposal(
            consultation, state=state, title=f"Comunale {state} biciclette", on_behalf_comune_id=rho.id
        )
    public = create_proposal(consultation, title="Pubblica biciclette", summary="biciclette per tutti")
    create_support(public, organisation_id=organisation.id, actor_type_id=organisation.actor_type_id)
    hidden_comment = create_comment(public, body="Commento nascosto offensivo", state="hidden")
    create_comment(public, body="Commento visibile gentile")
    return {
        "consultation": consultation,
        "organisation": organisation,
        "author": author,
        "proposals": proposals,
        "public": public,
        "hidden_comment": hidden_comment,
    }


def _pages(client, world) -> dict[str, str]:
    slug = world["consultation"].slug
    org = world["organisation"].slug
    urls = {
        "consultation": f"/consultazioni/{slug}",
        "search": f"/consultazioni/{slug}?q=biciclette",
        "search-hidden-state": f"/consultazioni/{slug}?q=segretissima&state=hidden",
        "home": "/",
        "organisation": f"/enti/{org}",
        "organisation-supports": f"/enti/{org}/adesioni",
        "comune": "/comuni/015182",
        "comune-supports": "/comuni/015182/adesioni",
        "public-proposal": f"/proposte/{world['public'].id}",
        "mine": "/le-mie-proposte",
    }
    return {name: client.get(url).get_data(as_text=True) for name, url in urls.items()}


@pytest.mark.parametrize("viewer", ["anonymous", "citizen", "analyst"])
def test_unpublished_proposals_and_hidden_comments_appear_nowhere_for_others(client, world, viewer):
    if viewer != "anonymous":
        sign_in(client, create_user(roles=["analyst"] if viewer == "analyst" else []))
    for name, page in _pages(client, world).items():
        assert "Segretissima" not in page, name
        assert "Comunale " not in page, name
        assert "Commento nascosto offensivo" not in page, name
    assert "Pubblica biciclette" in _pages(client, world)["search"]
    for proposal in world["proposals"].values():
        assert client.get(f"/proposte/{proposal.id}").status_code == 404
        assert client.get(f"/proposte/{proposal.id}/modifica").status_code in (302, 404)
        assert client.post(f"/proposte/{proposal.id}/sostieni").status_code in (302, 404)
        assert client.post(f"/proposte/{proposal.id}/commenti", data={"body": "ciao ciao"}).status_code in (
            302,
            404,
        )


def test_my_proposals_shows_only_my_own(client, world):
    sign_in(client, create_user())
    page = client.get("/le-mie-proposte").get_data(as_text=True)
    assert "Segretissima" not in page
    sign_in(client, world["author"])
    page = client.get("/le-mie-proposte").get_data(as_text=True)
    for state in NOT_PUBLIC:
        assert f"Segretissima {state} biciclette" in page


def test_the_author_sees_their_own_hidden_proposal_with_the_reason_but_not_in_public_lists(client, world):
    sign_in(client, world["author"])
    hidden = world["proposals"]["hidden"]
    assert client.get(f"/proposte/{hidden.id}").status_code == 200
    assert "Segretissima hidden" not in client.get(
        f"/consultazioni/{world['consultation'].slug}?q=biciclette"
    ).get_data(as_text=True)


def test_moderators_see_hidden_content_in_the_moderation_pages(client, world):
    sign_in(client, create_user(roles=["moderator"]))
    hidden = world["proposals"]["hidden"]
    assert "Segretissima hidden" in client.get(f"/moderazione/proposte/{hidden.id}").get_data(as_text=True)
    comment = world["hidden_comment"]
    assert "Commento nascosto offensivo" in client.get(f"/moderazione/commenti/{comment.id}").get_data(
        as_text=True
    )
