"""``flask forum load-demo``: a realistic, consistent, repeatable demo data set."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import Representation, RoleAssignment, User
from app.consultations.models import Consultation
from app.demo import services
from app.demo.content import DEMO_PASSWORD
from app.extensions import db
from app.moderation.models import AuditEntry
from app.privacy.models import Consent
from app.proposals.models import Comment, Flag, Proposal, ProposalStateChange, Support
from app.reference.models import ActorType, Comune, Driver, Zone
from tests.factories import login


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _load(runner):
    result = runner.invoke(args=["forum", "load-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_load_demo_prints_working_logins_and_loads_only_once(runner, client):
    output = _load(runner)

    assert "LOCAL USE ONLY" in output
    assert DEMO_PASSWORD in output
    for _role, email in services.demo_logins():
        assert email in output
        assert db.session.scalar(select(User).where(User.email == email)).is_confirmed
    roles = set(db.session.scalars(select(RoleAssignment.role)))
    assert {"admin", "moderator", "analyst", "zone_coordinator"} <= roles
    verified = list(db.session.scalars(select(Representation).where(Representation.status == "verified")))
    assert {r.kind for r in verified} == {"organisation", "comune"}
    assert _count(Representation, Representation.status == "pending") == 1
    # The printed credentials work on the real login form.
    admin = db.session.scalar(select(User).where(User.email == services.marker_email()))
    assert login(client, admin, password=DEMO_PASSWORD).status_code == 302

    before = (_count(User), _count(Proposal), _count(Support), _count(Comment))
    again = _load(runner)

    assert "already loaded" in again
    assert (_count(User), _count(Proposal), _count(Support), _count(Comment)) == before


def _titles() -> list[str]:
    return list(db.session.scalars(select(Proposal.title).order_by(Proposal.id)))


def test_demo_is_deterministic_and_covers_every_driver_zone_and_actor_type(runner):
    # A first fresh run, undone, then the command: both give the same proposals.
    services.load_demo()
    first_run = _titles()
    db.session.rollback()
    assert _count(Proposal) == 0

    _load(runner)

    assert _titles() == first_run
    proposals = list(db.session.scalars(select(Proposal)))
    assert len(proposals) >= 300
    assert {p.driver_id for p in proposals} == set(db.session.scalars(select(Driver.id)))
    assert {p.actor_type_id for p in proposals} == set(db.session.scalars(select(ActorType.id)))
    zones = {p.zone_id for p in proposals if p.zone_id} | {c.zone_id for p in proposals for c in p.comuni}
    assert zones == set(db.session.scalars(select(Zone.id)))
    assert len({c.id for p in proposals for c in p.comuni}) >= 60
    assert {p.scope for p in proposals} == {"metropolitan", "zone", "comuni"}
    assert {p.state for p in proposals} == {
        "draft",
        "submitted",
        "published",
        "changes_requested",
        "rejected",
        "withdrawn",
        "hidden",
    }
    assert any(p.duplicate_of_id for p in proposals)
    assert all(p.title and p.summary and p.need and p.action and p.expected_results for p in proposals)

    states = [c.state for c in db.session.scalars(select(Consultation))]
    assert len(states) >= 3
    assert "collection" in states and "discussion" in states
    assert len(set(states)) == len(states)
    assert _count(Support) >= 2000
    assert _count(Comment) >= 600
    assert _count(Comment, Comment.parent_id.is_not(None)) > 0
    assert _count(Comment, Comment.state == "hidden", Comment.hidden_reason != "") > 0
    assert _count(Flag, Flag.status == "open", Flag.comment_id.is_(None)) > 0
    assert _count(Flag, Flag.status == "open", Flag.comment_id.is_not(None)) > 0
    assert _count(Proposal, Proposal.answer_kind.is_not(None)) > 0
    # Nobody supports a proposal twice (the unique constraint holds) or their own proposal.
    own = select(func.count()).select_from(Support).join(Proposal, Support.proposal_id == Proposal.id)
    assert db.session.scalar(own.where(Support.user_id == Proposal.author_id)) == 0
    assert db.session.scalar(select(func.count()).select_from(Comune)) == 133

    _assert_consistent()


def _assert_consistent():
    """Counters equal the rows, histories end in the state, moderator acts are audited."""
    supports = dict(
        db.session.execute(select(Support.proposal_id, func.count()).group_by(Support.proposal_id)).all()
    )
    visible = dict(
        db.session.execute(
            select(Comment.proposal_id, func.count())
            .where(Comment.state == "published")
            .group_by(Comment.proposal_id)
        ).all()
    )
    history: dict[int, list[ProposalStateChange]] = {}
    for change in db.session.scalars(select(ProposalStateChange).order_by(ProposalStateChange.id)):
        history.setdefault(change.proposal_id, []).append(change)
    for proposal in db.session.scalars(select(Proposal)):
        assert proposal.supports_count == supports.get(proposal.id, 0)
        assert proposal.comments_count == visible.get(proposal.id, 0)
        changes = history[proposal.id]
        assert (changes[0].from_state, changes[0].to_state) == (None, "draft")
        assert changes[-1].to_state == proposal.state
        assert all(a.to_state == b.from_state for a, b in zip(changes, changes[1:], strict=False))
        assert all(a.created_at <= b.created_at for a, b in zip(changes, changes[1:], strict=False))
        if proposal.state in ("rejected", "changes_requested", "hidden"):
            assert proposal.state_reason and changes[-1].reason == proposal.state_reason
    for consultation in db.session.scalars(select(Consultation)):
        published = _count(
            Proposal, Proposal.consultation_id == consultation.id, Proposal.state == "published"
        )
        assert consultation.published_count == published
    moderator_acts = _count(
        ProposalStateChange, ProposalStateChange.to_state.in_(("published", "rejected", "changes_requested"))
    )
    audited = _count(
        AuditEntry, AuditEntry.action.in_(("proposal.publish", "proposal.reject", "proposal.request_changes"))
    )
    assert audited == moderator_acts
    assert _count(AuditEntry, AuditEntry.action == "comment.hide") == _count(
        Comment, Comment.state == "hidden"
    )


def test_demo_people_have_accepted_the_privacy_notice_and_log_straight_in(app, runner):
    runner.invoke(args=["forum", "load-demo"])
    users = db.session.scalar(select(func.count(User.id)))
    consents = db.session.scalar(
        select(func.count(Consent.id)).where(Consent.version == app.config["PRIVACY_NOTICE_VERSION"])
    )
    assert users > 0 and consents == users
