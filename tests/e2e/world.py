"""One populated site for the page-by-page browser checks (axe, phone width): the demo data
set (``flask forum load-demo``: four consultations, 360 proposals with long realistic texts,
comments, supports, flags, answers), the themes engine run on every consultation as
``make demo`` does, the syntheses published, and a draft of the demo citizen's.

Real content finds what a handful of factory rows would not: long titles, wide tables,
charts with a dozen themes.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from app.accounts.models import Organisation, User
from app.actions.models import ActionLink
from app.consultations.models import Consultation
from app.demo.content import DEMO_PASSWORD
from app.demo.services import demo_logins, load_demo
from app.extensions import db
from app.meetings.models import Meeting
from app.models_base import utcnow
from app.proposals.models import Comment, Flag, Proposal
from app.synthesis.models import Theme
from app.synthesis.publication.services import publish_synthesis
from app.synthesis.runs.queries import get_current_run
from tests import factories

PASSWORD = DEMO_PASSWORD
INTRODUCTION = (
    "Le proposte pubblicate, raggruppate per temi dal motore di analisi e lette dall'ufficio di piano."
)
# Our roles -> the start of the demo's printed role names.
DEMO_ROLES = {
    "citizen": "cittadino",
    "moderator": "moderatore",
    "analyst": "analista",
    "admin": "amministratore",
    "coordinator": "coordinatore",
}


def demo_user(role: str) -> User:
    email = next(email for name, email in demo_logins() if name.startswith(DEMO_ROLES[role]))
    return db.session.scalar(select(User).where(User.email == email))


def _first(statement):
    found = db.session.scalar(statement.limit(1))
    assert found is not None, f"the demo data has none of: {statement}"
    return found


def load_demo_with_syntheses(app: Flask) -> None:
    """The demo data, the themes of every consultation (as ``make demo``), published."""
    load_demo()
    db.session.commit()
    # As `make demo`: the runs draw their charts, so the synthesis pages only read them.
    app.config["SYNTHESIS_PREPARE_CHARTS"] = True
    themes = ["synthesis", "run", "--consultation", "all", "--skip-existing"]
    result = app.test_cli_runner().invoke(args=themes)
    assert result.exit_code == 0, result.output
    analyst = demo_user("analyst")
    for consultation in db.session.scalars(select(Consultation)):
        if get_current_run(consultation.id, "all") is not None:
            publish_synthesis(analyst, consultation, introduction=INTRODUCTION)
    db.session.commit()


def build_world(app: Flask) -> dict:
    """Load the demo and compute its themes; returns what the page addresses need."""
    load_demo_with_syntheses(app)
    people = {role: demo_user(role) for role in DEMO_ROLES}
    consultations = list(db.session.scalars(select(Consultation).order_by(Consultation.id)))
    collecting = next(c for c in consultations if c.state == "collection")
    draft = factories.create_proposal(collecting, people["citizen"], state="draft", title="Una bozza mia")

    answered = _first(
        select(Proposal)
        .where(Proposal.answer_kind.is_not(None), Proposal.comments_count > 0)
        .order_by(Proposal.comments_count.desc())
    )
    own = _first(
        select(Proposal).where(Proposal.author_id == people["citizen"].id, Proposal.state == "published")
    )
    run = get_current_run(answered.consultation_id, "all")
    nord_ovest = next(c for c in consultations if c.scope == "zone" and c.zone.slug == "nord-ovest")
    in_nord_ovest = Proposal.consultation_id == nord_ovest.id
    # The demo's zone consultation is past collection: one proposal waits for its coordinator.
    waiting = factories.create_proposal(
        nord_ovest, state="submitted", title="Navetta serale tra la stazione di Rho Fiera e il centro di Rho"
    )
    db.session.commit()
    return {
        "people": people,
        "slug": collecting.slug,
        "answered_slug": db.session.get(Consultation, answered.consultation_id).slug,
        "answered": answered.id,
        "own": own.id,
        "submitted": _first(select(Proposal.id).where(Proposal.state == "submitted")),
        "draft": draft.id,
        "comment": _first(select(Comment.id).where(Comment.proposal_id == answered.id)),
        "flag": _first(select(Flag.id).where(Flag.status == "open")),
        "organisation": _first(select(Organisation.slug)),
        "run": run.id,
        "theme": _first(select(Theme.id).where(Theme.last_run_id == run.id, Theme.is_active)),
        "citizen": people["citizen"].id,
        # A plan action the demo's accepted proposals flowed into (app/actions/demo.py).
        "action": _first(select(ActionLink.action_id).order_by(ActionLink.id)),
        # A proposal one may still report: the answered one's consultation is closed (issue 15).
        "reportable": _first(
            select(Proposal.id).where(
                Proposal.consultation_id == collecting.id,
                Proposal.state == "published",
                Proposal.author_id != people["citizen"].id,
            )
        ),
        "zone_slug": nord_ovest.slug,
        # What waits for the Nord Ovest coordinator in the moderation queue (issue 15).
        "zone_submitted": waiting.id,
        "zone_flag": _first(
            select(Flag.id)
            .join(Proposal, Flag.proposal_id == Proposal.id)
            .where(in_nord_ovest, Flag.status == "open")
        ),
        # The demo's meetings (app/demo/meetings.py): one to come, one held with its minutes.
        "meeting_upcoming": _first(
            select(Meeting.id).where(Meeting.starts_at > utcnow()).order_by(Meeting.id)
        ),
        "meeting_held": _first(select(Meeting.id).where(Meeting.minutes_published_at.is_not(None))),
    }
