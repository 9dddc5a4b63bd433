"""Theme runs, themes, memberships and syntheses built directly (no nlp), for the answer,
notification and open-data tests."""

from __future__ import annotations

import itertools
from datetime import timedelta

from app.extensions import db
from app.models_base import utcnow
from app.synthesis.models import Synthesis, Theme, ThemeMembership, ThemeRun

_nlp_ids = itertools.count(1)


def create_run(
    consultation, scope: str = "all", status: str = "succeeded", age_minutes: int = 0, **overrides
):
    finished = utcnow() - timedelta(minutes=age_minutes)
    run = ThemeRun(
        consultation_id=consultation.id,
        scope=scope,
        status=status,
        seed=overrides.pop("seed", 0),
        requested_k=overrides.pop("requested_k", None),
        params=overrides.pop("params", {"k": 2, "min_df": 1}),
        code_version=overrides.pop("code_version", "nlp-test-1"),
        started_at=finished - timedelta(seconds=5),
        finished_at=finished if status in ("succeeded", "failed") else None,
        **overrides,
    )
    db.session.add(run)
    db.session.commit()
    return run


def create_theme(
    consultation, run, proposals, label: str = "Mobilità ciclabile", scope: str = "all", **overrides
):
    """A theme whose members in ``run`` are ``proposals`` (the first is representative)."""
    theme = Theme(
        consultation_id=consultation.id,
        scope=scope,
        nlp_id=overrides.pop("nlp_id", next(_nlp_ids)),
        label_auto=label,
        keywords=overrides.pop("keywords", ["bici", "piste"]),
        first_run_id=run.id,
        last_run_id=run.id,
        **overrides,
    )
    db.session.add(theme)
    db.session.flush()
    add_members(run, theme, proposals)
    return theme


def add_members(run, theme, proposals) -> None:
    for position, proposal in enumerate(proposals):
        db.session.add(
            ThemeMembership(
                run_id=run.id,
                theme_id=theme.id,
                proposal_id=proposal.id,
                score=0.9 - position * 0.1,
                is_representative=position == 0,
            )
        )
    db.session.commit()


def create_synthesis(consultation, run, status: str = "published", scope: str = "all"):
    synthesis = Synthesis(
        consultation_id=consultation.id,
        scope=scope,
        status=status,
        run_id=run.id,
        introduction="Introduzione alla sintesi.",
        published_at=utcnow() if status == "published" else None,
    )
    db.session.add(synthesis)
    db.session.commit()
    return synthesis


def answer_theme_id(world: dict) -> int:
    """For tests/test_permissions.py: a theme of the world's open consultation holding
    its published proposal (made once per world)."""
    if "answer_theme" not in world:
        consultation = world["open"]
        run = create_run(consultation)
        world["answer_theme"] = create_theme(consultation, run, [world["published"]])
    return world["answer_theme"].id
