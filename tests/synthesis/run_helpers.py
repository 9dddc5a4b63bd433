"""Helpers for the theme-run and curation tests: realistic proposals, waiting for jobs."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from sqlalchemy import select

from app.demo import content, generator
from app.extensions import db
from app.models_base import utcnow
from app.proposals.models import Proposal, ProposalStateChange
from app.synthesis.models import CurationAct, ThemeRun
from tests import factories
from tests.synthesis.factories import answer_theme_id

# Four Drivers with clearly different vocabularies, two sub-themes each: the engine finds
# well-separated themes in a few dozen proposals, in well under a second.
DRIVERS = (1, 3, 5, 7)


def add_proposals(consultation, count: int, seed: int = 1, author=None) -> list[Proposal]:
    """``count`` published proposals written by the demo generator (one commit)."""
    rng = random.Random(seed)
    author = author or factories.create_user()
    citizen = factories.actor_type("cittadino").id
    driver_ids = {n: factories.driver(n).id for n in DRIVERS}
    used: set[str] = set()
    proposals = []
    now = utcnow()
    for index in range(count):
        number = DRIVERS[index % len(DRIVERS)]
        subtheme = content.DRIVERS[number]["subthemes"][(index // len(DRIVERS)) % 2]
        text = generator.proposal_text(
            rng, number, subtheme, generator.Territory("metropolitan"), generator.Author("citizen"), used
        )
        proposal = Proposal(
            consultation_id=consultation.id,
            author_id=author.id,
            actor_type_id=citizen,
            title=text.title,
            summary=text.summary,
            need=text.need,
            action=text.action,
            expected_results=text.expected_results,
            actors_involved=text.actors_involved,
            driver_id=driver_ids[number],
            state="published",
            submitted_at=now,
            published_at=now,
        )
        db.session.add(proposal)
        proposals.append(proposal)
    db.session.flush()
    for proposal in proposals:
        db.session.add(ProposalStateChange(proposal_id=proposal.id, from_state=None, to_state="published"))
    consultation.published_count += count
    db.session.commit()
    return proposals


def wait_for(predicate: Callable[[], object], timeout: float = 90.0, what: str = "the job"):
    """Poll ``predicate`` (reading fresh rows each time) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()  # end the read transaction: see what the job committed
        db.session.expire_all()
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


def wait_for_run(run_id: int, timeout: float = 90.0) -> ThemeRun:
    """Wait until the run has finished (succeeded or failed) and return it."""

    def finished():
        run = db.session.get(ThemeRun, run_id)
        return run if run.status in ("succeeded", "failed") else None

    return wait_for(finished, timeout, f"run #{run_id}")


def wait_for_split(act_id: int, timeout: float = 90.0) -> CurationAct:
    def finished():
        act = db.session.get(CurationAct, act_id)
        return act if act.value.get("status") in ("done", "failed") else None

    return wait_for(finished, timeout, f"split #{act_id}")


def latest_run() -> ThemeRun | None:
    return db.session.scalar(select(ThemeRun).order_by(ThemeRun.id.desc()).limit(1))


def answer_run_id(world: dict) -> int:
    """For tests/test_permissions.py: the run of the world's theme (see answer_factories)."""
    answer_theme_id(world)
    return world["answer_theme"].last_run_id
