"""The analysts' curation of themes: rename, note, merge, split, move, pin.

Each act changes the current run's themes at once, is stored as a :class:`CurationAct`
(so :func:`reapply_curation` can apply it again after a re-run) and goes to the audit log.
Labels and notes live on the stable :class:`Theme` row and so survive re-runs by
themselves; moves, pins and merges concern one run's memberships and are re-applied.
"""

from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l

from app import audit, policy
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.sanitize import clean_line, clean_text
from app.synthesis.models import CurationAct, Theme, ThemeRun
from app.synthesis.runs import queries

LABEL_MAX = 200
NOTE_MAX = 5000
SPLIT_PARTS = (2, 6)


#: Representative proposals of a theme (as the engine chooses them).
REPRESENTATIVES = 5


def _current_run_for(theme: Theme) -> ThemeRun:
    run = queries.get_current_run(theme.consultation_id, theme.scope)
    if run is None or not theme.is_active:
        raise Conflict(_l("This theme is not part of the current run any more."))
    return run


def _act(actor, theme: Theme, kind: str, **fields) -> CurationAct:
    act = CurationAct(
        consultation_id=theme.consultation_id,
        scope=theme.scope,
        kind=kind,
        theme_id=theme.id,
        actor_id=getattr(actor, "id", None),
        **fields,
    )
    db.session.add(act)
    db.session.flush()
    audit.record(
        actor,
        f"synthesis.{kind}",
        theme,
        curation_act=act.id,
        proposal_id=act.proposal_id,
        other_theme_id=act.other_theme_id,
        value=str(act.value or ""),
    )
    return act


def rename_theme(actor, theme: Theme, label: str) -> CurationAct:
    """Give the theme the analysts' label (empty: back to the engine's label). This reviews
    a label withheld from the public (:mod:`app.synthesis.curation.label_review`): it is shown again.

    :raises PermissionDenied: if ``actor`` may not work on this consultation's themes.
    :raises ValidationFailed: if the label is too long.
    """
    policy.require(actor, "synthesis.work", queries.consultation_for(theme_id=theme.id))
    label = clean_line(label or "")
    if len(label) > LABEL_MAX:
        raise ValidationFailed([("label", _l("At most %(n)d characters.", n=LABEL_MAX))])
    before = theme.label
    theme.label_curated = label or None
    theme.label_needs_review = False  # renaming is reviewing (label_review.py)
    return _act(actor, theme, "rename", value={"label": label, "before": before})


def write_note(actor, theme: Theme, note: str) -> CurationAct:
    """Set the analysts' note on the theme (shown with the published synthesis).

    :raises PermissionDenied: if ``actor`` may not work on this consultation's themes.
    :raises ValidationFailed: if the note is too long.
    """
    policy.require(actor, "synthesis.work", queries.consultation_for(theme_id=theme.id))
    note = clean_text(note or "")
    if len(note) > NOTE_MAX:
        raise ValidationFailed([("note", _l("At most %(n)d characters.", n=NOTE_MAX))])
    theme.note = note
    return _act(actor, theme, "note", value={"length": len(note)})


def move_proposal(actor, theme: Theme, proposal_id: int, target: Theme) -> CurationAct:
    """Move a member proposal of ``theme`` to ``target`` in the current run.

    :raises PermissionDenied: if ``actor`` may not work on this consultation's themes.
    :raises ValidationFailed: if the target is not another active theme of the same scope or
        the proposal is not a member of ``theme``.
    :raises Conflict: if the theme is no longer in the current run.
    """
    policy.require(actor, "synthesis.work", queries.consultation_for(theme_id=theme.id))
    run = _current_run_for(theme)
    if (
        target is None
        or target.id == theme.id
        or not target.is_active
        or (target.consultation_id, target.scope) != (theme.consultation_id, theme.scope)
    ):
        raise ValidationFailed([("target", _l("Choose another theme of the same run."))])
    membership = queries.get_membership(run, proposal_id)
    if membership is None or membership.theme_id != theme.id:
        raise ValidationFailed([("proposal_id", _l("This proposal is not in this theme."))])
    membership.theme_id = target.id
    membership.is_moved = True
    membership.is_pinned = False
    membership.is_representative = False
    return _act(actor, theme, "move", proposal_id=proposal_id, other_theme_id=target.id)


