"""Rules and writes of a proposal's life on the author's side.

Submit, save as draft, edit, resubmit, withdraw (supports, comments and flags are in
:mod:`app.proposals.community`). Every function
takes the acting user, only flushes, and raises :mod:`app.errors` exceptions; the route
commits once. State changes go through :func:`app.proposals.workflow.change_state`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app import audit
from app.accounts.models import Organisation
from app.accounts.queries import list_verified_entities_for
from app.consultations.models import Consultation
from app.consultations.services import ensure_collection_open
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.policy import require
from app.proposals import queries
from app.proposals.models import SCOPES, Proposal
from app.proposals.workflow import change_state, creation_state, enter_creation_state, record_creation
from app.reference.models import Comune
from app.reference.snapshot import reference_data
from app.sanitize import clean_line, clean_text

TITLE_MIN, TITLE_MAX = 10, 200
SUMMARY_MAX = 1000
TEXT_MAX = 5000
LONG_TEXT_FIELDS = ("need", "action", "expected_results", "actors_involved")


@dataclass
class ProposalInput:
    """What the submission form sends; field names match the form's so errors map back."""

    title: str = ""
    summary: str = ""
    need: str = ""
    action: str = ""
    expected_results: str = ""
    actors_involved: str = ""
    driver_id: int | None = None
    missions: list[int] = field(default_factory=list)
    keywords: list[int] = field(default_factory=list)
    scope: str = "metropolitan"
    zone_id: int | None = None
    comuni: list[int] = field(default_factory=list)
    # "" (own name), "organisation:<id>" or "comune:<id>"
    on_behalf: str = ""
    submission_token: str = ""


# --- helpers ----------------------------------------------------------------------


def entity_value(representation) -> str:
    """The form value naming a verified representation's entity."""
    if representation.kind == "organisation":
        return f"organisation:{representation.organisation_id}"
    return f"comune:{representation.comune_id}"


def resolve_entity(actor, value: str | None) -> tuple[Organisation | None, Comune | None]:
    """The organisation or comune ``actor`` speaks for, from a form value.

    :raises ValidationFailed: ``actor`` is not a verified representative of it.
    """
    if not value:
        return None, None
    for representation in list_verified_entities_for(actor):
        if entity_value(representation) == value:
            if representation.kind == "organisation":
                return representation.organisation, None
            return None, representation.comune
    raise ValidationFailed([("on_behalf", _l("You are not a verified representative of this entity."))])


def actor_type_id(organisation: Organisation | None, comune: Comune | None) -> int:
    """The actor type recorded for statistics: the entity's, or "cittadino"."""
    if organisation is not None:
        return organisation.actor_type_id
    return reference_data().actor_type_id("comune" if comune is not None else "cittadino")


def allowed_scopes(consultation: Consultation) -> tuple[str, ...]:
    """A zone's consultation is about that zone or some of its comuni."""
    if consultation.scope == "zone":
        return ("zone", "comuni")
    return SCOPES


def _validate(consultation: Consultation, data: ProposalInput, final: bool) -> tuple[dict, list]:
    """Clean every field and gather every error (a draft only needs a title).

    :returns: the cleaned values and the list of ``(field, message)`` errors.
    """
    errors: list[tuple[str, object]] = []
    values: dict = {"title": clean_line(data.title), "summary": clean_text(data.summary)}
    for name in LONG_TEXT_FIELDS:
        values[name] = clean_text(getattr(data, name))

    title = values["title"]
    if not title:
        errors.append(("title", _l("Enter a title.")))
    elif len(title) > TITLE_MAX:
        errors.append(("title", _l("The title must be at most %(n)d characters long.", n=TITLE_MAX)))
    elif final and len(title) < TITLE_MIN:
        errors.append(("title", _l("The title must be at least %(n)d characters long.", n=TITLE_MIN)))
    if final and not values["summary"]:
        errors.append(("summary", _l("Enter a short summary.")))
    if len(values["summary"]) > SUMMARY_MAX:
        errors.append(("summary", _l("The summary must be at most %(n)d characters long.", n=SUMMARY_MAX)))
    if final and not values["action"]:
        errors.append(("action", _l("Describe the action you propose.")))
    for name in LONG_TEXT_FIELDS:
        if len(values[name]) > TEXT_MAX:
            errors.append((name, _l("This text must be at most %(n)d characters long.", n=TEXT_MAX)))

    driver_ids = {d.id for d in consultation.drivers}
    if data.driver_id is None:
        if final:
            errors.append(("driver_id", _l("Choose the Driver your proposal belongs to.")))
    elif data.driver_id not in driver_ids:
        errors.append(("driver_id", _l("Choose one of the Drivers this consultation covers.")))
    values["driver_id"] = data.driver_id if data.driver_id in driver_ids else None

    values["missions"] = queries.get_missions(sorted(set(data.missions)))
    if len(values["missions"]) != len(set(data.missions)):
        errors.append(("missions", _l("Choose missions from the list.")))
    values["keywords"] = queries.get_keywords(sorted(set(data.keywords)))
    if len(values["keywords"]) != len(set(data.keywords)):
        errors.append(("keywords", _l("Choose keywords from the list.")))

    errors += _validate_scope(consultation, data, final, values)
    return values, errors


