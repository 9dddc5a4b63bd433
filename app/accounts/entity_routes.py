"""Public pages of the organisations and comuni that take part: what they proposed and support."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user

from app import policy
from app.accounts import queries
from app.errors import NotFound
from app.pagination import page_number
from app.reference.queries import get_comune_by_istat_or_404

bp = Blueprint("entities", __name__)


def proposal_url(proposal) -> str | None:
    """Link to a proposal's page."""
    return url_for("proposals.detail", proposal_id=proposal.id)


def _render(template: str, section: str, **entity):
    per_page = current_app.config["PAGE_SIZE"]
    number = page_number(request.args.get("page"))
    if section == "proposals":
        page = queries.list_entity_proposals(number, per_page, **entity)
    else:
        page = queries.list_entity_supported_proposals(number, per_page, **entity)
    return render_template(
        template,
        section=section,
        page=page,
        representatives=queries.list_verified_representatives(**entity),
        proposal_url=proposal_url,
        **entity,
    )


def _public_organisation(slug: str):
    """The organisation if its page is public (a representative verified), else 404."""
    entity = queries.get_organisation_by_slug_or_404(slug)
    if not policy.can(current_user, "organisation.view", entity):
        raise NotFound()
    return entity


@bp.get("/enti/<slug>")
def organisation(slug: str):
    entity = _public_organisation(slug)
    return _render("accounts/entity_organisation.html", "proposals", organisation=entity)


@bp.get("/enti/<slug>/adesioni")
def organisation_supports(slug: str):
    entity = _public_organisation(slug)
    return _render("accounts/entity_organisation.html", "supports", organisation=entity)


@bp.get("/comuni/<istat_code>")
def comune(istat_code: str):
    entity = get_comune_by_istat_or_404(istat_code)
    return _render("accounts/entity_comune.html", "proposals", comune=entity)


@bp.get("/comuni/<istat_code>/adesioni")
def comune_supports(istat_code: str):
    entity = get_comune_by_istat_or_404(istat_code)
    return _render("accounts/entity_comune.html", "supports", comune=entity)
