"""Every URL of "Dal Forum al Piano" (as in Indico, this module maps URLs to views; the route
modules define plain view functions and never import a blueprint).

- ``actions`` (``/dal-forum-al-piano``): the public pages (:mod:`app.actions.routes`) and the
  analysts' pages that link proposals and themes and report progress
  (:mod:`app.actions.staff_routes`, each view checks its permission);
- ``actions_admin`` (``/admin/azioni``) stays in :mod:`app.actions.admin_routes`.
"""

from __future__ import annotations

from flask import Blueprint

from app.actions import routes, staff_routes

GET, POST = ("GET",), ("POST",)

bp = Blueprint("actions", __name__, url_prefix="/dal-forum-al-piano")

for rule, view, methods in (
    ("/", routes.index, GET),
    ("/azioni/<int:action_id>", routes.detail, GET),
    ("/azioni/<int:action_id>/gestisci", staff_routes.manage, GET),
    ("/azioni/<int:action_id>/proposte", staff_routes.link_proposal, POST),
    ("/azioni/<int:action_id>/collegamenti/<int:link_id>/rimuovi", staff_routes.unlink, POST),
    ("/azioni/<int:action_id>/aggiornamenti", staff_routes.report, POST),
    ("/temi/<int:theme_id>/azioni", staff_routes.link_theme, POST),
):
    bp.add_url_rule(rule, view_func=view, methods=methods)


@bp.record_once
def _register_template_globals(state) -> None:
    """Globals rather than a context processor: the macros imported by other packages'
    templates (the proposal page, the theme workspace) see globals, not the context."""
    state.app.jinja_env.globals.update(routes.template_globals())
    state.app.jinja_env.globals.update(staff_routes.theme_panel_globals())
