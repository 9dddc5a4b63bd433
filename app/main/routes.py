"""Home page, language switch and static pages."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, redirect, render_template, request
from flask_login import current_user

from app import audit_display
from app.consultations.queries import list_open_consultations
from app.extensions import db
from app.main import filters
from app.main.helpers import state_badge_parts
from app.main.locale import LANGUAGES, from_this_site, remember_language, safe_next, vary_on_language
from app.reference.snapshot import reference_data
from app.synthesis.readings.queries import list_latest_published_syntheses, published_synthesis_scopes

bp = Blueprint("main", __name__)
bp.after_app_request(vary_on_language)
filters.register(bp)
# A global, not a context value: macros imported without context can call it.
bp.add_app_template_global(state_badge_parts, "state_badge_parts")
bp.add_app_template_global(audit_display.action_label, "audit_action_label")
bp.add_app_template_global(audit_display.object_label, "audit_object_label")
bp.add_app_template_global(audit_display.describe_details, "audit_details")

# Date of the accessibility statement: change it whenever the statement is reviewed.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 22)


@bp.get("/")
def home():
    consultations = list_open_consultations()
    return render_template(
        "main/home.html",
        consultations=consultations,
        synthesis_scopes=published_synthesis_scopes([c.id for c in consultations]),
        latest_syntheses=list_latest_published_syntheses(),
        drivers=reference_data().drivers,  # kept per process: no query
    )


@bp.get("/lingua/<code>")
def set_language(code: str):
    """Switch language with a plain link: a cookie for everyone, the profile for a logged-in person.

    The cookie is set whoever links here. The profile (which follows the person to other
    devices and into e-mails) changes only when the link was followed from this site:
    SameSite=Lax sends the session cookie with another site's link too, so without this
    check any page could change a logged-in person's saved language.
    """
    if code not in LANGUAGES:
        abort(404)
    response = redirect(safe_next(request.args.get("next")))
    remember_language(response, code)
    if current_user.is_authenticated and current_user.locale != code and from_this_site(request):
        current_user.locale = code
        db.session.commit()
    return response


@bp.get("/accessibilita")
def accessibility():
    return render_template(
        "main/accessibility.html",
        statement_date=ACCESSIBILITY_STATEMENT_DATE,
        contact_email=current_app.config.get("ACCESSIBILITY_CONTACT_EMAIL", ""),
    )