def _validate_scope(consultation: Consultation, data: ProposalInput, final: bool, values: dict) -> list:
    errors: list[tuple[str, object]] = []
    scope = data.scope or allowed_scopes(consultation)[0]
    if scope not in allowed_scopes(consultation):
        errors.append(("scope", _l("Choose the territorial scope from the list.")))
    values.update(scope=scope, zone_id=None, comuni=[])
    if scope == "zone":
        if consultation.scope == "zone":
            # The only zone possible is the consultation's own.
            values["zone_id"] = consultation.zone_id
        elif data.zone_id is None:
            if final:
                errors.append(("zone_id", _l("Choose the zone your proposal is about.")))
        elif data.zone_id not in {z.id for z in _zones()}:
            errors.append(("zone_id", _l("Choose a zone from the list.")))
        else:
            values["zone_id"] = data.zone_id
    elif scope == "comuni":
        allowed = {c.id for c in queries.list_comuni_for(consultation)}
        chosen = sorted(set(data.comuni))
        if any(comune_id not in allowed for comune_id in chosen):
            errors.append(("comuni", _l("Choose comuni from the list.")))
        elif final and not chosen:
            errors.append(("comuni", _l("Choose at least one comune.")))
        # The relationship needs ORM objects: only the chosen ones are loaded.
        values["comuni"] = queries.get_comuni([c for c in chosen if c in allowed])
    return errors


def _zones():
    return reference_data().zones


def _apply(proposal: Proposal, values: dict) -> None:
    for name in ("title", "summary", *LONG_TEXT_FIELDS, "driver_id", "scope", "zone_id"):
        setattr(proposal, name, values[name])
    proposal.missions = values["missions"]
    proposal.keywords = values["keywords"]
    proposal.comuni = values["comuni"]


def _publish_or_queue(proposal: Proposal, actor) -> None:
    """Send the proposal to moderation, or publish it when the consultation is post-moderated."""
    target = "submitted" if proposal.consultation.is_premoderated else "published"
    change_state(proposal, target, actor, expected_state=proposal.state)


# --- proposals ----------------------------------------------------------------------


def submit_proposal(
    actor, consultation: Consultation, data: ProposalInput, *, final: bool
) -> tuple[Proposal, bool]:
    """Create a proposal as a draft (``final`` False) or submit it (``final`` True).

    A retried request (double click, reload) carries the same ``submission_token``: the
    proposal it already made is returned instead of a second one.

    :returns: the proposal and whether it was created by this call.
    :raises PermissionDenied: ``actor`` may not submit (not logged in or not confirmed).
    :raises DomainError: the consultation is not collecting proposals.
    :raises ValidationFailed: a field is missing or wrong; nothing is created.
    """
    require(actor, "proposal.create", consultation)
    existing = _proposal_by_token(actor, data.submission_token)
    if existing is not None:
        return existing, False
    ensure_collection_open(consultation)
    values, errors = _validate(consultation, data, final)
    try:
        organisation, comune = resolve_entity(actor, data.on_behalf)
    except ValidationFailed as error:
        errors += error.errors
    if errors:
        raise ValidationFailed(errors)

    proposal = Proposal(
        consultation=consultation,
        author_id=actor.id,
        organisation_id=organisation.id if organisation else None,
        on_behalf_comune_id=comune.id if comune else None,
        actor_type_id=actor_type_id(organisation, comune),
        submission_token=data.submission_token or None,
    )
    _apply(proposal, values)
    enter_creation_state(proposal, creation_state(consultation, final))
    try:
        # A savepoint: if a concurrent retry inserted the same token first, only this
        # insert is undone and the other request's proposal is returned.
        with db.session.begin_nested():
            db.session.add(proposal)
            db.session.flush()
    except IntegrityError:
        existing = _proposal_by_token(actor, data.submission_token)
        if existing is None:
            raise Conflict(_l("This form was already used. Please reload the page.")) from None
        return existing, False
    record_creation(proposal, actor)
    db.session.flush()
    return proposal, True


def _proposal_by_token(actor, token: str) -> Proposal | None:
    existing = queries.find_proposal_by_token(token)
    if existing is not None and existing.author_id == actor.id:
        return existing
    if existing is not None:
        raise Conflict(_l("This form was already used. Please reload the page."))
    return None


def update_proposal(actor, proposal: Proposal, data: ProposalInput, *, final: bool) -> Proposal:
    """Edit a proposal that is not public yet; with ``final`` also (re)submit it.

    A proposal awaiting moderation stays complete: it is always validated in full.
    A draft is submitted only while the consultation collects proposals; a proposal
    sent back with "changes requested" may be resubmitted later, since the moderator
    asked for it.

    :raises PermissionDenied: not the author, or the state does not allow editing.
    :raises DomainError: submitting a draft outside the collection phase.
    :raises ValidationFailed: a field is missing or wrong; nothing is changed.
    """
    require(actor, "proposal.edit", proposal)
    final = final or proposal.state == "submitted"
    values, errors = _validate(proposal.consultation, data, final)
    if errors:
        raise ValidationFailed(errors)
    if final and proposal.state == "draft":
        ensure_collection_open(proposal.consultation)
    _apply(proposal, values)
    audit.record(actor, "proposal.edit", proposal)
    if final and proposal.state in ("draft", "changes_requested"):
        _publish_or_queue(proposal, actor)
    db.session.flush()
    return proposal


def withdraw_proposal(actor, proposal: Proposal, reason: str = "") -> Proposal:
    """The author withdraws the proposal (it stays in the history, out of public view).

    :raises PermissionDenied: not the author, or already final.
    :raises Conflict: the proposal changed state meanwhile.
    """
    require(actor, "proposal.withdraw", proposal)
    change_state(proposal, "withdrawn", actor, clean_text(reason), expected_state=proposal.state)
    return proposal
