"""The grace for everyday participation: with a steady stream of supports the cache still
serves pages, a few seconds late at most; moderation still shows at once."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.pagecache import store
from app.pagecache.versions import ACTIVITY, CONTENT
from app.proposals.models import Proposal
from tests.factories import create_comment, create_consultation, create_proposal, create_user
from tests.proposals.helpers import sign_in

GRACE = 10.0


@pytest.fixture
def visitor(app):
    return app.test_client()


@pytest.fixture
def with_grace(app):
    """The production behaviour (tests run with no grace: see tests/conftest.py)."""
    app.extensions["pagecache_store"].grace = GRACE
    return GRACE


def _get(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    return response


def _generations(app) -> tuple[int, int]:
    versions = app.extensions["pagecache_versions"]
    return versions.read(CONTENT), versions.read(ACTIVITY)


def _later(monkeypatch, seconds: float) -> None:
    now = store.time()
    monkeypatch.setattr(store, "time", lambda: now + seconds)


def test_a_support_reaches_visitors_within_the_grace(app, client, visitor, with_grace, monkeypatch):
    proposal = create_proposal(title="Bus notturni tra Rho e Milano")
    detail = f"/proposte/{proposal.id}"
    sign_in(client, create_user())
    before = _get(visitor, detail)

    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 302

    # Within the grace the visitor still gets the kept page...
    soon = _get(visitor, detail)
    assert soon.headers["X-Cache"] == "hit"
    assert soon.get_data() == before.get_data()
    # ...and once it is over, the page with the support.
    _later(monkeypatch, with_grace + 1)
    after = _get(visitor, detail)
    assert after.headers["X-Cache"] == "miss"
    assert after.get_data() != before.get_data()
    # The person who supported is logged in: their own page is never a kept one.
    assert client.get(detail).headers.get("X-Cache") != "hit"


def test_a_moderators_hide_shows_at_once_even_with_a_grace(client, visitor, with_grace):
    consultation = create_consultation()
    proposal = create_proposal(consultation=consultation, title="Offerta di prestiti facili")
    listing = f"/consultazioni/{consultation.slug}"
    _get(visitor, listing)
    assert "Offerta di prestiti facili" in _get(visitor, listing).get_data(as_text=True)

    sign_in(client, create_user(roles=["moderator"]))
    hidden = client.post(
        f"/moderazione/proposte/{proposal.id}/nascondi",
        data={"expected_state": "published", "reason": "Pubblicità"},
    )
    assert hidden.status_code == 302
    page = _get(visitor, listing)
    assert page.headers["X-Cache"] == "miss"
    assert "Offerta di prestiti facili" not in page.get_data(as_text=True)


def test_a_hidden_comment_disappears_at_once_even_with_a_grace(client, visitor, with_grace):
    proposal = create_proposal()
    comment = create_comment(proposal, body="Un commento offensivo da nascondere")
    detail = f"/proposte/{proposal.id}"
    _get(visitor, detail)
    assert _get(visitor, detail).headers["X-Cache"] == "hit"

    sign_in(client, create_user(roles=["moderator"]))
    response = client.post(
        f"/moderazione/commenti/{comment.id}/nascondi",
        data={"expected_state": "published", "reason": "Linguaggio offensivo"},
    )
    assert response.status_code == 302
    assert "Un commento offensivo da nascondere" not in _get(visitor, detail).get_data(as_text=True)


def test_participation_bumps_only_the_activity_generation(app, client):
    consultation = create_consultation(is_premoderated=False)
    proposal = create_proposal(consultation=consultation)
    sign_in(client, create_user())

    content, activity = _generations(app)
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 302
    assert _generations(app)[0] == content
    assert _generations(app)[1] != activity

    content, activity = _generations(app)
    response = client.post(
        f"/proposte/{proposal.id}/commenti", data={"body": "D'accordo, servono più corse la sera."}
    )
    assert response.status_code == 302
    assert _generations(app)[0] == content
    assert _generations(app)[1] != activity

    content, activity = _generations(app)
    response = client.post(
        f"/consultazioni/{consultation.slug}/proposte/nuova",
        data={
            "intent": "submit",
            "title": "Mercati contadini in ogni comune",
            "summary": "Un mercato a chilometro zero ogni settimana.",
            "action": "Aprire un mercato settimanale nelle piazze.",
            "driver_id": str(consultation.drivers[0].id),
            "scope": "metropolitan",
        },
    )
    assert response.status_code == 302
    assert _generations(app)[0] == content
    assert _generations(app)[1] != activity
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Proposal)) == 2


def test_a_state_change_of_an_existing_proposal_bumps_the_content_generation(app, client):
    proposal = create_proposal()
    sign_in(client, create_user(roles=["moderator"]))
    content, _activity = _generations(app)
    hidden = client.post(
        f"/moderazione/proposte/{proposal.id}/nascondi",
        data={"expected_state": "published", "reason": "Pubblicità"},
    )
    assert hidden.status_code == 302
    assert _generations(app)[0] != content
