"""Services of theme runs: start one, record its progress and its outcome.

Starting a run only writes a ``queued`` :class:`ThemeRun`; the work itself is done by
:func:`app.synthesis.runs.engine.execute_theme_run` in a background job (see
:mod:`app.synthesis.runs.jobs`). This module does not import :mod:`nlp`, so web workers that
only start runs never load spaCy and scikit-learn.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from app import audit, policy
from app.consultations.models import Consultation
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.models_base import utcnow
from app.synthesis.models import ThemeRun
from app.synthesis.runs import queries
from app.synthesis.scope import Scope

K_LIMITS = (2, 40)
# A run queued or running for longer than this is taken as lost (its worker died): a new
# run of the same scope may then start, and the lost one is marked failed.
STALE_AFTER = timedelta(hours=2)


def start_theme_run(
    actor,
    consultation: Consultation,
    scope: str = "all",
    k: int | None = None,
    seed: int = 0,
    stop_words: list[str] | None = None,
    seed_themes: list[dict] | None = None,
) -> ThemeRun:
    """Queue a theme run on the consultation's published proposals of ``scope``.

    :param actor: the analyst; ``None`` for the command line (trusted, recorded as system).
    :param scope: ``"all"`` or ``"D<number>"`` (one Driver).
    :param k: number of themes (guided themes included), or ``None`` to let the engine choose.
    :param stop_words: the consultation's own stop words (:func:`run_options.parse_stop_words`);
        ``None`` keeps those of the scope's latest run.
    :param seed_themes: guided themes (:func:`run_options.parse_seed_themes`); ``None`` keeps
        those of the scope's latest run.
    :returns: the queued run, flushed, with its ``job_id`` set (enqueue it after commit).
    :raises PermissionDenied: if ``actor`` may not work on this consultation's themes.
    :raises ValidationFailed: for a bad scope, k or seed, or no published proposal in scope.
    :raises Conflict: if a run of the same scope is already queued or running.
    """
    if actor is not None:
        policy.require(actor, "synthesis.work", consultation)
    errors = []
    try:
        number = Scope.parse(scope).driver
    except ValueError:
        number, errors = None, [("driver", _l("Choose a Driver from the list."))]
    if number is not None and queries.get_driver_by_number(number) is None:
        errors.append(("driver", _l("Choose a Driver from the list.")))
    if k is not None and not (K_LIMITS[0] <= k <= K_LIMITS[1]):
        errors.append(("k", _l("The number of themes must be between %(low)d and %(high)d.", low=2, high=40)))
    if seed < 0:
        errors.append(("seed", _l("The seed must be zero or a positive number.")))
    latest = queries.get_current_run(consultation.id, scope)
    if stop_words is None:
        stop_words = list((latest.params or {}).get("stop_words") or []) if latest else []
    if seed_themes is None:
        seed_themes = list((latest.params or {}).get("seed_themes") or []) if latest else []
    if k is not None and seed_themes and k <= len(seed_themes):
        errors.append(("k", _l("Ask for more themes than guided themes: the other texts need themes too.")))
    if not errors and queries.count_published_in_scope(consultation.id, scope) == 0:
        errors.append((None, _l("There are no published proposals to analyse in this scope.")))
    if errors:
        raise ValidationFailed(errors)
    for active in queries.list_active_runs(consultation.id, scope):
        if utcnow() - active.created_at < STALE_AFTER:
            raise Conflict(_l("A run of this scope is already under way: wait for it to finish."))
        fail_run(active, "The run did not finish in time; its worker probably stopped.")
    run = ThemeRun(
        consultation_id=consultation.id,
        scope=scope,
        status="queued",
        requested_k=k,
        seed=seed,
        params={"k": k, "seed": seed, "scope": scope, "stop_words": stop_words, "seed_themes": seed_themes},
        started_by_id=getattr(actor, "id", None),
        job_id=uuid.uuid4().hex,
        progress_message="Queued",
    )
    db.session.add(run)
    db.session.flush()
    audit.record(
        actor, "synthesis.run_start", run, consultation_id=consultation.id, scope=scope, k=k, seed=seed
    )
    return run


def mark_running(run: ThemeRun) -> None:
    """The job took the run."""
    run.status = "running"
    run.started_at = utcnow()
    db.session.flush()


def set_progress(run: ThemeRun, percent: int, message: str) -> None:
    """Record how far the job got (the page reads it)."""
    run.progress = max(0, min(100, int(percent)))
    run.progress_message = message[:200]
    db.session.flush()


def fail_run(run: ThemeRun, reason: str) -> None:
    """Mark a run failed with its reason; the previous run and the themes are untouched."""
    run.status = "failed"
    run.error = reason[:4000]
    run.finished_at = utcnow()
    run.progress_message = "Failed"
    db.session.flush()
    audit.record(None, "synthesis.run_fail", run, consultation_id=run.consultation_id, reason=reason[:500])


def succeed_run(run: ThemeRun, *, documents: int, themes: int, params: dict, code_version: str) -> None:
    """Mark a run succeeded with what it measured."""
    run.status = "succeeded"
    run.documents_count = documents
    run.themes_count = themes
    run.params = {**(run.params or {}), **params}
    run.code_version = code_version[:40]
    run.progress = 100
    run.progress_message = "Done"
    run.finished_at = utcnow()
    db.session.flush()
    audit.record(None, "synthesis.run_succeed", run, consultation_id=run.consultation_id, themes=themes)
