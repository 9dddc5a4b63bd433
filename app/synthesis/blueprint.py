"""Every URL of the synthesis domain, and the gate of the analysts' workspace.

As in Indico, this module maps URLs to views; the route modules of the sub-packages define
plain view functions and never import a blueprint. Three blueprints:

- ``synthesis`` (``/sintesi``): the analysts' workspace — runs, curation, cross-readings and
  publication — behind one gate: log in, then ``synthesis.work`` (analysts; coordinators for their zone);
- ``synthesis_public``: the published synthesis (analysts may preview it before publishing);
- ``answers`` (``/sintesi/risposte``): official answers (each view checks its object).
"""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user

from app import policy
from app.extensions import login_manager
from app.synthesis.answers import routes as answers_routes
from app.synthesis.curation import routes as curation_routes
from app.synthesis.publication import routes as publication_routes
from app.synthesis.readings import routes as readings_routes
from app.synthesis.runs import queries as run_queries
from app.synthesis.runs import routes as runs_routes

GET, POST = ("GET",), ("POST",)

workspace = Blueprint("synthesis", __name__, url_prefix="/sintesi")
public = Blueprint("synthesis_public", __name__)
answers = Blueprint("answers", __name__, url_prefix="/sintesi/risposte")


@workspace.before_request
def require_analyst():
    """Every workspace page: log in first, then be a plan office analyst (or an admin), or
    the coordinator of the zone of the consultation the page is about (issue 15); the
    publication views check ``synthesis.manage`` again (publishing stays with the plan office)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    policy.require(current_user, "synthesis.work", run_queries.consultation_for(**(request.view_args or {})))
    return None


workspace.context_processor(runs_routes.workspace_labels)

for rule, view, methods in (
    # runs
    ("/", runs_routes.index, GET),
    ("/consultazioni/<slug>", runs_routes.workspace, GET),
    ("/consultazioni/<slug>/esecuzioni", runs_routes.start_run, POST),
    ("/esecuzioni/<int:run_id>", runs_routes.run, GET),
    ("/esecuzioni/<int:run_id>.json", runs_routes.run_status, GET),
    # curation
    ("/temi/<int:theme_id>", curation_routes.theme, GET),
    ("/temi/<int:theme_id>/etichetta", curation_routes.rename, POST),
    ("/temi/<int:theme_id>/conferma-etichetta", curation_routes.confirm_label, POST),
    ("/temi/<int:theme_id>/nota", curation_routes.note, POST),
    ("/temi/<int:theme_id>/sposta", curation_routes.move, POST),
    ("/temi/<int:theme_id>/fissa", curation_routes.pin, POST),
    ("/temi/<int:theme_id>/sblocca", curation_routes.unpin, POST),
    ("/temi/<int:theme_id>/unisci", curation_routes.merge, POST),
    ("/temi/<int:theme_id>/dividi", curation_routes.split, POST),
    # readings for analysts, and publication
    ("/consultazioni/<slug>/letture", readings_routes.crossreadings, GET),
    ("/consultazioni/<slug>/pubblicazione", publication_routes.publish, GET + POST),
    ("/consultazioni/<slug>/ritira", publication_routes.unpublish, POST),
):
    workspace.add_url_rule(rule, view_func=view, methods=methods)

for rule, view in (
    ("/consultazioni/<slug>/sintesi", readings_routes.public),
    ("/consultazioni/<slug>/sintesi/stampa", readings_routes.printable),
    ("/consultazioni/<slug>/sintesi/temi/<int:theme_id>", readings_routes.theme),
):
    public.add_url_rule(rule, view_func=view, methods=GET)

for rule, view, methods in (
    ("/<slug>", answers_routes.index, GET),
    ("/proposte/<int:proposal_id>", answers_routes.answer_proposal, GET + POST),
    ("/temi/<int:theme_id>", answers_routes.answer_theme, GET + POST),
):
    answers.add_url_rule(rule, view_func=view, methods=methods)