def pin_proposal(actor, theme: Theme, proposal_id: int, pinned: bool = True) -> CurationAct:
    """Pin (or unpin) a member proposal as one of the theme's representatives.

    :raises PermissionDenied: if ``actor`` may not work on this consultation's themes.
    :raises ValidationFailed: if the proposal is not a member of ``theme``.
    :raises Conflict: if the theme is no longer in the current run.
    """
    policy.require(actor, "synthesis.work", queries.consultation_for(theme_id=theme.id))
    run = _current_run_for(theme)
    membership = queries.get_membership(run, proposal_id)
    if membership is None or membership.theme_id != theme.id:
        raise ValidationFailed([("proposal_id", _l("This proposal is not in this theme."))])
    membership.is_pinned = pinned
    return _act(actor, theme, "pin" if pinned else "unpin", proposal_id=proposal_id)


def merge_themes(actor, theme: Theme, other: Theme) -> CurationAct:
    """Merge ``other`` into ``theme``: its members join ``theme``; ``other`` is retired.

    :raises PermissionDenied: if ``actor`` may not work on this consultation's themes.
    :raises ValidationFailed: if ``other`` is not another active theme of the same scope.
    :raises Conflict: if the theme is no longer in the current run.
    """
    policy.require(actor, "synthesis.work", queries.consultation_for(theme_id=theme.id))
    run = _current_run_for(theme)
    if (
        other is None
        or other.id == theme.id
        or not other.is_active
        or (other.consultation_id, other.scope) != (theme.consultation_id, theme.scope)
    ):
        raise ValidationFailed([("other", _l("Choose another theme of the same run."))])
    merged = _mean_centroid(theme.centroid, other.centroid)
    fits = (_cosine(other.centroid, merged), _cosine(theme.centroid, merged))
    _merge_memberships(queries.list_memberships(run).values(), other.id, theme.id, *fits)
    theme.centroid = merged
    other.is_active = False
    other.merged_into_id = theme.id
    return _act(actor, theme, "merge", other_theme_id=other.id, value={"label": other.label})


def _merge_memberships(
    memberships, source_id: int, target_id: int, source_fit: float, target_fit: float
) -> int:
    """Move ``source``'s members into ``target`` and score every member against the merged theme.

    A member's score is its closeness to its theme's centre; the merged centre lies between the two
    old ones, so each member's score is scaled by how close its old centre is to the merged one
    (``*_fit``, cosine of the centroids). The representatives are then the best-scored members
    again (pinned ones stay): the merged-in proposals no longer keep their old scores and flags.
    """
    moved = 0
    members = []
    for membership in memberships:
        if membership.theme_id == source_id:
            membership.theme_id = target_id
            membership.score = round(membership.score * source_fit, 4)
            moved += 1
        elif membership.theme_id == target_id:
            membership.score = round(membership.score * target_fit, 4)
        else:
            continue
        members.append(membership)
    members.sort(key=lambda m: (-m.score, m.proposal_id))
    for rank, membership in enumerate(members):
        membership.is_representative = rank < REPRESENTATIVES
    db.session.flush()
    return moved


