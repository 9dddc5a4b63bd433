"""Who may do what: the single place where permissions are decided.

Routes call :func:`require` (or :func:`can`) before acting; templates call ``can`` (it is
a Jinja global) to decide what to show. Services re-check with :func:`require` so the CLI,
the API and background jobs obey the same rules.
"""

from __future__ import annotations

from collections.abc import Callable

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


def _can_view_proposal(actor, proposal) -> bool:
    if proposal.state == "published":
        return True
    # Authors see their own in every state; moderators see everything to moderate it.
    return _is_author(actor, proposal) or _role(actor, "moderator")


def _can_view_comment(actor, comment) -> bool:
    """A hidden comment is hidden everywhere except to moderators and its author: its page,
    its text, its id and anchor (issue 13, finding 2). Its proposal must be visible too."""
    if comment is None or not _can_view_proposal(actor, comment.proposal):
        return False
    if comment.state == "published":
        return True
    user = _user(actor)
    return (user is not None and comment.author_id == user.id) or _role(actor, "moderator")


def _can_flag_comment(actor, comment) -> bool:
    """Only a published comment, on a proposal one may interact with, can be reported."""
    return comment is not None and comment.state == "published" and _can_interact(actor, comment.proposal)


def _can_manage_consultation(actor, consultation) -> bool:
    if _role(actor, "admin"):
        return True
    if consultation is None:
        # Creating: any zone coordinator may create one for their zone.
        return bool(_user(actor) and _user(actor).coordinated_zone_ids())
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
    return _role(actor, "moderator") and not _is_own(actor, obj)


def _can_edit_proposal(actor, proposal) -> bool:
    return _is_author(actor, proposal) and proposal.state in ("draft", "changes_requested", "submitted")


def _can_withdraw_proposal(actor, proposal) -> bool:
    return _is_author(actor, proposal) and proposal.state in (
        "draft",
        "submitted",
        "changes_requested",
        "published",
    )


def _can_interact(actor, proposal) -> bool:
    """Support, comment and flag need a confirmed account and a published proposal."""
    return _confirmed(actor) and proposal is not None and proposal.state == "published"


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
}


def _can_use_attachments(actor, owner_pair, which: int) -> bool:
    kind, owner = owner_pair
    rules = ATTACHMENT_RULES.get(kind)
    return rules is not None and owner is not None and can(actor, rules[which], owner)


RULES: dict[str, Callable] = {
    # visitors
    "proposal.view": lambda a, p: _can_view_proposal(a, p),
    # citizens
    "proposal.create": lambda a, c: _confirmed(a),
    "proposal.edit": _can_edit_proposal,
    "proposal.withdraw": _can_withdraw_proposal,
    "proposal.support": _can_interact,
    "proposal.comment": _can_interact,
    "proposal.flag": _can_interact,
    "comment.view": _can_view_comment,
    "comment.flag": _can_flag_comment,
    # Taking one's support back is always possible (even if the proposal was hidden since).
    "proposal.unsupport": lambda a, p: _user(a) is not None,
    # The state history and moderation reasons: the author and moderators.
    "proposal.history": lambda a, p: _is_author(a, p) or _role(a, "moderator"),
    "consultation.follow": lambda a, c: _confirmed(a),
    "representation.request": lambda a, _: _confirmed(a),
    # An organisation's page and name are public once a first representative is verified.
    "organisation.view": lambda a, o: o is not None and (o.is_public or _role(a, "admin")),
    # consultation owners
    "consultation.create": lambda a, _: _can_manage_consultation(a, None),
    "consultation.edit": _can_manage_consultation,
    # moderators (they see everything; they decide on anything but their own)
    "moderation.view": lambda a, _: _role(a, "moderator"),
    "moderation.decide": _can_moderate,
    # representatives
    "representation.view": _can_view_representation,
    "representation.decide": _can_decide_representation,
    "representation.revoke": lambda a, _: _role(a, "admin"),
    "representation.list": lambda a, _: (
        _role(a, "admin") or bool(_user(a) and _user(a).coordinated_zone_ids())
    ),
    # plan office
    "synthesis.manage": lambda a, _: _role(a, "analyst"),
    # Official answers: analysts (and admins), on published proposals only, never their own.
    "proposal.answer": lambda a, p: (
        _role(a, "analyst") and (p is None or (p.state == "published" and not _is_own(a, p)))
    ),
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


def require(actor, action: str, obj=None) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` may perform ``action`` on ``obj``."""
    if not can(actor, action, obj):
        raise PermissionDenied()
