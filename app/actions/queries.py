"""Every read of the actions: the public list and page, a proposal's and a theme's actions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from app.actions.models import ActionLink, ActionUpdate, PlanAction
from app.consultations.models import Consultation
from app.errors import NotFound
from app.extensions import db
from app.pagination import Page
from app.proposals.models import Proposal, proposal_comuni
from app.reference.models import Comune, Driver, Zone
from app.synthesis.models import Synthesis, Theme, ThemeMembership

PER_PAGE = 20


@dataclass(frozen=True)
class ActionFilters:
    """The filters of the public list; ``None`` means "any"."""

    area: str | None = None
    driver_id: int | None = None
    zone_id: int | None = None
    status: str | None = None
    kind: str | None = None


def get_action_or_404(action_id: int, include_retired: bool = True) -> PlanAction:
    action = db.session.get(PlanAction, action_id)
    if action is None or (action.is_retired and not include_retired):
        raise NotFound()
    return action


def get_action_by_code(code: str) -> PlanAction | None:
    return db.session.scalar(select(PlanAction).where(PlanAction.code == code))


def list_all_actions() -> list[PlanAction]:
    """Every action, retired ones included (admin list, link forms), in the plan's order."""
    return list(db.session.scalars(select(PlanAction).order_by(PlanAction.kind.desc(), PlanAction.id)))


def list_open_actions() -> list[PlanAction]:
    """The actions one may still link to: not retired."""
    query = select(PlanAction).where(PlanAction.is_retired.is_(False))
    return list(db.session.scalars(query.order_by(PlanAction.kind.desc(), PlanAction.id)))


def list_policy_areas() -> list[str]:
    query = select(PlanAction.policy_area).where(PlanAction.is_retired.is_(False)).distinct()
    return sorted(area for area in db.session.scalars(query) if area)


def _current_members():
    """Memberships of a theme in the latest run that found it (a theme's current proposals)."""
    return select(ThemeMembership.theme_id, ThemeMembership.proposal_id).join(
        Theme, and_(Theme.id == ThemeMembership.theme_id, ThemeMembership.run_id == Theme.last_run_id)
    )


def _linked_proposals():
    """(action id, proposal id) for every proposal linked directly or through a theme."""
    direct = select(ActionLink.action_id, ActionLink.proposal_id).where(ActionLink.proposal_id.is_not(None))
    members = _current_members().subquery()
    through_themes = select(ActionLink.action_id, members.c.proposal_id).join(
        members, members.c.theme_id == ActionLink.theme_id
    )
    return direct.union(through_themes).subquery()


def _filtered(filters: ActionFilters):
    query = select(PlanAction).where(PlanAction.is_retired.is_(False))
    if filters.area:
        query = query.where(PlanAction.policy_area == filters.area)
    if filters.status:
        query = query.where(PlanAction.status == filters.status)
    if filters.kind:
        query = query.where(PlanAction.kind == filters.kind)
    if filters.driver_id is not None or filters.zone_id is not None:
        # An action belongs to a Driver or a zone through the published proposals that flowed
        # into it: the plan's own actions cut across Drivers and zones.
        linked = _linked_proposals()
        matching = select(linked.c.action_id).join(Proposal, Proposal.id == linked.c.proposal_id)
        matching = matching.where(Proposal.state == "published")
        if filters.driver_id is not None:
            matching = matching.where(Proposal.driver_id == filters.driver_id)
        if filters.zone_id is not None:
            in_comune_of_zone = (
                select(proposal_comuni.c.proposal_id)
                .join(Comune, Comune.id == proposal_comuni.c.comune_id)
                .where(Comune.zone_id == filters.zone_id)
            )
            matching = matching.where(
                or_(Proposal.zone_id == filters.zone_id, Proposal.id.in_(in_comune_of_zone))
            )
        # Run once (the page and its count both need it): a few hundred ids at most.
        query = query.where(PlanAction.id.in_(list(db.session.scalars(matching.distinct()))))
    return query


