"""Automatic hiding needs reports from distinct people (issue 13, finding 3): one person with
three accounts on one mailbox (``name+1@``, ``+2@``, ``+3@``) hid any proposal alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models_base import utcnow
from app.moderation.models import AuditEntry
from app.moderation.reporters import normalised_mailbox
from app.proposals.models import Comment, Flag, Proposal
from tests.factories import create_comment, create_proposal, create_user
from tests.proposals.helpers import english, sign_in


def _report(client, reporter, proposal, comment=None):
    sign_in(client, reporter)
    url = f"/commenti/{comment.id}/segnala" if comment else f"/proposte/{proposal.id}/segnala"
    assert client.post(url, data={"reason": "offensive"}).status_code == 302


def _state(model, row_id) -> str:
    db.session.expire_all()
    return db.session.get(model, row_id).state


def _open_flags(proposal) -> int:
    return len(
        db.session.scalars(select(Flag).where(Flag.proposal_id == proposal.id, Flag.status == "open")).all()
    )


@pytest.mark.parametrize(
    "addresses",
    [
        ["mario+1@example.org", "mario+2@example.org", "mario+3@example.org"],
        ["m.a.rio@gmail.com", "mario+forum@googlemail.com", "Mario@Gmail.com"],
        ["Mario@Example.org", "MARIO+x@example.org.", "mario@example.org"],
    ],
)
def test_three_accounts_on_one_mailbox_do_not_hide_a_proposal(client, addresses):
    proposal = create_proposal()
    for address in addresses:
        _report(client, create_user(email=address), proposal)
    assert _state(Proposal, proposal.id) == "published"
    assert _open_flags(proposal) == 3  # every report stays open for the moderators


def test_accounts_on_one_mailbox_do_not_hide_a_comment_either(client):
    proposal = create_proposal()
    comment = create_comment(proposal)
    for n in range(3):
        _report(client, create_user(email=f"anna+{n}@example.org"), proposal, comment)
    assert _state(Comment, comment.id) == "published"


def test_reports_from_accounts_confirmed_less_than_a_day_earlier_do_not_count(app, client):
    proposal = create_proposal()
    recent = utcnow() - timedelta(hours=2)
    newcomers = [create_user(confirmed_at=recent, created_at=recent) for _ in range(3)]
    for person in newcomers:
        _report(client, person, proposal)
    assert _state(Proposal, proposal.id) == "published"
    # The age is configurable: with one hour, the same people count.
    app.config["FLAGS_AUTO_HIDE_ACCOUNT_AGE_HOURS"] = 1
    _report(client, create_user(), proposal)
    assert _state(Proposal, proposal.id) == "hidden"


def test_three_distinct_established_people_hide_it_and_the_review_records_which_reports_counted(app, client):
    proposal = create_proposal(title="Proposta segnalata da più persone")
    same_mailbox = [create_user(email=f"luca+{n}@example.org") for n in range(2)]
    recent = utcnow() - timedelta(hours=1)
    newcomer = create_user(confirmed_at=recent, created_at=recent)
    for person in [*same_mailbox, newcomer]:
        _report(client, person, proposal)
    assert _state(Proposal, proposal.id) == "published"  # one person, and a newcomer
    _report(client, create_user(email="giulia@example.org"), proposal)
    assert _state(Proposal, proposal.id) == "published"  # two people
    _report(client, create_user(email="paolo@gmail.com"), proposal)
    assert _state(Proposal, proposal.id) == "hidden"  # three people
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "proposal.auto_hide"))
    flags = db.session.scalars(select(Flag).where(Flag.proposal_id == proposal.id).order_by(Flag.id)).all()
    assert entry.actor_id is None and entry.details["people"] == 3
    assert entry.details["open_flag_ids"] == [f.id for f in flags]
    newcomer_flag = next(f for f in flags if f.reporter_id == newcomer.id)
    assert newcomer_flag.id not in entry.details["counted_flag_ids"]
    assert len(entry.details["counted_flag_ids"]) == 4  # luca twice (one person), giulia, paolo
    # Moderators find it in the queue, hidden pending their review.
    sign_in(client, create_user(roles=["moderator"]))
    english(client)
    queue = client.get("/moderazione/").get_data(as_text=True)
    assert "Proposta segnalata da più persone" in queue and "Hidden, pending review" in queue


@pytest.mark.parametrize(
    ("address", "mailbox"),
    [
        ("Mario.Rossi+forum@Gmail.com", "mariorossi@gmail.com"),
        ("m.a.r.i.o@googlemail.com", "mario@gmail.com"),
        ("mario.rossi+1@example.org", "mario.rossi@example.org"),  # dots matter elsewhere
        ("  ANNA@Comune.Milano.IT. ", "anna@comune.milano.it"),
        ("a+b+c@example.org", "a@example.org"),
    ],
)
def test_normalised_mailbox(address, mailbox):
    assert normalised_mailbox(address) == mailbox
