"""Values every template needs (navigation counts, languages)."""

from __future__ import annotations

from flask import request
from flask_babel import get_locale
from flask_login import current_user

from app import labels, policy
from app.errors import status_title
from app.main.locale import LANGUAGE_NAMES, LANGUAGES
from app.moderation.queries import count_open_queue


def template_context() -> dict:
    """Inject the current language and the moderator's queue counts into every template."""
    queue_counts = None
    if policy.can(current_user, "moderation.view"):
        queue_counts = count_open_queue(policy.moderated_zones(current_user))
    return {
        "current_locale": str(get_locale()),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "queue_counts": queue_counts,
        "current_path": request.full_path.rstrip("?") if request else "/",
        "status_title": status_title,
        "error_explanation": lambda status: labels.label(labels.ERROR_EXPLANATIONS, status),
        "state_label": lambda code: labels.label(labels.CONSULTATION_STATES, code),
        "proposal_state_label": lambda code: labels.label(labels.PROPOSAL_STATES, code),
        "scope_label": lambda code: labels.label(labels.SCOPES, code),
        "answer_label": lambda code: labels.label(labels.ANSWER_KINDS, code),
        "flag_reason_label": lambda code: labels.label(labels.FLAG_REASONS, code),
        "role_label": lambda code: labels.label(labels.ROLES, code),
        "representation_state_label": lambda code: labels.label(labels.REPRESENTATION_STATES, code),
    }


# State badges (macros/ui.html state_badge): the label of a code and a Bootstrap Italia
# background. Every colour carries white text at a contrast of 5:1 or more.
STATE_KINDS = {
    "proposal": labels.PROPOSAL_STATES,
    "consultation": labels.CONSULTATION_STATES,
    "answer": labels.ANSWER_KINDS,
    "representation": labels.REPRESENTATION_STATES,
}
BADGE_COLOURS = {
    "proposal": {
        "draft": "secondary",
        "submitted": "warning",
        "published": "success",
        "changes_requested": "warning",
        "rejected": "danger",
        "withdrawn": "secondary",
        "hidden": "dark",
    },
    "consultation": {"collection": "success", "upcoming": "secondary", "closed": "secondary"},
    "answer": {"accolta": "success", "non_accolta": "danger", "fuori_competenza": "secondary"},
    "representation": {
        "pending": "warning",
        "verified": "success",
        "refused": "danger",
        "revoked": "secondary",
    },
}
DEFAULT_BADGE_COLOUR = {"proposal": "secondary", "consultation": "primary", "answer": "primary"}


def state_badge_parts(state: str, kind: str = "proposal") -> tuple[str, str]:
    """(label, colour) of a state badge; an unknown code shows as itself, in grey."""
    label = labels.label(STATE_KINDS[kind], state)
    colour = BADGE_COLOURS[kind].get(state, DEFAULT_BADGE_COLOUR.get(kind, "secondary"))
    return label, colour
