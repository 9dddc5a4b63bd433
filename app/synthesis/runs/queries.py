"""Every read of the synthesis workspace: runs, themes, memberships, curation acts."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.consultations.models import Consultation
from app.errors import NotFound
from app.extensions import db
from app.proposals.models import TEXT_FIELDS, Proposal
from app.reference.models import Driver
from app.synthesis.models import ALL_DRIVERS, CurationAct, Theme, ThemeMembership, ThemeRun
from app.synthesis.scope import Scope

ACTIVE_RUN_STATES = ("queued", "running")


def get_run_or_404(run_id: int) -> ThemeRun:
    run = db.session.get(ThemeRun, run_id)
    if run is None:
        raise NotFound()
    return run


def get_theme_or_404(theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None:
        raise NotFound()
    return theme


def get_consultation_or_404(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise NotFound()
    return consultation


def get_driver_by_number(number: int) -> Driver | None:
    return db.session.scalar(select(Driver).where(Driver.number == number))


def list_consultations_for_workspace(zone_ids: set[int] | None = None) -> list[Consultation]:
    """Every consultation, newest first (analysts read closed ones too); with ``zone_ids``,
    only the consultations scoped to those zones (a zone coordinator's workspace)."""
    query = select(Consultation).order_by(Consultation.information_starts_at.desc())
    if zone_ids is not None:
        query = query.where(Consultation.scope == "zone", Consultation.zone_id.in_(zone_ids))
    return list(db.session.scalars(query))


def consultation_for(slug: str | None = None, run_id: int | None = None, theme_id: int | None = None, **_):
    """The consultation a workspace address is about (by slug, run or theme), ``None`` for
    the workspace's list, so one check covers every page.

    :raises NotFound: if the slug, run or theme does not exist.
    """
    if slug is not None:
        consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
        if consultation is None:
            raise NotFound()
        return consultation
    if run_id is not None:
        return get_run_or_404(run_id).consultation
    if theme_id is not None:
        return db.session.get(Consultation, get_theme_or_404(theme_id).consultation_id)
    return None


def list_all_consultation_ids() -> list[int]:
    return list(db.session.scalars(select(Consultation.id).order_by(Consultation.id)))


def list_runs(consultation: Consultation, limit: int = 20) -> list[ThemeRun]:
    """The consultation's runs, newest first (every scope)."""
    return list(
        db.session.scalars(
            select(ThemeRun)
            .options(joinedload(ThemeRun.started_by))
            .where(ThemeRun.consultation_id == consultation.id)
            .order_by(ThemeRun.created_at.desc(), ThemeRun.id.desc())
            .limit(limit)
        )
    )


def list_active_runs(consultation_id: int, scope: str) -> list[ThemeRun]:
    """Runs of the scope still queued or running."""
    return list(
        db.session.scalars(
            select(ThemeRun).where(
                ThemeRun.consultation_id == consultation_id,
                ThemeRun.scope == scope,
                ThemeRun.status.in_(ACTIVE_RUN_STATES),
            )
        )
    )


def get_current_run(consultation_id: int, scope: str = ALL_DRIVERS) -> ThemeRun | None:
    """The latest succeeded run of a consultation's scope: the one the workspace shows."""
    return db.session.scalar(
        select(ThemeRun)
        .where(
            ThemeRun.consultation_id == consultation_id,
            ThemeRun.scope == scope,
            ThemeRun.status == "succeeded",
        )
        .order_by(ThemeRun.finished_at.desc(), ThemeRun.id.desc())
        .limit(1)
    )


def list_scope_themes(consultation_id: int, scope: str, active_only: bool = False) -> list[Theme]:
    query = select(Theme).where(Theme.consultation_id == consultation_id, Theme.scope == scope)
    if active_only:
        query = query.where(Theme.is_active.is_(True))
    return list(db.session.scalars(query.order_by(Theme.nlp_id)))


def count_published_in_scope(consultation_id: int, scope: str) -> int:
    query = select(func.count(Proposal.id)).where(
        Proposal.consultation_id == consultation_id, Proposal.state == "published"
    )
    number = Scope.parse(scope).driver
    if number is not None:
        query = query.join(Driver, Driver.id == Proposal.driver_id).where(Driver.number == number)
    return db.session.scalar(query) or 0


TEXT_COLUMNS = (Proposal.id, *(getattr(Proposal, name) for name in TEXT_FIELDS))


def list_published_texts_for_scope(consultation_id: int, scope: str) -> list[tuple]:
    """What a run analyses: ``(id, title, summary, need, action, expected_results)`` of the
    scope's published proposals, oldest first (plain columns: 10,000 rows in a moment)."""
    query = select(*TEXT_COLUMNS).where(
        Proposal.consultation_id == consultation_id, Proposal.state == "published"
    )
    number = Scope.parse(scope).driver
    if number is not None:
        query = query.join(Driver, Driver.id == Proposal.driver_id).where(Driver.number == number)
    return [tuple(row) for row in db.session.execute(query.order_by(Proposal.id))]


@dataclass(frozen=True)
class ThemeSummary:
    theme: Theme
    size: int
    representatives: list[Proposal]
    # (Driver, count) of the Drivers its authors chose, most chosen first, and the Driver its
    # words suggest: the Driver is an annotation of a theme, never where it came from.
    driver_mix: list[tuple[str, int]] = field(default_factory=list)
    suggested_driver: str | None = None


def _driver_mix_by_theme(run: ThemeRun, shown: int = 3) -> dict[int, list[tuple[Driver, int]]]:
    rows = db.session.execute(
        select(ThemeMembership.theme_id, Driver, func.count(ThemeMembership.id))
        .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
        .join(Driver, Driver.id == Proposal.driver_id)
        .where(ThemeMembership.run_id == run.id)
        .group_by(ThemeMembership.theme_id, Driver.id)
    ).all()
    out: dict[int, list[tuple[Driver, int]]] = {}
    for theme_id, driver, count in rows:
        out.setdefault(theme_id, []).append((driver, count))
    return {t: sorted(v, key=lambda dc: (-dc[1], dc[0].number))[:shown] for t, v in out.items()}


def list_theme_summaries(run: ThemeRun, representatives: int = 3) -> list[ThemeSummary]:
    """The run's themes, largest first, with their representative proposals (pinned first) and
    their Drivers (chosen and suggested).

    Five queries whatever the number of themes.
    """
    sizes = dict(
        db.session.execute(
            select(ThemeMembership.theme_id, func.count(ThemeMembership.id))
            .where(ThemeMembership.run_id == run.id)
            .group_by(ThemeMembership.theme_id)
        ).all()
    )
    themes = list(db.session.scalars(select(Theme).where(Theme.id.in_(sizes))))
    reps = db.session.execute(
        select(ThemeMembership, Proposal)
        .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
        .where(
            ThemeMembership.run_id == run.id,
            (ThemeMembership.is_representative.is_(True)) | (ThemeMembership.is_pinned.is_(True)),
        )
        .order_by(ThemeMembership.is_pinned.desc(), ThemeMembership.score.desc(), Proposal.id)
    ).all()
    by_theme: dict[int, list[Proposal]] = {}
    for membership, proposal in reps:
        by_theme.setdefault(membership.theme_id, []).append(proposal)
    mix = _driver_mix_by_theme(run)
    by_number = {d.number: d for d in db.session.scalars(select(Driver))}
    summaries = [
        ThemeSummary(
            theme,
            sizes[theme.id],
            by_theme.get(theme.id, [])[:representatives],
            [(f"{d.code} · {d.name}", count) for d, count in mix.get(theme.id, [])],
            _driver_label(by_number.get(theme.suggested_driver)),
        )
        for theme in themes
    ]
    summaries.sort(key=lambda s: (-s.size, s.theme.nlp_id))
    return summaries


def _driver_label(driver: Driver | None) -> str | None:
    return f"{driver.code} · {driver.name}" if driver is not None else None


def list_members(run: ThemeRun, theme: Theme) -> list[tuple[ThemeMembership, Proposal]]:
    """Every member of a theme in a run, best score first (pinned ones on top)."""
    return list(
        db.session.execute(
            select(ThemeMembership, Proposal)
            .join(Proposal, Proposal.id == ThemeMembership.proposal_id)
            .where(ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id)
            .order_by(ThemeMembership.is_pinned.desc(), ThemeMembership.score.desc(), Proposal.id)
        )
        .unique()
        .all()
    )


def list_member_ids(run: ThemeRun, theme: Theme) -> list[int]:
    return list(
        db.session.scalars(
            select(ThemeMembership.proposal_id).where(
                ThemeMembership.run_id == run.id, ThemeMembership.theme_id == theme.id
            )
        )
    )


def get_membership(run: ThemeRun, proposal_id: int) -> ThemeMembership | None:
    return db.session.scalar(
        select(ThemeMembership).where(
            ThemeMembership.run_id == run.id, ThemeMembership.proposal_id == proposal_id
        )
    )


def list_memberships(run: ThemeRun) -> dict[int, ThemeMembership]:
    """The run's memberships by proposal id (for re-applying curation)."""
    rows = db.session.scalars(select(ThemeMembership).where(ThemeMembership.run_id == run.id))
    return {m.proposal_id: m for m in rows}


def list_curation_acts(consultation_id: int, scope: str) -> list[CurationAct]:
    """The scope's curation acts, oldest first (the order they are re-applied in)."""
    return list(
        db.session.scalars(
            select(CurationAct)
            .options(joinedload(CurationAct.actor))
            .where(CurationAct.consultation_id == consultation_id, CurationAct.scope == scope)
            .order_by(CurationAct.created_at, CurationAct.id)
        )
    )


def list_conflicts(consultation_id: int, scope: str) -> list[CurationAct]:
    """Curation acts the latest re-run could not apply, with their reason."""
    return [act for act in list_curation_acts(consultation_id, scope) if not act.is_applicable]


def list_pending_splits(consultation_id: int, scope: str) -> list[CurationAct]:
    return [
        act
        for act in list_curation_acts(consultation_id, scope)
        if act.kind == "split" and act.value.get("status") in ("queued", "running")
    ]


def max_nlp_id(consultation_id: int, scope: str) -> int:
    value = db.session.scalar(
        select(func.max(Theme.nlp_id)).where(Theme.consultation_id == consultation_id, Theme.scope == scope)
    )
    return -1 if value is None else value


def get_proposals(ids: list[int]) -> dict[int, Proposal]:
    if not ids:
        return {}
    return {p.id: p for p in db.session.scalars(select(Proposal).where(Proposal.id.in_(ids))).unique()}
