"""Computing the participation figures: every scope at once, stored for the pages to read.

A scope is everything (``all``), one consultation (``c<id>``), one zone (``z<id>``) or both
(``c<id>-z<id>``). Its document holds exact counts ``[proposals, supports, comments,
participants]``: ``total``, and per ``driver``, ``actor_type`` and ``week``; the unfiltered
scopes also per ``comune`` and per ``zone`` (a comune's figures do not depend on the zone
filter: the zone scopes read them from there); ``coverage`` per Driver: how many comuni and
zones have at least one published proposal concerning them.

Where participation is counted: a proposal concerns the comuni of its territorial scope,
the comune it was filed on behalf of, and the zones of those comuni or its own zone scope
(as in the synthesis' gaps). Its supports and comments count where it does. A proposal about
two comuni counts in each, and once in their zone.

Every write keeps the documents exact (:mod:`app.statistics.live`); the full refresh here is
the reconcile: the first computation, after a bulk load or a change of the comuni's zones,
from cron. It runs holding the lock of the counting of the writes' changes, reads one
snapshot of the data (``REPEATABLE READ`` on PostgreSQL), stores what it counted and
deletes the changes that snapshot saw: the writes committed while it counted (22 s at
metropolitan scale) stay waiting and are counted after it, against its figures.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from app.consultations.models import Consultation
from app.extensions import db
from app.models_base import utcnow
from app.reference.snapshot import ReferenceData, reference_data
from app.statistics import documents as store
from app.statistics import live, queries
from app.statistics.cells import empty_document, has_places, scope_key
from app.statistics.models import StatisticsState

# A refresh that has not finished after this long is taken to have died with its process.
REFRESH_STALE_AFTER = timedelta(minutes=15)


def build_documents(
    conn, consultation_ids: list[int], zone_ids: list[int], comune_zone: dict[int, int]
) -> dict:
    """Every scope's document, from the temporary tables :func:`queries.prepare_acts` filled."""
    documents = {}
    for consultation_id in [None, *consultation_ids]:
        documents[scope_key(consultation_id, None)] = empty_document(True)
        for zone_id in zone_ids:
            documents[scope_key(consultation_id, zone_id)] = empty_document(False)

    def put(row, zone_id, section, key=None):
        document = documents.get(scope_key(row.consultation_id, zone_id))
        if document is None:  # a zone deleted meanwhile
            return
        if key is None:
            document[section] = list(row.values)
        else:
            document[section][str(key)] = list(row.values)

    plain = queries.aggregate_sets(conn, [(), *((d,) for d in queries.DIMENSIONS)])
    for row in plain[()]:
        put(row, None, "total")
    zoned = queries.aggregate_sets(conn, [("zone",), *(("zone", d) for d in queries.DIMENSIONS)])
    for dimension in queries.DIMENSIONS:
        for row in plain[(dimension,)]:
            put(row, None, dimension, row.keys[0])
        for row in zoned[("zone", dimension)]:
            put(row, row.keys[0], dimension, row.keys[1])
    for row in queries.aggregate_sets(conn, [("comune",)])[("comune",)]:
        put(row, None, "comune", row.keys[0])
    for row in zoned[("zone",)]:
        put(row, None, "zone", row.keys[0])
        put(row, row.keys[0], "total")
    _add_coverage(conn, documents, consultation_ids, zone_ids, comune_zone)
    return documents


def _add_coverage(conn, documents, consultation_ids, zone_ids, comune_zone) -> None:
    # (consultation or None, zone or None, driver) -> set of comuni / of zones taking part
    comuni: dict = defaultdict(set)
    zones: dict = defaultdict(set)
    for consultation_id, driver_id, comune_id in queries.coverage(conn, "comune"):
        for c in (None, consultation_id):
            comuni[(c, None, driver_id)].add(comune_id)
            comuni[(c, comune_zone.get(comune_id), driver_id)].add(comune_id)
    for consultation_id, driver_id, zone_id in queries.coverage(conn, "zone"):
        for c in (None, consultation_id):
            zones[(c, None, driver_id)].add(zone_id)
            zones[(c, zone_id, driver_id)].add(zone_id)
    for c, z, driver_id in set(comuni) | set(zones):
        document = documents.get(scope_key(c, z))
        if document is not None:
            document["coverage"][str(driver_id)] = [
                len(comuni[(c, z, driver_id)]),
                len(zones[(c, z, driver_id)]),
            ]


def places_fingerprint(reference: ReferenceData) -> str:
    """Which comune is in which zone: the figures were counted under this mapping."""
    pairs = ",".join(f"{c.id}:{c.zone_id}" for c in sorted(reference.comuni, key=lambda c: c.id))
    zones = ",".join(str(z.id) for z in sorted(reference.zones, key=lambda z: z.id))
    return hashlib.sha256(f"{pairs}|{zones}".encode()).hexdigest()


def refresh_statistics() -> StatisticsState:
    """Recompute every scope's figures and store them; flushes, the caller commits.

    Reads every published proposal, support and comment once (into temporary tables of a
    connection of its own), then groups them: seconds at metropolitan scale, which is why
    it runs in the background or from the shell, never inside a page request.
    """
    started = time.perf_counter()
    reference = reference_data()
    citizen = reference.actor_type_id("cittadino")
    comune_type = reference.actor_type_id("comune")
    comune_zone = {c.id: c.zone_id for c in reference.comuni}
    zone_ids = [z.id for z in reference.zones]
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # One snapshot for the data and the writes' changes it already counts.
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            consultation_ids = list(conn.scalars(select(Consultation.id).order_by(Consultation.id)))
            changes_seen = live.change_ids(conn)
            writes_seen = queries.unaccounted_writes(conn)
            queries.prepare_acts(conn, citizen, comune_type)
            fresh = build_documents(conn, consultation_ids, zone_ids, comune_zone)
            queries.drop_acts(conn)
    stored = store.lock_documents(set(fresh) | set(store.current_documents(None)))
    # A scope nothing counts in any more (a consultation deleted) is emptied, not kept.
    documents = {key: fresh.get(key, empty_document(has_places(key))) for key in stored}
    store.write_documents(documents)
    live.forget_changes(changes_seen)
    state = queries.get_state() or StatisticsState(id=1)
    state.computed_at = utcnow()
    state.reconciled_writes = writes_seen
    state.places_fingerprint = places_fingerprint(reference)
    state.refreshing_since = None
    state.last_duration_s = round(time.perf_counter() - started, 3)
    db.session.add(state)
    db.session.flush()
    return state


def is_fresh(state: StatisticsState | None) -> bool:
    """True when the stored figures are kept exact by the writes: computed once, no write
    went unannounced since (:mod:`app.statistics.watch`), and the comuni are in the zones
    they were counted in."""
    if state is None or state.computed_at is None:
        return False
    if (state.unaccounted_writes or 0) != (state.reconciled_writes or 0):
        return False
    return state.places_fingerprint == places_fingerprint(reference_data())


def claim_refresh() -> bool:
    """Take the right to refresh (one refresh at a time over every worker); flushes."""
    if queries.get_state() is None:
        db.session.add(StatisticsState(id=1))
        db.session.flush()
    now = utcnow()
    return queries.claim_refresh(now, now - REFRESH_STALE_AFTER)


def release_refresh() -> None:
    """A refresh that failed: let the next request try again."""
    state = queries.get_state()
    if state is not None:
        state.refreshing_since = None
        db.session.flush()
