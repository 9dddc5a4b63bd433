"""``/statistiche`` (public, per consultation and per zone), its downloads and
``/api/statistics``. HTTP in and out only: the figures come from :mod:`app.statistics.reading`."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import pagecache
from app.api.records import ATTRIBUTION, LICENCE
from app.api.routes import BadParameter, retry_after
from app.consultations.queries import get_consultation_by_slug_or_404, list_consultations
from app.errors import NotFound
from app.models_base import utcnow
from app.reference.snapshot import reference_data
from app.security import limit_api
from app.statistics import export, fragments, maps, queries
from app.statistics.cells import scope_key
from app.statistics.reading import read_statistics
from app.statistics.refresh import ensure_fresh
from app.statistics.tables import BREAKDOWNS

bp = Blueprint("statistics", __name__)
# The API's rows, under /api with the other collections (same limits, same 429 header).
api_bp = Blueprint("statistics_api", __name__, url_prefix="/api")
api_bp.after_request(retry_after)
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page_scope():
    """(consultation or None, zone row or None) of ``?consultazione=&zona=`` (unknown: 404)."""
    slug = request.args.get("consultazione") or None
    consultation = get_consultation_by_slug_or_404(slug) if slug else None
    zone_slug = request.args.get("zona") or None
    zone = None
    if zone_slug:
        zone = next((z for z in reference_data().zones if z.slug == zone_slug), None)
        if zone is None:
            raise NotFound()
    return consultation, zone


def _no_store(response: Response, is_current: bool) -> Response:
    # Figures being recomputed: never keep this answer in the page cache.
    if not is_current:
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/statistiche")
def index():
    consultation, zone = _page_scope()
    is_current = ensure_fresh()
    reading = read_statistics(
        current_user, consultation.id if consultation else None, zone.id if zone else None, is_current
    )
    args = {
        k: v
        for k, v in (("consultazione", consultation and consultation.slug), ("zona", zone and zone.slug))
        if v
    }
    api_args = {
        k: v
        for k, v in (("consultation", consultation and consultation.slug), ("zone", zone and zone.slug))
        if v
    }
    body_key = (
        "statistics",
        scope_key(consultation.id if consultation else None, zone.id if zone else None),
        reading.revision,
        str(get_locale()),
        reading.exact,
        pagecache.reference_version(),
    )
    body = fragments.rendered(
        body_key,
        lambda: render_template(
            "statistics/_body.html",
            reading=reading,
            download_args=args,
            api_args=api_args,
            attribution=maps.ATTRIBUTION,
            attribution_url=maps.ATTRIBUTION_URL,
        ),
    )
    html = render_template(
        "statistics/index.html",
        reading=reading,
        body=body,
        consultation=consultation,
        zone=zone,
        consultations=queries.list_consultation_choices(),
        zones=reference_data().zones,
    )
    return _no_store(Response(html), is_current)


@bp.get("/statistiche/dati/<any(comune,zone,actor_type,driver,week,coverage):breakdown>.<any(csv,xlsx):fmt>")
def download(breakdown: str, fmt: str):
    consultation, zone = _page_scope()
    is_current = ensure_fresh()
    reading = read_statistics(
        current_user, consultation.id if consultation else None, zone.id if zone else None, is_current
    )
    suppression = export.PEOPLE_SUPPRESSION
    if breakdown == "coverage":
        lines = export.coverage_rows(reading.figures.coverage)
        suppression = export.PLACES_SUPPRESSION
    else:
        table = reading.figures.tables.get(breakdown)
        if table is None:  # the zone table of a zone
            raise NotFound()
        lines = export.table_rows(table)
    name = "-".join(
        [
            "statistiche",
            breakdown,
            *(v for v in (consultation and consultation.slug, zone and zone.slug) if v),
        ]
    )
    if fmt == "csv":
        response = Response(export.csv_text(lines), mimetype="text/csv")
    else:
        response = Response(
            export.xlsx_bytes(breakdown, lines, request.url, suppression), mimetype=XLSX_MIMETYPE
        )
    response.headers["Content-Disposition"] = f"attachment; filename={name}.{fmt}"
    # Exact figures (analysts) must not be kept by any shared cache.
    response.headers["Cache-Control"] = "private, no-store" if reading.exact else "public, max-age=60"
    return response


def _api_scope():
    consultation = zone = None
    raw = request.args.get("consultation")
    if raw:
        consultation = next((c for c in list_consultations() if c.slug == raw or str(c.id) == raw), None)
        if consultation is None:
            raise BadParameter(_("There is no consultation “%(value)s”.", value=raw))
    raw_zone = request.args.get("zone")
    if raw_zone:
        zone = next((z for z in reference_data().zones if z.slug == raw_zone), None)
        if zone is None:
            raise BadParameter(_("There is no zone “%(value)s”.", value=raw_zone))
    return consultation, zone


@api_bp.get("/statistics")
@limit_api
def rows():
    by = request.args.get("by", "comune")
    if by not in BREAKDOWNS:
        raise BadParameter(_("“by” must be one of: %(values)s.", values=", ".join(BREAKDOWNS)))
    consultation, zone = _api_scope()
    if by == "zone" and zone is not None:
        raise BadParameter(_("“by=zone” cannot be combined with a zone filter."))
    is_current = ensure_fresh()
    reading = read_statistics(
        current_user, consultation.id if consultation else None, zone.id if zone else None, is_current
    )
    table = reading.figures.tables[by]
    filters = {
        k: v
        for k, v in (("consultation", consultation and consultation.slug), ("zone", zone and zone.slug))
        if v
    }

    def link(**extra) -> str:
        return url_for("statistics_api.rows", by=by, _external=True, **filters, **extra)

    body = {
        "data": [row.record() for row in table.rows],
        "meta": {
            "resource": "statistics",
            "by": by,
            "filters": filters,
            "page": 1,
            "per_page": len(table.rows),
            "total": len(table.rows),
            "pages": 1,
            "totals": table.total.record(),
            "exact": reading.exact,
            "suppression": _("Counts of 1 to 4 participants are not given (null), nor their rates."),
            "computed_at": reading.computed_at.isoformat() if reading.computed_at else None,
            "licence": LICENCE,
            "attribution": ATTRIBUTION,
            "generated_at": utcnow().isoformat(),
        },
        "links": {
            "self": link(),
            "first": link(),
            "last": link(),
            "prev": None,
            "next": None,
            "csv": url_for(
                "statistics.download",
                breakdown=by,
                fmt="csv",
                _external=True,
                **_page_args(consultation, zone),
            ),
        },
    }
    response = jsonify(body)
    if reading.exact:
        response.headers["Cache-Control"] = "private, no-store"
    return _no_store(response, is_current)


def _page_args(consultation, zone) -> dict:
    return {
        k: v
        for k, v in (("consultazione", consultation and consultation.slug), ("zona", zone and zone.slug))
        if v
    }
