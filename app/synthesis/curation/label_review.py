"""Theme labels that may carry the words of a proposal no longer public.

Labels and keywords are made from the texts of a theme's proposals. When one of them
leaves public view after the synthesis was made (hidden by a moderator or by reports,
withdrawn by its author), its words may still be in the label on the public synthesis, in
``/api/themes`` and in ``themes.csv`` (issue 13, finding 9). So every theme it belongs to is
flagged: the public sees a neutral "Theme N" without keywords until an analyst renames the
theme (:func:`app.synthesis.curation.services.rename_theme`) or confirms the label
(:func:`confirm_label`).
"""

from __future__ import annotations

from sqlalchemy import select, update

from app import audit, policy
from app.extensions import db
from app.synthesis.models import Theme, ThemeMembership
from app.synthesis.runs import queries


def withhold_labels_of(actor, proposal) -> list[int]:
    """Flag for review the label of every theme ``proposal`` is a member of (in any run).

    Called by :func:`app.proposals.workflow.change_state` when a proposal leaves the
    published state; the system acts on behalf of whoever changed the state.

    :returns: the ids of the themes newly flagged.
    """
    theme_ids = list(
        db.session.scalars(
            select(Theme.id)
            .where(
                Theme.id.in_(
                    select(ThemeMembership.theme_id).where(ThemeMembership.proposal_id == proposal.id)
                ),
                Theme.label_needs_review.is_(False),
            )
            .order_by(Theme.id)
        )
    )
    if not theme_ids:
        return []
    db.session.execute(
        update(Theme)
        .where(Theme.id.in_(theme_ids))
        .values(label_needs_review=True)
        .execution_options(synchronize_session=False)
    )
    for theme in db.session.identity_map.values():
        if isinstance(theme, Theme) and theme.id in theme_ids:
            db.session.expire(theme, ["label_needs_review"])
    audit.record(actor, "theme.label_withheld", proposal, theme_ids=theme_ids)
    return theme_ids


def confirm_label(actor, theme: Theme) -> None:
    """An analyst has read the label and keywords and keeps them: public again.

    :raises PermissionDenied: if ``actor`` may not manage syntheses.
    """
    policy.require(actor, "synthesis.work", queries.consultation_for(theme_id=theme.id))
    if theme.label_needs_review:
        theme.label_needs_review = False
        audit.record(actor, "theme.label_confirm", theme, label=theme.label)
    db.session.flush()
