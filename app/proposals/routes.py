"""Proposal pages: list, detail, submit, support, comment, flag.

STUB: the proposals work replaces this file.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("proposals", __name__)


@bp.get("/le-mie-proposte")
def mine():
    return "mine"
