"""Pre-aggregated participation figures.

Counting distinct participants over a million supports takes seconds, so no request does it:
:func:`app.statistics.services.refresh_statistics` computes every figure of every scope at
once and stores one document per scope; every write records what it changed and the
changes are added to the documents in batches (:mod:`app.statistics.live`); pages,
downloads and the API read one row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Integer, String
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


class StatisticsChange(db.Model):
    """What one committed transaction changed in what is counted, as the service announced
    it (:mod:`app.statistics.live`): whose acts, which proposals, and how they looked
    before. Writes only insert here; :func:`app.statistics.live.process_changes` turns
    the waiting rows into changes of the documents, one batch at a time, and deletes them."""

    __tablename__ = "statistics_changes"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)


class StatisticsState(db.Model):
    """One row: when the snapshots were last fully computed, whether a refresh is running
    (so several workers do not compute the same figures at once), and what tells whether
    the writes since kept them exact: the count of writes no service announced (bumped by
    :mod:`app.statistics.watch`) against the count the last refresh saw, and which comune
    was in which zone when they were counted."""

    __tablename__ = "statistics_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    computed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refreshing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Seconds the last refresh took (shown to analysts, reported by the bench).
    last_duration_s: Mapped[float | None] = mapped_column()
    unaccounted_writes: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    reconciled_writes: Mapped[int | None] = mapped_column(BigInteger)
    places_fingerprint: Mapped[str | None] = mapped_column(String(64))
