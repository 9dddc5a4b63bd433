"""Reads behind the cross-readings and the published synthesis.

Only **published** proposals are ever read here: a proposal hidden, withdrawn or rejected
after a run silently drops out of every count, list and link. Nothing is cached: each page
recomputes its numbers from these rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.errors import NotFound
from app.extensions import db
from app.identity.models import VerifiedIdentity
from app.pagination import Page
from app.proposals.models import PUBLIC_STATES, Proposal, Support, proposal_comuni
from app.reference.models import Comune
from app.synthesis.models import ALL_DRIVERS, Synthesis, Theme, ThemeChart, ThemeMembership
from app.synthesis.scope import Scope

_PUBLIC = Proposal.state.in_(PUBLIC_STATES)


@dataclass(frozen=True)
class MemberRow:
    """One published proposal in one theme of a run."""

    theme_id: int
    proposal_id: int
    title: str
    score: float
    is_representative: bool
    driver_id: int | None
    zone_id: int | None
    actor_type_id: int


def get_synthesis(consultation_id: int, scope: str = ALL_DRIVERS) -> Synthesis | None:
    return db.session.scalar(
        select(Synthesis).where(Synthesis.consultation_id == consultation_id, Synthesis.scope == scope)
    )


def list_published_syntheses(consultation_id: int) -> list[Synthesis]:
    """The consultation's published syntheses, the all-Drivers one first."""
    rows = db.session.scalars(
        select(Synthesis).where(Synthesis.consultation_id == consultation_id, Synthesis.status == "published")
    )
    return sorted(rows, key=lambda s: Scope.sort_key(s.scope))


@dataclass(frozen=True)
class PublishedSynthesis:
    """What a consultation's page says of one of its published syntheses."""

    scope: str
    published_at: datetime | None
    themes: int


def list_published_synthesis_summaries(consultation_id: int) -> list[PublishedSynthesis]:
    """Each published synthesis of the consultation (the all-Drivers one first) with the
    number of its themes that still hold a published proposal, as its page counts them."""
    summaries = []
    for synthesis in list_published_syntheses(consultation_id):
        themes = 0
        if synthesis.run_id is not None:
            themes = db.session.scalar(
                select(func.count(func.distinct(ThemeMembership.theme_id)))
                .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
                .where(ThemeMembership.run_id == synthesis.run_id, _PUBLIC)
            )
        summaries.append(PublishedSynthesis(synthesis.scope, synthesis.published_at, themes or 0))
    return summaries


def published_synthesis_scopes(consultation_ids: list[int]) -> dict[int, str]:
    """For each of these consultations that has a published synthesis, the scope to link
    to (the all-Drivers one when there is one): one query for a whole list of cards."""
    if not consultation_ids:
        return {}
    rows = db.session.execute(
        select(Synthesis.consultation_id, Synthesis.scope).where(
            Synthesis.consultation_id.in_(consultation_ids), Synthesis.status == "published"
        )
    )
    scopes: dict[int, str] = {}
    for consultation_id, scope in rows:
        if consultation_id not in scopes or scope == ALL_DRIVERS:
            scopes[consultation_id] = scope
    return scopes


def list_latest_published_syntheses(limit: int = 3) -> list[Synthesis]:
    """The most recently published syntheses, one per consultation, newest first."""
    rows = db.session.scalars(
        select(Synthesis)
        .options(joinedload(Synthesis.consultation))
        .where(Synthesis.status == "published")
        .order_by(Synthesis.published_at.desc(), Synthesis.id.desc())
    )
    latest: dict[int, Synthesis] = {}
    for synthesis in rows:
        if synthesis.consultation_id not in latest:
            latest[synthesis.consultation_id] = synthesis
        if len(latest) == limit:
            break
    return list(latest.values())


def list_member_rows(run_id: int) -> list[MemberRow]:
    """Every published proposal of the run with its theme and what the tables cross it with."""
    query = (
        select(
            ThemeMembership.theme_id,
            ThemeMembership.proposal_id,
            Proposal.title,
            ThemeMembership.score,
            ThemeMembership.is_representative,
            Proposal.driver_id,
            Proposal.zone_id,
            Proposal.actor_type_id,
        )
        .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
        .where(ThemeMembership.run_id == run_id, _PUBLIC)
        .order_by(ThemeMembership.theme_id, ThemeMembership.score.desc(), ThemeMembership.proposal_id)
    )
    return [MemberRow(*row) for row in db.session.execute(query)]


def list_run_themes(run_id: int) -> list[Theme]:
    """The themes that hold at least one published proposal in the run."""
    ids = (
        select(ThemeMembership.theme_id)
        .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
        .where(ThemeMembership.run_id == run_id, _PUBLIC)
    )
    return list(db.session.scalars(select(Theme).where(Theme.id.in_(ids)).order_by(Theme.id)))


