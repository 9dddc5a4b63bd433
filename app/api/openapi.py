"""The OpenAPI 3.0 description of the open-data API (written here, checked by a test)."""

from __future__ import annotations

from app.actions import api as actions_api
from app.api.records import ATTRIBUTION, LICENCE
from app.consultations.models import STATES as CONSULTATION_STATES
from app.meetings.models import MEETING_KINDS
from app.proposals.models import ANSWER_KINDS, PUBLIC_STATES
from app.statistics import openapi as statistics_openapi

_STR = {"type": "string"}
_NSTR = {"type": "string", "nullable": True}
_INT = {"type": "integer"}
_NINT = {"type": "integer", "nullable": True}
_DATE = {"type": "string", "format": "date-time"}
_NDATE = {"type": "string", "format": "date-time", "nullable": True}
_URL = {"type": "string", "format": "uri"}


def _object(properties: dict, nullable: bool = False) -> dict:
    schema = {"type": "object", "properties": properties, "required": list(properties)}
    if nullable:
        schema["nullable"] = True
    return schema


def _array(items: dict) -> dict:
    return {"type": "array", "items": items}


_REF = _object({"id": _INT, "slug": _NSTR})
_RUN = _object(
    {
        "id": _INT,
        "scope": _STR,
        "code_version": _STR,
        "requested_k": _NINT,
        "seed": _INT,
        "params": {"type": "object", "additionalProperties": True},
        "finished_at": _NDATE,
    }
)

SCHEMAS = {
    "Meeting": _object(
        {
            "id": _INT,
            "kind": {"type": "string", "enum": list(MEETING_KINDS)},
            "title": _STR,
            "agenda": _STR,
            "starts_at": _DATE,
            "ends_at": _DATE,
            "timezone": _STR,
            "location": _STR,
            "online_url": _NSTR,
            "zone": _NSTR,
            "consultation": _object({"id": _INT, "slug": _STR}, nullable=True),
            "cancelled": {"type": "boolean"},
            "seats": _object({"capacity": _NINT, "taken": _INT}),
            "minutes_published_at": _NDATE,
            "discussed_proposals": _array(_INT),
            "url": _URL,
            "ics_url": _URL,
        }
    ),
    "Consultation": _object(
        {
            "id": _INT,
            "slug": _STR,
            "title": _STR,
            "description": _STR,
            "scope": {"type": "string", "enum": ["metropolitan", "zone"]},
            "zone": _NSTR,
            "state": {"type": "string", "enum": list(CONSULTATION_STATES)},
            "drivers": _array(_INT),
            "information_starts_at": _DATE,
            "collection_starts_at": _DATE,
            "discussion_starts_at": _DATE,
            "synthesis_starts_at": _DATE,
            "answers_starts_at": _DATE,
            "closes_at": _DATE,
            "closed_early_at": _NDATE,
            "published_proposals": _INT,
            "answered_proposals": _INT,
            "url": _URL,
        }
    ),
    "Proposal": _object(
        {
            "id": _INT,
            "consultation": _REF,
            "title": _STR,
            "summary": _STR,
            "need": _STR,
            "action": _STR,
            "expected_results": _STR,
            "actors_involved": _STR,
            "driver": _NINT,
            "missions": _array(_STR),
            "vision_keywords": _array(_STR),
            "territorial_scope": {"type": "string", "enum": ["metropolitan", "zone", "comuni"]},
            "zone": _NSTR,
            "comuni": _array({"type": "string", "description": "ISTAT code"}),
            "proposer_type": _STR,
            "organisation": _object({"slug": _STR, "name": _STR}, nullable=True),
            "on_behalf_of_comune": _NSTR,
            "state": {"type": "string", "enum": list(PUBLIC_STATES)},
            "published_at": _NDATE,
            "supports_count": _INT,
            "comments_count": _INT,
            "answer": _object(
                {"kind": {"type": "string", "enum": list(ANSWER_KINDS)}, "text": _STR, "answered_at": _NDATE},
                nullable=True,
            ),
            "url": _URL,
        }
    ),
    "Theme": _object(
        {
            "id": _INT,
            "consultation": _REF,
            "scope": {"type": "string", "description": "'all' or 'D<Driver number>'"},
            "label": _STR,
            "keywords": _array(_STR),
            "note": _STR,
            "size": _INT,
            "representative_proposals": _array(_INT),
            "run": _RUN,
        }
    ),
    "Membership": _object(
        {
            "run_id": _INT,
            "code_version": _STR,
            "theme_id": _INT,
            "proposal_id": _INT,
            "score": {"type": "number"},
            "is_representative": {"type": "boolean"},
        }
    ),
    "Answer": _object(
        {
            "proposal_id": _INT,
            "consultation": _REF,
            "title": _STR,
            "driver": _NINT,
            "zone": _NSTR,
            "kind": {"type": "string", "enum": list(ANSWER_KINDS)},
            "text": _STR,
            "answered_at": _NDATE,
            "url": _URL,
        }
    ),
    "Licence": _object({"name": _STR, "url": _URL}),
    "Meta": _object(
        {
            "resource": _STR,
            "page": _INT,
            "per_page": _INT,
            "total": _INT,
            "pages": _INT,
            "filters": {"type": "object", "additionalProperties": {"type": "string"}},
            "licence": {"$ref": "#/components/schemas/Licence"},
            "attribution": _STR,
            "generated_at": _DATE,
        }
    ),
    "Links": _object(
        {
            "self": _URL,
            "first": _URL,
            "last": _URL,
            "prev": {**_URL, "nullable": True},
            "next": {**_URL, "nullable": True},
        }
    ),
    "Error": _object({"error": _STR}),
    "Action": actions_api.SCHEMA,
}