def list_actions(filters: ActionFilters, page: int = 1, per_page: int = PER_PAGE) -> Page[PlanAction]:
    """One page of the public list of actions matching ``filters``, in the plan's order."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(PlanAction.kind.desc(), PlanAction.id).limit(per_page).offset((page - 1) * per_page)
    )
    return Page(list(rows), page, per_page, total)


def count_links(action_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """How many published proposals (directly or through a theme) and themes each action has."""
    ids = list(action_ids)
    result = {action_id: {"proposals": 0, "themes": 0} for action_id in ids}
    if not ids:
        return result
    linked = _linked_proposals()
    proposals = db.session.execute(
        select(linked.c.action_id, func.count(func.distinct(linked.c.proposal_id)))
        .join(Proposal, Proposal.id == linked.c.proposal_id)
        .where(linked.c.action_id.in_(ids), Proposal.state == "published")
        .group_by(linked.c.action_id)
    )
    for action_id, count in proposals:
        result[action_id]["proposals"] = count
    themes = db.session.execute(
        select(ActionLink.action_id, func.count())
        .where(ActionLink.action_id.in_(ids), ActionLink.theme_id.is_not(None))
        .group_by(ActionLink.action_id)
    )
    for action_id, count in themes:
        result[action_id]["themes"] = count
    return result


def list_proposal_links(action: PlanAction, published_only: bool = True) -> list[ActionLink]:
    """Every proposal linked to ``action`` one by one, with its note (the analysts' page)."""
    query = (
        select(ActionLink)
        .join(Proposal, Proposal.id == ActionLink.proposal_id)
        .options(joinedload(ActionLink.proposal))
        .where(ActionLink.action_id == action.id)
        .order_by(ActionLink.created_at, ActionLink.id)
    )
    if published_only:
        query = query.where(Proposal.state == "published")
    return list(db.session.scalars(query))


def page_proposal_links(action: PlanAction, page: int, per_page: int = PER_PAGE) -> Page[ActionLink]:
    """A page of the published proposals linked to ``action`` (the public page: an action of
    the plan may gather thousands), most supported first."""
    condition = and_(ActionLink.action_id == action.id, Proposal.state == "published")
    joined = select(ActionLink).join(Proposal, Proposal.id == ActionLink.proposal_id).where(condition)
    total = db.session.scalar(select(func.count()).select_from(joined.subquery())) or 0
    rows = db.session.scalars(
        joined.options(joinedload(ActionLink.proposal))
        .order_by(Proposal.supports_count.desc(), ActionLink.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(list(rows), page, per_page, total)


@dataclass(frozen=True)
class ThemeLinkRow:
    link: ActionLink
    theme: Theme
    consultation: Consultation


def list_theme_links(action: PlanAction) -> list[ThemeLinkRow]:
    """The themes linked to ``action``, with their notes and their consultation."""
    query = (
        select(ActionLink, Theme, Consultation)
        .join(Theme, Theme.id == ActionLink.theme_id)
        .join(Consultation, Consultation.id == Theme.consultation_id)
        .where(ActionLink.action_id == action.id)
        .order_by(ActionLink.created_at, ActionLink.id)
    )
    return [ThemeLinkRow(*row) for row in db.session.execute(query)]


def count_theme_members(theme_ids: Iterable[int]) -> dict[int, int]:
    """How many published proposals each theme holds in the run that last found it."""
    ids = list(theme_ids)
    if not ids:
        return {}
    members = _current_members().subquery()
    rows = db.session.execute(
        select(members.c.theme_id, func.count())
        .join(Proposal, Proposal.id == members.c.proposal_id)
        .where(members.c.theme_id.in_(ids), Proposal.state == "published")
        .group_by(members.c.theme_id)
    )
    return dict(rows.all())


def list_updates(action: PlanAction) -> list[ActionUpdate]:
    """The action's timeline, newest first."""
    query = (
        select(ActionUpdate)
        .where(ActionUpdate.action_id == action.id)
        .order_by(ActionUpdate.happened_on.desc(), ActionUpdate.id.desc())
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class ProposalAction:
    action: PlanAction
    # The theme through which the proposal flowed into the action, or None for a direct link.
    theme: Theme | None


def actions_for_proposal(proposal_id: int) -> list[ProposalAction]:
    """The actions a proposal flowed into: linked directly, or through a theme it belongs to."""
    direct = db.session.scalars(
        select(PlanAction)
        .join(ActionLink, ActionLink.action_id == PlanAction.id)
        .where(ActionLink.proposal_id == proposal_id, PlanAction.is_retired.is_(False))
    ).all()
    members = _current_members().where(ThemeMembership.proposal_id == proposal_id).subquery()
    via_themes = db.session.execute(
        select(PlanAction, Theme)
        .join(ActionLink, ActionLink.action_id == PlanAction.id)
        .join(members, members.c.theme_id == ActionLink.theme_id)
        .join(Theme, Theme.id == ActionLink.theme_id)
        .where(PlanAction.is_retired.is_(False))
    ).all()
    seen = {action.id for action in direct}
    result = [ProposalAction(action, None) for action in direct]
    for action, theme in via_themes:
        if action.id not in seen:
            seen.add(action.id)
            result.append(ProposalAction(action, theme))
    return sorted(result, key=lambda item: item.action.id)


def list_links_of_theme(theme_id: int) -> list[ActionLink]:
    query = (
        select(ActionLink)
        .options(joinedload(ActionLink.action))
        .where(ActionLink.theme_id == theme_id)
        .order_by(ActionLink.created_at, ActionLink.id)
    )
    return list(db.session.scalars(query))


def get_link(action_id: int, *, proposal_id: int | None = None, theme_id: int | None = None):
    query = select(ActionLink).where(ActionLink.action_id == action_id)
    if proposal_id is not None:
        query = query.where(ActionLink.proposal_id == proposal_id)
    else:
        query = query.where(ActionLink.theme_id == theme_id)
    return db.session.scalar(query)


def get_link_or_404(action: PlanAction, link_id: int) -> ActionLink:
    link = db.session.get(ActionLink, link_id)
    if link is None or link.action_id != action.id:
        raise NotFound()
    return link


def affected_proposals(action: PlanAction) -> list[Proposal]:
    """The published proposals whose people hear about the action: linked directly or
    through a theme."""
    linked = _linked_proposals()
    query = (
        select(Proposal)
        .join(linked, linked.c.proposal_id == Proposal.id)
        .where(linked.c.action_id == action.id, Proposal.state == "published")
        .order_by(Proposal.id)
    )
    return list(db.session.scalars(query).unique())


def _reached_by_links(condition):
    """Proposal ids the links matching ``condition`` reach: directly or as a theme's members."""
    direct = select(ActionLink.proposal_id.label("proposal_id")).where(
        condition, ActionLink.proposal_id.is_not(None)
    )
    members = _current_members().subquery()
    through_themes = select(members.c.proposal_id).join(ActionLink, ActionLink.theme_id == members.c.theme_id)
    return direct.union(through_themes.where(condition)).subquery()


def newly_linked_proposals(link: ActionLink) -> list[Proposal]:
    """The published proposals ``link`` brought to its action for the first time: not already
    reached by an earlier link of the same action (the proposal itself, or a theme holding it)."""
    reached = _reached_by_links(ActionLink.id == link.id)
    earlier = _reached_by_links(and_(ActionLink.action_id == link.action_id, ActionLink.id < link.id))
    query = (
        select(Proposal)
        .where(
            Proposal.id.in_(select(reached.c.proposal_id)),
            Proposal.id.not_in(select(earlier.c.proposal_id)),
            Proposal.state == "published",
        )
        .order_by(Proposal.id)
    )
    return list(db.session.scalars(query).unique())


def lock_action(action: PlanAction) -> None:
    """Hold the action's row until the commit (PostgreSQL), so two analysts reporting at once
    each see the other's step when computing the present status."""
    db.session.execute(select(PlanAction.id).where(PlanAction.id == action.id).with_for_update())
    db.session.refresh(action)


def get_proposal(proposal_id: int | None) -> Proposal | None:
    return db.session.get(Proposal, proposal_id) if proposal_id else None


def get_theme(theme_id: int | None) -> Theme | None:
    return db.session.get(Theme, theme_id) if theme_id else None


def published_theme_ids(theme_ids: Iterable[int]) -> set[int]:
    """The themes whose synthesis is published: the public may follow a link to their page."""
    ids = list(theme_ids)
    if not ids:
        return set()
    query = (
        select(Theme.id)
        .join(
            Synthesis,
            and_(Synthesis.consultation_id == Theme.consultation_id, Synthesis.scope == Theme.scope),
        )
        .where(Theme.id.in_(ids), Synthesis.status == "published")
    )
    return set(db.session.scalars(query))


def list_actions_with_links(
    driver_number: int | None, zone_slug: str | None, offset: int, limit: int
) -> tuple[list[PlanAction], int, dict[int, dict[str, list[int]]], dict[int, list[ActionUpdate]]]:
    """A page of the open data: actions (not retired) with their linked published proposals,
    their themes and their timelines, in a fixed number of queries."""
    driver_id = zone_id = None
    if driver_number is not None:
        driver_id = db.session.scalar(select(Driver.id).where(Driver.number == driver_number))
    if zone_slug is not None:
        zone_id = db.session.scalar(select(Zone.id).where(Zone.slug == zone_slug))
    query = _filtered(ActionFilters(driver_id=driver_id, zone_id=zone_id))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    actions = list(
        db.session.scalars(query.order_by(PlanAction.kind.desc(), PlanAction.id).offset(offset).limit(limit))
    )
    ids = [a.id for a in actions]
    links: dict[int, dict[str, list[int]]] = {i: {"proposals": [], "themes": []} for i in ids}
    timelines: dict[int, list[ActionUpdate]] = {i: [] for i in ids}
    if ids:
        rows = db.session.execute(
            select(ActionLink.action_id, ActionLink.proposal_id, ActionLink.theme_id)
            .outerjoin(Proposal, Proposal.id == ActionLink.proposal_id)
            .where(
                ActionLink.action_id.in_(ids),
                or_(ActionLink.theme_id.is_not(None), Proposal.state == "published"),
            )
            .order_by(ActionLink.id)
        )
        for action_id, proposal_id, theme_id in rows:
            if proposal_id is not None:
                links[action_id]["proposals"].append(proposal_id)
            else:
                links[action_id]["themes"].append(theme_id)
        updates = db.session.scalars(
            select(ActionUpdate)
            .where(ActionUpdate.action_id.in_(ids))
            .order_by(ActionUpdate.happened_on, ActionUpdate.id)
        )
        for update in updates:
            timelines[update.action_id].append(update)
    return actions, total, links, timelines
