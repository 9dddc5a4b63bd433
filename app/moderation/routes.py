"""The moderation queue and moderators' decisions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderazione")


@bp.get("/")
def queue():
    return "queue"
