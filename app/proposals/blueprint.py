"""The proposals blueprint, shared by its two route modules, and the visibility gate."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from app import policy
from app.errors import NotFound
from app.proposals import queries

bp = Blueprint("proposals", __name__)


def load_visible(proposal_id: int):
    """The proposal if the current user may see it; otherwise 404 (never leak existence)."""
    proposal = queries.get_proposal_or_404(proposal_id)
    if not policy.can(current_user, "proposal.view", proposal):
        raise NotFound()
    return proposal
