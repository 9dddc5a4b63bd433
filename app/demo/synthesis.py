"""The demo's published synthesis (``flask forum publish-demo-synthesis``, run by ``make demo``
after the theme run): a newcomer sees the platform's result in the first minute (issue 15).

Only a closed consultation whose published proposals all carry an official answer is
published: that is the state in which the plan office would publish it for real.
"""

from __future__ import annotations

from app.accounts.queries import get_user_by_email
from app.consultations.models import Consultation
from app.consultations.queries import list_consultations
from app.demo.context import demo_email
from app.synthesis.answers.queries import count_answered_proposals
from app.synthesis.models import ALL_DRIVERS
from app.synthesis.publication.services import publish_synthesis
from app.synthesis.readings.queries import get_synthesis
from app.synthesis.runs.queries import get_current_run

# The local part of the demo analyst's address (app/demo/content_people.py).
ANALYST_LOCAL = "analista"

INTRODUCTION = (
    "Questa sintesi raccoglie per temi le proposte arrivate durante la consultazione. "
    "Ogni tema riunisce proposte che usano parole simili: i numeri sono calcolati sulle "
    "proposte pubblicate e ogni proposta ha ricevuto una risposta ufficiale dell'ufficio di piano."
)


def publish_demo_syntheses() -> list[Consultation]:
    """Publish the synthesis of each closed, fully answered demo consultation that has themes.

    Idempotent: a consultation whose synthesis is already published is left as it is, and
    nothing happens before the demo is loaded or before its themes are computed.

    :returns: the consultations whose synthesis this call published.
    """
    analyst = get_user_by_email(demo_email(ANALYST_LOCAL))
    if analyst is None:
        return []
    published = []
    for consultation in list_consultations():
        if not consultation.is_closed or not consultation.published_count:
            continue
        synthesis = get_synthesis(consultation.id, ALL_DRIVERS)
        if synthesis is not None and synthesis.status == "published":
            continue
        if get_current_run(consultation.id, ALL_DRIVERS) is None:
            continue
        if count_answered_proposals(consultation.id) < consultation.published_count:
            continue
        publish_synthesis(analyst, consultation, introduction=INTRODUCTION)
        published.append(consultation)
    return published
