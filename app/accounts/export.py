"""The "download my data" file: what the platform holds about a person, as plain JSON."""

from __future__ import annotations

from flask_babel import gettext

from app.documents.owners import OWNER_KINDS
from app.notifications.links import external_url

EXPORT_FORMAT_VERSION = 4
# A meeting registration's state, in the words of the meeting page.
REGISTRATION_STATUSES = {"confirmed": "registered", "waiting": "waiting_list", "cancelled": "cancelled"}


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _entity(row) -> str | None:
    """The organisation or comune a row was written on behalf of, if any."""
    if getattr(row, "organisation", None) is not None:
        return row.organisation.name
    if getattr(row, "on_behalf_comune", None) is not None:
        return f"Comune di {row.on_behalf_comune.name}"
    return None


def user_data_export(user, collected: dict) -> dict:
    """Shape ``collected`` (from :func:`app.privacy.queries.collect_user_data`) as JSON-ready data."""
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "locale": user.locale,
            "created_at": _iso(user.created_at),
            "confirmed_at": _iso(user.confirmed_at),
            "last_login_at": _iso(user.last_login_at),
            # That an identity is linked and when: never the fiscal number nor its digest.
            "verified_identity": (
                {
                    "linked": True,
                    "linked_at": _iso(user.identity.linked_at),
                    "last_verified_at": _iso(user.identity.last_verified_at),
                }
                if user.identity is not None
                else {"linked": False}
            ),
            "roles": [
                {"role": a.role, "zone": a.zone.name if a.zone else None, "granted_at": _iso(a.granted_at)}
                for a in user.roles
            ],
        },
        "consents": [
            {"document": c.document, "version": c.version, "accepted_at": _iso(c.accepted_at)}
            for c in collected["consents"]
        ],
        "representations": [
            {
                "entity": r.entity_name,
                "kind": r.kind,
                "role_title": r.role_title,
                "message": r.message,
                "status": r.status,
                "requested_at": _iso(r.requested_at),
                "decided_at": _iso(r.decided_at),
                "decision_note": r.decision_note,
            }
            for r in collected["representations"]
        ],
        "proposals": [
            {
                "id": p.id,
                "title": p.title,
                "summary": p.summary,
                "need": p.need,
                "action": p.action,
                "expected_results": p.expected_results,
                "actors_involved": p.actors_involved,
                "on_behalf_of": _entity(p),
                "driver": p.driver.number if p.driver else None,
                "scope": p.scope,
                "zone": p.zone.name if p.zone else None,
                "comuni": [c.name for c in p.comuni],
                "missions": [m.code for m in p.missions],
                "keywords": [k.name for k in p.keywords],
                "state": p.state,
                "state_reason": p.state_reason,
                "consultation": p.consultation.title,
                "supports_count": p.supports_count,
                "comments_count": p.comments_count,
                "answer": {"kind": p.answer_kind, "text": p.answer_text} if p.answer_kind else None,
                "created_at": _iso(p.created_at),
                "submitted_at": _iso(p.submitted_at),
                "published_at": _iso(p.published_at),
                "history": [
                    {
                        "from_state": h.from_state,
                        "to_state": h.to_state,
                        "reason": h.reason,
                        "at": _iso(h.created_at),
                    }
                    for h in collected["history"].get(p.id, [])
                ],
            }
            for p in collected["proposals"]
        ],
        "supports": [
            {
                "proposal_id": support.proposal_id,
                "proposal_title": title,
                "on_behalf_of": _entity(support),
                "created_at": _iso(support.created_at),
            }
            for support, title in collected["supports"]
        ],
        "comments": [
            {
                "id": c.id,
                "proposal_id": c.proposal_id,
                "reply_to": c.parent_id,
                "on_behalf_of": _entity(c),
                "body": c.body,
                "state": c.state,
                "created_at": _iso(c.created_at),
            }
            for c in collected["comments"]
        ],
        "flags": [
            {
                "proposal_id": f.proposal_id,
                "comment_id": f.comment_id,
                "reason": f.reason,
                "details": f.details,
                "status": f.status,
                "created_at": _iso(f.created_at),
                "resolved_at": _iso(f.resolved_at),
            }
            for f in collected["flags"]
        ],
        "follows": [
            {"consultation": title, "slug": slug, "created_at": _iso(created_at)}
            for created_at, title, slug in collected["follows"]
        ],
        "followed_proposals": [
            {"proposal": proposal_id, "title": title, "created_at": _iso(created_at)}
            for created_at, proposal_id, title in collected.get("followed_proposals", [])
        ],
        "meeting_registrations": [
            {
                "meeting_id": meeting.id,
                "meeting": meeting.title,
                "starts_at": _iso(meeting.starts_at),
                "status": REGISTRATION_STATUSES.get(registration.status, registration.status),
                "registered_at": _iso(registration.queued_at),
                "updated_at": _iso(registration.updated_at),
                "url": external_url("meetings.detail", meeting_id=meeting.id),
            }
            for registration, meeting in collected.get("meeting_registrations", [])
        ],
        "documents_note": gettext(
            "The files are not inside this file: each document below can be downloaded from its "
            "download_url while you are signed in."
        ),
        "documents": [_document(attachment, owner) for attachment, owner in collected.get("documents", [])],
    }


def _document(attachment, owner) -> dict:
    """A document the person uploaded: what it is, what it belongs to, where to download it."""
    kind = OWNER_KINDS.get(attachment.owner_kind)
    return {
        "file_name": attachment.file_name,
        "type": attachment.content_type,
        "size_bytes": attachment.size,
        "uploaded_at": _iso(attachment.created_at),
        "attached_to": {
            "kind": attachment.owner_kind,
            "id": attachment.owner_id,
            "title": kind.title(owner) if kind and owner is not None else None,
            "page": kind.page(owner) if kind and owner is not None else None,
        },
        "download_url": external_url("documents.download", token=attachment.token),
    }
