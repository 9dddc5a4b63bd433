"""Home page and language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.consultations.queries import list_open_consultations
from app.extensions import db
from app.reference.queries import list_drivers

bp = Blueprint("main", __name__)

LANGUAGES = ("it", "en")


@bp.get("/")
def home():
    return render_template(
        "main/home.html",
        consultations=list_open_consultations(),
        drivers=list_drivers(),
    )


@bp.post("/lingua")
def set_language():
    """Remember the chosen language in the session (and the profile when logged in)."""
    language = request.form.get("language", "")
    if language in LANGUAGES:
        session["locale"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
    return redirect(_safe_next(request.form.get("next")))


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed (no open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("main.home")
