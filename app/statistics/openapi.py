"""The OpenAPI description of ``/api/statistics`` (merged into the API's document)."""

from __future__ import annotations

from app.statistics.tables import BREAKDOWNS

_STR = {"type": "string"}
_NSTR = {"type": "string", "nullable": True}
_INT = {"type": "integer"}
_NINT = {"type": "integer", "nullable": True}
_NNUM = {"type": "number", "nullable": True}


def _object(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties)}


_ROW = _object(
    {
        "key": {
            **_STR,
            "description": "ISTAT code, zone slug, actor type code, Driver code (D1…) or week's Monday",
        },
        "label": _STR,
        "zone": _NSTR,
        "population": {**_NINT, "description": "Residents (ISTAT, 1 January 2021); comuni and zones only"},
        "proposals": _INT,
        "supports": _INT,
        "comments": _INT,
        "participants": {**_NINT, "description": "Distinct accounts; null when 1 to 4 (or its complement)"},
        "participants_per_1000": _NNUM,
        "proposals_per_1000": _NNUM,
        "participants_suppressed": {"type": "boolean"},
    }
)

SCHEMAS = {
    "StatisticsRow": _ROW,
    "StatisticsMeta": _object(
        {
            "resource": _STR,
            "by": {"type": "string", "enum": list(BREAKDOWNS)},
            "filters": {"type": "object", "additionalProperties": _STR},
            "page": _INT,
            "per_page": _INT,
            "total": _INT,
            "pages": _INT,
            "totals": {"$ref": "#/components/schemas/StatisticsRow"},
            "exact": {"type": "boolean", "description": "True for analysts and the zone's coordinator"},
            "suppression": _STR,
            "computed_at": {"type": "string", "format": "date-time", "nullable": True},
            "licence": {"$ref": "#/components/schemas/Licence"},
            "attribution": _STR,
            "generated_at": {"type": "string", "format": "date-time"},
        }
    ),
}

PATHS = {
    "/statistics": {
        "get": {
            "summary": (
                "Participation figures, one row per comune, zone, actor type, Driver or week: proposals, "
                "supports, comments, distinct participants, per 1,000 inhabitants. Counts of 1 to 4 "
                "participants are null (and one complementary cell where a total would give one away)."
            ),
            "operationId": "statistics",
            "parameters": [
                {
                    "name": "by",
                    "in": "query",
                    "schema": {"type": "string", "enum": list(BREAKDOWNS), "default": "comune"},
                },
                {"name": "consultation", "in": "query", "schema": _STR, "description": "Id or slug"},
                {"name": "zone", "in": "query", "schema": _STR, "description": "Zone slug, e.g. nord-ovest"},
            ],
            "responses": {
                "200": {
                    "description": "The rows of one breakdown",
                    "content": {
                        "application/json": {
                            "schema": _object(
                                {
                                    "data": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/StatisticsRow"},
                                    },
                                    "meta": {"$ref": "#/components/schemas/StatisticsMeta"},
                                    "links": {"$ref": "#/components/schemas/Links"},
                                }
                            )
                        }
                    },
                },
                "400": {
                    "description": "A parameter is not valid",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        }
    }
}
