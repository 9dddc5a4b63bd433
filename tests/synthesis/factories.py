"""Factories for runs, themes, memberships and syntheses, built directly as rows.

They let the synthesis, answer, notification and open-data tests set up any run without the
themes engine.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from app.extensions import db
from app.models_base import utcnow
from app.synthesis.models import ALL_DRIVERS, Synthesis, Theme, ThemeMembership, ThemeRun

_nlp_ids = itertools.count(1)


def create_run(
    consultation, scope: str = ALL_DRIVERS, status: str = "succeeded", age_minutes: int = 0, **overrides
) -> ThemeRun:
    """A run of ``consultation``; ``age_minutes`` ago (an older run is not the current one)."""
    now = utcnow() - timedelta(minutes=age_minutes)
    run = ThemeRun(
        consultation_id=consultation.id,
        scope=scope,
        status=status,
        params=overrides.pop("params", {"k": None, "seed": 0}),
        code_version=overrides.pop("code_version", "nlp-test"),
        started_at=now,
        finished_at=now if status in ("succeeded", "failed") else None,
        **overrides,
    )
    db.session.add(run)
    db.session.commit()
    return run


def create_theme(run: ThemeRun, label: str = "Tema", members=(), **overrides) -> Theme:
    """A theme found by ``run``; ``members``: its proposals in ``run`` (the first representative)."""
    theme = Theme(
        consultation_id=run.consultation_id,
        scope=run.scope,
        nlp_id=overrides.pop("nlp_id", next(_nlp_ids)),
        label_auto=label,
        keywords=overrides.pop("keywords", ["parola", "chiave"]),
        first_run_id=run.id,
        last_run_id=run.id,
        **overrides,
    )
    db.session.add(theme)
    db.session.commit()
    if members:
        add_members(run, theme, members)
    return theme


def add_members(run: ThemeRun, theme: Theme, proposals, representative: int = 1) -> list[ThemeMembership]:
    """Put ``proposals`` in ``theme`` for ``run``, scores decreasing; the first ones representative."""
    members = []
    for index, proposal in enumerate(proposals):
        member = ThemeMembership(
            run_id=run.id,
            theme_id=theme.id,
            proposal_id=proposal.id,
            score=round(0.99 - index * 0.01, 4),
            is_representative=index < representative,
        )
        db.session.add(member)
        members.append(member)
    db.session.commit()
    return members


def create_synthesis(consultation, run: ThemeRun | None, status: str = "published", **overrides) -> Synthesis:
    synthesis = Synthesis(
        consultation_id=consultation.id,
        scope=overrides.pop("scope", run.scope if run else ALL_DRIVERS),
        status=status,
        run_id=run.id if run else None,
        introduction=overrides.pop("introduction", "Una lettura delle proposte."),
        published_at=utcnow() if status == "published" else None,
        **overrides,
    )
    db.session.add(synthesis)
    db.session.commit()
    return synthesis


def answer_theme_id(world: dict) -> int:
    """For tests/test_permissions.py: a theme of the world's open consultation holding
    its published proposal (made once per world)."""
    if "answer_theme" not in world:
        run = create_run(world["open"])
        world["answer_theme"] = create_theme(run, members=[world["published"]])
    return world["answer_theme"].id
