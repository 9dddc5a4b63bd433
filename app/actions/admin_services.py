"""Admins' writes on the actions themselves, and loading the plan's actions from the data file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import audit, policy
from app.accounts.models import User
from app.actions import queries
from app.actions.models import ACTION_KINDS, PlanAction
from app.errors import ValidationFailed
from app.extensions import db
from app.sanitize import clean_line, clean_text

# Parsed once from the plan's text by scripts/parse_plan_actions.py (source noted inside).
DATA_FILE = Path(__file__).resolve().parent / "data" / "plan_actions.json"
TEXT_FIELDS = ("description", "objectives", "recipients", "partners", "resources")
MAX_TEXT_LENGTH = 20_000


@dataclass
class ActionInput:
    """What an admin writes about an action (the admin form, or a row of the data file)."""

    code: str | None
    kind: str | None
    title: str | None
    policy_area: str | None = ""
    description: str | None = ""
    objectives: str | None = ""
    recipients: str | None = ""
    partners: str | None = ""
    resources: str | None = ""
    office: str | None = ""


def _validated(data: ActionInput, action: PlanAction | None) -> dict:
    errors = []
    code = clean_line(data.code).upper()
    title = clean_line(data.title)
    values = {
        "code": code,
        "kind": data.kind,
        "title": title,
        "policy_area": clean_line(data.policy_area),
        "office": clean_line(data.office),
        **{name: clean_text(getattr(data, name)) for name in TEXT_FIELDS},
    }
    if not code:
        errors.append(("code", _l("Give the action's code in the plan (e.g. PO-3.1).")))
    elif len(code) > 20:
        errors.append(("code", _l("The code is too long (at most %(max)d characters).", max=20)))
    else:
        existing = queries.get_action_by_code(code)
        if existing is not None and existing is not action:
            errors.append(("code", _l("Another action already has this code.")))
    if data.kind not in ACTION_KINDS:
        errors.append(("kind", _l("Choose the kind of action.")))
    if not title:
        errors.append(("title", _l("Give the action's title.")))
    elif len(title) > 200:
        errors.append(("title", _l("The title is too long (at most %(max)d characters).", max=200)))
    for name, limit in (("policy_area", 120), ("office", 200)):
        if len(values[name]) > limit:
            errors.append((name, _l("Too long (at most %(max)d characters).", max=limit)))
    for name in TEXT_FIELDS:
        if len(values[name]) > MAX_TEXT_LENGTH:
            errors.append((name, _l("Too long (at most %(max)d characters).", max=MAX_TEXT_LENGTH)))
    if errors:
        raise ValidationFailed(errors)
    return values


def create_action(actor: User, data: ActionInput) -> PlanAction:
    """Add an action to the plan (a new project or agreement the plan office follows).

    :raises PermissionDenied: unless ``actor`` is an admin.
    :raises ValidationFailed: with every problem of the form at once.
    """
    policy.require(actor, "action.manage")
    action = PlanAction(**_validated(data, None), status="proposed", progress=0)
    db.session.add(action)
    db.session.flush()
    audit.record(actor, "action.create", action, code=action.code)
    return action


def edit_action(actor: User, action: PlanAction, data: ActionInput) -> PlanAction:
    """Change what the plan says about an action (not its status: that is an update's job).

    :raises PermissionDenied: unless ``actor`` is an admin.
    :raises ValidationFailed: with every problem of the form at once.
    """
    policy.require(actor, "action.manage")
    values = _validated(data, action)
    changed = [name for name, value in values.items() if getattr(action, name) != value]
    for name in changed:
        setattr(action, name, values[name])
    db.session.flush()
    if changed:
        audit.record(actor, "action.edit", action, fields=changed)
    return action


def set_action_retired(actor: User, action: PlanAction, retired: bool) -> PlanAction:
    """Retire an action (it leaves the public list; links and timeline are kept) or bring it back.

    :raises PermissionDenied: unless ``actor`` is an admin.
    """
    policy.require(actor, "action.manage")
    if action.is_retired != retired:
        action.is_retired = retired
        db.session.flush()
        audit.record(actor, "action.retire" if retired else "action.restore", action)
    return action


def read_plan_actions(path: Path = DATA_FILE) -> list[ActionInput]:
    rows = json.loads(path.read_text(encoding="utf-8"))["actions"]
    return [ActionInput(**row) for row in rows]


def load_plan_actions(path: Path = DATA_FILE) -> int:
    """Insert the plan's actions that are missing (matched by code); never overwrite what an
    admin edited, never bring back one an admin retired.

    :returns: how many actions were created.
    """
    existing = set(db.session.scalars(select(PlanAction.code)))
    created = 0
    for row in read_plan_actions(path):
        if row.code in existing:
            continue
        db.session.add(PlanAction(**_validated(row, None), status="proposed", progress=0))
        existing.add(row.code)
        created += 1
    db.session.flush()
    return created
