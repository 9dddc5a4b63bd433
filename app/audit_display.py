"""The audit log in words: an entry's action, object and details as a reader says them.

The log stores codes (``theme.answer``, ``previous_kind: None``) so that it stays
stable whatever the language; this module turns them into sentences in the reader's
language for the admin's and the moderators' log pages. A code without a label is
shown as it is (a new action is readable at once, and a test lists the missing ones).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import labels

ACTIONS = {
    "account.delete": _l("Account deleted"),
    "account.purge_unconfirmed": _l("Unconfirmed accounts deleted"),
    "actor_type.update": _l("Actor type edited"),
    "comment.auto_hide": _l("Comment hidden automatically after reports"),
    "comment.create": _l("Comment written"),
    "comment.hide": _l("Comment hidden"),
    "comment.restore": _l("Comment shown again"),
    "comune.update": _l("Comune edited"),
    "consultation.close_early": _l("Consultation closed early"),
    "consultation.create": _l("Consultation created"),
    "consultation.edit": _l("Consultation edited"),
    "demo.load": _l("Demo data loaded"),
    "driver.update": _l("Driver edited"),
    "flag.create": _l("Content reported"),
    "flag.dismiss": _l("Reports dismissed"),
    "flag.uphold": _l("Reports upheld"),
    "keyword.update": _l("Vision keyword edited"),
    "mission.update": _l("PNRR mission edited"),
    "component.update": _l("PNRR component edited"),
    "organisation.create": _l("Organisation created"),
    "organisation.update": _l("Organisation edited"),
    "proposal.answer": _l("Official answer given"),
    "proposal.auto_hide": _l("Proposal hidden automatically after reports"),
    "proposal.changes_requested": _l("Changes requested to the proposal"),
    "proposal.create": _l("Proposal created"),
    "proposal.draft": _l("Proposal saved as a draft"),
    "proposal.edit": _l("Proposal edited"),
    "proposal.hidden": _l("Proposal hidden"),
    "proposal.hide": _l("Proposal hidden"),
    "proposal.mark_duplicate": _l("Proposal marked as a duplicate"),
    "proposal.publish": _l("Proposal published"),
    "proposal.published": _l("Proposal published"),
    "proposal.reject": _l("Proposal rejected"),
    "proposal.request_changes": _l("Changes requested to the proposal"),
    "proposal.restore": _l("Proposal published again"),
    "proposal.submitted": _l("Proposal sent for review"),
    "proposal.withdrawn": _l("Proposal withdrawn by its author"),
    "representation.refuse": _l("Representation refused"),
    "representation.request": _l("Representation requested"),
    "representation.revoke": _l("Representation revoked"),
    "representation.verify": _l("Representation verified"),
    "role.grant": _l("Role granted"),
    "role.revoke": _l("Role taken away"),
    "synthesis.merge": _l("Themes merged"),
    "synthesis.move": _l("Proposal moved to another theme"),
    "synthesis.note": _l("Note written on a theme"),
    "synthesis.pin": _l("Representative proposal pinned"),
    "synthesis.publish": _l("Synthesis published"),
    "synthesis.rename": _l("Theme renamed"),
    "synthesis.run_fail": _l("Theme run failed"),
    "synthesis.run_start": _l("Theme run started"),
    "synthesis.run_succeed": _l("Theme run finished"),
    "synthesis.split": _l("Theme split"),
    "synthesis.unpin": _l("Representative proposal unpinned"),
    "synthesis.unpublish": _l("Synthesis taken back to draft"),
    "theme.answer": _l("Official answer given to a whole theme"),
    "theme.label_confirm": _l("Theme name confirmed"),
    "theme.label_withheld": _l("Theme name withheld"),
    "user.create": _l("Account created"),
    "zone.update": _l("Zone edited"),
}

OBJECT_TYPES = {
    "actor_types": _l("Actor type"),
    "comments": _l("Comment"),
    "comuni": _l("Comune"),
    "consultations": _l("Consultation"),
    "drivers": _l("Driver"),
    "flags": _l("Report"),
    "organisations": _l("Organisation"),
    "proposals": _l("Proposal"),
    "representations": _l("Representation"),
    "syntheses": _l("Synthesis"),
    "system": _l("The platform"),
    "theme_runs": _l("Theme run"),
    "themes": _l("Theme"),
    "users": _l("Account"),
    "zones": _l("Zone"),
}

DETAILS = {
    "answer_kind": _l("Answer"),
    "by_self": _l("By the person themselves"),
    "comment_id": _l("Comment"),
    "consultation_id": _l("Consultation"),
    "count": _l("How many"),
    "counted_flag_ids": _l("Reports counted"),
    "curation_act": _l("Curation act"),
    "dates": _l("Phase dates"),
    "days": _l("Days"),
    "description": _l("Description"),
    "entity": _l("On behalf of"),
    "flag_ids": _l("Reports"),
    "from_state": _l("From"),
    "k": _l("Number of themes asked"),
    "keep_existing": _l("Existing answers kept"),
    "kind": _l("Answer"),
    "label": _l("Name"),
    "missions": _l("PNRR missions"),
    "name": _l("Name"),
    "note": _l("Note"),
    "open_flag_ids": _l("Open reports"),
    "other_theme_id": _l("Other theme"),
    "people": _l("Distinct people"),
    "population": _l("Population"),
    "position": _l("Position"),
    "previous_kind": _l("Previous answer"),
    "proposal_id": _l("Proposal"),
    "proposals": _l("Proposals"),
    "reason": _l("Reason"),
    "republished": _l("Published again"),
    "role": _l("Role"),
    "roles": _l("Roles"),
    "run_id": _l("Theme run"),
    "scope": _l("Scope"),
    "seed": _l("Seed"),
    "theme_id": _l("Theme"),
    "theme_ids": _l("Themes"),
    "themes": _l("Themes"),
    "title": _l("Title"),
    "to_state": _l("To"),
    "value": _l("Value"),
    "zone": _l("Zone"),
    "zone_id": _l("Zone"),
}

# Details whose value is a code with a translated label.
_CODED = {
    "answer_kind": labels.ANSWER_KINDS,
    "kind": labels.ANSWER_KINDS,
    "previous_kind": labels.ANSWER_KINDS,
    "from_state": labels.PROPOSAL_STATES,
    "to_state": labels.PROPOSAL_STATES,
    "role": labels.ROLES,
    "roles": labels.ROLES,
    "scope": labels.SCOPES,
}
# Details holding ids of rows: shown as "#12".
_IDS = {
    "comment_id",
    "consultation_id",
    "counted_flag_ids",
    "curation_act",
    "flag_ids",
    "open_flag_ids",
    "other_theme_id",
    "proposal_id",
    "run_id",
    "theme_id",
    "theme_ids",
    "zone_id",
}


@dataclass(frozen=True)
class Detail:
    label: str
    value: str


def action_label(code: str) -> str:
    """The action in words (the code itself when it has no label yet)."""
    return str(ACTIONS.get(code, code))


def object_label(object_type: str, object_id: int | None) -> str:
    name = str(OBJECT_TYPES.get(object_type, object_type))
    return f"{name} #{object_id}" if object_id else name


def describe_details(details: dict | None) -> list[Detail]:
    """The details worth reading, each with its label and a value in words.

    Empty values (``None``, ``""``, ``[]``) are left out: "previous answer: none" says
    nothing a reader needs; ``False`` is kept (it is a fact: "published again: no").
    """
    described = []
    for key, value in (details or {}).items():
        if value is None or value == "" or value == []:
            continue
        described.append(Detail(str(DETAILS.get(key, key)), _value(key, value)))
    return described


def _value(key: str, value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in _IDS:
        values = value if isinstance(value, list) else [value]
        return ", ".join(f"#{v}" for v in values)
    if key in _CODED:
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.label(_CODED[key], v) for v in values)
    if isinstance(value, int | float):
        return format_decimal(value)
    if isinstance(value, list):
        # An admin's edit is stored as [old, new].
        if len(value) == 2 and key not in ("dates",):
            return _("%(old)s → %(new)s", old=_plain(value[0]), new=_plain(value[1]))
        return ", ".join(_plain(v) for v in value)
    return str(value)


def _plain(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)
