"""Reads of the open data: only public rows, filtered and paginated.

Only published proposals appear; themes and memberships only for the run of a
*published* synthesis (the analysts' workspace stays private until then).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.consultations.models import Consultation
from app.extensions import db
from app.inputs import parse_int
from app.meetings.models import Meeting
from app.proposals.models import PUBLIC_STATES, Proposal
from app.reference.models import Driver, Zone
from app.synthesis.answers.queries import current_run
from app.synthesis.models import Synthesis, Theme, ThemeMembership, ThemeRun


@dataclass(frozen=True)
class Filters:
    """Validated filters; ``None`` means "any"."""

    consultation_id: int | None = None
    driver_number: int | None = None
    zone_slug: str | None = None
    state: str | None = None
    theme_id: int | None = None
    kind: str | None = None


def find_consultation_id(value: str) -> int | None:
    """The id of the consultation with this id or slug, or None."""
    condition = Consultation.slug == value
    number = parse_int(value)
    if number is not None:
        condition = or_(condition, Consultation.id == number)
    return db.session.scalar(select(Consultation.id).where(condition).limit(1))


def zone_exists(slug: str) -> bool:
    return db.session.scalar(select(Zone.id).where(Zone.slug == slug)) is not None


def driver_exists(number: int) -> bool:
    return db.session.scalar(select(Driver.id).where(Driver.number == number)) is not None


# --- meetings


def list_meetings(filters: Filters, offset: int, limit: int) -> tuple[list[Meeting], int]:
    """Every meeting (all are public), by start date."""
    query = select(Meeting)
    if filters.consultation_id is not None:
        query = query.where(Meeting.consultation_id == filters.consultation_id)
    if filters.zone_slug is not None:
        query = query.join(Zone, Zone.id == Meeting.zone_id).where(Zone.slug == filters.zone_slug)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id).offset(offset).limit(limit))
    return list(rows), total


# --- consultations


def list_consultations(filters: Filters, offset: int, limit: int) -> tuple[list[Consultation], int]:
    query = select(Consultation).order_by(Consultation.id)
    if filters.consultation_id is not None:
        query = query.where(Consultation.id == filters.consultation_id)
    if filters.zone_slug is not None:
        query = query.join(Zone, Zone.id == Consultation.zone_id).where(Zone.slug == filters.zone_slug)
    rows = list(db.session.scalars(query).unique())
    if filters.driver_number is not None:
        rows = [c for c in rows if any(d.number == filters.driver_number for d in c.drivers)]
    if filters.state is not None:
        # The state follows the dates, so it is computed, not stored; consultations are few.
        rows = [c for c in rows if c.state == filters.state]
    return rows[offset : offset + limit], len(rows)


def answered_counts(consultation_ids: list[int]) -> dict[int, int]:
    if not consultation_ids:
        return {}
    rows = db.session.execute(
        select(Proposal.consultation_id, func.count(Proposal.id))
        .where(
            Proposal.consultation_id.in_(consultation_ids),
            Proposal.state.in_(PUBLIC_STATES),
            Proposal.answer_kind.is_not(None),
        )
        .group_by(Proposal.consultation_id)
    )
    return dict(rows.all())


# --- proposals and answers


def _proposal_conditions(filters: Filters) -> list:
    conditions = [Proposal.state.in_(PUBLIC_STATES)]
    if filters.state is not None:
        conditions.append(Proposal.state == filters.state)
    if filters.consultation_id is not None:
        conditions.append(Proposal.consultation_id == filters.consultation_id)
    if filters.driver_number is not None:
        conditions.append(
            Proposal.driver_id.in_(select(Driver.id).where(Driver.number == filters.driver_number))
        )
    if filters.zone_slug is not None:
        conditions.append(Proposal.zone_id.in_(select(Zone.id).where(Zone.slug == filters.zone_slug)))
    if filters.kind is not None:
        conditions.append(Proposal.answer_kind == filters.kind)
    return conditions


# A proposal's open-data record lists its missions, keywords and comuni: one query each
# for the whole page.
RECORD_LOADS = (
    selectinload(Proposal.missions),
    selectinload(Proposal.keywords),
    selectinload(Proposal.comuni),
)


def _page_of_proposals(conditions: list, offset: int, limit: int) -> tuple[list[Proposal], int]:
    total = db.session.scalar(select(func.count(Proposal.id)).where(*conditions))
    items = db.session.scalars(
        select(Proposal)
        .options(*RECORD_LOADS)
        .where(*conditions)
        .order_by(Proposal.id)
        .offset(offset)
        .limit(limit)
    ).unique()
    return list(items), total


def list_proposals(filters: Filters, offset: int, limit: int) -> tuple[list[Proposal], int]:
    return _page_of_proposals(_proposal_conditions(filters), offset, limit)


def list_answers(filters: Filters, offset: int, limit: int) -> tuple[list[Proposal], int]:
    conditions = [*_proposal_conditions(filters), Proposal.answer_kind.is_not(None)]
    return _page_of_proposals(conditions, offset, limit)


# --- themes and memberships of published syntheses


def published_runs(filters: Filters) -> dict[int, ThemeRun]:
    """The runs behind the published syntheses matching ``filters``, by id."""
    query = select(Synthesis).where(Synthesis.status == "published")
    if filters.consultation_id is not None:
        query = query.where(Synthesis.consultation_id == filters.consultation_id)
    run_ids = []
    for synthesis in db.session.scalars(query):
        if synthesis.run_id is not None:
            run_ids.append(synthesis.run_id)
        else:
            run = current_run(synthesis.consultation_id, synthesis.scope)
            if run is not None:
                run_ids.append(run.id)
    if not run_ids:
        return {}
    # The consultation comes along: every theme record names it by id and slug.
    runs = db.session.scalars(
        select(ThemeRun)
        .options(joinedload(ThemeRun.consultation))
        .where(ThemeRun.id.in_(run_ids), ThemeRun.status == "succeeded")
    )
    return {run.id: run for run in runs}


@dataclass(frozen=True)
class ThemeRow:
    theme: Theme
    run: ThemeRun
    size: int
    representative_ids: list[int]


def list_themes(filters: Filters, offset: int, limit: int) -> tuple[list[ThemeRow], int]:
    runs = published_runs(filters)
    if not runs:
        return [], 0
    conditions = [ThemeMembership.run_id.in_(list(runs)), Proposal.state.in_(PUBLIC_STATES)]
    if filters.driver_number is not None:
        conditions.append(Theme.scope == f"D{filters.driver_number}")
    if filters.theme_id is not None:
        conditions.append(Theme.id == filters.theme_id)
    base = (
        select(Theme.id, ThemeMembership.run_id, func.count(Proposal.id))
        .join(ThemeMembership, ThemeMembership.theme_id == Theme.id)
        .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
        .where(*conditions)
        .group_by(Theme.id, ThemeMembership.run_id)
    )
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    rows = db.session.execute(base.order_by(Theme.id).offset(offset).limit(limit)).all()
    themes = {t.id: t for t in db.session.scalars(select(Theme).where(Theme.id.in_([r[0] for r in rows])))}
    representatives: dict[int, list[int]] = {}
    if rows:
        reps = db.session.execute(
            select(ThemeMembership.theme_id, ThemeMembership.proposal_id)
            .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
            .where(
                ThemeMembership.run_id.in_(list(runs)),
                ThemeMembership.theme_id.in_(list(themes)),
                or_(ThemeMembership.is_representative.is_(True), ThemeMembership.is_pinned.is_(True)),
                Proposal.state.in_(PUBLIC_STATES),
            )
            .order_by(ThemeMembership.theme_id, ThemeMembership.score.desc(), ThemeMembership.proposal_id)
        )
        for theme_id, proposal_id in reps:
            representatives.setdefault(theme_id, []).append(proposal_id)
    items = [
        ThemeRow(themes[tid], runs[run_id], size, representatives.get(tid, [])) for tid, run_id, size in rows
    ]
    return items, total


def list_memberships(filters: Filters, offset: int, limit: int) -> tuple[list[tuple], int]:
    """``(membership, run)`` pairs of published syntheses' runs, published proposals only."""
    runs = published_runs(filters)
    if not runs:
        return [], 0
    conditions = [ThemeMembership.run_id.in_(list(runs)), Proposal.state.in_(PUBLIC_STATES)]
    if filters.theme_id is not None:
        conditions.append(ThemeMembership.theme_id == filters.theme_id)
    if filters.driver_number is not None:
        conditions.append(
            Proposal.driver_id.in_(select(Driver.id).where(Driver.number == filters.driver_number))
        )
    if filters.zone_slug is not None:
        conditions.append(Proposal.zone_id.in_(select(Zone.id).where(Zone.slug == filters.zone_slug)))
    base = (
        select(ThemeMembership).join(Proposal, Proposal.id == ThemeMembership.proposal_id).where(*conditions)
    )
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    memberships = db.session.scalars(base.order_by(ThemeMembership.id).offset(offset).limit(limit))
    return [(m, runs[m.run_id]) for m in memberships], total
