"""Plan actions, links and updates built directly, for the tests of app/actions."""

from __future__ import annotations

import itertools
from datetime import date

from app.actions.models import ActionLink, ActionUpdate, PlanAction
from app.extensions import db

_numbers = itertools.count(1)


def create_action(title: str | None = None, **overrides) -> PlanAction:
    n = next(_numbers)
    action = PlanAction(
        code=overrides.pop("code", f"PO-9.{n}"),
        kind=overrides.pop("kind", "project"),
        title=title or f"Progetto operativo {n}",
        policy_area=overrides.pop("policy_area", "Sostenibilità ambientale e parchi"),
        description=overrides.pop("description", "Descrizione del progetto."),
        status=overrides.pop("status", "proposed"),
        progress=overrides.pop("progress", 0),
        **overrides,
    )
    db.session.add(action)
    db.session.commit()
    return action


def link(action: PlanAction, proposal=None, theme=None, note: str = "") -> ActionLink:
    row = ActionLink(
        action_id=action.id,
        proposal_id=proposal.id if proposal is not None else None,
        theme_id=theme.id if theme is not None else None,
        note=note,
    )
    db.session.add(row)
    db.session.commit()
    return row


def add_update(action: PlanAction, status: str, progress: int, body: str = "Avanzamento.", **overrides):
    update = ActionUpdate(
        action_id=action.id,
        body=body,
        happened_on=overrides.pop("happened_on", date(2026, 6, 1)),
        dup_year=overrides.pop("dup_year", 2026),
        status=status,
        progress=progress,
        previous_status=action.status,
        previous_progress=action.progress,
    )
    action.status, action.progress, action.dup_year = status, progress, update.dup_year
    db.session.add(update)
    db.session.commit()
    return update
