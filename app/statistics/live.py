"""The participation figures kept exact by every write, in the write's own transaction.

Why here and not in a queue: a support then costs a few indexed reads and, at the commit,
the insertion of its change to the 2 to 18 documents concerned (the scopes of the
proposal's consultation and zones) — milliseconds — and the figures are exact the moment
the support is visible, so
the page cache's rules (a page may lag participation by ``PAGE_CACHE_ACTIVITY_GRACE``)
hold for ``/statistiche`` like for any page. A queue would add a consumer, a lag and a
way to lose changes; the full refresh (22 s at metropolitan scale) stays as the reconcile.

How: every service that changes what is counted (a support given or taken back, a
comment posted, hidden or restored, a proposal published, hidden, restored, withdrawn,
submitted straight to publication, an organisation's kind changed, an account deleted)
calls one function below after its rows are written. It reads the current acts of the
people concerned — by index: a person's own proposals, supports and comments, or everyone
with an act on the proposal whose state changed — and rebuilds how they looked before
the write from what the service says changed (this support is new, this proposal was
"published"). :func:`app.statistics.cells.act_delta` turns the two into additions to the
cells: counts of acts add up; a participant is added to a cell when their first act in it
appears and taken away with their last one, which is why distinct people can be kept
without a table of who is present where. A hidden proposal touches all its supporters
and commenters: two set-based reads, then arithmetic in Python.

Who took part per Driver (comuni and zones with a published proposal) changes only when a
proposal enters or leaves publication: each of its places is checked for another published
proposal of the Driver (index lookups that stop at the first found).

Concurrency (PostgreSQL): the people concerned are locked (``pg_advisory_xact_lock`` per
participant, in ascending order) before their acts are read, so two writes of one person
never both count them as new; likewise a Driver's places before they are checked. A
proposal's state change holds the proposal's row (its compare-and-set) before reading its
participants, and a support or comment holds it too (its counter), so the two are
serialised. At the commit the changes of the whole transaction are inserted, one row per
document (``statistics_deltas``): nothing every support shares is locked (a first version
updated the documents in place, and under load supports queued behind the lock on the
document of everything: 26 supports/s against 78 without the statistics). Readers add the
rows waiting to the documents, in the same statement; :func:`fold` folds them in, every
few seconds from the statistics pages' background thread (and in each full refresh).
SQLite has one writer at a time.

A write no service announced (a script, a test factory, a bulk load) is noticed by
:mod:`app.statistics.watch`: the stored figures are then marked stale and the next page
asks for the full refresh, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.reference.snapshot import reference_data
from app.statistics import documents as store
from app.statistics import live_queries as q
from app.statistics.cells import (
    CountedAct,
    Delta,
    ProposalInfo,
    act_delta,
    merge_delta,
    scope_key,
    week_of,
)
from app.statistics.live_queries import SUPPORT_ACT_COLUMNS, RawAct, participant_key

_DELTA = "statistics_delta"
RECORDED = "statistics_recorded"
UNACCOUNTED = "statistics_unaccounted"

__all__ = ["SUPPORT_ACT_COLUMNS", "participant_key"]


@dataclass
class Before:
    """How the acts looked before the write, where they differ from the rows now."""

    new_acts: set[tuple[str, int]] = field(default_factory=set)
    gone_acts: list[RawAct] = field(default_factory=list)
    proposal_states: dict[int, str | None] = field(default_factory=dict)
    comment_states: dict[int, str] = field(default_factory=dict)
    participants: dict[tuple[str, int], int | None] = field(default_factory=dict)
    # organisation participant key -> the actor type its comments had
    comment_types: dict[int, int] = field(default_factory=dict)


# --- what the services call ------------------------------------------------------------


def support_added(support_id: int, participant: int | None) -> None:
    _record(participants={participant}, before=Before(new_acts={("support", support_id)}))


def support_removed(row) -> None:
    """``row``: the deleted support's :data:`SUPPORT_ACT_COLUMNS` (``DELETE … RETURNING``)."""
    support_id, proposal_id, user_id, organisation_id, comune_id, actor_type_id, created_at = row
    participant = participant_key(user_id, organisation_id, comune_id)
    act = RawAct("support", support_id, participant, proposal_id, actor_type_id, created_at)
    _record(participants={participant}, before=Before(gone_acts=[act]))


def comment_added(comment_id: int, participant: int | None) -> None:
    _record(participants={participant}, before=Before(new_acts={("comment", comment_id)}))


def comment_state_changed(comment_id: int, participant: int | None, old_state: str) -> None:
    _record(participants={participant}, before=Before(comment_states={comment_id: old_state}))


def proposal_state_changed(proposal_id: int, old_state: str, new_state: str) -> None:
    if "published" not in (old_state, new_state):
        nothing_counted()
        return
    _record(proposals={proposal_id}, before=Before(proposal_states={proposal_id: old_state}))


def proposal_created(proposal_id: int, state: str, author: int | None) -> None:
    """A proposal inserted by this transaction in ``state``; ``author``: its participant
    (no one else has acted on it yet)."""
    if state != "published":
        nothing_counted()
        return
    _record(
        participants={author},
        proposals={proposal_id},
        new_proposals={proposal_id},
        before=Before(proposal_states={proposal_id: None}),
    )


def organisation_type_changed(organisation_id: int, old_actor_type_id: int) -> None:
    """Comments on behalf of an organisation count under its current kind."""
    key = organisation_id * 4 + 1
    _record(participants={key}, before=Before(comment_types={key: old_actor_type_id}))


