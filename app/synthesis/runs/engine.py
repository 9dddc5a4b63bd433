"""The background side of themes: execute a run, split a theme. Imports :mod:`nlp`.

Web workers import this module to name its jobs (see :mod:`app.synthesis.runs.jobs`); as
``import nlp`` is lazy, spaCy and scikit-learn load only in the process that runs a job.
The work is done outside any long transaction: the proposals are read and the transaction
closed, :func:`nlp.analyse` runs, then the results are written in one short transaction —
so the site stays responsive during a long run, and a failure leaves the previous run and its
themes exactly as they were.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import insert

import nlp
from app.extensions import db
from app.models_base import utcnow
from app.proposals.models import proposal_text
from app.synthesis.curation import services as curation
from app.synthesis.models import CurationAct, Theme, ThemeMembership, ThemeRun
from app.synthesis.readings import prepared
from app.synthesis.runs import queries
from app.synthesis.runs import services as runs
from app.synthesis.runs.jobs import job_session

log = logging.getLogger(__name__)
ProgressCallback = Callable[[int, str], None]


def _document(row: tuple) -> nlp.Document:
    """A :func:`queries.list_published_texts_for_scope` row as the engine's document: the same
    text as :func:`proposal_text`, read from plain columns."""
    return nlp.Document(str(row[0]), "\n".join(part for part in row[1:] if part))


def run_theme_job(run_id: int) -> str:
    """RQ entry point: execute the run in its own app context."""
    with job_session():
        run = execute_theme_run(run_id)
        return run.status if run is not None else "missing"


def run_split_job(act_id: int) -> str:
    """RQ entry point: perform a requested split in its own app context."""
    with job_session():
        return split_theme(act_id)


def _progress(run: ThemeRun, percent: int, message: str, callback: ProgressCallback | None) -> None:
    runs.set_progress(run, percent, message)
    db.session.commit()
    if callback is not None:
        callback(percent, message)


def execute_theme_run(
    run_id: int, progress_callback: ProgressCallback | None = None, show_nlp_progress: bool = False
) -> ThemeRun | None:
    """Do a queued run: analyse the scope's published proposals and store the themes.

    Commits progress as it goes. On any error the run is marked failed with the reason
    and nothing else changes. A run that is not ``queued`` (already taken) is left alone.

    :param progress_callback: called with ``(percent, message)`` after each step.
    :param show_nlp_progress: let :func:`nlp.analyse` draw its own bar on stderr (CLI).
    :returns: the run, or ``None`` if there is no such run.
    """
    run = db.session.get(ThemeRun, run_id)
    if run is None or run.status != "queued":
        return run
    runs.mark_running(run)
    _progress(run, 5, "Reading the proposals", progress_callback)
    try:
        rows = queries.list_published_texts_for_scope(run.consultation_id, run.scope)
        documents = [_document(row) for row in rows]
        previous = _previous_themes(run)
        asked = run.params or {}
        seeds = [nlp.SeedTheme(s["name"], tuple(s["words"])) for s in asked.get("seed_themes") or []]
        # Close the read transaction: the analysis holds no lock while it runs.
        _progress(run, 15, "Finding themes", progress_callback)
        result = nlp.analyse(
            documents,
            k=run.requested_k,
            seed=run.seed,
            previous=previous,
            stop_words=asked.get("stop_words") or [],
            seeds=seeds,
            progress=show_nlp_progress,
        )
        suggested = _suggested_drivers(result, {d.id: d.text for d in documents})
        # Near-duplicates are found here, in the worker, so web processes never load nlp.
        duplicate_groups = [
            {
                "ids": [int(i) for i in group.doc_ids],
                "similarity": round(group.similarity, 4),
                "exact": group.exact,
            }
            for group in nlp.find_duplicates(documents)
        ]
        _progress(run, 80, "Saving the themes", progress_callback)
        _store_result(run, result, suggested)
        conflicts = curation.reapply_curation(run)
        runs.succeed_run(
            run,
            documents=len(documents),
            themes=len(result.themes),
            params={
                **result.params,
                "k_chosen_automatically": result.k_chosen_automatically,
                "conflicts": len(conflicts),
                "duplicate_groups": duplicate_groups,
            },
            code_version=result.code_version,
        )
        db.session.commit()
    except Exception as error:  # any failure: keep the previous run, say why
        db.session.rollback()
        log.exception("theme run %s failed", run_id)
        run = db.session.get(ThemeRun, run_id)
        runs.fail_run(run, f"{type(error).__name__}: {error}")
        db.session.commit()
    if run.status == "succeeded":
        # The pages of the run read these; a run is "done" for people once they are drawn.
        prepared.prepare_after_run(run)
    if progress_callback is not None:
        progress_callback(100, "Done" if run.status == "succeeded" else "Failed")
    return run


def _previous_themes(run: ThemeRun) -> list[nlp.Theme]:
    """The scope's active themes with their members in the current run: the engine keeps their
    ids, and keeps together what they grouped unless the new proposals say otherwise."""
    current = queries.get_current_run(run.consultation_id, run.scope)
    members: dict[int, list[nlp.Member]] = {}
    if current is not None:
        for membership in queries.list_memberships(current).values():
            members.setdefault(membership.theme_id, []).append(
                nlp.Member(str(membership.proposal_id), float(membership.score))
            )
    return [
        nlp.Theme(t.nlp_id, t.label_auto, list(t.keywords), members.get(t.id, []), [], dict(t.centroid))
        for t in queries.list_scope_themes(run.consultation_id, run.scope, active_only=True)
        if t.centroid
    ]


def _suggested_drivers(result: nlp.AnalysisResult, texts: dict[str, str]) -> dict[int, int | None]:
    """The Driver (number) the suggestion model gives for each theme's own words: its label,
    keywords and representative proposals. An annotation only: the themes were found without it."""
    out: dict[int, int | None] = {}
    for theme in result.themes:
        words = " ".join([theme.label, *theme.keywords, *(texts[r] for r in theme.representatives[:3])])
        best = nlp.suggest_driver(words).best
        out[theme.id] = int(best.driver.lstrip("D")) if best is not None else None
    return out


def _store_result(run: ThemeRun, result: nlp.AnalysisResult, suggested: dict[int, int | None]) -> None:
    """Upsert the themes by nlp id, retire the ones not found, write the memberships."""
    existing = {t.nlp_id: t for t in queries.list_scope_themes(run.consultation_id, run.scope)}
    previous_active = {nid for nid, t in existing.items() if t.is_active}
    next_free = max(existing, default=-1) + 1
    found: set[int] = set()
    rows = []
    for found_theme in result.themes:
        nlp_id = found_theme.id
        if nlp_id in existing and nlp_id not in previous_active:
            # A fresh id from nlp that an older, retired theme already used: never revive
            # a retired theme (and its curation) by accident.
            nlp_id, next_free = next_free, next_free + 1
        theme = existing.get(nlp_id)
        if theme is None:
            theme = Theme(
                consultation_id=run.consultation_id, scope=run.scope, nlp_id=nlp_id, first_run_id=run.id
            )
            db.session.add(theme)
            existing[nlp_id] = theme
            next_free = max(next_free, nlp_id + 1)
        theme.label_auto = found_theme.label[:200]
        theme.keywords = list(found_theme.keywords)
        theme.centroid = dict(found_theme.centroid)
        theme.suggested_driver = suggested.get(found_theme.id)
        theme.seed_name = found_theme.seed
        theme.is_active = True
        theme.merged_into_id = None
        theme.last_run_id = run.id
        theme.updated_at = utcnow()
        db.session.flush()
        found.add(nlp_id)
        representatives = set(found_theme.representatives)
        rows.extend(
            {
                "run_id": run.id,
                "theme_id": theme.id,
                "proposal_id": int(member.doc_id),
                "score": float(member.score),
                "is_representative": member.doc_id in representatives,
                "is_pinned": False,
                "is_moved": False,
            }
            for member in found_theme.members
        )
    for nlp_id in previous_active - found:
        existing[nlp_id].is_active = False
    if rows:
        db.session.execute(insert(ThemeMembership), rows)
    db.session.flush()


def split_theme(act_id: int) -> str:
    """Re-cluster one theme's members into new themes (a requested ``split`` act).

    The new themes get fresh nlp ids and their own centroids, so the next run keeps them;
    the split theme is retired. On failure the act records why and nothing else changes.

    :returns: the act's final status (``done`` or ``failed``).
    """
    act = db.session.get(CurationAct, act_id)
    if act is None or act.value.get("status") != "queued":
        return "missing" if act is None else str(act.value.get("status"))
    act.value = {**act.value, "status": "running"}
    db.session.commit()
    try:
        theme = db.session.get(Theme, act.theme_id)
        run = queries.get_current_run(act.consultation_id, act.scope)
        if run is None or run.id != act.value.get("run_id") or not theme.is_active:
            raise RuntimeError("a new run replaced the one this split was asked on")
        members = queries.list_members(run, theme)
        documents = [nlp.Document(str(p.id), proposal_text(p)) for _, p in members]
        result = nlp.analyse(documents, k=int(act.value["parts"]), seed=run.seed)
        suggested = _suggested_drivers(result, {d.id: d.text for d in documents})
        by_proposal = {m.proposal_id: m for m, _ in members}
        next_id = queries.max_nlp_id(act.consultation_id, act.scope) + 1
        children = []
        for offset, part in enumerate(result.themes):
            child = Theme(
                consultation_id=act.consultation_id,
                scope=act.scope,
                nlp_id=next_id + offset,
                label_auto=part.label[:200],
                keywords=list(part.keywords),
                centroid=dict(part.centroid),
                suggested_driver=suggested.get(part.id),
                first_run_id=run.id,
                last_run_id=run.id,
            )
            db.session.add(child)
            db.session.flush()
            children.append(child.id)
            representatives = set(part.representatives)
            for member in part.members:
                membership = by_proposal[int(member.doc_id)]
                membership.theme_id = child.id
                membership.score = float(member.score)
                membership.is_representative = member.doc_id in representatives
                membership.is_pinned = False
        # Texts with no usable word stay where they were: give them to the largest part.
        for membership in by_proposal.values():
            if membership.theme_id == theme.id and children:
                membership.theme_id = children[0]
        theme.is_active = False
        act.value = {**act.value, "status": "done", "children": children}
        db.session.commit()
        prepared.prepare_after_run(run)
    except Exception as error:  # the split failed: the theme stays as it was
        db.session.rollback()
        log.exception("split %s failed", act_id)
        act = db.session.get(CurationAct, act_id)
        curation.fail_split(act, f"{type(error).__name__}: {error}")
        db.session.commit()
    return str(act.value.get("status"))
