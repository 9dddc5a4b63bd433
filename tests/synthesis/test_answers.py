"""Official answers: per proposal and per theme, shown on the pages, audited, notified."""

from __future__ import annotations

import re
from email.header import decode_header, make_header

from sqlalchemy import select

from app.extensions import db
from app.moderation.models import AuditEntry
from app.proposals.models import Proposal
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import add_members, create_run, create_theme


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _analyst(client):
    analyst = factories.create_user(roles=["analyst"])
    sign_in(client, analyst)
    return analyst


def _reload(proposal) -> Proposal:
    db.session.expire_all()
    return db.session.get(Proposal, proposal.id)


def test_analyst_answers_a_proposal_and_everyone_sees_it(client):
    consultation = factories.create_consultation(phase="answers")
    proposal = factories.create_proposal(consultation=consultation, title="Piste ciclabili sicure")
    factories.create_proposal(consultation=consultation)
    analyst = _analyst(client)
    english(client)

    response = client.post(
        f"/sintesi/risposte/proposte/{proposal.id}",
        data={"kind": "accolta_in_parte", "text": "Ne terremo conto nel <b>Piano</b> 2027."},
    )
    assert response.status_code == 302

    proposal = _reload(proposal)
    assert proposal.answer_kind == "accolta_in_parte"
    assert proposal.answer_text == "Ne terremo conto nel Piano 2027."  # markup stripped
    assert proposal.answered_by_id == analyst.id and proposal.answered_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "proposal.answer"))
    assert entry.actor_id == analyst.id and entry.object_id == proposal.id

    visitor = client.application.test_client()
    english(visitor)
    page = visitor.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert (
        "Official answer" in page and "Partly accepted" in page and "Ne terremo conto nel Piano 2027." in page
    )
    consultation_page = visitor.get(f"/consultazioni/{consultation.slug}").get_data(as_text=True)
    assert "1 of 2 proposals answered" in consultation_page


def test_a_bad_answer_gets_a_message_per_field_and_changes_nothing(client):
    proposal = factories.create_proposal()
    _analyst(client)
    english(client)
    response = client.post(f"/sintesi/risposte/proposte/{proposal.id}", data={"kind": "forse", "text": "  "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "Write the text of the answer." in page
    assert _reload(proposal).answer_kind is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "proposal.answer")) is None


def test_only_analysts_and_admins_answer_and_only_published_proposals(client):
    proposal = factories.create_proposal()
    hidden = factories.create_proposal(state="hidden")
    for roles in ([], ["moderator"], ["zone_coordinator"]):
        sign_in(client, factories.create_user(roles=roles))
        response = client.post(
            f"/sintesi/risposte/proposte/{proposal.id}", data={"kind": "accolta", "text": "Sì."}
        )
        assert response.status_code == 403
    sign_in(client, factories.create_user(roles=["admin"]))
    assert client.post(
        f"/sintesi/risposte/proposte/{hidden.id}", data={"kind": "accolta", "text": "Sì."}
    ).status_code in (
        403,
        404,
    )
    assert _reload(hidden).answer_kind is None
    response = client.post(
        f"/sintesi/risposte/proposte/{proposal.id}", data={"kind": "accolta", "text": "Sì."}
    )
    assert response.status_code == 302
    assert _reload(proposal).answer_kind == "accolta"


def test_one_answer_for_a_theme_then_edited_one_by_one(client):
    consultation = factories.create_consultation(phase="synthesis")
    members = [factories.create_proposal(consultation=consultation) for _ in range(3)]
    hidden = factories.create_proposal(consultation=consultation, state="hidden")
    already = factories.create_proposal(
        consultation=consultation, answer_kind="non_accolta", answer_text="No."
    )
    other = factories.create_proposal(consultation=consultation)
    old_run = create_run(consultation, age_minutes=60)
    run = create_run(consultation)
    theme = create_theme(run, members=[*members, hidden, already], label="Ciclabilità")
    # In the older run the theme also held ``other``: only the current run counts.
    add_members(old_run, theme, [other])
    _analyst(client)

    page = client.get(f"/sintesi/risposte/temi/{theme.id}").get_data(as_text=True)
    assert all(p.title in page for p in members) and hidden.title not in page and other.title not in page

    response = client.post(
        f"/sintesi/risposte/temi/{theme.id}",
        data={"kind": "gia_prevista", "text": "Già nel Piano, azione 5.2.", "keep_existing": "y"},
    )
    assert response.status_code == 302
    for proposal in members:
        assert _reload(proposal).answer_kind == "gia_prevista"
    assert _reload(already).answer_kind == "non_accolta"  # kept
    assert _reload(hidden).answer_kind is None and _reload(other).answer_kind is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "theme.answer")) is not None

    # Then one of them is edited on its own.
    client.post(
        f"/sintesi/risposte/proposte/{members[0].id}", data={"kind": "accolta", "text": "Di più: sì."}
    )
    assert _reload(members[0]).answer_kind == "accolta"
    assert _reload(members[1]).answer_kind == "gia_prevista"

    # Without "keep", the theme answer overrides every member.
    client.post(f"/sintesi/risposte/temi/{theme.id}", data={"kind": "non_accolta", "text": "Non ora."})
    assert {_reload(p).answer_kind for p in [*members, already]} == {"non_accolta"}


