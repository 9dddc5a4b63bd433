"""What each open-data resource publishes: an explicit allow-list of fields.

Nothing is serialised by walking a model: every field is named here, so an e-mail
address, a password hash, a moderation note or a draft can never leak by accident.
Citizens' names are left out too (data minimisation): an entity is named when the
proposal was filed on its behalf; the proposal page shows the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.actions import api as actions_api
from app.api import queries
from app.consultations.models import Consultation
from app.meetings.models import Meeting
from app.meetings.queries import seat_counts
from app.notifications.links import external_url
from app.proposals.models import Proposal

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
ATTRIBUTION = "Città metropolitana di Milano — Forum metropolitano"


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _ref(consultation_id: int, slug: str | None = None) -> dict:
    return {"id": consultation_id, "slug": slug}


def consultation_record(consultation: Consultation, answered: int) -> dict:
    return {
        "id": consultation.id,
        "slug": consultation.slug,
        "title": consultation.title,
        "description": consultation.description,
        "scope": consultation.scope,
        "zone": consultation.zone.slug if consultation.zone else None,
        "state": consultation.state,
        "drivers": [d.number for d in consultation.drivers],
        "information_starts_at": _iso(consultation.information_starts_at),
        "collection_starts_at": _iso(consultation.collection_starts_at),
        "discussion_starts_at": _iso(consultation.discussion_starts_at),
        "synthesis_starts_at": _iso(consultation.synthesis_starts_at),
        "answers_starts_at": _iso(consultation.answers_starts_at),
        "closes_at": _iso(consultation.closes_at),
        "closed_early_at": _iso(consultation.closed_early_at),
        "published_proposals": consultation.published_count,
        "answered_proposals": answered,
        "url": external_url("consultations.detail", slug=consultation.slug),
    }


def _answer(proposal: Proposal) -> dict | None:
    if proposal.answer_kind is None:
        return None
    return {
        "kind": proposal.answer_kind,
        "text": proposal.answer_text,
        "answered_at": _iso(proposal.answered_at),
    }


def proposal_record(proposal: Proposal) -> dict:
    return {
        "id": proposal.id,
        "consultation": _ref(proposal.consultation_id, proposal.consultation.slug),
        "title": proposal.title,
        "summary": proposal.summary,
        "need": proposal.need,
        "action": proposal.action,
        "expected_results": proposal.expected_results,
        "actors_involved": proposal.actors_involved,
        "driver": proposal.driver.number if proposal.driver else None,
        "missions": [m.code for m in proposal.missions],
        "vision_keywords": [k.slug for k in proposal.keywords],
        "territorial_scope": proposal.scope,
        "zone": proposal.zone.slug if proposal.zone else None,
        "comuni": [c.istat_code for c in proposal.comuni],
        "proposer_type": proposal.actor_type.code,
        "organisation": (
            {"slug": proposal.organisation.slug, "name": proposal.organisation.name}
            if proposal.organisation
            else None
        ),
        "on_behalf_of_comune": proposal.on_behalf_comune.istat_code if proposal.on_behalf_comune else None,
        "state": proposal.state,
        "published_at": _iso(proposal.published_at),
        "supports_count": proposal.supports_count,
        "comments_count": proposal.comments_count,
        "answer": _answer(proposal),
        "url": external_url("proposals.detail", proposal_id=proposal.id),
    }


def answer_record(proposal: Proposal) -> dict:
    return {
        "proposal_id": proposal.id,
        "consultation": _ref(proposal.consultation_id, proposal.consultation.slug),
        "title": proposal.title,
        "driver": proposal.driver.number if proposal.driver else None,
        "zone": proposal.zone.slug if proposal.zone else None,
        "kind": proposal.answer_kind,
        "text": proposal.answer_text,
        "answered_at": _iso(proposal.answered_at),
        "url": external_url("proposals.detail", proposal_id=proposal.id),
    }


def run_record(run) -> dict:
    return {
        "id": run.id,
        "scope": run.scope,
        "code_version": run.code_version,
        "requested_k": run.requested_k,
        "seed": run.seed,
        "params": run.params or {},
        "finished_at": _iso(run.finished_at),
    }


def theme_record(row: queries.ThemeRow) -> dict:
    theme = row.theme
    return {
        "id": theme.id,
        "consultation": _ref(theme.consultation_id, row.run.consultation.slug),
        "scope": theme.scope,
        # "Theme N" and no keywords while the label waits for an analyst's review.
        "label": theme.public_label,
        "keywords": theme.public_keywords,
        "note": theme.note,
        "size": row.size,
        "representative_proposals": row.representative_ids,
        "run": run_record(row.run),
    }


def membership_record(pair: tuple) -> dict:
    membership, run = pair
    return {
        "run_id": membership.run_id,
        "code_version": run.code_version,
        "theme_id": membership.theme_id,
        "proposal_id": membership.proposal_id,
        "score": round(float(membership.score), 6),
        "is_representative": bool(membership.is_representative or membership.is_pinned),
    }


def meeting_record(meeting: Meeting, seats: dict) -> dict:
    """A meeting, without who registered (only how many seats are taken)."""
    return {
        "id": meeting.id,
        "kind": meeting.kind,
        "title": meeting.title,
        "agenda": meeting.agenda,
        "starts_at": _iso(meeting.starts_at),
        "ends_at": _iso(meeting.ends_at),
        "timezone": "Europe/Rome",
        "location": meeting.location,
        "online_url": meeting.online_url or None,
        "zone": meeting.zone.slug if meeting.zone else None,
        "consultation": _ref(meeting.consultation.id, meeting.consultation.slug)
        if meeting.consultation
        else None,
        "cancelled": meeting.is_cancelled,
        "seats": {"capacity": meeting.capacity, "taken": seats["confirmed"]},
        "minutes_published_at": _iso(meeting.minutes_published_at),
        "discussed_proposals": [p.id for p in meeting.discussed_proposals if p.state == "published"]
        if meeting.has_minutes
        else [],
        "url": external_url("meetings.detail", meeting_id=meeting.id),
        "ics_url": external_url("meetings.ics", meeting_id=meeting.id),
    }


def _meeting_page(filters, offset, limit):
    items, total = queries.list_meetings(filters, offset, limit)
    seats = seat_counts(m.id for m in items)
    return [(m, seats[m.id]) for m in items], total


@dataclass(frozen=True)
class Resource:
    """One collection of the API: how to list it, what a record is, its CSV columns."""

    name: str
    list: Callable
    record: Callable
    columns: tuple[str, ...]
    filters: tuple[str, ...]


def _consultation_page(filters, offset, limit):
    items, total = queries.list_consultations(filters, offset, limit)
    answered = queries.answered_counts([c.id for c in items])
    return [(c, answered.get(c.id, 0)) for c in items], total


RESOURCES = {
    "consultations": Resource(
        "consultations",
        _consultation_page,
        lambda pair: consultation_record(*pair),
        (
            "id",
            "slug",
            "title",
            "description",
            "scope",
            "zone",
            "state",
            "drivers",
            "information_starts_at",
            "collection_starts_at",
            "discussion_starts_at",
            "synthesis_starts_at",
            "answers_starts_at",
            "closes_at",
            "closed_early_at",
            "published_proposals",
            "answered_proposals",
            "url",
        ),
        ("consultation", "driver", "zone", "state"),
    ),
    "proposals": Resource(
        "proposals",
        queries.list_proposals,
        proposal_record,
        (
            "id",
            "consultation.id",
            "consultation.slug",
            "title",
            "summary",
            "need",
            "action",
            "expected_results",
            "actors_involved",
            "driver",
            "missions",
            "vision_keywords",
            "territorial_scope",
            "zone",
            "comuni",
            "proposer_type",
            "organisation.slug",
            "organisation.name",
            "on_behalf_of_comune",
            "state",
            "published_at",
            "supports_count",
            "comments_count",
            "answer.kind",
            "answer.text",
            "answer.answered_at",
            "url",
        ),
        ("consultation", "driver", "zone", "state"),
    ),
    "themes": Resource(
        "themes",
        queries.list_themes,
        theme_record,
        (
            "id",
            "consultation.id",
            "consultation.slug",
            "scope",
            "label",
            "keywords",
            "note",
            "size",
            "representative_proposals",
            "run.id",
            "run.code_version",
            "run.requested_k",
            "run.seed",
            "run.params",
            "run.finished_at",
        ),
        ("consultation", "driver", "theme"),
    ),
    "memberships": Resource(
        "memberships",
        queries.list_memberships,
        membership_record,
        ("run_id", "code_version", "theme_id", "proposal_id", "score", "is_representative"),
        ("consultation", "driver", "zone", "theme"),
    ),
    "answers": Resource(
        "answers",
        queries.list_answers,
        answer_record,
        (
            "proposal_id",
            "consultation.id",
            "consultation.slug",
            "title",
            "driver",
            "zone",
            "kind",
            "text",
            "answered_at",
            "url",
        ),
        ("consultation", "driver", "zone", "kind"),
    ),
    # The plan's actions and what flowed into them (issue 17): app/actions/api.py.
    "actions": Resource(
        "actions",
        actions_api.list_actions,
        actions_api.action_record,
        actions_api.COLUMNS,
        actions_api.FILTERS,
    ),
    "meetings": Resource(
        "meetings",
        _meeting_page,
        lambda pair: meeting_record(*pair),
        (
            "id",
            "kind",
            "title",
            "agenda",
            "starts_at",
            "ends_at",
            "timezone",
            "location",
            "online_url",
            "zone",
            "consultation.id",
            "consultation.slug",
            "cancelled",
            "seats.capacity",
            "seats.taken",
            "minutes_published_at",
            "discussed_proposals",
            "url",
            "ics_url",
        ),
        ("consultation", "zone"),
    ),
}
