"""Who may do what: the single place where permissions are decided.

Routes call :func:`require` (or :func:`can`) before acting; templates call ``can`` (it is
a Jinja global) to decide what to show. Services re-check with :func:`require` so the CLI,
the API and background jobs obey the same rules.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from app.errors import PermissionDenied

# Rules take (actor, obj) and return a bool. ``actor`` may be anonymous (None or an
# AnonymousUserMixin); helpers below normalise it.


def _user(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if not getattr(actor, "is_active", True):
        return None
    return actor


def _confirmed(actor) -> bool:
    user = _user(actor)
    return user is not None and user.is_confirmed


def _role(actor, role: str) -> bool:
    user = _user(actor)
    return user is not None and (user.has_role(role) or user.has_role("admin"))


def _is_author(actor, proposal) -> bool:
    user = _user(actor)
    return user is not None and proposal is not None and proposal.author_id == user.id


def _coordinates_zone(actor, zone_id) -> bool:
    user = _user(actor)
    return user is not None and zone_id is not None and zone_id in user.coordinated_zone_ids()


def _consultation_of(obj):
    """The consultation a proposal, a comment or a flag belongs to (a consultation: itself)."""
    proposal = getattr(obj, "proposal", None) or obj
    return getattr(proposal, "consultation", proposal)


def _moderates(actor, obj) -> bool:
    """Moderators moderate everything; a zone coordinator, the content of the consultations
    scoped to their zone (issue 15). ``obj`` None: any content; a list: every item of it."""
    if _role(actor, "moderator"):
        return True
    if obj is None:
        return _coordinates_any_zone(actor)
    if isinstance(obj, list | tuple):
        return all(_moderates(actor, item) for item in obj)
    consultation = _consultation_of(obj)
    return consultation.scope == "zone" and _coordinates_zone(actor, consultation.zone_id)


def moderated_zones(actor) -> set[int] | None:
    """The zones whose consultations ``actor``'s moderation queue lists: None for all of them
    (moderators), the coordinated zones for a zone coordinator."""
    return None if _role(actor, "moderator") else _user(actor).coordinated_zone_ids()


def _can_view_proposal(actor, proposal) -> bool:
    if proposal.state == "published":
        return True
    # Authors see their own in every state; moderators see what they moderate.
    return _is_author(actor, proposal) or _moderates(actor, proposal)


def _can_view_comment(actor, comment) -> bool:
    """A hidden comment is hidden everywhere except to moderators and its author: its page,
    its text, its id and anchor (issue 13, finding 2). Its proposal must be visible too."""
    if comment is None or not _can_view_proposal(actor, comment.proposal):
        return False
    if comment.state == "published":
        return True
    user = _user(actor)
    return (user is not None and comment.author_id == user.id) or _moderates(actor, comment)


def _can_flag_comment(actor, comment) -> bool:
    """Only a published comment, on a proposal one may interact with, can be reported."""
    return comment is not None and comment.state == "published" and _can_interact(actor, comment.proposal)


def _can_manage_consultation(actor, consultation) -> bool:
    if _role(actor, "admin"):
        return True
    if consultation is None:
        # Creating: any zone coordinator may create one for their zone.
        return _coordinates_any_zone(actor)
    return consultation.scope == "zone" and _coordinates_zone(actor, consultation.zone_id)


def _coordinates_any_zone(actor) -> bool:
    user = _user(actor)
    return user is not None and bool(user.coordinated_zone_ids())


def _can_work_on_synthesis(actor, consultation) -> bool:
    """Start theme runs, curate themes, read cross-readings and gaps (issue 15).

    The plan office's analysts (and admins) on every consultation; a zone coordinator on
    the consultations scoped to their zone (``None`` — the workspace's list — lets any
    coordinator in, and the list shows their zone only). Publishing a synthesis and the
    official answers stay with the plan office: see ``synthesis.manage``.
    """
    if _role(actor, "analyst"):
        return True
    if consultation is None:
        return _coordinates_any_zone(actor)
    return consultation.scope == "zone" and _coordinates_zone(actor, consultation.zone_id)


def _can_view_representation(actor, representation) -> bool:
    if _role(actor, "admin"):
        return True
    # A zone coordinator verifies representatives of the comuni of their zone.
    if representation is not None and representation.kind == "comune" and representation.comune:
        return _coordinates_zone(actor, representation.comune.zone_id)
    return False


# --- four eyes: nobody decides on their own request or content (issue 13, finding 6) ---------


def _is_own(actor, obj) -> bool:
    """True if ``obj`` is ``actor``'s own: the proposal or comment they wrote, the
    representation they asked for, a report they made or one about their own content."""
    user = _user(actor)
    if user is None or obj is None:
        return False
    if isinstance(obj, list | tuple):
        return any(_is_own(actor, item) for item in obj)
    if getattr(obj, "reporter_id", None) is not None:  # a flag: its reporter, and its target's author
        target = obj.comment if obj.comment_id is not None else obj.proposal
        return obj.reporter_id == user.id or _is_own(actor, target)
    owner = getattr(obj, "author_id", None)
    if owner is None:
        owner = getattr(obj, "user_id", None)  # a representation
    return owner == user.id


def _can_decide_representation(actor, representation) -> bool:
    return _can_view_representation(actor, representation) and not _is_own(actor, representation)


def _can_moderate(actor, obj) -> bool:
    """Publish, reject, ask for changes, hide, restore, mark as duplicate (proposals), hide
    or restore (comments), uphold or dismiss (a flag, or the open flags on one target)."""
    return _moderates(actor, obj) and not _is_own(actor, obj)


def _can_edit_proposal(actor, proposal) -> bool:
    return _is_author(actor, proposal) and proposal.state in ("draft", "changes_requested", "submitted")


def _can_withdraw_proposal(actor, proposal) -> bool:
    return _is_author(actor, proposal) and proposal.state in (
        "draft",
        "submitted",
        "changes_requested",
        "published",
    )


def _verified_where_required(actor, consultation) -> bool:
    """A consultation may accept proposals and supports only from SPID/CIE identities (app/identity)."""
    if consultation is None or not getattr(consultation, "requires_verified_identity", False):
        return True
    user = _user(actor)
    return user is not None and user.is_identity_verified


def _can_support(actor, proposal) -> bool:
    return _can_interact(actor, proposal) and _verified_where_required(actor, proposal.consultation)


def _can_interact(actor, proposal) -> bool:
    """Support, comment and flag need a confirmed account, a published proposal and a
    consultation that is not closed (issue 15: a closed consultation's counts are final).
    Routes answer 409 for a closed consultation before asking this (see
    ``community.require_open``), so the refusal says why instead of a bare 403."""
    return (
        _confirmed(actor)
        and proposal is not None
        and proposal.state == "published"
        and not proposal.consultation.is_closed
    )


def _can_manage_meeting(actor, meeting) -> bool:
    """Analysts and admins organise every meeting; a zone coordinator, the assemblies of their zone.

    ``meeting`` may be None (may the actor create any meeting?) or a ``(kind, zone_id)`` pair
    for one about to be created.
    """
    if _role(actor, "analyst"):
        return True
    if meeting is None:
        return bool(_user(actor) and _user(actor).coordinated_zone_ids())
    kind, zone_id = meeting if isinstance(meeting, tuple) else (meeting.kind, meeting.zone_id)
    return kind == "zone_assembly" and _coordinates_zone(actor, zone_id)


def _can_register_to_meeting(actor, meeting) -> bool:
    return (
        _confirmed(actor) and meeting is not None and not meeting.is_cancelled and not meeting.has_started()
    )


def _can_view_minutes(actor, meeting) -> bool:
    return meeting is not None and (meeting.has_minutes or _can_manage_meeting(actor, meeting))


# --- attachments: who sees and who adds the documents of each kind of owner ------------------


def _can_attach_to_proposal(actor, proposal) -> bool:
    """The author adds a position paper while the proposal is theirs to keep up (not hidden,
    withdrawn or rejected)."""
    return _is_author(actor, proposal) and proposal.state in (
        "draft",
        "submitted",
        "changes_requested",
        "published",
    )


def _can_attach_to_representation(actor, representation) -> bool:
    """The requester adds the delibera di delega while the request waits for a decision."""
    user = _user(actor)
    return (
        user is not None
        and representation is not None
        and representation.user_id == user.id
        and representation.status == "pending"
    )


def _can_view_representation_documents(actor, representation) -> bool:
    """Private to the requester and to those who verify the request."""
    user = _user(actor)
    if user is not None and representation is not None and representation.user_id == user.id:
        return True
    return _can_view_representation(actor, representation)


# For each kind of owner (app.documents.owners): the rule to see its documents, and to add or remove them.
ATTACHMENT_RULES: dict[str, tuple[str, str]] = {
    "proposal": ("proposal.view", "proposal.attach"),
    "consultation": ("consultation.view", "consultation.edit"),
    "meeting": ("meeting.view_minutes", "meeting.manage"),
    "representation": ("representation.view_documents", "representation.attach"),
    # Documents of a plan action's update: public like the action's page; analysts add and remove them.
    "action_update": ("action_update.view", "action.report"),
}


def _can_use_attachments(actor, owner_pair, which: int) -> bool:
    kind, owner = owner_pair
    rules = ATTACHMENT_RULES.get(kind)
    return rules is not None and owner is not None and can(actor, rules[which], owner)


RULES: dict[str, Callable] = {
    # visitors
    "proposal.view": lambda a, p: _can_view_proposal(a, p),
    # citizens
    "proposal.create": lambda a, c: _confirmed(a) and _verified_where_required(a, c),
    "proposal.edit": _can_edit_proposal,
    "proposal.withdraw": _can_withdraw_proposal,
    "proposal.support": _can_support,
    "proposal.comment": _can_interact,
    # Authors do not report their own proposal (they can edit or withdraw it).
    "proposal.flag": lambda a, p: _can_interact(a, p) and not _is_author(a, p),
    "comment.view": _can_view_comment,
    "comment.flag": _can_flag_comment,
    # Taking one's support back is always possible (even if the proposal was hidden since).
    "proposal.unsupport": lambda a, p: _user(a) is not None,
    # The state history and moderation reasons: the author and moderators.
    "proposal.history": lambda a, p: _is_author(a, p) or _moderates(a, p),
    "consultation.follow": lambda a, c: _confirmed(a),
    # Following one proposal (its comments, its answer): also once the consultation has
    # closed, when the answer is what people wait for. Its author hears of everything anyway.
    "proposal.follow": lambda a, p: (
        _confirmed(a) and p is not None and p.state == "published" and not _is_author(a, p)
    ),
    "representation.request": lambda a, _: _confirmed(a),
    # An organisation's page and name are public once a first representative is verified.
    "organisation.view": lambda a, o: o is not None and (o.is_public or _role(a, "admin")),
    # consultation owners
    "consultation.create": lambda a, _: _can_manage_consultation(a, None),
    "consultation.edit": _can_manage_consultation,
    # The zones a consultation may be opened for: any for admins, their own for coordinators.
    "consultation.zone": lambda a, z: (
        _role(a, "admin")
        or (_user(a) is not None and z is not None and z.id in _user(a).coordinated_zone_ids())
    ),
    # moderators (they see everything; they decide on anything but their own), and zone
    # coordinators on their zone's consultations; obj: a proposal, comment, flag(s) or None
    "moderation.view": _moderates,
    "moderation.decide": _can_moderate,
    # The moderation acts of the audit log, read-only (moderators answer for each other's acts).
    "moderation.log": lambda a, _: _role(a, "moderator"),
    # representatives
    "representation.view": _can_view_representation,
    "representation.decide": _can_decide_representation,
    "representation.revoke": lambda a, _: _role(a, "admin"),
    "representation.list": lambda a, _: _role(a, "admin") or _coordinates_any_zone(a),
    # plan office: publishing syntheses and official answers
    "synthesis.manage": lambda a, _: _role(a, "analyst"),
    # Exact small counts in the statistics: the plan office everywhere, a zone's
    # coordinator on the figures of that zone (obj: the zone id of the figures, or None).
    "statistics.exact": lambda a, zone_id: _role(a, "analyst") or _coordinates_zone(a, zone_id),
    # the themes workspace: the plan office, and zone coordinators for their zone's consultations
    "synthesis.work": _can_work_on_synthesis,
    # "La mia zona": the zone coordinators' area
    "zone.coordinate": lambda a, _: _coordinates_any_zone(a),
    # Official answers: analysts (and admins), on published proposals only, never their own.
    "proposal.answer": lambda a, p: (
        _role(a, "analyst") and (p is None or (p.state == "published" and not _is_own(a, p)))
    ),
    # From the Forum to the plan (issue 17): analysts link proposals and themes to the plan's
    # actions and report their progress; admins add, edit and retire the actions themselves.
    "action.link": lambda a, _: _role(a, "analyst"),
    "action.report": lambda a, _: _role(a, "analyst"),
    "action.manage": lambda a, _: _role(a, "admin"),
    # An action's page (retired ones included) and its timeline are public.
    "action_update.view": lambda a, update: update is not None,
    # meetings (app.meetings)
    "meeting.manage": _can_manage_meeting,
    "meeting.register": _can_register_to_meeting,
    "meeting.view_minutes": _can_view_minutes,
    # documents (app.documents): obj is a (kind, owner) pair, see ATTACHMENT_RULES
    "attachment.view": lambda a, pair: _can_use_attachments(a, pair, 0),
    "attachment.manage": lambda a, pair: _can_use_attachments(a, pair, 1),
    "consultation.view": lambda a, c: c is not None,
    "proposal.attach": _can_attach_to_proposal,
    "representation.attach": _can_attach_to_representation,
    "representation.view_documents": _can_view_representation_documents,
    # admins
    "admin.access": lambda a, _: _role(a, "admin"),
    "audit.view": lambda a, _: _role(a, "admin"),
    # privacy: a person deletes their own account; an admin may delete someone's
    "account.delete": lambda a, u: (
        _user(a) is not None and u is not None and (_user(a).id == u.id or _role(a, "admin"))
    ),
}


def can(actor, action: str, obj=None) -> bool:
    """True if ``actor`` may perform ``action`` on ``obj``.

    :raises KeyError: for an unknown action, so a typo cannot silently deny or allow.
    """
    return bool(RULES[action](actor, obj))


# Actions a consultation can reserve to verified identities: how to find the consultation.
IDENTITY_GATED: dict[str, Callable] = {
    "proposal.create": lambda consultation: consultation,
    "proposal.support": lambda proposal: proposal.consultation,
}


class IdentityRequired(PermissionDenied):
    def __init__(self):
        super().__init__(
            _l(
                "This consultation accepts proposals and supports only from people who signed in with "
                "SPID or CIE. Link your digital identity from the page of your account."
            )
        )


def require(actor, action: str, obj=None) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` may perform ``action`` on ``obj``.

    :raises IdentityRequired: a confirmed person without a verified identity, in a
        consultation that requires one (the message says how to get it).
    """
    if not can(actor, action, obj):
        consultation = IDENTITY_GATED[action](obj) if action in IDENTITY_GATED and obj is not None else None
        if _confirmed(actor) and not _verified_where_required(actor, consultation):
            raise IdentityRequired()
        raise PermissionDenied()
