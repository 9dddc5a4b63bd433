"""Notifications: followers told of a published synthesis, daily digest, preferences,
unsubscribe links, and delivery that survives a mail server being down."""

from __future__ import annotations

from email.header import decode_header, make_header

from sqlalchemy import select

from app.consultations.models import Follow
from app.extensions import db
from app.models_base import utcnow
from app.notifications.delivery import deliver_committed, send_digest
from app.notifications.models import Notification, NotificationPreference
from app.notifications.services import notify_synthesis_published
from app.notifications.tokens import make_unsubscribe_token
from app.synthesis.answers.services import answer_proposal
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import create_run, create_synthesis


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body(message) -> str:
    return message.get_payload(decode=True).decode()


def follow(user, consultation) -> None:
    db.session.add(Follow(user_id=user.id, consultation_id=consultation.id))
    db.session.commit()


def prefer(user, frequency: str, followed_answers: bool = False) -> None:
    db.session.add(
        NotificationPreference(user_id=user.id, frequency=frequency, followed_answers=followed_answers)
    )
    db.session.commit()


def test_followers_hear_that_the_synthesis_is_published(app, mailbox):
    consultation = factories.create_consultation(phase="synthesis", title="Mobilità 2027")
    follower = factories.create_user(email="segue@example.org", locale="en")
    unconfirmed = factories.create_user(email="nonconfermato@example.org", confirmed=False)
    deleted = factories.create_user(email="cancellato@example.org", deleted_at=utcnow())
    silent = factories.create_user(email="silenzio@example.org")
    for user in (follower, unconfirmed, deleted, silent):
        follow(user, consultation)
    prefer(silent, "off")
    factories.create_user(email="estraneo@example.org")
    synthesis = create_synthesis(consultation, create_run(consultation))

    notify_synthesis_published(synthesis)
    db.session.commit()
    assert deliver_committed() == 1

    [message] = mailbox(1)
    assert message["To"] == "segue@example.org"
    assert subject(message) == "The synthesis of “Mobilità 2027” is published"
    assert f"/consultazioni/{consultation.slug}/sintesi" in body(message)
    assert "/notifiche/annulla-iscrizione/" in body(message)


def test_a_rolled_back_action_notifies_nobody(app, mailbox):
    consultation = factories.create_consultation(phase="synthesis")
    follow(factories.create_user(), consultation)
    synthesis = create_synthesis(consultation, create_run(consultation))
    notify_synthesis_published(synthesis)
    db.session.rollback()
    assert deliver_committed() == 0
    assert db.session.scalars(select(Notification)).all() == []
    assert mailbox(0) == []


def test_the_daily_digest_gathers_the_day_in_one_email(app, runner, mailbox):
    consultation = factories.create_consultation(phase="answers")
    author = factories.create_user(email="riassunto@example.org", locale="en")
    prefer(author, "daily")
    analyst = factories.create_user(roles=["analyst"])
    proposals = [factories.create_proposal(consultation=consultation, author=author) for _ in range(2)]
    answer_proposal(analyst, proposals[0], "accolta", "Prima risposta.")
    db.session.commit()
    answer_proposal(analyst, proposals[1], "non_accolta", "Seconda risposta.")
    db.session.commit()
    deliver_committed()
    assert mailbox(1, timeout=0.3) == []  # nothing immediate

    result = runner.invoke(args=["forum", "send-digest"])
    assert result.exit_code == 0, result.output
    assert "Daily digests sent: 1." in result.output
    [message] = mailbox(1)
    assert message["To"] == "riassunto@example.org"
    assert subject(message) == "Your daily summary from the Forum metropolitano"
    assert "Prima risposta." in body(message) and "Seconda risposta." in body(message)
    assert "/notifiche/annulla-iscrizione/" in body(message)

    assert "Daily digests sent: 0." in runner.invoke(args=["forum", "send-digest"]).output


