"""``flask --app wsgi synthesis ...``: theme runs from the command line, and the RQ worker."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from rq import Worker

from app.errors import Conflict, NotFound, ValidationFailed
from app.extensions import db
from app.synthesis.runs import engine, jobs, queries
from app.synthesis.runs import services as runs
from app.synthesis.scope import Scope

synthesis_cli = AppGroup("synthesis", help="Thematic synthesis: theme runs and their worker.")


@synthesis_cli.command("run")
@click.option("--consultation", "consultation_arg", required=True, help="A consultation id, or 'all'.")
@click.option("--driver", type=int, default=None, help="Only the proposals of this Driver number.")
@click.option("--k", type=int, default=None, help="Number of themes (default: chosen by the engine).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed, for reproducible runs.")
@click.option(
    "--skip-existing", is_flag=True, help="Skip consultations that already have themes (make demo)."
)
def run_command(
    consultation_arg: str, driver: int | None, k: int | None, seed: int, skip_existing: bool
) -> None:
    """Run the themes engine now on a consultation's published proposals (or on all of them),
    with a progress bar on stderr. Curation is re-applied as after a run from the workspace."""
    if consultation_arg == "all":
        ids = queries.list_all_consultation_ids()
    elif consultation_arg.isdigit():
        ids = [int(consultation_arg)]
    else:
        raise click.BadParameter("a consultation id or 'all'", param_hint="--consultation")
    scope = Scope.for_driver(driver).code
    failures = 0
    for consultation_id in ids:
        try:
            consultation = queries.get_consultation_or_404(consultation_id)
        except NotFound:
            raise click.BadParameter(
                f"no consultation {consultation_id}", param_hint="--consultation"
            ) from None
        if skip_existing and queries.get_current_run(consultation.id, scope) is not None:
            click.echo(f"Consultation {consultation.id} ({consultation.slug}): already has themes.", err=True)
            continue
        try:
            run = runs.start_theme_run(None, consultation, scope, k=k, seed=seed)
        except (ValidationFailed, Conflict) as error:
            db.session.rollback()
            reasons = "; ".join(str(m) for _, m in getattr(error, "errors", [])) or str(error.message)
            click.echo(f"Consultation {consultation.id} ({consultation.slug}): skipped — {reasons}", err=True)
            if consultation_arg != "all":
                failures += 1
            continue
        db.session.commit()
        run_id = run.id
        click.echo(f"Consultation {consultation.id} ({consultation.slug}), run #{run_id}:", err=True)
        with click.progressbar(length=100, file=sys.stderr, show_percent=True, width=30) as bar:
            done = [0]

            def advance(percent: int, message: str, bar=bar, done=done) -> None:
                bar.label = message
                bar.update(max(percent - done[0], 0))
                done[0] = max(done[0], percent)

            finished = engine.execute_theme_run(run_id, progress_callback=advance)
        if finished.status == "succeeded":
            click.echo(
                f"  run #{run_id}: {finished.themes_count} themes from {finished.documents_count} proposals "
                f"(engine {finished.code_version})."
            )
        else:
            failures += 1
            click.echo(f"  run #{run_id} failed: {finished.error}", err=True)
    if failures:
        sys.exit(1)


@synthesis_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run an RQ worker on the ``forum-nlp`` queue, inside this app (needs REDIS_URL)."""
    app = current_app._get_current_object()
    if not jobs.uses_rq(app):
        raise click.ClickException("REDIS_URL is not set: runs are executed in the web process.")
    connection = jobs.redis_connection(app)
    Worker([jobs.rq_queue(app)], connection=connection).work(burst=burst)
