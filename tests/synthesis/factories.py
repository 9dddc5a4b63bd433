"""Factories for runs, themes, memberships and syntheses, built directly as rows.

They let the cross-readings and publication tests set up any run without the themes engine.
"""

from __future__ import annotations

import itertools

from app.extensions import db
from app.models_base import utcnow
from app.synthesis.models import ALL_DRIVERS, Synthesis, Theme, ThemeMembership, ThemeRun

_nlp_ids = itertools.count(1)


def create_run(consultation, scope: str = ALL_DRIVERS, status: str = "succeeded", **overrides) -> ThemeRun:
    now = utcnow()
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


def create_theme(run: ThemeRun, label: str = "Tema", **overrides) -> Theme:
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
