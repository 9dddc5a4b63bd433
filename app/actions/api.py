"""The actions in the open data (``/api/actions``): an explicit list of published fields."""

from __future__ import annotations

from app.actions import queries
from app.notifications.links import external_url

COLUMNS = (
    "id",
    "code",
    "kind",
    "title",
    "policy_area",
    "status",
    "progress",
    "dup_year",
    "objectives",
    "recipients",
    "partners",
    "resources",
    "office",
    "proposals",
    "themes",
    "last_update_on",
    "url",
)
FILTERS = ("driver", "zone")

_STR = {"type": "string"}
_INT = {"type": "integer"}
_NINT = {"type": "integer", "nullable": True}
_INTS = {"type": "array", "items": _INT}
STATUSES = ("proposed", "planned", "in_progress", "completed", "abandoned")


def _object(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties)}


SCHEMA = _object(
    {
        "id": _INT,
        "code": _STR,
        "kind": {"type": "string", "enum": ["project", "agreement"]},
        "title": _STR,
        "policy_area": _STR,
        "description": _STR,
        "objectives": _STR,
        "recipients": _STR,
        "partners": _STR,
        "resources": _STR,
        "office": _STR,
        "status": {"type": "string", "enum": list(STATUSES)},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100},
        "dup_year": _NINT,
        "proposals": {**_INTS, "description": "Ids of the published proposals linked one by one"},
        "themes": {**_INTS, "description": "Ids of the themes linked as a whole"},
        "proposal_urls": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "timeline": {
            "type": "array",
            "items": _object(
                {
                    "date": {"type": "string", "format": "date"},
                    "dup_year": _INT,
                    "status": {"type": "string", "enum": list(STATUSES)},
                    "progress": _INT,
                    "text": _STR,
                }
            ),
        },
        "last_update_on": {"type": "string", "format": "date", "nullable": True},
        "url": {"type": "string", "format": "uri"},
    }
)


def list_actions(filters, offset: int, limit: int) -> tuple[list, int]:
    """A page of actions for :mod:`app.api` (``filters``: its validated ``Filters``)."""
    actions, total, links, timelines = queries.list_actions_with_links(
        filters.driver_number, filters.zone_slug, offset, limit
    )
    return [(action, links[action.id], timelines[action.id]) for action in actions], total


def action_record(item) -> dict:
    action, links, timeline = item
    return {
        "id": action.id,
        "code": action.code,
        "kind": action.kind,
        "title": action.title,
        "policy_area": action.policy_area,
        "description": action.description,
        "objectives": action.objectives,
        "recipients": action.recipients,
        "partners": action.partners,
        "resources": action.resources,
        "office": action.office,
        "status": action.status,
        "progress": action.progress,
        "dup_year": action.dup_year,
        "proposals": links["proposals"],
        "themes": links["themes"],
        "proposal_urls": [external_url("proposals.detail", proposal_id=pid) for pid in links["proposals"]],
        "timeline": [
            {
                "date": update.happened_on.isoformat(),
                "dup_year": update.dup_year,
                "status": update.status,
                "progress": update.progress,
                "text": update.body,
            }
            for update in timeline
        ],
        "last_update_on": timeline[-1].happened_on.isoformat() if timeline else None,
        "url": external_url("actions.detail", action_id=action.id),
    }
