"""Public pages "Dal Forum al Piano": every action with its proposals, themes and timeline (HTTP only)."""

from __future__ import annotations

from flask import g, render_template, request

from app.actions import labels, queries
from app.actions.queries import ActionFilters
from app.documents.queries import attachments_by_owner
from app.inputs import parse_int
from app.pagination import page_number
from app.reference.snapshot import reference_data


def template_globals() -> dict:
    """The template globals of the public pages (registered by :mod:`app.actions.blueprint`)."""
    return dict(
        action_status_label=labels.status_label,
        action_kind_label=labels.kind_label,
        action_status_colour=lambda code: labels.STATUS_COLOURS.get(code, "secondary"),
        # The "Confluita in" box of a proposal's page (templates/actions/_proposal_actions.html).
        proposal_plan_actions=_plan_actions_of_proposal,
    )


def _plan_actions_of_proposal(proposal_id: int) -> list:
    """The actions a proposal flowed into, read once per request: the page's header and its
    "Confluita in" box both show them."""
    kept = g.setdefault("plan_actions_of_proposal", {})
    if proposal_id not in kept:
        kept[proposal_id] = queries.actions_for_proposal(proposal_id)
    return kept[proposal_id]


def _filters() -> tuple[ActionFilters, dict]:
    """The list's filters from the query string; a value that matches nothing is ignored."""
    reference = reference_data()
    args = request.args
    area = args.get("ambito") if args.get("ambito") in queries.list_policy_areas() else None
    number = parse_int(args.get("driver"), minimum=1, maximum=99)
    driver = next((d for d in reference.drivers if d.number == number), None)
    zone = next((z for z in reference.zones if z.slug == args.get("zona")), None)
    status = args.get("stato") if args.get("stato") in labels.ACTION_STATUSES else None
    kind = args.get("tipo") if args.get("tipo") in labels.ACTION_KINDS else None
    filters = ActionFilters(
        area=area,
        driver_id=driver.id if driver else None,
        zone_id=zone.id if zone else None,
        status=status,
        kind=kind,
    )
    chosen = {
        "ambito": area,
        "driver": driver.number if driver else None,
        "zona": zone.slug if zone else None,
        "stato": status,
        "tipo": kind,
    }
    return filters, {name: value for name, value in chosen.items() if value is not None}


def index():
    filters, chosen = _filters()
    page = queries.list_actions(filters, page_number(request.args.get("page")))
    reference = reference_data()
    return render_template(
        "actions/index.html",
        page=page,
        counts=queries.count_links(a.id for a in page.items),
        chosen=chosen,
        area_options=[(area, area) for area in queries.list_policy_areas()],
        kind_options=[(code, str(text)) for code, text in labels.ACTION_KINDS.items()],
        status_options=[(code, str(text)) for code, text in labels.ACTION_STATUSES.items()],
        driver_options=[(d.number, f"{d.number}. {d.name}") for d in reference.drivers],
        zone_options=[(z.slug, z.name) for z in reference.zones],
    )


def detail(action_id: int):
    action = queries.get_action_or_404(action_id)
    theme_links = queries.list_theme_links(action)
    updates = queries.list_updates(action)
    return render_template(
        "actions/detail.html",
        action=action,
        proposal_links=queries.page_proposal_links(action, page_number(request.args.get("page"))),
        theme_links=theme_links,
        theme_sizes=queries.count_theme_members(row.theme.id for row in theme_links),
        public_theme_ids=queries.published_theme_ids(row.theme.id for row in theme_links),
        updates=updates,
        update_documents=attachments_by_owner("action_update", [u.id for u in updates]),
    )
