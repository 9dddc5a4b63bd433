"""The "download my data" file: what the platform holds about a person, as plain JSON."""

from __future__ import annotations


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def user_data_export(user, collected: dict) -> dict:
    """Shape ``collected`` (from :func:`app.accounts.queries.collect_user_data`) as JSON-ready data."""
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "locale": user.locale,
            "created_at": _iso(user.created_at),
            "confirmed_at": _iso(user.confirmed_at),
            "last_login_at": _iso(user.last_login_at),
            "roles": [
                {"role": a.role, "zone": a.zone.name if a.zone else None, "granted_at": _iso(a.granted_at)}
                for a in user.roles
            ],
        },
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
                "state": p.state,
                "consultation": p.consultation.title,
                "created_at": _iso(p.created_at),
            }
            for p in collected["proposals"]
        ],
        "supports": [
            {"proposal_id": row.proposal_id, "created_at": _iso(row.created_at)}
            for row in collected["supports"]
        ],
        "comments": [
            {
                "id": row.id,
                "proposal_id": row.proposal_id,
                "body": row.body,
                "state": row.state,
                "created_at": _iso(row.created_at),
            }
            for row in collected["comments"]
        ],
    }
