"""Values every template needs (navigation counts, languages)."""

from __future__ import annotations

from flask import request
from flask_babel import get_locale
from flask_login import current_user

from app import labels, policy
from app.errors import status_title
from app.moderation.queries import count_open_queue


def template_context() -> dict:
    """Inject the current language and the moderator's queue counts into every template."""
    queue_counts = None
    if policy.can(current_user, "moderation.view"):
        queue_counts = count_open_queue()
    return {
        "current_locale": str(get_locale()),
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