def test_followers_get_every_answer_only_if_they_ask(app, mailbox):
    consultation = factories.create_consultation(phase="answers")
    curious = factories.create_user(email="curiosa@example.org")
    quiet = factories.create_user(email="tranquillo@example.org")
    for user in (curious, quiet):
        follow(user, consultation)
    prefer(curious, "immediate", followed_answers=True)
    proposal = factories.create_proposal(consultation=consultation)
    answer_proposal(factories.create_user(roles=["analyst"]), proposal, "accolta", "Sì.")
    db.session.commit()
    deliver_committed()
    recipients = {m["To"] for m in mailbox(2)}
    assert recipients == {"curiosa@example.org", proposal.author.email}


def test_mail_server_down_keeps_the_notification_for_a_retry(app, runner, mailbox, smtp_server):
    proposal = factories.create_proposal()
    app.config["MAIL_PORT"] = 1  # nothing listens there
    answer_proposal(factories.create_user(roles=["analyst"]), proposal, "accolta", "Sì.")
    db.session.commit()
    assert deliver_committed() == 0
    [waiting] = db.session.scalars(select(Notification)).all()
    assert waiting.sent_at is None and waiting.attempts == 1

    app.config["MAIL_PORT"] = smtp_server.port
    result = runner.invoke(args=["forum", "send-notifications"])
    assert "Notifications sent: 1." in result.output
    assert [m["To"] for m in mailbox(1)] == [proposal.author.email]
    assert "Notifications sent: 0." in runner.invoke(args=["forum", "send-notifications"]).output


def test_preferences_page_saves_the_choice(client):
    user = factories.create_user()
    sign_in(client, user)
    english(client)
    page = client.get("/account/notifiche").get_data(as_text=True)
    assert "One summary e-mail a day" in page
    assert client.get("/account/profilo").get_data(as_text=True).count("/account/notifiche") == 1

    choices = {
        "answers": "daily",
        "comments": "immediate",
        "followed_proposals": "off",
        "consultations": "daily",
    }
    response = client.post("/account/notifiche", data={**choices, "followed_answers": "y"})
    assert response.status_code == 302
    preference = db.session.get(NotificationPreference, user.id)
    assert preference.followed_answers is True
    assert preference.frequency_for("proposal_answered") == "daily"
    assert preference.frequency_for("comment_replied") == "immediate"
    assert preference.frequency_for("followed_proposal_commented") == "off"
    assert preference.frequency_for("consultation_phase") == "daily"

    response = client.post("/account/notifiche", data={**choices, "comments": "hourly"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(NotificationPreference, user.id).frequency_for("comment_replied") == "immediate"


def test_preferences_need_a_login(client):
    response = client.get("/account/notifiche")
    assert response.status_code == 302 and "/account/accedi" in response.headers["Location"]


def test_unsubscribe_links_are_signed_and_personal(app, client):
    user = factories.create_user()
    token = make_unsubscribe_token(user)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert client.post(f"/notifiche/annulla-iscrizione/{forged}").status_code == 400
    assert db.session.get(NotificationPreference, user.id) is None

    english(client)
    page = client.get(f"/notifiche/annulla-iscrizione/{token}").get_data(as_text=True)
    assert "Do you want to stop every notification e-mail" in page
    assert db.session.get(NotificationPreference, user.id) is None  # GET changes nothing

    page = client.post(f"/notifiche/annulla-iscrizione/{token}").get_data(as_text=True)
    assert "we will not send you any more notification e-mails" in page
    db.session.expire_all()
    assert db.session.get(NotificationPreference, user.id).frequency == "off"

    # A link sent to an old address stops working once the address changes.
    user.email = "nuovo-indirizzo@example.org"
    db.session.commit()
    assert client.get(f"/notifiche/annulla-iscrizione/{token}").status_code == 400


def test_unsubscribing_also_stops_mail_already_waiting(app, mailbox):
    author = factories.create_user(email="basta@example.org")
    prefer(author, "daily")
    proposal = factories.create_proposal(author=author)
    answer_proposal(factories.create_user(roles=["analyst"]), proposal, "accolta", "Sì.")
    db.session.commit()
    client = app.test_client()
    client.post(f"/notifiche/annulla-iscrizione/{make_unsubscribe_token(author)}")
    assert send_digest() == 0
    assert mailbox(1, timeout=0.3) == []
