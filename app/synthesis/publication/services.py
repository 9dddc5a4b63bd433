"""Publishing the analysts' synthesis of a consultation (and taking it back).

A synthesis stores no figure: it points at the run it was published on, and the public page
recomputes every number from that run's memberships and the proposals still published.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app import audit, policy
from app.consultations.models import Consultation
from app.errors import DomainError, ValidationFailed
from app.extensions import db
from app.models_base import utcnow
from app.notifications.events import announce
from app.sanitize import clean_text
from app.synthesis.models import ALL_DRIVERS, Synthesis
from app.synthesis.readings.queries import get_synthesis
from app.synthesis.runs.queries import get_current_run
from app.synthesis.scope import Scope

INTRODUCTION_MAX = 10_000


def _check_scope(consultation: Consultation, scope: str) -> None:
    try:
        fits = Scope.parse(scope).fits(consultation)
    except ValueError:
        fits = False
    if not fits:
        raise ValidationFailed([("scope", _l("Choose a Driver of this consultation."))])


def publish_synthesis(
    actor, consultation: Consultation, scope: str = ALL_DRIVERS, introduction: str = ""
) -> Synthesis:
    """Publish (or re-publish) the synthesis of a consultation's scope on its current run.

    Followers of the consultation are notified the first time it becomes public and at every
    later re-publication after it was withdrawn.

    :raises PermissionDenied: unless ``actor`` may manage syntheses.
    :raises ValidationFailed: for a bad scope or an introduction that is too long.
    :raises DomainError: when the scope has no succeeded run to publish.
    """
    policy.require(actor, "synthesis.manage", consultation)
    _check_scope(consultation, scope)
    text = clean_text(introduction)
    if len(text) > INTRODUCTION_MAX:
        raise ValidationFailed(
            [("introduction", _l("Keep the introduction under %(max)d characters.", max=INTRODUCTION_MAX))]
        )
    run = get_current_run(consultation.id, scope)
    if run is None:
        raise DomainError(_l("There is no completed theme run to publish: start a run first."))
    synthesis = get_synthesis(consultation.id, scope)
    if synthesis is None:
        synthesis = Synthesis(consultation_id=consultation.id, scope=scope)
        db.session.add(synthesis)
    was_public = synthesis.status == "published"
    synthesis.status = "published"
    synthesis.run_id = run.id
    synthesis.introduction = text
    synthesis.published_at = utcnow()
    synthesis.published_by_id = actor.id
    db.session.flush()
    audit.record(
        actor,
        "synthesis.publish",
        synthesis,
        consultation_id=consultation.id,
        scope=scope,
        run_id=run.id,
        republished=was_public,
    )
    if not was_public:
        announce("synthesis_published", synthesis_id=synthesis.id)
    return synthesis


def unpublish_synthesis(actor, synthesis: Synthesis) -> Synthesis:
    """Take a published synthesis back to draft: the public page answers 404 again.

    :raises PermissionDenied: unless ``actor`` may manage syntheses.
    :raises DomainError: if it is not published.
    """
    policy.require(actor, "synthesis.manage", synthesis.consultation)
    if synthesis.status != "published":
        raise DomainError(_l("This synthesis is not published."))
    synthesis.status = "draft"
    db.session.flush()
    audit.record(
        actor,
        "synthesis.unpublish",
        synthesis,
        consultation_id=synthesis.consultation_id,
        scope=synthesis.scope,
    )
    return synthesis
