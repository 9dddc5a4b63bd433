"""Every URL of the proposals pages.

As in Indico, this module maps URLs to views; the route modules (:mod:`.routes`: writing and
withdrawing proposals; :mod:`.page_routes`: the proposal page and what the community does on
it) define plain view functions and never import the blueprint.
"""

from __future__ import annotations

from flask import Blueprint

from app.proposals import page_routes, routes

GET, POST = ("GET",), ("POST",)

bp = Blueprint("proposals", __name__)

for rule, view, methods in (
    ("/consultazioni/<slug>/proposte/nuova", routes.create, GET + POST),
    ("/proposte/<int:proposal_id>/modifica", routes.edit, GET + POST),
    ("/consultazioni/<slug>/proposte/suggerimenti", routes.suggestions, POST),
    ("/proposte/<int:proposal_id>/ritira", routes.withdraw, GET + POST),
    ("/le-mie-proposte", routes.mine, GET),
    ("/proposte/<int:proposal_id>", page_routes.detail, GET),
    ("/proposte/<int:proposal_id>/sostieni", page_routes.support, POST),
    ("/proposte/<int:proposal_id>/ritira-sostegno", page_routes.unsupport, POST),
    ("/proposte/<int:proposal_id>/commenti", page_routes.comment, POST),
    ("/proposte/<int:proposal_id>/segnala", page_routes.flag, GET + POST),
    ("/commenti/<int:comment_id>/segnala", page_routes.flag_comment, GET + POST),
):
    bp.add_url_rule(rule, view_func=view, methods=methods)
