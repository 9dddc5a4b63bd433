"""People hear when their proposal (or a theme holding it) is first linked to a plan action:
through the outbox, expanded by the worker, as each person chose for "what became of a proposal"."""

from __future__ import annotations

from datetime import date
from email.header import decode_header, make_header

from sqlalchemy import func, select

from app.actions.models import ActionLink
from app.extensions import db
from app.notifications.models import Notification, NotificationEvent, NotificationPreference, ProposalFollow
from tests import factories
from tests.actions.factories import create_action, link
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import create_run, create_theme


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def _analyst(client):
    sign_in(client, factories.create_user(roles=["analyst"]))


def test_linking_a_proposal_tells_its_author_supporters_and_followers_once_each(client, mailbox):
    consultation = factories.create_consultation(phase="answers")
    author = factories.create_user(email="autore@example.org", locale="en")
    supporter = factories.create_user(email="sostenitrice@example.org")
    follower = factories.create_user(email="segue@example.org")
    factories.create_user(email="passante@example.org")
    proposal = factories.create_proposal(consultation=consultation, author=author, title="Orti nei parchi")
    other = factories.create_proposal(consultation=consultation, title="Un'altra proposta")
    factories.create_support(proposal, supporter)
    factories.create_support(other, factories.create_user(email="altra@example.org"))
    db.session.add(ProposalFollow(user_id=follower.id, proposal_id=proposal.id))
    db.session.commit()
    action = create_action("Parco Metropolitano", code="PO-2.4")
    _analyst(client)

    response = client.post(
        f"/dal-forum-al-piano/azioni/{action.id}/proposte",
        data={"proposal_id": str(proposal.id), "link_note": "Entra nel piano dei parchi."},
    )
    assert response.status_code == 302
    # The request wrote one event; the worker wrote the messages.
    [event] = db.session.scalars(select(NotificationEvent)).all()
    assert event.kind == "action_linked"
    messages = mailbox(3)
    assert len(mailbox(4, timeout=0.5)) == 3  # nobody else
    by_recipient = {m["To"]: m for m in messages}
    assert set(by_recipient) == {"autore@example.org", "sostenitrice@example.org", "segue@example.org"}

    to_author = by_recipient["autore@example.org"]
    assert _subject(to_author) == "Your proposal flowed into “Parco Metropolitano”"
    text = _body(to_author)
    assert "Orti nei parchi" in text and "(your proposal)" in text
    assert "Entra nel piano dei parchi." in text and "PO-2.4" in text
    assert f"/dal-forum-al-piano/azioni/{action.id}" in text and f"/proposte/{proposal.id}" in text
    to_supporter = by_recipient["sostenitrice@example.org"]
    assert _subject(to_supporter) == "Una proposta è confluita in “Parco Metropolitano”"
    assert "(una proposta a cui hai aderito)" in _body(to_supporter)
    assert "/notifiche/annulla-iscrizione/" in _body(to_supporter)  # a notification, with its footer

    # On each person's Notifiche page too, leading to the action.
    notification = db.session.scalar(select(Notification).where(Notification.user_id == author.id))
    assert notification.kind == "action_linked"
    assert notification.link == f"/dal-forum-al-piano/azioni/{action.id}"


def test_a_theme_link_tells_only_the_people_of_proposals_new_to_the_action(client, mailbox):
    consultation = factories.create_consultation(phase="answers")
    already = factories.create_proposal(
        consultation=consultation, author=factories.create_user(email="gia@example.org"), title="Già dentro"
    )
    new = factories.create_proposal(
        consultation=consultation, author=factories.create_user(email="nuova@example.org"), title="Nuova"
    )
    hidden = factories.create_proposal(
        consultation=consultation, author=factories.create_user(email="nascosta@example.org"), state="hidden"
    )
    supporter_of_both = factories.create_user(email="entrambe@example.org")
    factories.create_support(already, supporter_of_both)
    factories.create_support(new, supporter_of_both)
    run = create_run(consultation)
    theme = create_theme(run, members=[already, new, hidden], label="Verde urbano")
    db.session.commit()
    action = create_action("Forestazione urbana")
    link(action, already)  # linked on its own before (its people were told then)
    _analyst(client)

    response = client.post(f"/dal-forum-al-piano/temi/{theme.id}/azioni", data={"action_id": str(action.id)})
    assert response.status_code == 302
    messages = mailbox(2)
    assert len(mailbox(3, timeout=0.5)) == 2
    by_recipient = {m["To"]: m for m in messages}
    assert set(by_recipient) == {"nuova@example.org", "entrambe@example.org"}
    text = _body(by_recipient["entrambe@example.org"])
    assert "Nuova" in text and "Già dentro" not in text
    assert "Il collegamento riguarda l'intero tema “Verde urbano”." in text

    # The same theme linked to another action is news again.
    second = create_action("Parchi di cintura")
    client.post(f"/dal-forum-al-piano/temi/{theme.id}/azioni", data={"action_id": str(second.id)})
    assert len(mailbox(5)) == 5