def get_run_theme_or_404(run_id: int, theme_id: int) -> Theme:
    """A theme holding at least one published proposal in the run.

    :raises NotFound: otherwise.
    """
    members = db.session.scalar(
        select(func.count(ThemeMembership.id))
        .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
        .where(ThemeMembership.run_id == run_id, ThemeMembership.theme_id == theme_id, _PUBLIC)
    )
    theme = db.session.get(Theme, theme_id) if members else None
    if theme is None:
        raise NotFound()
    return theme


def comuni_zones_by_proposal(run_id: int | None = None, consultation_id: int | None = None) -> dict:
    """proposal id -> list of (comune id, zone id) for the published proposals of a run or a consultation."""
    query = (
        select(proposal_comuni.c.proposal_id, Comune.id, Comune.zone_id)
        .join(Comune, Comune.id == proposal_comuni.c.comune_id)
        .join(Proposal, Proposal.id == proposal_comuni.c.proposal_id)
        .where(_PUBLIC)
    )
    if run_id is not None:
        query = query.join(ThemeMembership, ThemeMembership.proposal_id == Proposal.id).where(
            ThemeMembership.run_id == run_id
        )
    if consultation_id is not None:
        query = query.where(Proposal.consultation_id == consultation_id)
    out: dict = defaultdict(list)
    for proposal_id, comune_id, zone_id in db.session.execute(query):
        out[proposal_id].append((comune_id, zone_id))
    return out


def supports_by_theme_and_actor_type(run_id: int) -> list[tuple[int, int, int]]:
    """(theme id, supporter's actor type id, supports) over the run's published proposals."""
    query = (
        select(ThemeMembership.theme_id, Support.actor_type_id, func.count(Support.id))
        .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
        .join(Support, Support.proposal_id == Proposal.id)
        .where(ThemeMembership.run_id == run_id, _PUBLIC)
        .group_by(ThemeMembership.theme_id, Support.actor_type_id)
    )
    return [(t, a, int(n)) for t, a, n in db.session.execute(query)]


def supports_by_theme(run_id: int) -> dict[int, tuple[int, int]]:
    """Theme id -> (supports, of which from verified identities) over the run's published
    proposals, in one grouped query (the outer join counts the verified supporters apart)."""
    query = (
        select(ThemeMembership.theme_id, func.count(Support.id), func.count(VerifiedIdentity.user_id))
        .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
        .join(Support, Support.proposal_id == Proposal.id)
        .outerjoin(VerifiedIdentity, VerifiedIdentity.user_id == Support.user_id)
        .where(ThemeMembership.run_id == run_id, _PUBLIC)
        .group_by(ThemeMembership.theme_id)
    )
    return {theme_id: (int(total), int(verified)) for theme_id, total, verified in db.session.execute(query)}


def list_contribution_rows(consultation_id: int) -> list[tuple]:
    """(id, driver id, zone id, actor type id, on-behalf comune id) of the published proposals."""
    query = select(
        Proposal.id,
        Proposal.driver_id,
        Proposal.zone_id,
        Proposal.actor_type_id,
        Proposal.on_behalf_comune_id,
    ).where(Proposal.consultation_id == consultation_id, _PUBLIC)
    return list(db.session.execute(query))


def list_duplicate_rows(consultation_id: int) -> list[tuple]:
    """(id, author id, title, summary, action) of the published proposals, for near-duplicates."""
    query = (
        select(Proposal.id, Proposal.author_id, Proposal.title, Proposal.summary, Proposal.action)
        .where(Proposal.consultation_id == consultation_id, _PUBLIC)
        .order_by(Proposal.id)
    )
    return list(db.session.execute(query))


def proposal_titles(ids: list[int]) -> dict[int, str]:
    """id -> title of the published proposals among ``ids``."""
    if not ids:
        return {}
    rows = db.session.execute(select(Proposal.id, Proposal.title).where(Proposal.id.in_(ids), _PUBLIC))
    return dict(rows.all())


def theme_members_page(run_id: int, theme_id: int, page: int, per_page: int) -> Page:
    """The theme's published proposals in the run, best score first, one page."""
    base = (
        select(Proposal, ThemeMembership.score)
        .join(ThemeMembership, ThemeMembership.proposal_id == Proposal.id)
        .where(ThemeMembership.run_id == run_id, ThemeMembership.theme_id == theme_id, _PUBLIC)
    )
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    rows = db.session.execute(
        base.order_by(ThemeMembership.score.desc(), Proposal.id).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return Page(items=[(p, score) for p, score in rows], number=page, per_page=per_page, total=total)


def prepared_charts(keys: list[str]) -> dict[str, str]:
    """The charts drawn in the background among ``keys``: ``{key: svg}`` (one query)."""
    if not keys:
        return {}
    query = select(ThemeChart.chart_key, ThemeChart.svg).where(ThemeChart.chart_key.in_(keys))
    rows = db.session.execute(query)
    return {key: svg for key, svg in rows}
