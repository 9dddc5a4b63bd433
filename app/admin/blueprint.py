"""The administration blueprint: every URL of it, and its gate (log in first, then the right role).

As in Indico, this module maps URLs to views; the route modules define plain view functions
and never import the blueprint.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from app import policy
from app.admin import reference_routes, routes
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


GET, POST = ("GET",), ("POST",)

for rule, view, methods in (
    ("/", routes.index, GET),
    ("/utenti", routes.users, GET),
    ("/utenti/<int:user_id>", routes.user, GET),
    ("/utenti/<int:user_id>/ruoli", routes.grant_role, POST),
    ("/utenti/<int:user_id>/ruoli/<int:assignment_id>/revoca", routes.revoke_role, POST),
    ("/rappresentanze", routes.representations, GET),
    ("/rappresentanze/<int:representation_id>", routes.representation, GET),
    ("/rappresentanze/<int:representation_id>/decisione", routes.decide_representation, POST),
    ("/rappresentanze/<int:representation_id>/revoca", routes.revoke_representation, POST),
    ("/registro", routes.audit, GET),
    ("/enti", routes.organisations, GET),
    ("/enti/<int:organisation_id>", routes.edit_organisation, GET + POST),
    # reference data
    ("/dati-di-riferimento", reference_routes.reference, GET),
    ("/driver/<int:number>", reference_routes.edit_driver, GET + POST),
    ("/missioni/<code>", reference_routes.edit_mission, GET + POST),
    ("/componenti/<code>", reference_routes.edit_component, GET + POST),
    ("/parole-chiave/<int:keyword_id>", reference_routes.edit_keyword, GET + POST),
    ("/zone/<int:zone_id>", reference_routes.edit_zone, GET + POST),
    ("/tipi-di-attore/<int:actor_type_id>", reference_routes.edit_actor_type, GET + POST),
    ("/comuni", reference_routes.comuni, GET),
    ("/comuni/<istat_code>", reference_routes.edit_comune, GET + POST),
):
    bp.add_url_rule(rule, view_func=view, methods=methods)