_PARAMETERS = {
    "page": {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    "per_page": {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50},
    },
    "format": {
        "name": "format",
        "in": "query",
        "description": (
            "json (default, paginated), csv (every matching row) or xlsx (a page of at most "
            "API_XLSX_MAX_ROWS rows, 5000 by default: `page` gives the next ones)"
        ),
        "schema": {"type": "string", "enum": ["json", "csv", "xlsx"], "default": "json"},
    },
    "consultation": {
        "name": "consultation",
        "in": "query",
        "description": "Consultation id or slug",
        "schema": {"type": "string"},
    },
    "driver": {"name": "driver", "in": "query", "description": "Driver number (1-10)", "schema": _INT},
    "zone": {"name": "zone", "in": "query", "description": "Zone slug", "schema": {"type": "string"}},
    "theme": {"name": "theme", "in": "query", "description": "Theme id", "schema": _INT},
    "kind": {"name": "kind", "in": "query", "schema": {"type": "string", "enum": list(ANSWER_KINDS)}},
}

# resource -> (schema, filters, summary)
COLLECTIONS = {
    "consultations": ("Consultation", ("consultation", "driver", "zone", "state"), "Consultations"),
    "proposals": ("Proposal", ("consultation", "driver", "zone", "state"), "Published proposals"),
    "themes": ("Theme", ("consultation", "driver", "theme"), "Themes of the published syntheses"),
    "memberships": (
        "Membership",
        ("consultation", "driver", "zone", "theme"),
        "Proposals in each theme of the published syntheses, with their score",
    ),
    "answers": ("Answer", ("consultation", "driver", "zone", "kind"), "Official answers"),
    "actions": (
        "Action",
        actions_api.FILTERS,
        "Actions of the plan with their status, progress, timeline and the proposals and themes linked",
    ),
    "meetings": (
        "Meeting",
        ("consultation", "zone"),
        "Meetings of the Forum, its Tavoli and the zone assemblies, each with its iCalendar file (ics_url)",
    ),
}


