"""The published synthesis (public), its printable version, and the analysts' cross-readings.

The public pages exist only while the scope's synthesis is published; analysts may preview
the current run at the same address before publishing. Only published proposals are ever
counted, listed or linked. The cross-readings are a workspace page (behind its gate). URLs are
mapped in :mod:`app.synthesis.blueprint`.
"""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from app import policy
from app.consultations.queries import get_consultation_by_slug_or_404
from app.errors import NotFound
from app.pagination import page_number
from app.statistics.reading import theme_origins
from app.synthesis.readings import queries as rq
from app.synthesis.readings import services as readings
from app.synthesis.readings.crossreadings import (
    CAMPAIGN_MIN_AUTHORS,
    GAP_FEW_MAX,
    MIN_EXPECTED,
    RESIDUAL_THRESHOLD,
    SIGNIFICANCE,
)
from app.synthesis.runs.queries import get_current_run
from app.synthesis.scope import Scope


def scope_of_request(consultation) -> str:
    """The ``?ambito=`` of the request: ``all`` or a Driver of the consultation.

    :raises NotFound: for anything else.
    """
    try:
        scope = Scope.parse(request.args.get("ambito"))
    except ValueError:
        raise NotFound() from None
    if not scope.fits(consultation):
        raise NotFound()
    return scope.code


def _public_reading(slug: str):
    """(consultation, scope, synthesis or None, run, is_preview) of a public synthesis page.

    :raises NotFound: when the scope's synthesis is not published (analysts: and no run exists).
    """
    consultation = get_consultation_by_slug_or_404(slug)
    scope = scope_of_request(consultation)
    synthesis = rq.get_synthesis(consultation.id, scope)
    if synthesis is not None and synthesis.status == "published" and synthesis.run is not None:
        return consultation, scope, synthesis, synthesis.run, False
    if policy.can(current_user, "synthesis.work", consultation):
        run = get_current_run(consultation.id, scope)
        if run is not None:
            return consultation, scope, synthesis, run, True
    raise NotFound()


def public(slug):
    consultation, scope, synthesis, run, is_preview = _public_reading(slug)
    reading = readings.add_charts(readings.read_run(run, consultation))
    return render_template(
        "synthesis/public.html",
        consultation=consultation,
        scope=scope,
        synthesis=synthesis,
        reading=reading,
        is_preview=is_preview,
        others=[s for s in rq.list_published_syntheses(consultation.id) if s.scope != scope],
    )


def printable(slug):
    consultation, scope, synthesis, run, is_preview = _public_reading(slug)
    reading = readings.add_charts(readings.read_run(run, consultation), prefix="print")
    return render_template(
        "synthesis/public_print.html",
        consultation=consultation,
        scope=scope,
        synthesis=synthesis,
        reading=reading,
        is_preview=is_preview,
    )


def theme(slug, theme_id):
    consultation, scope, synthesis, run, is_preview = _public_reading(slug)
    theme = rq.get_run_theme_or_404(run.id, theme_id)
    page = rq.theme_members_page(
        run.id, theme.id, page_number(request.args.get("page")), current_app.config["PAGE_SIZE"]
    )
    return render_template(
        "synthesis/public_theme.html",
        consultation=consultation,
        scope=scope,
        theme=theme,
        page=page,
        is_preview=is_preview,
        origins=theme_origins(run.id, theme.id),
    )


def crossreadings(slug):
    consultation = get_consultation_by_slug_or_404(slug)
    policy.require(current_user, "synthesis.work", consultation)
    scope = scope_of_request(consultation)
    run = get_current_run(consultation.id, scope)
    reading = supports = None
    if run is not None:
        reading = readings.add_charts(readings.read_run(run, consultation, public=False))
        supports = readings.read_supports(run, reading)
    duplicates, titles = readings.read_duplicates(consultation)
    return render_template(
        "synthesis/crossreadings.html",
        consultation=consultation,
        scope=scope,
        run=run,
        reading=reading,
        supports=supports,
        gaps=readings.read_gaps(consultation),
        duplicates=duplicates,
        titles=titles,
        thresholds={
            "significance": SIGNIFICANCE,
            "residual": RESIDUAL_THRESHOLD,
            "min_expected": MIN_EXPECTED,
            "few": GAP_FEW_MAX,
            "campaign": CAMPAIGN_MIN_AUTHORS,
        },
    )