def own_support_ids(user_id: int) -> list[int]:
    """The supports a person gave in their own name (read before an account is deleted)."""
    return q.own_support_ids(user_id)


def supports_unlinked(user_id: int, support_ids: list[int]) -> None:
    """A deleted account's own supports (:func:`own_support_ids`) stay counted, no
    longer as that person's."""
    before = Before(participants={("support", sid): user_id * 4 for sid in support_ids})
    _record(participants={user_id * 4}, support_ids=support_ids, before=before)


def nothing_counted() -> None:
    """The transaction wrote proposals or comments in a way no figure counts (a draft
    submitted to moderation): not a write to reconcile."""
    db.session.info[RECORDED] = True


# --- from the rows to the change of the documents ---------------------------------------


def _record(
    *,
    participants: set[int | None] = frozenset(),
    proposals: set[int] = frozenset(),
    support_ids: list[int] = (),
    new_proposals: set[int] = frozenset(),
    before: Before,
) -> None:
    session = db.session
    session.info[RECORDED] = True
    reference = reference_data()
    citizen, comune_type = reference.actor_type_id("cittadino"), reference.actor_type_id("comune")
    people = {p for p in participants if p is not None} | q.participants_of(
        set(proposals) - set(new_proposals)
    )
    q.lock_participants(people)
    raw, infos = q.acts_of(
        people,
        citizen,
        comune_type,
        support_ids=support_ids,
        proposal_ids=proposals,
        proposal_rows=[a.proposal_id for a in before.gone_acts],
    )
    earlier = [a for a in raw if (a.kind, a.row_id) not in before.new_acts] + before.gone_acts
    dialect = session.get_bind().dialect.name
    after_acts = _counted(raw, infos, dialect, Before())
    before_acts = _counted(earlier, infos, dialect, before)
    delta = act_delta(before_acts, after_acts, infos)
    for pid in sorted(proposals):
        info = infos.get(pid)
        was = before.proposal_states.get(pid) == "published"
        now = info is not None and info.state == "published"
        if was != now:
            merge_delta(delta, _coverage_delta(pid, info, 1 if now else -1))
    if delta:
        merge_delta(session.info.setdefault(_DELTA, {}), delta)


def _coverage_delta(proposal_id: int, info: ProposalInfo, sign: int) -> Delta:
    """A proposal entering (+1) or leaving (-1) publication: each of its comuni and zones
    that no other published proposal of its Driver concerns starts (or stops) taking part,
    in its consultation and over all of them. The places are locked first, so two
    publications about one place at once do not both count it."""
    q.lock_places(info.driver_id, info.comuni, info.zones)
    comune_zone = {c.id: c.zone_id for c in reference_data().comuni}
    delta: Delta = {}
    entry = ("coverage", str(info.driver_id))

    def count(consultation_id: int | None, zone_id: int | None, index: int) -> None:
        values = delta.setdefault(scope_key(consultation_id, zone_id), {}).setdefault(entry, [0, 0])
        values[index] += sign

    for comune_id in sorted(info.comuni):
        here, anywhere = q.others_about_comune(proposal_id, info.driver_id, info.consultation_id, comune_id)
        for consultation_id, other in ((info.consultation_id, here), (None, anywhere)):
            if not other:
                count(consultation_id, None, 0)
                if comune_zone.get(comune_id) is not None:
                    count(consultation_id, comune_zone[comune_id], 0)
    for zone_id in sorted(info.zones):
        here, anywhere = q.others_about_zone(proposal_id, info.driver_id, info.consultation_id, zone_id)
        for consultation_id, other in ((info.consultation_id, here), (None, anywhere)):
            if not other:
                count(consultation_id, None, 1)
                count(consultation_id, zone_id, 1)
    return delta


def _counted(
    raw: list[RawAct], infos: dict[int, ProposalInfo], dialect: str, before: Before
) -> set[CountedAct]:
    """The acts that count: on a published proposal, and a published comment."""
    counted = set()
    for act in raw:
        info = infos.get(act.proposal_id)
        if info is None or before.proposal_states.get(act.proposal_id, info.state) != "published":
            continue
        key = (act.kind, act.row_id)
        if act.kind == "comment" and before.comment_states.get(act.row_id, act.state) != "published":
            continue
        participant = before.participants.get(key, act.participant)
        actor_type = act.actor_type_id
        if act.kind == "comment" and participant in before.comment_types:
            actor_type = before.comment_types[participant]
        counted.add(CountedAct(key, participant, act.proposal_id, actor_type, week_of(act.moment, dialect)))
    return counted


# --- at the commit ---------------------------------------------------------------------


def install() -> None:
    """Add the changes to the stored documents when a transaction commits (once per process)."""
    if not event.contains(Session, "before_commit", _before_commit):
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_rollback", _after_rollback)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction() or not has_app_context():
        return
    delta: Delta = session.info.pop(_DELTA, {})
    recorded = session.info.pop(RECORDED, False)
    if session.info.pop(UNACCOUNTED, False) and not recorded:
        q.note_unaccounted_write()
    if delta:
        apply_changes(delta)


def _after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        for name in (_DELTA, RECORDED, UNACCOUNTED):
            session.info.pop(name, None)


def apply_changes(delta: Delta) -> None:
    """Store the transaction's changes: rows inserted, no document locked (every support
    changes the document of everything: locking it made supports queue behind each other)."""
    store.insert_deltas(delta)


def fold() -> int:
    """Fold the changes waiting into the stored documents; flushes, the caller commits.

    :returns: how many documents were folded.
    """
    documents = store.fold_deltas()
    store.write_documents(documents)
    return len(documents)
