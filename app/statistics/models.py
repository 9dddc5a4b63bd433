"""Pre-aggregated participation figures.

Counting distinct participants over a million supports takes seconds, so no request does it:
:func:`app.statistics.services.refresh_statistics` computes every figure of every scope at once
and stores one document per scope; pages, downloads and the API read one row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models_base import UTCDateTime, utcnow


class StatisticsSnapshot(db.Model):
    """The figures of one scope: ``all``, ``c<consultation id>``, ``z<zone id>`` or
    ``c<id>-z<id>``; the data is exact (suppression is applied when it is shown)."""

    __tablename__ = "statistics_snapshots"
    scope_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StatisticsState(db.Model):
    """One row: when the snapshots were computed, from which data generation (the page
    cache's version counters, read before the computation started), and whether a refresh
    is running (so several workers do not compute the same figures at once)."""

    __tablename__ = "statistics_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    computed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    content_version: Mapped[int | None] = mapped_column(BigInteger)
    activity_version: Mapped[int | None] = mapped_column(BigInteger)
    refreshing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Seconds the last refresh took (shown to analysts, reported by the bench).
    last_duration_s: Mapped[float | None] = mapped_column()
