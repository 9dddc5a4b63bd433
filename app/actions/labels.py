"""Translated labels of the actions' codes, and the colour of their status badges."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_STATUSES = {
    "proposed": _l("Proposed"),
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "abandoned": _l("Abandoned"),
}

ACTION_KINDS = {
    "project": _l("Operational project"),
    "agreement": _l("Agreement (intesa)"),
}

# Bootstrap Italia badge colours, every one at least 5:1 with white text (as app/main/helpers.py).
STATUS_COLOURS = {
    "proposed": "secondary",
    "planned": "primary",
    "in_progress": "warning",
    "completed": "success",
    "abandoned": "dark",
}


def status_label(code: str | None) -> str:
    return str(ACTION_STATUSES.get(code, code or ""))


def kind_label(code: str | None) -> str:
    return str(ACTION_KINDS.get(code, code or ""))
