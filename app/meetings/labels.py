"""Translated labels of the meetings' codes (kept here, not in app/labels.py, so the meetings
package stays self-contained)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MEETING_KINDS = {
    "forum": _l("Forum metropolitano"),
    "tavolo": _l("Tavolo metropolitano"),
    "tavolo_universita": _l("Tavolo metropolitano delle Università"),
    "zone_assembly": _l("Zone assembly"),
}

REGISTRATION_STATES = {
    "confirmed": _l("Registered"),
    "waiting": _l("On the waiting list"),
    "cancelled": _l("Withdrawn"),
}
