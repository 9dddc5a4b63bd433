"""The kinds of content that carry documents: their model and the page a document belongs on.

Who may see or add the documents of each kind is decided in :data:`app.policy.ATTACHMENT_RULES`.
``personal`` kinds hold documents about one person (a representation request's delibera
di delega): they are deleted with that person's account. The others are part of content
that stays, anonymised, when its author leaves (a position paper stays with its proposal).
A plan action's update (``action_update``) carries the documents the analysts attach when
they report progress; they show on the action's timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import url_for

from app.accounts.models import Representation
from app.actions.models import ActionUpdate
from app.consultations.models import Consultation
from app.meetings.models import Meeting
from app.proposals.models import Proposal


@dataclass(frozen=True)
class OwnerKind:
    model: type
    page: Callable[[object], str]
    title: Callable[[object], str]
    personal: bool = False


OWNER_KINDS: dict[str, OwnerKind] = {
    "proposal": OwnerKind(
        Proposal, lambda p: url_for("proposals.detail", proposal_id=p.id), lambda p: p.title
    ),
    "consultation": OwnerKind(
        Consultation, lambda c: url_for("consultations.detail", slug=c.slug), lambda c: c.title
    ),
    "meeting": OwnerKind(
        Meeting, lambda m: url_for("meetings.detail", meeting_id=m.id) + "#verbale", lambda m: m.title
    ),
    "action_update": OwnerKind(
        ActionUpdate,
        lambda u: url_for("actions.detail", action_id=u.action_id) + f"#update-{u.id}",
        lambda u: u.action.title,
    ),
    "representation": OwnerKind(
        Representation, lambda r: url_for("accounts.profile"), lambda r: r.entity_name, personal=True
    ),
}
