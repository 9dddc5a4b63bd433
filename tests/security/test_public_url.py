"""Issue 13, finding 1: every link in every e-mail comes from PUBLIC_URL, never from the
request's Host or X-Forwarded-Host; production answers only its own host names."""

from __future__ import annotations

import re

import pytest

from app.consultations.models import Follow
from app.extensions import db
from app.notifications.models import NotificationPreference
from app.notifications.services import notify_synthesis_published
from app.synthesis.answers.services import answer_proposal
from tests import factories
from tests.accounts.helpers import body_of
from tests.moderation.conftest import sign_in
from tests.synthesis.factories import create_run, create_synthesis

PUBLIC = "https://forum.example.it"
URL = re.compile(r"https?://[^\s)>\"]+")


def links(message) -> list[str]:
    return URL.findall(body_of(message))


def test_a_reset_asked_with_a_forged_host_mails_a_link_to_the_public_url(app, client, mailbox):
    """The penetration test's takeover: Host: evil.example put the token on evil.example."""
    app.config["PUBLIC_URL"] = PUBLIC
    app.config["TRUSTED_HOSTS"] = None  # let the forged host through, to test the link alone
    user = factories.create_user(email="vittima@example.org")
    response = client.post(
        "/account/password-dimenticata",
        data={"email": user.email},
        headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )
    assert response.status_code == 302
    [message] = mailbox(1)
    [link] = [u for u in links(message) if "/nuova-password/" in u]
    assert link.startswith(f"{PUBLIC}/account/nuova-password/")
    assert "evil.example" not in body_of(message)


def test_the_clients_forwarded_host_is_not_trusted_behind_one_proxy(app, make_app, mailbox):
    """PROXY_COUNT=1 (the deploy setting) trusts X-Forwarded-For/-Proto, never -Host: the
    host is the one the proxy passed in Host."""
    proxied = make_app(PROXY_COUNT=1)
    proxied.config.update(MAIL_SERVER=app.config["MAIL_SERVER"], MAIL_PORT=app.config["MAIL_PORT"])
    client = proxied.test_client()
    forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    page = client.get("/accessibilita", headers=forged)
    assert page.status_code == 200
    assert "https://localhost/" in page.get_data(as_text=True)  # the forwarded scheme is honoured
    assert "evil.example" not in page.get_data(as_text=True)
    with proxied.app_context():
        user = factories.create_user(email="dietro@example.org")
        client.post("/account/password-dimenticata", data={"email": user.email}, headers=forged)
    [message] = mailbox(1)
    assert "evil.example" not in body_of(message)
    assert "http://localhost/account/nuova-password/" in body_of(message)


def test_every_kind_of_mail_links_only_to_the_public_url(app, client, runner, mailbox):
    app.config["PUBLIC_URL"] = PUBLIC + "/"
    app.config["SERVER_NAME"] = None  # as under a worker or cron: no request, no server name
    consultation = factories.create_consultation(phase="answers")
    author = factories.create_user(email="autrice@example.org")
    follower = factories.create_user(email="segue@example.org")
    daily = factories.create_user(email="giornaliera@example.org")
    db.session.add(NotificationPreference(user_id=daily.id, frequency="daily"))
    for person in (follower, daily):
        db.session.add(Follow(user_id=person.id, consultation_id=consultation.id))
    db.session.commit()
    headers = {"Host": "127.0.0.1:8000"}  # a trusted host, but not the public one

    client.post("/account/registrati", headers=headers, data={
        "email": "nuova@example.org", "display_name": "Nuova", "password": factories.PASSWORD,
        "password_confirm": factories.PASSWORD, "accept_privacy": "y",
    })  # fmt: skip
    client.post("/account/registrati", headers=headers, data={
        "email": author.email, "display_name": "Altra", "password": factories.PASSWORD,
        "password_confirm": factories.PASSWORD, "accept_privacy": "y",
    })  # fmt: skip
    client.post("/account/password-dimenticata", headers=headers, data={"email": author.email})
    client.post("/account/password-dimenticata", headers=headers, data={"email": "ignota@example.org"})
    proposal = factories.create_proposal(consultation=consultation, author=author, state="submitted")
    sign_in(client, factories.create_user(roles=["moderator"]))
    client.post(f"/moderazione/proposte/{proposal.id}/pubblica", data={"expected_state": "submitted"})
    notify_synthesis_published(create_synthesis(consultation, create_run(consultation)))
    answer_proposal(factories.create_user(roles=["analyst"]), proposal, "accolta", "Sì.")
    db.session.commit()
    assert runner.invoke(args=["forum", "send-notifications"]).exit_code == 0
    assert runner.invoke(args=["forum", "send-digest"]).exit_code == 0

    messages = mailbox(9)
    kinds = {m["To"] for m in messages}
    assert {"nuova@example.org", author.email, "ignota@example.org", follower.email, daily.email} <= kinds
    assert len(messages) == 9, "\n".join(str(m["Subject"]) + " -> " + str(m["To"]) for m in messages)
    for message in messages:
        found = links(message)
        assert found, body_of(message)
        assert all(link.startswith(PUBLIC + "/") for link in found), found
    every_link = " ".join(link for m in messages for link in links(m))
    paths = ["/account/conferma/", "/account/nuova-password/", "/account/accedi", "/account/registrati"]
    paths += ["/notifiche/annulla-iscrizione/", "/account/notifiche", f"/proposte/{proposal.id}"]
    for path in paths:
        assert PUBLIC + path in every_link, path
    assert "localhost" not in every_link and "127.0.0.1" not in every_link


def test_production_refuses_an_unknown_host(make_app):
    production = make_app(
        FORCE_HTTPS=True, PUBLIC_URL=PUBLIC, EXTRA_TRUSTED_HOSTS=["www.forum.example.it"], SERVER_NAME=None
    )
    assert production.config["TRUSTED_HOSTS"] == ["forum.example.it", "www.forum.example.it"]
    client = production.test_client()
    for host in ("forum.example.it", "www.forum.example.it", "forum.example.it:443"):
        assert client.get("/privacy", base_url=f"https://{host}").status_code == 200, host
    for host in ("evil.example", "localhost", "forum.example.it.evil.example"):
        assert client.get("/privacy", base_url=f"https://{host}").status_code == 400, host


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "localhost:5000", "127.0.0.1:8123"])
def test_outside_production_localhost_is_trusted_on_any_port(client, host):
    assert client.get("/privacy", base_url=f"http://{host}").status_code == 200


def test_outside_production_other_hosts_are_refused_too(client):
    assert client.get("/privacy", base_url="http://evil.example").status_code == 400


def test_the_api_links_to_the_public_url_too(app, client):
    app.config["PUBLIC_URL"] = PUBLIC
    proposal = factories.create_proposal()
    records = client.get("/api/proposals").get_json()
    urls = [item["url"] for item in records["data"] if item["id"] == proposal.id]
    assert urls == [f"{PUBLIC}/proposte/{proposal.id}"], records
