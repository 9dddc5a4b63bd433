"""What a participant hears about: comments and replies, proposals they follow, a followed
consultation's new phase, answers; on the Notifiche page and by e-mail as they chose.
Mails are read on the real SMTP server; the fan-out happens in the worker, not the request."""

from __future__ import annotations

import re
from datetime import timedelta
from email.header import decode_header, make_header

from sqlalchemy import func, select

from app.consultations.models import Follow
from app.extensions import db
from app.notifications.models import Notification, NotificationEvent, NotificationPreference
from app.proposals.models import Comment
from tests import factories
from tests.proposals.helpers import english, sign_in


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def comment(client, proposal, text, parent=None):
    data = {"body": text}
    if parent is not None:
        data["parent_id"] = str(parent.id)
    response = client.post(f"/proposte/{proposal.id}/commenti", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def unread_badge(client) -> str | None:
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<span class="badge bg-danger unread-count"[^>]*>(\d+)</span>', page)
    return found.group(1) if found else None


def test_comments_and_replies_reach_the_author_and_the_person_replied_to(app, client, mailbox):
    author = factories.create_user(email="autore@example.org", locale="en", display_name="Anna Autrice")
    commenter = factories.create_user(email="commenta@example.org", display_name="Carlo Commenta")
    proposal = factories.create_proposal(author=author, title="Piste ciclabili")

    sign_in(client, commenter)
    comment(client, proposal, "Ottima idea, serve anche a Rho.")
    [message] = mailbox(1)
    assert message["To"] == "autore@example.org"
    assert subject(message) == "New comment on your proposal “Piste ciclabili”"
    assert "Carlo Commenta commented on your proposal" in body(message)
    assert "Ottima idea, serve anche a Rho." in body(message)
    assert f"/proposte/{proposal.id}#comment-" in body(message)

    # The author replies: the commenter hears of the reply, the author not of their own words.
    first = db.session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    sign_in(client, author)
    comment(client, proposal, "Grazie, la aggiungo.", parent=first)
    messages = mailbox(2)
    reply = messages[1]
    assert reply["To"] == "commenta@example.org"
    assert subject(reply) == "Nuova risposta al tuo commento su “Piste ciclabili”"
    assert [m["To"] for m in messages].count("autore@example.org") == 1


def test_following_a_proposal_brings_its_comments_and_its_answer(app, client, mailbox):
    consultation = factories.create_consultation(phase="discussion")
    proposal = factories.create_proposal(consultation=consultation, title="Case di comunità")
    follower = factories.create_user(email="segue-proposta@example.org", locale="en")
    sign_in(client, follower)
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Follow this proposal" in page
    assert client.post(f"/proposte/{proposal.id}/segui").status_code == 302
    assert client.post(f"/proposte/{proposal.id}/segui").status_code == 302  # a double click
    assert "Stop following this proposal" in client.get(f"/proposte/{proposal.id}").get_data(as_text=True)

    sign_in(client, factories.create_user())
    comment(client, proposal, "Serve anche un ambulatorio pediatrico.")
    messages = mailbox(2)  # the author and the follower
    to_follower = [m for m in messages if m["To"] == "segue-proposta@example.org"]
    assert [subject(m) for m in to_follower] == ["New comment on “Case di comunità”, which you follow"]

    sign_in(client, factories.create_user(roles=["analyst"]))
    client.post(
        f"/sintesi/risposte/proposte/{proposal.id}", data={"kind": "accolta", "text": "Sì, nel 2027."}
    )
    messages = mailbox(4)
    answer = [m for m in messages[2:] if m["To"] == "segue-proposta@example.org"]
    assert len(answer) == 1 and "(a proposal you follow)" in body(answer[0])

    sign_in(client, follower)
    assert client.post(f"/proposte/{proposal.id}/smetti-di-seguire").status_code == 302
    assert "Follow this proposal" in client.get(f"/proposte/{proposal.id}").get_data(as_text=True)


def test_authors_cannot_follow_or_report_their_own_proposal(client):
    author = factories.create_user()
    proposal = factories.create_proposal(author=author)
    sign_in(client, author)
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Follow this proposal" not in page and "Report this proposal" not in page
    assert client.post(f"/proposte/{proposal.id}/segui").status_code == 403
    assert client.post(f"/proposte/{proposal.id}/segnala", data={"reason": "spam"}).status_code == 403


def test_followers_hear_once_that_a_consultation_entered_a_new_phase(app, runner, mailbox):
    consultation = factories.create_consultation(phase="collection", title="Scuole aperte")
    stale = factories.create_consultation(phase="collection", title="Vecchia")
    stale.collection_starts_at -= timedelta(days=20)
    stale.information_starts_at -= timedelta(days=20)
    follower = factories.create_user(email="fasi@example.org", locale="en")
    for c in (consultation, stale):
        db.session.add(Follow(user_id=follower.id, consultation_id=c.id))
    db.session.commit()

    result = runner.invoke(args=["forum", "send-notifications"])
    assert result.exit_code == 0, result.output
    assert "Phase starts announced: 1." in result.output
    [message] = mailbox(1)
    assert message["To"] == "fasi@example.org"
    assert subject(message) == "“Scuole aperte” enters a new phase: Collecting proposals"
    assert "You can now send your proposals." in body(message)

    # Run again (cron every few minutes): nobody hears it twice.
    assert "Phase starts announced" not in runner.invoke(args=["forum", "send-notifications"]).output
    assert len(mailbox(2, timeout=0.3)) == 1


def test_the_notifiche_page_lists_news_with_an_unread_count(app, client, mailbox):
    author = factories.create_user(locale="en")
    proposal = factories.create_proposal(author=author, title="Navigli puliti")
    sign_in(client, factories.create_user())
    for text in ("Primo commento utile.", "Secondo commento utile."):
        comment(client, proposal, text)
    mailbox(2)

    sign_in(client, author)
    english(client)
    assert unread_badge(client) == "2"
    page = client.get("/notifiche/").get_data(as_text=True)
    assert "You have 2 unread notifications." in page
    assert page.count("New comment on your proposal “Navigli puliti”") == 2

    [first_id, _] = re.findall(r'href="/notifiche/(\d+)"', page)
    response = client.get(f"/notifiche/{first_id}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/proposte/{proposal.id}#comment-")
    assert unread_badge(client) == "1"

    # Someone else's notification does not exist for them.
    sign_in(client, factories.create_user())
    assert client.get(f"/notifiche/{first_id}").status_code == 404

    sign_in(client, author)
    assert client.post("/notifiche/lette").status_code == 302
    assert unread_badge(client) is None
    assert "You have no unread notifications." in client.get("/notifiche/").get_data(as_text=True)


def test_a_kind_switched_off_stays_on_the_site_and_the_daily_one_waits(app, client, runner, mailbox):
    author = factories.create_user(email="scelte@example.org", locale="en")
    db.session.add(
        NotificationPreference(
            user_id=author.id, frequency="immediate", comments_frequency="off", answers_frequency="daily"
        )
    )
    db.session.commit()
    proposal = factories.create_proposal(author=author, title="Orti urbani")
    sign_in(client, factories.create_user())
    comment(client, proposal, "Bella proposta davvero.")
    sign_in(client, factories.create_user(roles=["analyst"]))
    client.post(f"/sintesi/risposte/proposte/{proposal.id}", data={"kind": "accolta", "text": "Accolta."})
    assert mailbox(1, timeout=0.5) == []  # no e-mail for the comment; the answer waits for the digest

    sign_in(client, author)
    assert unread_badge(client) == "2"
    assert "Daily digests sent: 1." in runner.invoke(args=["forum", "send-digest"]).output
    [digest] = mailbox(1)
    assert "Accolta." in body(digest) and "Bella proposta" not in body(digest)


def test_answering_a_theme_leaves_the_fan_out_to_the_worker(app, client, runner, mailbox):
    """With the worker unreachable the request still answers, having written one event and no
    message; ``send-notifications`` (the worker's backstop) then writes and sends them."""
    consultation = factories.create_consultation(phase="answers")
    proposal = factories.create_proposal(consultation=consultation)
    supporters = [factories.create_user() for _ in range(25)]
    for supporter in supporters:
        factories.create_support(proposal, supporter)
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    sign_in(client, factories.create_user(roles=["analyst"]))
    response = client.post(
        f"/sintesi/risposte/proposte/{proposal.id}", data={"kind": "accolta", "text": "Sì."}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert db.session.scalar(select(func.count()).select_from(NotificationEvent)) == 1

    app.config["REDIS_URL"] = ""
    assert "Notifications sent: 26." in runner.invoke(args=["forum", "send-notifications"]).output
    assert len(mailbox(26)) == 26
    assert "Notifications sent: 0." in runner.invoke(args=["forum", "send-notifications"]).output
