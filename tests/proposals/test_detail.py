"""The proposal page: fields, official answer, comment pages, a fixed number of queries."""

from __future__ import annotations

from app.accounts.models import User
from app.extensions import db
from app.models_base import utcnow
from app.proposals.models import Comment, Support
from tests import factories
from tests.proposals.helpers import english, sign_in


def _add_activity(proposal, count: int) -> None:
    """``count`` supports and ``count`` comments (a third of them replies), in bulk."""
    users = [
        User(email=f"folla{proposal.id}-{i}@example.org", display_name=f"Folla {i}") for i in range(count)
    ]
    db.session.add_all(users)
    db.session.flush()
    citizen = factories.actor_type("cittadino").id
    comune = factories.actor_type("comune").id
    db.session.add_all(
        Support(proposal_id=proposal.id, user_id=u.id, actor_type_id=citizen if i % 2 else comune)
        for i, u in enumerate(users)
    )
    tops = [
        Comment(proposal_id=proposal.id, author_id=u.id, body=f"Commento {i}") for i, u in enumerate(users)
    ]
    db.session.add_all(tops[: count - count // 3])
    db.session.flush()
    for i, reply in enumerate(tops[count - count // 3 :]):
        reply.parent_id = tops[i].id
        reply.state = "hidden" if i % 2 else "published"
        db.session.add(reply)
    proposal.supports_count += count
    proposal.comments_count += count
    db.session.commit()


def _queries_for_page(client, count_queries, proposal) -> int:
    db.session.expire_all()
    with count_queries() as counter:
        response = client.get(f"/proposte/{proposal.id}")
    assert response.status_code == 200
    return counter.count


def test_query_count_does_not_grow_with_supports_and_comments(client, count_queries):
    small = factories.create_proposal(missions=[], keywords=[])
    large = factories.create_proposal()
    _add_activity(small, 3)
    _add_activity(large, 120)
    viewer = factories.create_user()
    sign_in(client, viewer)
    client.get(f"/proposte/{small.id}")  # warm-up
    assert _queries_for_page(client, count_queries, small) == _queries_for_page(client, count_queries, large)


def test_query_count_is_the_same_for_visitors_with_many_comments(app, client, count_queries):
    app.config["PAGE_CACHE_ENABLED"] = False  # the rendering is measured, not the page cache
    small = factories.create_proposal()
    large = factories.create_proposal()
    _add_activity(small, 2)
    _add_activity(large, 90)
    client.get(f"/proposte/{small.id}")
    assert _queries_for_page(client, count_queries, small) == _queries_for_page(client, count_queries, large)


def test_comments_come_fifty_threads_per_page_newest_last(client):
    proposal = factories.create_proposal()
    author = factories.create_user()
    db.session.add_all(
        Comment(proposal_id=proposal.id, author_id=author.id, body=f"Commento numero {i:03d}")
        for i in range(120)
    )
    proposal.comments_count = 120
    db.session.commit()
    english(client)
    first = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Commento numero 000" in first and "Commento numero 049" in first
    assert "Commento numero 050" not in first
    assert first.index("Commento numero 000") < first.index("Commento numero 049")
    assert "Page 1 of 3" in first
    third = client.get(f"/proposte/{proposal.id}?page=3").get_data(as_text=True)
    assert "Commento numero 119" in third and "Commento numero 099" not in third


def test_page_shows_every_structured_field(client):
    consultation = factories.create_consultation()
    organisation = factories.create_organisation(name="Legambiente Lombardia")
    user = factories.create_user()
    factories.create_representative(user=user, organisation=organisation)
    proposal = factories.create_proposal(
        consultation=consultation,
        author=user,
        organisation_id=organisation.id,
        actor_type_id=organisation.actor_type_id,
        driver_number=2,
        scope="zone",
        zone_id=factories.zone("sud-est").id,
        need="Un bisogno molto preciso.",
        expected_results="Risultati misurabili.",
        actors_involved="Parchi regionali.",
    )
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    for text in (
        proposal.title,
        "Una sintesi della proposta.",
        "Un bisogno molto preciso.",
        "L&#39;azione proposta.",
        "Risultati misurabili.",
        "Parchi regionali.",
        factories.driver(2).name,
        "Sud Est",
        "One zone",
        "Legambiente Lombardia",
    ):
        assert text in page, text
    assert f'href="/enti/{organisation.slug}"' in page


def test_official_answer_is_shown_read_only(client):
    analyst = factories.create_user(roles=["analyst"])
    proposal = factories.create_proposal(
        answer_kind="accolta_in_parte",
        answer_text="La proposta entra nel Piano per la parte sulle piste ciclabili.",
        answered_by_id=analyst.id,
        answered_at=utcnow(),
    )
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Official answer" in page
    assert "Partly accepted" in page
    assert "La proposta entra nel Piano per la parte sulle piste ciclabili." in page
    assert "<form" not in page.split('id="answer-title"')[1].split("</section>")[0]


def test_visitors_see_a_login_link_instead_of_the_forms(client):
    proposal = factories.create_proposal()
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Log in to support or comment on this proposal." in page
    assert f"/proposte/{proposal.id}/commenti" not in page