def _parameter(resource: str, name: str) -> dict:
    if name == "state":
        states = CONSULTATION_STATES if resource == "consultations" else PUBLIC_STATES
        return {"name": "state", "in": "query", "schema": {"type": "string", "enum": list(states)}}
    return _PARAMETERS[name]


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _paths() -> dict:
    paths: dict = {
        "/": {
            "get": {
                "summary": "The collections, this document and the licence",
                "operationId": "index",
                "responses": {
                    "200": {
                        "description": "Links to the collections",
                        "content": {
                            "application/json": {
                                "schema": _object(
                                    {
                                        "resources": {"type": "object", "additionalProperties": _URL},
                                        "openapi": _URL,
                                        "licence": {"$ref": "#/components/schemas/Licence"},
                                        "attribution": _STR,
                                    }
                                )
                            }
                        },
                    }
                },
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This document",
                "operationId": "openapi",
                "responses": {
                    "200": {"description": "OpenAPI 3.0 document", "content": {"application/json": {}}}
                },
            }
        },
    }
    for resource, (schema, filters, summary) in COLLECTIONS.items():
        parameters = [_parameter(resource, name) for name in filters]
        envelope = _object(
            {
                "data": _array({"$ref": f"#/components/schemas/{schema}"}),
                "meta": {"$ref": "#/components/schemas/Meta"},
                "links": {"$ref": "#/components/schemas/Links"},
            }
        )
        paths[f"/{resource}"] = {
            "get": {
                "summary": summary,
                "operationId": f"list_{resource}",
                "parameters": [
                    *parameters,
                    _PARAMETERS["page"],
                    _PARAMETERS["per_page"],
                    _PARAMETERS["format"],
                ],
                "responses": {
                    "200": {
                        "description": f"A page of {resource} (or the CSV/XLSX download)",
                        "content": {
                            "application/json": {"schema": envelope},
                            "text/csv": {"schema": {"type": "string"}},
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                                "schema": {"type": "string", "format": "binary"}
                            },
                        },
                    },
                    "400": _error("A filter or a paging value is not valid"),
                    "429": _error("Too many requests from this address: wait for Retry-After seconds"),
                },
            }
        }
        for extension, mimetype, schema_format in (
            ("csv", "text/csv", None),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "binary"),
        ):
            body_schema = {"type": "string", **({"format": schema_format} if schema_format else {})}
            xlsx = extension == "xlsx"
            paths[f"/{resource}.{extension}"] = {
                "get": {
                    "summary": (
                        f"{summary}: a page of at most API_XLSX_MAX_ROWS rows as XLSX (Link rel=next)"
                        if xlsx
                        else f"{summary}: every matching row as CSV"
                    ),
                    "operationId": f"download_{resource}_{extension}",
                    "parameters": [*parameters, _PARAMETERS["page"]] if xlsx else parameters,
                    "responses": {
                        "200": {
                            "description": f"{extension.upper()} file",
                            "content": {mimetype: {"schema": body_schema}},
                        },
                        "400": _error("A filter is not valid"),
                        "429": _error("Too many downloads from this address: wait for Retry-After seconds"),
                    },
                }
            }
    return paths


def openapi_document(server_url: str) -> dict:
    """The OpenAPI 3.0 document, with ``server_url`` (the API's base URL) as its server."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Forum metropolitano — open data",
            "version": "1.0.0",
            "description": (
                "Read-only open data of the Forum metropolitano of the Città metropolitana di Milano: "
                "consultations, published proposals, themes of the published syntheses (with the run "
                "version and parameters), memberships, official answers, the plan's actions, the "
                "meetings of the Forum and participation statistics. "
                "No personal data. "
                f"Licence {LICENCE['name']}; attribution: {ATTRIBUTION}."
            ),
            "license": {"name": LICENCE["name"], "url": LICENCE["url"]},
        },
        "servers": [{"url": server_url}],
        # /statistics is described by its own package (its figures are not a paged collection).
        "paths": {**_paths(), **statistics_openapi.PATHS},
        "components": {"schemas": {**SCHEMAS, **statistics_openapi.SCHEMAS}},
    }