def test_the_answers_preference_decides_how_the_news_comes(client, mailbox):
    consultation = factories.create_consultation(phase="answers")
    quiet = factories.create_user(email="silenzio@example.org")
    daily = factories.create_user(email="riassunto@example.org")
    loud = factories.create_user(email="subito@example.org")
    db.session.add_all(
        [
            NotificationPreference(user_id=quiet.id, frequency="immediate", answers_frequency="off"),
            NotificationPreference(user_id=daily.id, frequency="immediate", answers_frequency="daily"),
        ]
    )
    proposal = factories.create_proposal(consultation=consultation, author=loud, title="Bus notturni")
    factories.create_support(proposal, quiet)
    factories.create_support(proposal, daily)
    action = create_action("Trasporto pubblico notturno")
    _analyst(client)
    client.post(f"/dal-forum-al-piano/azioni/{action.id}/proposte", data={"proposal_id": str(proposal.id)})

    assert [m["To"] for m in mailbox(1)] == ["subito@example.org"]
    assert len(mailbox(2, timeout=0.5)) == 1
    db.session.expire_all()
    rows = {n.user_id: n for n in db.session.scalars(select(Notification))}
    assert rows[quiet.id].is_emailed is False  # only on the Notifiche page
    assert rows[daily.id].is_digest is True and rows[daily.id].sent_at is None
    sign_in(client, quiet)
    assert "Una proposta è confluita in “Trasporto pubblico notturno”" in client.get("/notifiche/").text

    english(client)
    preferences = client.get("/account/notifiche").text
    assert "flows into an action of the plan" in preferences


def test_a_change_of_status_is_announced_by_the_request_and_written_by_the_worker(client, mailbox):
    author = factories.create_user(email="autrice@example.org")
    proposal = factories.create_proposal(author=author, title="Scuole aperte d'estate")
    action = create_action("Scuole come centri civici")
    link(action, proposal)
    _analyst(client)
    response = client.post(
        f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti",
        data={
            "happened_on": date.today().isoformat(),
            "status": "planned",
            "progress": "10",
            "dup_year": "2026",
            "body": "Inserito nel DUP.",
        },
    )
    assert response.status_code == 302
    [event] = db.session.scalars(select(NotificationEvent)).all()
    assert (event.kind, event.payload["previous"], event.payload["status"]) == (
        "action_status_changed",
        "proposed",
        "planned",
    )
    [message] = mailbox(1)
    assert message["To"] == "autrice@example.org"
    assert "proposta → programmata" in _body(message) and "Scuole aperte d'estate" in _body(message)


def test_a_link_removed_by_mistake_and_made_again_is_not_news_twice(client, mailbox):
    consultation = factories.create_consultation(phase="answers")
    author = factories.create_user(email="autore@example.org")
    proposal = factories.create_proposal(consultation=consultation, author=author, title="Orti nei parchi")
    newcomer = factories.create_proposal(
        consultation=consultation, author=factories.create_user(email="nuovo@example.org"), title="Nuovo"
    )
    run = create_run(consultation)
    theme = create_theme(run, members=[proposal, newcomer], label="Verde urbano")
    db.session.commit()
    action = create_action("Parco Metropolitano")
    _analyst(client)
    add_proposal = f"/dal-forum-al-piano/azioni/{action.id}/proposte"

    client.post(add_proposal, data={"proposal_id": str(proposal.id)})
    assert [m["To"] for m in mailbox(1)] == ["autore@example.org"]
    [row] = db.session.scalars(select(ActionLink)).all()
    client.post(f"/dal-forum-al-piano/azioni/{action.id}/collegamenti/{row.id}/rimuovi")
    assert client.post(add_proposal, data={"proposal_id": str(proposal.id)}).status_code == 302
    # Linked again: the link is back, its author is not told a second time...
    assert db.session.scalar(select(func.count()).select_from(ActionLink)) == 1
    assert len(mailbox(2, timeout=1.0)) == 1
    # ...while a theme bringing a proposal new to the action tells only that one's people.
    client.post(f"/dal-forum-al-piano/temi/{theme.id}/azioni", data={"action_id": str(action.id)})
    assert [m["To"] for m in mailbox(2)][1:] == ["nuovo@example.org"]
    assert len(mailbox(3, timeout=1.0)) == 2
