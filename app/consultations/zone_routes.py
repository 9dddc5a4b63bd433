"""The "La mia zona" page: a zone coordinator's home (issue 15) — the zone's consultations with what
waits for moderation, the representatives of its comuni to verify, and the way to the themes
workspace of each consultation. HTTP only: reads in the queries modules, rules in the policy.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from app import policy
from app.accounts.queries import list_representation_requests
from app.consultations import queries
from app.reference.snapshot import reference_data
from app.synthesis.readings.queries import published_synthesis_scopes

bp = Blueprint("zone", __name__, url_prefix="/la-mia-zona")

# Pending requests shown here; the full list is one link away.
REQUESTS_SHOWN = 10


@bp.get("/")
@login_required
def home():
    policy.require(current_user, "zone.coordinate")
    zone_ids = current_user.coordinated_zone_ids()
    zones = [z for z in reference_data().zones if z.id in zone_ids]  # kept per process: no query
    consultations = queries.list_zone_consultations(zone_ids)
    ids = [c.id for c in consultations]
    requests = list_representation_requests(zone_ids, "pending", 1, REQUESTS_SHOWN)
    return render_template(
        "consultations/my_zone.html",
        zones=zones,
        consultations=consultations,
        waiting=queries.count_waiting_moderation(ids),
        synthesis_scopes=published_synthesis_scopes(ids),
        requests=requests,
    )