def _cosine(a: dict, b: dict) -> float:
    """Cosine of two centroids (feature -> weight)."""
    dot = sum(weight * b.get(key, 0.0) for key, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _mean_centroid(a: dict, b: dict) -> dict:
    """The merged theme's centroid, so a re-run matches it to texts of both themes."""
    keys = set(a) | set(b)
    merged = {key: (a.get(key, 0.0) + b.get(key, 0.0)) / 2 for key in keys}
    return dict(sorted(merged.items(), key=lambda kv: -kv[1])[: max(len(a), len(b), 1)])


def request_split(actor, theme: Theme, parts: int = 2) -> CurationAct:
    """Ask for the theme to be re-clustered into ``parts`` themes (done by a background job,
    :func:`app.synthesis.runs.engine.split_theme`).

    :raises PermissionDenied: if ``actor`` may not work on this consultation's themes.
    :raises ValidationFailed: if ``parts`` is out of range or larger than the theme.
    :raises Conflict: if the theme is no longer in the current run.
    """
    policy.require(actor, "synthesis.work", queries.consultation_for(theme_id=theme.id))
    run = _current_run_for(theme)
    if not (SPLIT_PARTS[0] <= parts <= SPLIT_PARTS[1]):
        raise ValidationFailed(
            [("parts", _l("Between %(low)d and %(high)d themes.", low=SPLIT_PARTS[0], high=SPLIT_PARTS[1]))]
        )
    if len(queries.list_member_ids(run, theme)) < parts * 2:
        raise ValidationFailed([("parts", _l("This theme is too small to be split in that many parts."))])
    return _act(actor, theme, "split", value={"parts": parts, "run_id": run.id, "status": "queued"})


def fail_split(act: CurationAct, reason: str) -> None:
    """Record that a requested split could not be done; the theme stays as it was."""
    act.value = {**act.value, "status": "failed", "error": reason[:500]}
    act.is_applicable = False
    act.conflict = f"The split failed: {reason[:500]}"
    db.session.flush()


def reapply_curation(run: ThemeRun) -> list[CurationAct]:
    """Apply the scope's curation acts again to a fresh run, oldest first.

    Acts that no longer fit are marked ``is_applicable=False`` with a reason (shown as
    conflicts in the workspace); the others are marked applicable again.

    :returns: the acts in conflict.
    """
    memberships = queries.list_memberships(run)
    themes = {t.id: t for t in queries.list_scope_themes(run.consultation_id, run.scope)}
    conflicts = []
    for act in queries.list_curation_acts(run.consultation_id, run.scope):
        reason = _reapply(act, run, memberships, themes)
        act.is_applicable = not reason
        act.conflict = reason
        if reason:
            conflicts.append(act)
    db.session.flush()
    return conflicts


def _active(themes: dict[int, Theme], theme_id: int | None) -> bool:
    return theme_id in themes and themes[theme_id].is_active


def _reapply(act: CurationAct, run: ThemeRun, memberships: dict, themes: dict[int, Theme]) -> str:
    """Apply one act; return why it cannot be applied (English, shown to analysts) or ``""``."""
    kind = act.kind
    if kind in ("rename", "note"):
        return "" if _active(themes, act.theme_id) else "The theme was not found by this run."
    if kind == "merge":
        if not _active(themes, act.theme_id):
            return "The theme merged into was not found by this run."
        other = themes.get(act.other_theme_id)
        fits = (1.0, 1.0)
        if other is not None:
            merged = _mean_centroid(themes[act.theme_id].centroid, other.centroid)
            fits = (_cosine(other.centroid, merged), _cosine(themes[act.theme_id].centroid, merged))
            other.is_active, other.merged_into_id = False, act.theme_id
        _merge_memberships(memberships.values(), act.other_theme_id, act.theme_id, *fits)
        return ""
    if kind == "split":
        children = act.value.get("children") or []
        if act.value.get("status") != "done":
            return "" if act.value.get("status") in ("queued", "running") else "The split did not complete."
        lost = [c for c in children if not _active(themes, c)]
        return "Part of the split theme was not found by this run." if lost else ""
    membership = memberships.get(act.proposal_id)
    if membership is None:
        return "The proposal is no longer part of the analysed proposals."
    if kind == "move":
        if not _active(themes, act.other_theme_id):
            return "The destination theme was not found by this run."
        membership.theme_id = act.other_theme_id
        membership.is_moved = True
        membership.is_pinned = False
        return ""
    if kind in ("pin", "unpin"):
        if membership.theme_id != act.theme_id:
            return "The proposal is no longer in this theme."
        membership.is_pinned = kind == "pin"
        return ""
    return ""
