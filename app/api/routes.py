"""The read-only open-data API (``/api``) and the "Open data" page.

Every collection answers JSON (paginated, with ``links``), CSV (every matching row) or
XLSX (``API_XLSX_MAX_ROWS`` rows a file, ``?page=`` for the next): ``/api/proposals?format=csv``
or ``/api/proposals.csv``. Requests are limited per address (``API_LIMIT_PER_IP``, and
``API_DOWNLOAD_LIMIT_PER_IP`` for CSV and XLSX): over the limit, a 429 in the API's error
envelope with ``Retry-After``.
"""

from __future__ import annotations

import math
import time

from flask import Blueprint, Response, current_app, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _

from app import labels
from app.api import exports, queries
from app.api.openapi import openapi_document
from app.api.records import ATTRIBUTION, LICENCE, RESOURCES, Resource
from app.consultations.models import STATES as CONSULTATION_STATES
from app.errors import DomainError
from app.extensions import limiter
from app.inputs import parse_int
from app.models_base import utcnow
from app.proposals.models import ANSWER_KINDS, PUBLIC_STATES
from app.security import limit_api

bp = Blueprint("api", __name__, url_prefix="/api")
open_data_bp = Blueprint("open_data", __name__)

RESOURCE_RULE = "any(" + ",".join(RESOURCES) + "):resource"
FORMATS = ("json", "csv", "xlsx")
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
FILTER_NAMES = ("consultation", "driver", "zone", "state", "theme", "kind")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BadParameter(DomainError):
    status = 400


@bp.after_request
def retry_after(response: Response) -> Response:
    """Over the limit: say when to come back (the error envelope itself is app.errors')."""
    limit = limiter.current_limit
    if response.status_code == 429 and limit is not None:
        response.headers["Retry-After"] = str(max(1, math.ceil(limit.reset_at - time.time())))
    return response


@bp.get("/")
@limit_api
def index():
    return {
        "resources": {name: url_for("api.collection", resource=name, _external=True) for name in RESOURCES},
        "openapi": url_for("api.openapi", _external=True),
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
    }


@bp.get("/openapi.json")
@limit_api
def openapi():
    return openapi_document(url_for("api.index", _external=True).rstrip("/"))


