"""Demo proposals: texts from the generator, authors, territory, and a history that ends in
the proposal's state (with the moderator's acts in the audit log)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert

from app.accounts.models import User
from app.consultations.models import Consultation
from app.demo import content
from app.demo.context import Demo
from app.demo.generator import Author, Territory, proposal_text
from app.extensions import db
from app.proposals.models import Proposal, ProposalStateChange

# Audit actions as the proposal and moderation services write them.
MODERATOR_ACTIONS = {
    "published": "proposal.publish",
    "changes_requested": "proposal.request_changes",
    "rejected": "proposal.reject",
    "hidden": "proposal.hide",
}


@dataclass
class Step:
    to_state: str
    by_moderator: bool
    reason: str = ""
    action: str | None = None


@dataclass
class Planned:
    proposal: Proposal
    subtheme: str
    # (from_state, to_state, actor, reason, action, when)
    history: list[tuple] = field(default_factory=list)
    # When it stopped being public (hidden or withdrawn), if it ever was.
    public_until: datetime | None = None
    # The proposal this one duplicates (its id is known only after the flush).
    original: Proposal | None = None


def create_proposals(demo: Demo) -> list[Planned]:
    planned: list[Planned] = []
    used_titles: set[str] = set()
    for spec in content.CONSULTATIONS:
        consultation = demo.consultations[spec["key"]]
        for index in range(spec["proposals"]):
            planned.append(_plan_one(demo, consultation, spec, index, planned, used_titles))
    db.session.flush()
    history_rows: list[dict] = []
    for item in planned:
        history_rows += _write_history(demo, item)
    db.session.execute(insert(ProposalStateChange.__table__), history_rows)
    db.session.flush()
    demo.planned = planned
    demo.counts["proposals"] = len(planned)
    demo.counts["state_changes"] = sum(len(item.history) for item in planned)
    return planned


def _drivers_for(demo: Demo, spec: dict) -> list[int]:
    return list(spec["drivers"] or sorted(demo.drivers))


def _plan_one(
    demo: Demo, consultation: Consultation, spec: dict, index: int, planned, used_titles
) -> Planned:
    rng = demo.rng
    numbers = _drivers_for(demo, spec)
    # Every Driver of the consultation in turn, so all of them are covered evenly.
    number = numbers[index % len(numbers)]
    vocabulary = content.DRIVERS[number]
    subtheme = vocabulary["subthemes"][(index // len(numbers)) % len(vocabulary["subthemes"])]
    user, author, organisation, comune = _author(demo, consultation, index)
    territory, zone, comuni = _territory(demo, consultation, author, organisation, comune)
    text = proposal_text(rng, number, subtheme, territory, author, used_titles)
    if territory.scope == "comuni":  # a zone's or the whole area's scope already holds them
        zone, comuni = _scope_following_text(demo, zone, comuni, text.also_named)

    state = _weighted(rng, content.STATE_WEIGHTS[spec["key"]])
    original = None
    if state == "duplicate":
        candidates = [
            p
            for p in planned
            if p.proposal.consultation_id == consultation.id
            and p.proposal.state == "published"
            and p.proposal.driver_id == demo.drivers[number].id
        ]
        original = rng.choice(candidates).proposal if candidates else None
        state = "hidden"
    driver = demo.drivers[number]
    missions = list(driver.missions)
    proposal = Proposal(
        consultation_id=consultation.id,
        author_id=user.id,
        organisation_id=organisation.id if organisation else None,
        on_behalf_comune_id=comune.id if (comune and author.kind == "comune") else None,
        actor_type_id=_actor_type_id(demo, author, organisation),
        title=text.title,
        summary=text.summary,
        need=text.need,
        action=text.action,
        expected_results=text.expected_results,
        actors_involved=text.actors_involved,
        driver_id=driver.id,
        scope=territory.scope,
        zone_id=zone.id if zone else None,
        state=state,
        supports_count=0,
        comments_count=0,
    )
    proposal.missions = missions
    proposal.keywords = [demo.keywords[slug] for slug in text.keywords[: rng.choice((1, 2))]]
    proposal.comuni = comuni
    db.session.add(proposal)
    item = Planned(proposal=proposal, subtheme=text.subtheme)
    _plan_history(demo, consultation, item, user, state, original)
    return item


def _weighted(rng, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _actor_type_id(demo: Demo, author: Author, organisation) -> int:
    if organisation is not None:
        return organisation.actor_type_id
    return demo.actor_types["comune" if author.kind == "comune" else "cittadino"].id


def _author(demo: Demo, consultation: Consultation, index: int):
    """(user, writing register, organisation, comune): every entity first, then a mix."""
    zone_id = consultation.zone_id
    orgs = [(u, o) for u, o in demo.organisation_reps if zone_id is None or o.zone_id in (None, zone_id)]
    comuni = [(u, c) for u, c in demo.comune_reps if zone_id is None or c.zone_id == zone_id]
    entities = [("organisation", pair) for pair in orgs] + [("comune", pair) for pair in comuni]
    rng = demo.rng
    if index < len(entities):
        kind, pair = entities[index]
    else:
        kind = rng.choices(("citizen", "organisation", "comune"), weights=(60, 26, 14))[0]
        pool = {"organisation": orgs, "comune": comuni}.get(kind)
        if not pool:
            kind = "citizen"
        pair = rng.choice(pool) if kind != "citizen" else (rng.choice(demo.citizens), None)
    user, entity = pair
    if kind == "organisation":
        return user, Author("organisation", entity.name), entity, None
    if kind == "comune":
        return user, Author("comune", f"Comune di {entity.name}"), None, entity
    return user, Author("citizen"), None, None


def _territory(demo: Demo, consultation: Consultation, author: Author, organisation, comune):
    """(Territory for the texts, zone row, comuni rows)."""
    rng = demo.rng
    zones = list(demo.zones.values())
    if comune is not None:
        zone = comune.zone
        scope = "comuni"
    elif consultation.zone_id is not None:
        zone = consultation.zone
        scope = rng.choice(("zone", "comuni", "comuni"))
    else:
        zone_id = organisation.zone_id if organisation is not None else None
        zone = next((z for z in zones if z.id == zone_id), None) or rng.choice(
            [*zones, demo.zones["milano"], demo.zones["milano"]]
        )
        scope = rng.choices(("metropolitan", "zone", "comuni"), weights=(20, 25, 55))[0]
    members = sorted(demo.comuni_by_zone.get(zone.id, []), key=lambda c: c.name)
    # Milano may be named where the scope can follow: never in a zone's consultation.
    whole_area = consultation.zone_id is None
    if scope == "metropolitan":
        return Territory("metropolitan", may_name_milano=True), None, []
    if scope == "zone" or not members:
        return Territory("zone", zone.name, may_name_milano=zone.name == "Milano"), zone, []
    main = comune or rng.choice(members)
    chosen = [main]
    if len(members) > 2 and rng.random() < 0.3:
        chosen.append(rng.choice([c for c in members if c.id != main.id]))
    neighbours = [c.name for c in rng.sample(members, min(3, len(members))) if c.id != main.id]
    territory = Territory(
        "comuni", zone.name, [c.name for c in chosen], neighbours, may_name_milano=whole_area
    )
    return territory, zone, chosen


def _scope_following_text(demo: Demo, zone, comuni: list, also_named: list[str]):
    """(zone row, comuni rows) once the comuni the text names besides its own (a neighbour for
    "between A and B", Milano for "the night bus to Milano") are in the proposal's scope.
    Comuni of several zones: no single zone (as the proposal form records them)."""
    added = [demo.comuni[name] for name in also_named if name not in {c.name for c in comuni}]
    if not added:
        return zone, comuni
    comuni = [*comuni, *added]
    return (zone if {c.zone_id for c in comuni} == {zone.id} else None), comuni


def _steps(rng, state: str, original: Proposal | None) -> list[Step]:
    """The transitions from creation (as a draft) to ``state``."""
    if state == "draft":
        return []
    steps = [Step("submitted", False)]
    if state == "submitted":
        return steps
    if state in ("changes_requested", "rejected"):
        reasons = (
            content.CHANGES_REQUESTED_REASONS if state == "changes_requested" else content.REJECT_REASONS
        )
        return [*steps, Step(state, True, rng.choice(reasons))]
    if original is not None:
        return [*steps, Step("hidden", True, content.DUPLICATE_REASON, "proposal.mark_duplicate")]
    if rng.random() < 0.2:
        steps += [
            Step("changes_requested", True, rng.choice(content.CHANGES_REQUESTED_REASONS)),
            Step("submitted", False),
        ]
    steps.append(Step("published", True))
    if state == "withdrawn":
        steps.append(Step("withdrawn", False, rng.choice(content.WITHDRAW_REASONS)))
    elif state == "hidden":
        steps.append(Step("hidden", True, rng.choice(content.HIDE_REASONS)))
    return steps


def _plan_history(demo: Demo, consultation: Consultation, item: Planned, author: User, state, original):
    rng = demo.rng
    start = consultation.collection_starts_at
    end = min(consultation.discussion_starts_at, demo.now)
    steps = _steps(rng, state, original)
    span = (end - start).total_seconds()
    when = start + timedelta(seconds=rng.uniform(0.02, 0.75) * span)
    limit = demo.now - timedelta(minutes=5 * (len(steps) + 1))
    when = min(when, limit)
    history = [(None, "draft", author, "", "proposal.create", when)]
    for position, step in enumerate(steps, start=1):
        when = when + timedelta(hours=rng.uniform(0.5, 30))
        when = min(when, demo.now - timedelta(minutes=5 * (len(steps) + 1 - position)))
        actor = demo.moderator if step.by_moderator else author
        action = step.action or (MODERATOR_ACTIONS.get(step.to_state) if step.by_moderator else None)
        history.append(
            (history[-1][1], step.to_state, actor, step.reason, action or f"proposal.{step.to_state}", when)
        )
    item.history = history
    item.original = original
    _apply_times(item)


def _apply_times(item: Planned) -> None:
    """Dates and last reason on the proposal row, from its planned history (before the insert)."""
    proposal = item.proposal
    for from_state, to_state, _actor, _reason, _action, when in item.history:
        if to_state == "submitted":
            proposal.submitted_at = when
        if to_state == "published" and proposal.published_at is None:
            proposal.published_at = when
        elif from_state == "published":
            item.public_until = when
    proposal.created_at = item.history[0][5]
    proposal.updated_at = item.history[-1][5]
    last_reason = item.history[-1][3]
    proposal.state_reason = (
        last_reason if proposal.state in ("rejected", "changes_requested", "hidden") else ""
    )


def _write_history(demo: Demo, item: Planned) -> list[dict]:
    """The history rows of one proposal (inserted in bulk), its audit entries and counters."""
    proposal = item.proposal
    consultation = demo.consultations_by_id()[proposal.consultation_id]
    if item.original is not None:
        # Only now is the original's id known: it goes in the reason the author reads.
        proposal.duplicate_of_id = item.original.id
        item.history = [
            (f, t, actor, reason.format(id=item.original.id), action, when)
            for f, t, actor, reason, action, when in item.history
        ]
        proposal.state_reason = item.history[-1][3]
    rows = []
    for from_state, to_state, actor, reason, action, when in item.history:
        rows.append(
            {
                "proposal_id": proposal.id,
                "from_state": from_state,
                "to_state": to_state,
                "actor_id": actor.id,
                "reason": reason,
                "created_at": when,
            }
        )
        details = (
            {} if from_state is None else {"from_state": from_state, "to_state": to_state, "reason": reason}
        )
        demo.audit(actor, action, proposal, **details, when=when)
        if to_state == "published":
            consultation.published_count += 1
        elif from_state == "published":
            consultation.published_count -= 1
    return rows
