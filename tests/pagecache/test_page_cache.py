"""The anonymous page cache: what visitors are served, and that no write is ever hidden
from them by it."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.pagecache import store
from app.reference.models import Driver, Mission
from tests.factories import create_comment, create_consultation, create_proposal, create_user
from tests.proposals.helpers import sign_in


def _mission_ids(*codes) -> list[int]:
    return list(db.session.scalars(db.select(Mission.id).where(Mission.code.in_(codes))))


@pytest.fixture
def visitor(app):
    """A second browser: never logged in, no cookie."""
    return app.test_client()


def _get(client, path: str, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response


def test_a_visitor_gets_the_second_view_from_the_cache(visitor):
    proposal = create_proposal(title="Più alberi nei cortili delle scuole")
    first = _get(visitor, f"/proposte/{proposal.id}")
    second = _get(visitor, f"/proposte/{proposal.id}")
    assert first.headers["X-Cache"] == "miss"
    assert second.headers["X-Cache"] == "hit"
    assert second.get_data() == first.get_data()
    assert "Più alberi nei cortili delle scuole" in second.get_data(as_text=True)
    # Served from the cache, the page still carries the security headers.
    assert "Content-Security-Policy" in second.headers
    assert "Set-Cookie" not in second.headers


def test_every_public_page_is_kept_and_none_sets_a_cookie(visitor):
    consultation = create_consultation(title="Agenda metropolitana")
    proposal = create_proposal(consultation=consultation)
    for path in ("/", "/consultazioni/", f"/consultazioni/{consultation.slug}", f"/proposte/{proposal.id}"):
        assert _get(visitor, path).headers["X-Cache"] == "miss", path
        again = _get(visitor, path)
        assert again.headers["X-Cache"] == "hit", path
        assert "Set-Cookie" not in again.headers, path


def test_each_query_string_is_a_page_of_its_own(visitor):
    consultation = create_consultation()
    create_proposal(consultation=consultation, title="Piste ciclabili lungo il Naviglio")
    create_proposal(consultation=consultation, title="Scuole aperte il pomeriggio")
    base = f"/consultazioni/{consultation.slug}"
    _get(visitor, f"{base}?q=ciclabili")
    found = _get(visitor, f"{base}?q=scuole")
    assert found.headers["X-Cache"] == "miss"
    assert "Scuole aperte il pomeriggio" in found.get_data(as_text=True)
    assert "Piste ciclabili lungo il Naviglio" not in found.get_data(as_text=True)


def test_a_support_is_visible_to_visitors_at_once(app, client, visitor):
    proposal = create_proposal(title="Bus notturni tra Rho e Milano")
    before = _get(visitor, f"/proposte/{proposal.id}")
    assert _get(visitor, f"/proposte/{proposal.id}").headers["X-Cache"] == "hit"

    supporter = create_user()
    sign_in(client, supporter)
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 302

    after = _get(visitor, f"/proposte/{proposal.id}")
    assert after.headers["X-Cache"] == "miss"
    assert after.get_data() != before.get_data()
    db.session.expire_all()
    assert db.session.get(type(proposal), proposal.id).supports_count == 1


def test_a_new_proposal_is_listed_for_visitors_at_once(client, visitor):
    consultation = create_consultation(is_premoderated=False)
    listing = f"/consultazioni/{consultation.slug}"
    assert "Mercati contadini in ogni comune" not in _get(visitor, listing).get_data(as_text=True)
    assert _get(visitor, listing).headers["X-Cache"] == "hit"

    sign_in(client, create_user())
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

    page = _get(visitor, listing)
    assert page.headers["X-Cache"] == "miss"
    assert "Mercati contadini in ogni comune" in page.get_data(as_text=True)


def test_a_moderators_hide_removes_the_proposal_from_cached_pages_at_once(client, visitor):
    consultation = create_consultation()
    proposal = create_proposal(consultation=consultation, title="Offerta di prestiti facili")
    listing, detail = f"/consultazioni/{consultation.slug}", f"/proposte/{proposal.id}"
    for path in (listing, detail, listing, detail):
        _get(visitor, path)
    assert "Offerta di prestiti facili" in _get(visitor, listing).get_data(as_text=True)

    sign_in(client, create_user(roles=["moderator"]))
    hidden = client.post(
        f"/moderazione/proposte/{proposal.id}/nascondi",
        data={"expected_state": "published", "reason": "Pubblicità"},
    )
    assert hidden.status_code == 302

    assert "Offerta di prestiti facili" not in _get(visitor, listing).get_data(as_text=True)
    assert visitor.get(detail).status_code == 404


def test_a_hidden_comment_disappears_from_the_cached_page(client, visitor):
    proposal = create_proposal()
    comment = create_comment(proposal, body="Un commento offensivo da nascondere")
    detail = f"/proposte/{proposal.id}"
    _get(visitor, detail)
    assert "Un commento offensivo da nascondere" in _get(visitor, detail).get_data(as_text=True)

    sign_in(client, create_user(roles=["moderator"]))
    response = client.post(
        f"/moderazione/commenti/{comment.id}/nascondi",
        data={"expected_state": "published", "reason": "Linguaggio offensivo"},
    )
    assert response.status_code == 302
    assert "Un commento offensivo da nascondere" not in _get(visitor, detail).get_data(as_text=True)


def test_an_admins_change_of_reference_data_shows_at_once(client, visitor):
    create_consultation()
    assert "Mobilità per tutti" not in _get(visitor, "/").get_data(as_text=True)
    assert _get(visitor, "/").headers["X-Cache"] == "hit"

    sign_in(client, create_user(roles=["admin"]))
    driver = db.session.scalar(db.select(Driver).where(Driver.number == 5))
    response = client.post(
        "/admin/driver/5",
        data={
            "name": "Mobilità per tutti",
            "description": driver.description,
            "missions": _mission_ids("M3"),
        },
    )
    assert response.status_code == 302

    page = _get(visitor, "/")
    assert page.headers["X-Cache"] == "miss"
    assert "Mobilità per tutti" in page.get_data(as_text=True)


def test_a_logged_in_person_never_gets_a_cached_page(client, visitor):
    proposal = create_proposal()
    detail = f"/proposte/{proposal.id}"
    _get(visitor, detail)
    assert _get(visitor, detail).headers["X-Cache"] == "hit"

    person = create_user(display_name="Giulia Bianchi")
    sign_in(client, person)
    for _ in range(2):
        mine = _get(client, detail)
        assert mine.headers["X-Cache"] == "miss"
        assert "Giulia Bianchi" in mine.get_data(as_text=True)
    # ...and what was rendered for her is never served to anyone else.
    assert "Giulia Bianchi" not in _get(visitor, detail).get_data(as_text=True)


def test_languages_do_not_mix(visitor):
    create_consultation()
    italian = _get(visitor, "/", **{"Accept-Language": "it"})
    english = _get(visitor, "/", **{"Accept-Language": "en"})
    assert '<html lang="it"' in italian.get_data(as_text=True)
    assert '<html lang="en"' in english.get_data(as_text=True)
    assert english.headers["X-Cache"] == "miss"
    assert '<html lang="en"' in _get(visitor, "/", **{"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="it"' in _get(visitor, "/", **{"Accept-Language": "it"}).get_data(as_text=True)

    # The language switch (a cookie) selects the English copy for a browser asking for Italian.
    visitor.get("/lingua/en")
    switched = _get(visitor, "/", **{"Accept-Language": "it"})
    assert '<html lang="en"' in switched.get_data(as_text=True)


def test_a_flashed_message_is_never_cached(app, visitor):
    proposal = create_proposal()
    detail = f"/proposte/{proposal.id}"
    # A visitor asking for a page that needs a login is sent to the login page with a
    # message kept in their session.
    redirected = visitor.get(f"/proposte/{proposal.id}/segnala")
    assert redirected.status_code == 302
    with_message = _get(visitor, detail)
    assert with_message.headers["X-Cache"] == "miss"

    stranger = app.test_client()
    first, second = _get(stranger, detail), _get(stranger, detail)
    assert second.headers["X-Cache"] == "hit"
    assert second.get_data() == first.get_data()
    assert "Set-Cookie" not in second.headers
    assert with_message.get_data() != first.get_data()  # the message was on her page only


def test_the_cache_can_be_switched_off(app, visitor):
    app.config["PAGE_CACHE_ENABLED"] = False
    create_consultation()
    assert _get(visitor, "/").headers["X-Cache"] == "miss"
    assert _get(visitor, "/").headers["X-Cache"] == "miss"


def test_a_login_does_not_empty_the_cache(app, visitor):
    """Only writes of public content invalidate: a login writes the user's last login."""
    create_consultation()
    person = create_user(email="lettrice@example.org")
    _get(visitor, "/")
    other = app.test_client()
    response = other.post(
        "/account/accedi", data={"email": "lettrice@example.org", "password": "Passw0rd-lunga-e-sicura"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(person), person.id).last_login_at is not None
    assert _get(visitor, "/").headers["X-Cache"] == "hit"


def test_a_page_expires_after_the_ttl_even_without_writes(app, visitor, monkeypatch):
    create_consultation()
    _get(visitor, "/")
    assert _get(visitor, "/").headers["X-Cache"] == "hit"
    later = store.monotonic() + app.config["PAGE_CACHE_TTL"] + 1
    monkeypatch.setattr(store, "monotonic", lambda: later)
    assert _get(visitor, "/").headers["X-Cache"] == "miss"


def test_head_requests_are_served_from_the_cache(visitor):
    proposal = create_proposal()
    _get(visitor, f"/proposte/{proposal.id}")
    head = visitor.head(f"/proposte/{proposal.id}")
    assert head.status_code == 200
    assert head.headers["X-Cache"] == "hit"
    assert head.get_data() == b""


def test_error_pages_are_not_cached(visitor):
    assert visitor.get("/proposte/999999").status_code == 404
    missing = visitor.get("/proposte/999999")
    assert missing.status_code == 404
    assert missing.headers.get("X-Cache") != "hit"
