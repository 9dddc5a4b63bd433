"""Registration, login, profile, representation requests, entity pages.

STUB endpoints created by the lead so the navigation can link to them; the accounts
work replaces them.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account")


@bp.route("/accedi", methods=["GET", "POST"])
def login():
    return "login"


@bp.post("/esci")
def logout():
    return "logout"


@bp.route("/registrati", methods=["GET", "POST"])
def register():
    return "register"


@bp.route("/profilo", methods=["GET", "POST"])
def profile():
    return "profile"
