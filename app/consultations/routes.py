"""Consultation pages and their management.

STUB: the consultations work replaces this file.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("consultations", __name__, url_prefix="/consultazioni")


@bp.get("/")
def index():
    return "consultations"


@bp.get("/<slug>")
def detail(slug):
    return slug
