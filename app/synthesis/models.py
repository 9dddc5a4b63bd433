"""Theme runs, the curated themes of a consultation, memberships, curation acts, syntheses.

A *run* applies :func:`nlp.analyse` to a consultation's published proposals (all, or one
Driver: the run's *scope*). Its themes are matched to the previous run's by ``nlp``'s
stable ids, so a :class:`Theme` row lives across runs and keeps its curation (label, note,
pins); :class:`ThemeMembership` rows belong to one run. Curation acts are stored so that a
re-run can re-apply them and report the ones that no longer fit.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.consultations.models import Consultation
from app.extensions import db
from app.models_base import UTCDateTime, utcnow
from app.proposals.models import Proposal

RUN_STATES = ("queued", "running", "succeeded", "failed")
# A scope is "all" (every Driver) or "D<number>" (one Driver).
ALL_DRIVERS = "all"


class ThemeRun(db.Model):
    """One execution of the themes engine on a consultation (versioned, never edited after)."""

    __tablename__ = "theme_runs"
    __table_args__ = (Index("ix_theme_runs_consultation_scope", "consultation_id", "scope", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    scope: Mapped[str] = mapped_column(String(10), default=ALL_DRIVERS)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    # Parameters asked for (k, seed) and measured (chosen k, timings...), and nlp's version.
    requested_k: Mapped[int | None] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    code_version: Mapped[str] = mapped_column(String(40), default="")
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    job_id: Mapped[str | None] = mapped_column(String(64))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    progress_message: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    documents_count: Mapped[int] = mapped_column(Integer, default=0)
    themes_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    consultation: Mapped[Consultation] = relationship()
    started_by: Mapped[User | None] = relationship()


class Theme(db.Model):
    """A theme of a consultation's scope, stable across runs, with its curation."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("consultation_id", "scope", "nlp_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    scope: Mapped[str] = mapped_column(String(10), default=ALL_DRIVERS)
    # The id nlp gave the theme; nlp keeps it across runs when given the previous themes.
    nlp_id: Mapped[int] = mapped_column(Integer)
    label_auto: Mapped[str] = mapped_column(String(200), default="")
    label_curated: Mapped[str | None] = mapped_column(String(200))
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    # nlp's centroid (feature -> weight), passed back as ``previous`` on the next run.
    centroid: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    # False when the latest run no longer found it (kept for history and curation).
    is_active: Mapped[bool] = mapped_column(default=True)
    # True when a member proposal left public view (hidden, withdrawn) after the label was
    # made: the label and keywords may hold its words, so the public sees "Theme N" and no
    # keywords until an analyst renames the theme or confirms the label (label_review.py).
    label_needs_review: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The Driver (number) the suggestion model gives for the theme's own words: an annotation,
    # never a feature of the themes (issue 12). None when the run could not tell.
    suggested_driver: Mapped[int | None] = mapped_column(Integer)
    # The name of the guided seed theme this theme grew from, if the analyst gave seeds.
    seed_name: Mapped[str | None] = mapped_column(String(200))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("theme_runs.id"))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("theme_runs.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def label(self) -> str:
        """The analysts' label when they gave one, else the engine's."""
        return self.label_curated or self.label_auto

    @property
    def public_label(self) -> str:
        """What public pages, the API and downloads show: the label, or a neutral
        "Theme N" while it waits for an analyst's review."""
        if self.label_needs_review:
            return gettext("Theme %(number)d", number=self.id)
        return self.label

    @property
    def public_keywords(self) -> list[str]:
        """The keywords for the public: none while the label waits for review."""
        return [] if self.label_needs_review else list(self.keywords or [])


class ThemeMembership(db.Model):
    """A proposal's place in a theme, for one run."""

    __tablename__ = "theme_memberships"
    __table_args__ = (
        UniqueConstraint("run_id", "proposal_id"),
        Index("ix_theme_memberships_run_theme", "run_id", "theme_id", "score"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("theme_runs.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    is_representative: Mapped[bool] = mapped_column(default=False)
    # Set when an analyst pinned it as representative or moved it here by hand.
    is_pinned: Mapped[bool] = mapped_column(default=False)
    is_moved: Mapped[bool] = mapped_column(default=False)

    theme: Mapped[Theme] = relationship()
    proposal: Mapped[Proposal] = relationship()


CURATION_KINDS = ("rename", "note", "merge", "split", "move", "pin", "unpin")


class CurationAct(db.Model):
    """An analyst's act on the themes, kept so a re-run can apply it again."""

    __tablename__ = "curation_acts"
    __table_args__ = (Index("ix_curation_acts_consultation_scope", "consultation_id", "scope", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    scope: Mapped[str] = mapped_column(String(10), default=ALL_DRIVERS)
    kind: Mapped[str] = mapped_column(String(20))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    other_theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    value: Mapped[dict] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # After a re-run: False with a reason when the act could not be applied any more.
    is_applicable: Mapped[bool] = mapped_column(default=True)
    conflict: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()


SYNTHESIS_STATES = ("draft", "published")


class Synthesis(db.Model):
    """The analysts' published reading of a consultation, built on one run per scope.

    Numbers are never stored here: pages recompute them from the run's memberships and
    the proposals, so a figure can always be traced back to its sources.
    """

    __tablename__ = "syntheses"
    __table_args__ = (UniqueConstraint("consultation_id", "scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"))
    scope: Mapped[str] = mapped_column(String(10), default=ALL_DRIVERS)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    run_id: Mapped[int | None] = mapped_column(ForeignKey("theme_runs.id"))
    introduction: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    consultation: Mapped[Consultation] = relationship()
    run: Mapped[ThemeRun | None] = relationship()


class ThemeChart(db.Model):
    """A chart of a run, drawn in the background when the run ends or its themes are curated
    (:mod:`app.synthesis.readings.prepared`), so that pages only read it.

    ``svg`` is matplotlib's output; pages sanitise it each time they embed it. The key is a
    hash of everything drawn (numbers, labels, language): a page looks up the chart that
    matches what it would draw, and numbers that changed since simply find nothing.
    """

    __tablename__ = "theme_charts"
    chart_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("theme_runs.id"), index=True)
    svg: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
