"""Publishing a synthesis and its public pages: only published proposals, numbers recomputed."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.consultations.models import Follow
from app.extensions import db
from app.moderation.models import AuditEntry
from app.notifications.models import Notification
from app.proposals.workflow import change_state
from app.synthesis.models import Synthesis
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import add_members, create_run, create_synthesis, create_theme

HOSTILE = "<script>alert('x')</script> Verde"


def _world(status="published"):
    consultation = factories.create_consultation(phase="synthesis")
    run = create_run(consultation)
    green = create_theme(run, HOSTILE, note="Una nota dell'ufficio di piano.")
    mobility = create_theme(run, "Mobilità sostenibile")
    published = [factories.create_proposal(consultation, title=f"Proposta verde {i}") for i in range(3)]
    hidden = factories.create_proposal(consultation, title="Proposta nascosta", state="hidden")
    rejected = factories.create_proposal(consultation, title="Proposta respinta", state="rejected")
    moving = [factories.create_proposal(consultation, title="Proposta mobilità", driver_number=5)]
    add_members(run, green, [*published, hidden, rejected])
    add_members(run, mobility, moving)
    synthesis = create_synthesis(consultation, run, status=status) if status else None
    return {
        "consultation": consultation,
        "run": run,
        "green": green,
        "mobility": mobility,
        "published": published,
        "hidden": hidden,
        "rejected": rejected,
        "synthesis": synthesis,
    }


def _public(client, consultation, suffix=""):
    return client.get(f"/consultazioni/{consultation.slug}/sintesi{suffix}")


def test_the_public_page_shows_themes_counts_notes_charts_and_tables(app, client):
    w = _world()
    english(client)
    response = _public(client, w["consultation"])
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "4 published proposals" in html and "2 themes" in html
    assert "3 published proposals (75.0%)" in html
    assert "Una nota dell&#39;ufficio di piano." in html
    assert "Una lettura delle proposte." in html  # the introduction
    # Charts: inline SVG, each in a figure with a caption and followed by a table of the numbers.
    assert html.count('class="chart-svg"') == 4  # the charts, not the UI icons
    assert html.count("<figcaption") == 4
    assert 'id="sizes-table"' in html and 'id="by-driver-table"' in html
    assert f"run {w['run'].id}" in html and "nlp-test" in html


def test_hostile_theme_labels_are_escaped_in_the_page_and_in_the_svg(app, client):
    w = _world()
    html = _public(client, w["consultation"]).get_data(as_text=True)
    assert "<script>alert" not in html
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert svgs and all("<script" not in svg for svg in svgs)
    assert any("&lt;script&gt;alert(" in svg for svg in svgs)
    # Under the CSP no inline style may be used: the SVGs carry presentation attributes only.
    assert all(" style=" not in svg and "<style" not in svg for svg in svgs)


def test_only_published_proposals_are_counted_or_linked(app, client):
    w = _world()
    english(client)
    pages = [
        _public(client, w["consultation"]).get_data(as_text=True),
        _public(client, w["consultation"], "/stampa").get_data(as_text=True),
        _public(client, w["consultation"], f"/temi/{w['green'].id}").get_data(as_text=True),
    ]
    for html in pages:
        for secret in (w["hidden"], w["rejected"]):
            assert secret.title not in html
            assert f'/proposte/{secret.id}"' not in html and f"/proposte/{secret.id}<" not in html
    theme_page = pages[2]
    assert "3 published proposals, best match first." in theme_page
    for proposal in w["published"]:
        assert f'href="/proposte/{proposal.id}"' in theme_page


def test_numbers_are_recomputed_when_a_proposal_changes_state(app, client):
    w = _world()
    english(client)
    assert "4 published proposals" in _public(client, w["consultation"]).get_data(as_text=True)
    moderator = factories.create_user(roles=["moderator"])
    change_state(w["published"][0], "hidden", moderator, "Fuori tema")
    db.session.commit()
    html = _public(client, w["consultation"]).get_data(as_text=True)
    assert "3 published proposals" in html and "4 published proposals" not in html
    assert "2 published proposals (66.7%)" in html
    assert w["published"][0].title not in html


def test_a_draft_synthesis_is_not_public_but_analysts_can_preview_it(app, client):
    w = _world(status="draft")
    consultation = w["consultation"]
    assert _public(client, consultation).status_code == 404
    assert _public(client, consultation, "/stampa").status_code == 404
    assert _public(client, consultation, f"/temi/{w['green'].id}").status_code == 404
    sign_in(client, factories.create_user())
    assert _public(client, consultation).status_code == 404
    sign_in(client, factories.create_user(roles=["analyst"]))
    english(client)
    response = _public(client, consultation)
    assert response.status_code == 200
    assert "Preview for analysts" in response.get_data(as_text=True)


def test_a_theme_of_another_run_or_scope_is_not_found(app, client):
    w = _world()
    other = create_run(factories.create_consultation())
    stranger = create_theme(other, "Altro")
    assert _public(client, w["consultation"], f"/temi/{stranger.id}").status_code == 404
    assert _public(client, w["consultation"], "?ambito=D99").status_code == 404
    assert _public(client, w["consultation"], "?ambito=nonsense").status_code == 404


def test_the_printable_version_uses_the_print_stylesheet(app, client):
    w = _world()
    response = _public(client, w["consultation"], "/stampa")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="/static/css/print.css"' in html
    assert "<svg" in html and "Proposta verde 0" in html
    stylesheet = client.get("/static/css/print.css")
    assert stylesheet.status_code == 200 and b"@media print" in stylesheet.data
    stylesheet.close()
    public = _public(client, w["consultation"]).get_data(as_text=True)
    assert 'href="/static/css/print.css" media="print"' in public


def test_an_analyst_publishes_the_current_run_and_followers_are_notified(app, client):
    w = _world(status=None)
    consultation = w["consultation"]
    follower = factories.create_user()
    db.session.add(Follow(user_id=follower.id, consultation_id=consultation.id))
    db.session.commit()
    analyst = factories.create_user(roles=["analyst"])
    sign_in(client, analyst)
    url = f"/sintesi/consultazioni/{consultation.slug}/pubblicazione"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"introduction": "<b>Introduzione</b> alla sintesi."})
    assert response.status_code == 302
    synthesis = db.session.scalar(select(Synthesis).where(Synthesis.consultation_id == consultation.id))
    assert synthesis.status == "published" and synthesis.run_id == w["run"].id
    assert synthesis.introduction == "Introduzione alla sintesi."
    assert synthesis.published_by_id == analyst.id
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "synthesis.publish")).all()
    assert len(audit) == 1 and audit[0].actor_id == analyst.id
    notified = db.session.scalars(
        select(Notification).where(Notification.kind == "synthesis_published")
    ).all()
    assert [n.user_id for n in notified] == [follower.id]
    assert _public(client, consultation).status_code == 200


def test_publishing_without_a_completed_run_is_refused_and_changes_nothing(app, client):
    consultation = factories.create_consultation()
    create_run(consultation, status="failed")
    sign_in(client, factories.create_user(roles=["analyst"]))
    english(client)
    response = client.post(
        f"/sintesi/consultazioni/{consultation.slug}/pubblicazione", data={"introduction": "x"}
    )
    assert response.status_code == 422
    assert "There is no completed theme run to publish" in response.get_data(as_text=True)
    assert db.session.scalar(select(Synthesis)) is None


def test_only_analysts_may_publish_or_unpublish(app, client):
    w = _world(status="draft")
    slug = w["consultation"].slug
    sign_in(client, factories.create_user(roles=["moderator"]))
    assert (
        client.post(f"/sintesi/consultazioni/{slug}/pubblicazione", data={"introduction": "x"}).status_code
        == 403
    )
    assert client.post(f"/sintesi/consultazioni/{slug}/ritira").status_code == 403
    db.session.expire_all()
    assert db.session.get(Synthesis, w["synthesis"].id).status == "draft"


def test_unpublishing_makes_the_page_private_again_and_is_audited(app, client):
    w = _world()
    slug = w["consultation"].slug
    analyst = factories.create_user(roles=["analyst"])
    sign_in(client, analyst)
    assert client.post(f"/sintesi/consultazioni/{slug}/ritira").status_code == 302
    db.session.expire_all()
    assert db.session.get(Synthesis, w["synthesis"].id).status == "draft"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "synthesis.unpublish")) is not None
    client.post("/account/esci")
    sign_in(client, factories.create_user())
    assert _public(client, w["consultation"]).status_code == 404
