"""The administration blueprint and its gate: log in first, then the right role."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from app import policy
from app.extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Pages zone coordinators reach too (for the comuni of their zone); each checks its object.
REPRESENTATION_ENDPOINTS = frozenset(
    {
        "admin.representations",
        "admin.representation",
        "admin.decide_representation",
        "admin.revoke_representation",
    }
)


@bp.before_request
def gate():
    """Anonymous visitors go to the login page; others need ``admin.access``."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if request.endpoint in REPRESENTATION_ENDPOINTS:
        policy.require(current_user, "representation.list")
    else:
        policy.require(current_user, "admin.access")
    return None
