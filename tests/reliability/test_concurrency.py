"""No lost or doubled data under concurrent requests, through the real HTTP stack (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.moderation.models import AuditEntry
from app.proposals.models import Proposal, ProposalStateChange, Support
from tests.factories import create_consultation, create_proposal, create_user
from tests.proposals.helpers import full_form
from tests.reliability.live import at_once, live_server, post, postgres_only, read_session, session_cookie

pytestmark = postgres_only


def _supports(proposal_id: int) -> tuple[int, int]:
    db.session.expire_all()
    rows = db.session.scalar(
        select(func.count()).select_from(Support).where(Support.proposal_id == proposal_id)
    )
    return db.session.get(Proposal, proposal_id).supports_count, rows


def test_fifty_people_support_one_proposal_at_once(app):
    proposal = create_proposal()
    people = [create_user() for _ in range(50)]
    cookies = [session_cookie(app, person) for person in people]
    url = f"/proposte/{proposal.id}/sostieni"  # built here: the threads have no app context
    with live_server(app) as port:
        answers = at_once(50, lambda i: post(port, url, cookie=cookies[i]))
    assert [getattr(a, "status", a) for a in answers] == [302] * 50
    assert _supports(proposal.id) == (50, 50)


def test_one_person_clicking_support_many_times_at_once_counts_once(app):
    proposal = create_proposal()
    cookie = session_cookie(app, create_user())
    url = f"/proposte/{proposal.id}/sostieni"
    with live_server(app) as port:
        answers = at_once(12, lambda i: post(port, url, cookie=cookie))
    assert [getattr(a, "status", a) for a in answers] == [302] * 12
    assert _supports(proposal.id) == (1, 1)


def test_the_same_submission_sent_many_times_at_once_makes_one_proposal(app):
    consultation = create_consultation()
    author = create_user()
    cookie = session_cookie(app, author)
    form = full_form()
    url = f"/consultazioni/{consultation.slug}/proposte/nuova"
    with live_server(app) as port:
        answers = at_once(10, lambda i: post(port, url, form, cookie))
    statuses = [getattr(a, "status", a) for a in answers]
    assert statuses == [302] * 10, statuses
    db.session.expire_all()
    ids = list(db.session.scalars(select(Proposal.id).where(Proposal.author_id == author.id)))
    assert len(ids) == 1
    # Every retry was sent to the one proposal that exists.
    assert {a.location for a in answers} == {f"/proposte/{ids[0]}"}
    created = db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "proposal.create")
    )
    assert created == 1


def test_two_moderators_deciding_at_once_give_one_outcome_and_the_other_is_told(app):
    consultation = create_consultation()
    moderators = [create_user(roles=["moderator"], locale="en") for _ in range(2)]
    cookies = [session_cookie(app, m) for m in moderators]
    proposals = [create_proposal(consultation=consultation, state="submitted") for _ in range(4)]
    with live_server(app) as port:
        for proposal in proposals:
            requests = [
                (f"/moderazione/proposte/{proposal.id}/pubblica", {"expected_state": "submitted"}),
                (
                    f"/moderazione/proposte/{proposal.id}/rifiuta",
                    {"expected_state": "submitted", "reason": "Fuori tema per questa consultazione."},
                ),
            ]
            answers = at_once(2, lambda i, r=requests: post(port, r[i][0], r[i][1], cookies[i]))
            assert [getattr(a, "status", a) for a in answers] == [302, 302]
            flashes = [read_session(app, a.cookie).get("_flashes", []) for a in answers]
            categories = sorted(category for messages in flashes for category, _ in messages)
            assert categories == ["error", "success"], flashes
            loser = next(m for messages in flashes for c, m in messages if c == "error")
            assert (
                "changed by someone else" in loser or "not possible in the proposal's current state" in loser
            )

            db.session.expire_all()
            state = db.session.get(Proposal, proposal.id).state
            assert state in ("published", "rejected")
            changes = list(
                db.session.scalars(
                    select(ProposalStateChange.to_state).where(
                        ProposalStateChange.proposal_id == proposal.id,
                        ProposalStateChange.from_state.is_not(None),
                    )
                )
            )
            assert changes == [state]
    db.session.expire_all()
    published = sum(db.session.get(Proposal, p.id).state == "published" for p in proposals)
    assert db.session.get(type(consultation), consultation.id).published_count == published