def test_the_analysts_list_shows_what_is_left_to_answer(client):
    consultation = factories.create_consultation(phase="answers")
    done = factories.create_proposal(consultation=consultation, title="Già risposta", answer_kind="accolta")
    todo = factories.create_proposal(consultation=consultation, title="Ancora da rispondere")
    factories.create_proposal(consultation=consultation, title="Bozza nascosta", state="draft")
    _analyst(client)
    page = client.get(f"/sintesi/risposte/{consultation.slug}?stato=unanswered").get_data(as_text=True)
    assert todo.title in page and done.title not in page and "Bozza nascosta" not in page
    page = client.get(f"/sintesi/risposte/{consultation.slug}?stato=answered").get_data(as_text=True)
    assert done.title in page and todo.title not in page


def test_author_and_supporters_get_an_email_with_the_answer_and_can_unsubscribe(client, mailbox):
    consultation = factories.create_consultation(phase="answers")
    author = factories.create_user(email="autrice@example.org", locale="en")
    supporter = factories.create_user(email="sostenitore@example.org")
    bystander = factories.create_user(email="passante@example.org")
    proposal = factories.create_proposal(consultation=consultation, author=author, title="Bus notturni")
    factories.create_support(proposal, supporter)
    _analyst(client)

    client.post(
        f"/sintesi/risposte/proposte/{proposal.id}",
        data={"kind": "accolta", "text": "Le linee notturne partiranno a marzo."},
    )
    messages = mailbox(2)
    by_recipient = {m["To"]: m for m in messages}
    assert set(by_recipient) == {"autrice@example.org", "sostenitore@example.org"}
    assert bystander.email not in by_recipient
    english_mail = by_recipient["autrice@example.org"]
    assert subject(english_mail) == "Official answer to “Bus notturni”"
    body = english_mail.get_payload(decode=True).decode()
    assert "Le linee notturne partiranno a marzo." in body and "Accepted" in body
    assert f"/proposte/{proposal.id}" in body

    # The supporter's mail is in Italian (default) and carries a personal unsubscribe link.
    body = by_recipient["sostenitore@example.org"].get_payload(decode=True).decode()
    link = re.search(r"http://localhost(/notifiche/annulla-iscrizione/\S+)", body).group(1)
    anonymous = client.application.test_client()
    assert anonymous.get(link).status_code == 200  # opening the link changes nothing by itself
    assert anonymous.post(link).status_code == 200

    mailbox_count = len(mailbox(0))
    client.post(
        f"/sintesi/risposte/proposte/{proposal.id}", data={"kind": "accolta", "text": "Aggiornamento."}
    )
    messages = mailbox(mailbox_count + 1)
    new = messages[mailbox_count:]
    assert [m["To"] for m in new] == ["autrice@example.org"]


def test_a_theme_answer_sends_one_email_per_person(client, mailbox):
    consultation = factories.create_consultation(phase="answers")
    supporter = factories.create_user(email="tifosa@example.org")
    proposals = [factories.create_proposal(consultation=consultation) for _ in range(2)]
    for proposal in proposals:
        factories.create_support(proposal, supporter)
    run = create_run(consultation)
    theme = create_theme(run, members=proposals)
    _analyst(client)
    client.post(f"/sintesi/risposte/temi/{theme.id}", data={"kind": "gia_prevista", "text": "Già previsto."})
    messages = mailbox(3)
    to_supporter = [m for m in messages if m["To"] == "tifosa@example.org"]
    assert len(to_supporter) == 1
    body = to_supporter[0].get_payload(decode=True).decode()
    assert all(p.title in body for p in proposals)
    assert len(messages) == 3  # the two authors and the supporter
