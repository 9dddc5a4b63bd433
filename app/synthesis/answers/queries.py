"""Reads for the official answers: a consultation's answered proposals, a theme's proposals."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.consultations.models import Consultation
from app.extensions import db
from app.pagination import Page
from app.proposals.models import Proposal
from app.synthesis.models import Theme, ThemeMembership, ThemeRun

ANSWER_FILTERS = ("unanswered", "answered")


def current_run(consultation_id: int, scope: str) -> ThemeRun | None:
    """The latest successful run of a consultation's scope: the one analysts work on."""
    return db.session.scalar(
        select(ThemeRun)
        .where(
            ThemeRun.consultation_id == consultation_id,
            ThemeRun.scope == scope,
            ThemeRun.status == "succeeded",
        )
        .order_by(ThemeRun.finished_at.desc().nulls_last(), ThemeRun.id.desc())
        .limit(1)
    )


def get_theme_consultation(theme: Theme) -> Consultation:
    return db.session.get(Consultation, theme.consultation_id)


def list_theme_proposals(theme: Theme) -> list[Proposal]:
    """The published proposals of ``theme`` in its scope's current run, best score first."""
    run = current_run(theme.consultation_id, theme.scope)
    if run is None:
        return []
    query = (
        select(Proposal)
        .join(ThemeMembership, ThemeMembership.proposal_id == Proposal.id)
        .where(
            ThemeMembership.run_id == run.id,
            ThemeMembership.theme_id == theme.id,
            Proposal.state == "published",
        )
        .order_by(ThemeMembership.score.desc(), Proposal.id)
    )
    return list(db.session.scalars(query))


def count_answered_proposals(consultation_id: int) -> int:
    """Published proposals of a consultation that have an official answer."""
    return db.session.scalar(
        select(func.count(Proposal.id)).where(
            Proposal.consultation_id == consultation_id,
            Proposal.state == "published",
            Proposal.answer_kind.is_not(None),
        )
    )


def list_proposals_to_answer(
    consultation_id: int, status: str | None, page: int, per_page: int
) -> Page[Proposal]:
    """A consultation's published proposals, unanswered first, filtered by answer status."""
    conditions = [Proposal.consultation_id == consultation_id, Proposal.state == "published"]
    if status == "unanswered":
        conditions.append(Proposal.answer_kind.is_(None))
    elif status == "answered":
        conditions.append(Proposal.answer_kind.is_not(None))
    total = db.session.scalar(select(func.count(Proposal.id)).where(*conditions))
    items = db.session.scalars(
        select(Proposal)
        .where(*conditions)
        .order_by(Proposal.answer_kind.is_not(None), Proposal.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return Page(items=list(items), number=page, per_page=per_page, total=total)


@dataclass(frozen=True)
class ThemeAnswers:
    theme: Theme
    proposals: int
    answered: int


def list_themes_with_answers(consultation_id: int) -> list[ThemeAnswers]:
    """Themes of each scope's current run with how many of their proposals are answered."""
    runs = db.session.scalars(
        select(ThemeRun).where(ThemeRun.consultation_id == consultation_id, ThemeRun.status == "succeeded")
    )
    current: dict[str, ThemeRun] = {}
    for run in runs:
        best = current.get(run.scope)
        if best is None or (run.finished_at or run.created_at, run.id) > (
            best.finished_at or best.created_at,
            best.id,
        ):
            current[run.scope] = run
    if not current:
        return []
    answered = func.count(Proposal.answer_kind)
    rows = db.session.execute(
        select(Theme, func.count(Proposal.id), answered)
        .join(ThemeMembership, ThemeMembership.theme_id == Theme.id)
        .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
        .where(
            ThemeMembership.run_id.in_([run.id for run in current.values()]),
            Proposal.state == "published",
        )
        .group_by(Theme.id)
        .order_by(Theme.scope, func.count(Proposal.id).desc(), Theme.id)
    )
    return [ThemeAnswers(theme, total, done) for theme, total, done in rows]
