"""Charts drawn in the background, so the pages of a run only read them (issue 15).

The cross-readings page drew its charts with matplotlib on first render: seconds in a fresh
process. Now the charts are drawn when a theme run ends (:func:`app.synthesis.runs.engine.
execute_theme_run`), when a split ends, and after each curation act that changes them
(rename, label confirmed, move, merge: the curation routes queue :func:`prepare_charts_job`),
in every language and for both readers (analysts read the curated labels, the public the
labels cleared by review). A page finds them by key (:meth:`charts.Chart.key`); whatever it
does not find — an old run, numbers changed since by moderation — it draws on demand.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import force_locale
from redis.exceptions import RedisError
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.main.locale import LANGUAGES
from app.synthesis.models import ThemeChart, ThemeRun
from app.synthesis.readings import charts
from app.synthesis.readings import queries as rq
from app.synthesis.readings.services import chart_specs, read_run
from app.synthesis.runs.jobs import enqueue, job_session

log = logging.getLogger(__name__)


def charts_of_run(run: ThemeRun) -> dict[str, charts.Chart]:
    """Every chart the pages of ``run`` show now, in each language, to analysts and to the public."""
    wanted: dict[str, charts.Chart] = {}
    for locale in LANGUAGES:
        with force_locale(locale):
            for public in (True, False):
                for chart, _title in chart_specs(read_run(run, run.consultation, public)).values():
                    wanted[chart.key] = chart
    return wanted


def prepare_charts(run_id: int) -> int:
    """Draw and store the charts of a succeeded run that are not stored yet; commits.

    :returns: how many charts were drawn now.
    """
    run = db.session.get(ThemeRun, run_id)
    if run is None or run.status != "succeeded":
        return 0
    wanted = charts_of_run(run)
    stored = rq.prepared_charts(list(wanted))
    missing = [chart for key, chart in wanted.items() if key not in stored]
    db.session.commit()  # the reads are done: hold no transaction while drawing
    drawn = [ThemeChart(chart_key=chart.key, run_id=run_id, svg=charts.render(chart)) for chart in missing]
    db.session.add_all(drawn)
    try:
        db.session.commit()
    except IntegrityError:  # another job stored the same charts meanwhile: theirs are as good
        db.session.rollback()
    return len(drawn)


def prepare_charts_job(run_id: int) -> str:
    """RQ entry point: prepare a run's charts in their own app context."""
    with job_session():
        return f"{prepare_charts(run_id)} charts drawn"


def prepare_after_run(run: ThemeRun) -> None:
    """After a run or a split has committed: draw its charts, never failing the run for them
    (a page draws a missing chart itself). Off with ``SYNTHESIS_PREPARE_CHARTS = False``."""
    if not current_app.config["SYNTHESIS_PREPARE_CHARTS"] or run is None:
        return
    try:
        prepare_charts(run.id)
    except Exception:
        db.session.rollback()
        log.exception("the charts of run %s could not be prepared", run.id)


def queue_after_curation(run: ThemeRun | None) -> None:
    """After a curation act has committed: draw the run's new charts in the background."""
    if not current_app.config["SYNTHESIS_PREPARE_CHARTS"] or run is None:
        return
    try:
        enqueue(prepare_charts_job, run.id)
    except RedisError:  # the page will draw them on demand
        log.exception("could not queue the charts of run %s", run.id)