@bp.get(f"/<{RESOURCE_RULE}>")
@bp.get(f"/<{RESOURCE_RULE}>.<any(json,csv,xlsx):fmt>")
@limit_api
def collection(resource: str, fmt: str | None = None):
    spec = RESOURCES[resource]
    fmt = fmt or request.args.get("format") or "json"
    if fmt not in FORMATS:
        raise BadParameter(_("Unknown format: use json, csv or xlsx."))
    filters, active = _filters(spec)
    licence_link = f'<{LICENCE["url"]}>; rel="license"'
    if fmt == "csv":
        return Response(
            stream_with_context(exports.csv_lines(spec, filters)),
            mimetype="text/csv",
            headers={"Content-Disposition": f"attachment; filename={resource}.csv", "Link": licence_link},
        )
    if fmt == "xlsx":
        return _xlsx(resource, spec, filters, active, licence_link)
    page, per_page = _paging()
    items, total = spec.list(filters, (page - 1) * per_page, per_page)
    pages = max(1, -(-total // per_page))

    def link(number: int) -> str:
        return url_for(
            "api.collection", resource=resource, page=number, per_page=per_page, _external=True, **active
        )

    response = {
        "data": [spec.record(item) for item in items],
        "meta": {
            "resource": resource,
            "page": page,
            "per_page": per_page,
            "total": total,
            "pages": pages,
            "filters": active,
            "licence": LICENCE,
            "attribution": ATTRIBUTION,
            "generated_at": utcnow().isoformat(),
        },
        "links": {
            "self": link(page),
            "first": link(1),
            "last": link(pages),
            "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < pages else None,
        },
    }
    return response, 200, {"Link": licence_link}


def _xlsx(resource: str, spec: Resource, filters: queries.Filters, active: dict, licence_link: str):
    """One page of ``API_XLSX_MAX_ROWS`` rows as a workbook, streamed from a temporary file."""
    cap = int(current_app.config["API_XLSX_MAX_ROWS"])
    page = _int("page", request.args.get("page", "1"))

    def link(number: int) -> str:
        return url_for("api.collection", resource=resource, fmt="xlsx", page=number, _external=True, **active)

    built = exports.xlsx_file(
        spec,
        filters,
        url_for("api.collection", resource=resource, _external=True, **active),
        first_row=(page - 1) * cap,
        max_rows=cap,
        next_url=link(page + 1),
    )
    name = resource if page == 1 else f"{resource}-{page}"
    headers = {
        "Content-Disposition": f"attachment; filename={name}.xlsx",
        "Content-Length": str(built.size),
        "Link": licence_link + (f', <{link(page + 1)}>; rel="next"' if built.has_more else ""),
        "X-Total-Count": str(built.total),
    }
    return Response(exports.chunks(built.file), mimetype=XLSX_MIMETYPE, headers=headers)


def _int(name: str, value: str, minimum: int = 1, maximum: int = 10**9) -> int:
    number = parse_int(value, minimum, maximum)
    if number is None:
        raise BadParameter(
            _(
                "“%(name)s” must be a whole number from %(min)d to %(max)d.",
                name=name,
                min=minimum,
                max=maximum,
            )
        )
    return number


def _paging() -> tuple[int, int]:
    page = _int("page", request.args.get("page", "1"))
    per_page = _int("per_page", request.args.get("per_page", str(DEFAULT_PER_PAGE)), 1, MAX_PER_PAGE)
    return page, per_page


def _filters(spec: Resource) -> tuple[queries.Filters, dict]:
    """The validated filters and the query arguments that express them (for links)."""
    values: dict = {}
    active: dict = {}
    for name in FILTER_NAMES:
        raw = request.args.get(name)
        if raw is None or raw == "":
            continue
        if name not in spec.filters:
            raise BadParameter(_("“%(name)s” is not a filter of this collection.", name=name))
        active[name] = raw
        if name == "consultation":
            values["consultation_id"] = queries.find_consultation_id(raw)
            if values["consultation_id"] is None:
                raise BadParameter(_("There is no consultation “%(value)s”.", value=raw))
        elif name == "driver":
            values["driver_number"] = _int("driver", raw, 1, 1000)
            if not queries.driver_exists(values["driver_number"]):
                raise BadParameter(_("There is no Driver %(value)s.", value=raw))
        elif name == "zone":
            if not queries.zone_exists(raw):
                raise BadParameter(_("There is no zone “%(value)s”.", value=raw))
            values["zone_slug"] = raw
        elif name == "state":
            allowed = CONSULTATION_STATES if spec.name == "consultations" else PUBLIC_STATES
            if raw not in allowed:
                raise BadParameter(_("“state” must be one of: %(values)s.", values=", ".join(allowed)))
            values["state"] = raw
        elif name == "theme":
            values["theme_id"] = _int("theme", raw)
        elif name == "kind":
            if raw not in ANSWER_KINDS:
                raise BadParameter(_("“kind” must be one of: %(values)s.", values=", ".join(ANSWER_KINDS)))
            values["kind"] = raw
    return queries.Filters(**values), active


@open_data_bp.get("/dati-aperti")
def page():
    return render_template(
        "api/open_data.html",
        resources=RESOURCES,
        licence=LICENCE,
        attribution=ATTRIBUTION,
        max_per_page=MAX_PER_PAGE,
        xlsx_max_rows=current_app.config["API_XLSX_MAX_ROWS"],
        collection_label=lambda code: labels.label(labels.OPEN_DATA_COLLECTIONS, code),
    )
