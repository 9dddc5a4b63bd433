"""The participation figures kept exact by every write: recorded in the write, counted in batches.

Every service that changes what is counted (a support given or taken back, a comment
posted, hidden or restored, a proposal published, hidden, restored, withdrawn, submitted
straight to publication, an organisation's kind changed, an account deleted) calls one
function below after its rows are written. The write only *records* what it changed —
whose acts, which proposals, and how they looked before (this support is new, this one is
gone, this proposal was "published") — as one row of ``statistics_changes`` inserted at the
commit: no read, no lock.

Why not count in the write: it was done so first, and it cost every support the reading
of its author's acts and locks on them (10 ms in process; at 16 clients supporting
non-stop the p95 of a support went from 68 to 274 ms). Counting a batch costs about what
counting one change costs, and nobody reads the figures between two supports.

:func:`process_changes` counts the waiting rows, one process at a time
(:func:`app.statistics.refresh.processing_lock`), in one snapshot (PostgreSQL: repeatable
read), so the rows it reads and the data it reads are the same moment: every write it sees
has its row and every row it sees has its write. It merges the rows into one change (the
acts are read as they are now; "before" is now with the batch's changes taken back: new
acts removed, gone acts put back, each proposal and comment in the state the batch's
earliest row says it had), and :func:`app.statistics.cells.act_delta` turns the two into
additions to the cells: counts of acts add up; a participant is added to a cell when their
first act in it appears and taken away with their last one, which is why distinct people
are kept without a table of who is present where. The documents are updated and the rows
deleted in the same transaction: a batch is counted once or not at all.

Who took part per Driver (comuni and zones with a published proposal) changes only when a
proposal enters or leaves publication: each of its places is checked for another published
proposal of the Driver outside the batch (index lookups that stop at the first found).

When it runs: after a write, in a background thread of the process (at most every
``STATISTICS_PROCESS_EVERY_S``), and before a statistics page reads the figures if rows
are waiting — so a reader sees every write committed before it, as when each write counted
itself. A write no service announced (a script, a test factory, a bulk load) is noticed by
:mod:`app.statistics.watch`: the stored figures are then marked stale and the next page
asks for the full refresh, which also takes the rows its snapshot saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import has_app_context
from sqlalchemy import delete, event, insert, select
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
    apply_delta,
    merge_delta,
    scope_key,
    week_of,
)
from app.statistics.live_queries import SUPPORT_ACT_COLUMNS, RawAct, participant_key
from app.statistics.models import StatisticsChange

_CHANGE = "statistics_change"
RECORDED = "statistics_recorded"
UNACCOUNTED = "statistics_unaccounted"
# Set at the commit of a transaction that recorded a change (the background counting
# listens for it: :func:`app.statistics.refresh.install`).
COMMITTED_CHANGE = "statistics_committed_change"
CHANGES = StatisticsChange.__table__
# A backlog larger than this (a bulk job that announced its writes) is left to the full
# refresh: one batch would read the acts of too many people at once.
MAX_BATCH = 20_000

__all__ = ["SUPPORT_ACT_COLUMNS", "participant_key"]


@dataclass
class Change:
    """What writes changed in what is counted, and how it looked before them.

    One per transaction (stored as a row of ``statistics_changes``), and one for a batch
    of them (:meth:`then`): the people and proposals add up, the acts that appeared or went
    add up, and each "before" keeps the earliest state (the batch is taken back as a whole).
    """

    participants: set[int] = field(default_factory=set)
    proposals: set[int] = field(default_factory=set)
    new_proposals: set[int] = field(default_factory=set)
    support_ids: set[int] = field(default_factory=set)
    new_acts: set[tuple[str, int]] = field(default_factory=set)
    gone_acts: dict[tuple[str, int], RawAct] = field(default_factory=dict)
    proposal_states: dict[int, str | None] = field(default_factory=dict)
    comment_states: dict[int, str] = field(default_factory=dict)
    # (kind, row id) -> the participant the act counted for (a deleted account's supports)
    participants_before: dict[tuple[str, int], int | None] = field(default_factory=dict)
    # organisation participant key -> the actor type its comments had
    comment_types: dict[int, int] = field(default_factory=dict)

    def then(self, later: Change) -> None:
        """Add a change that came after this one."""
        self.participants |= later.participants
        self.proposals |= later.proposals
        self.new_proposals |= later.new_proposals
        self.support_ids |= later.support_ids
        self.new_acts |= later.new_acts
        for key, act in later.gone_acts.items():
            self.gone_acts.setdefault(key, act)
        for earliest, more in (
            (self.proposal_states, later.proposal_states),
            (self.comment_states, later.comment_states),
            (self.participants_before, later.participants_before),
            (self.comment_types, later.comment_types),
        ):
            for key, value in more.items():
                earliest.setdefault(key, value)

    def to_json(self) -> dict:
        """Only what the change has (a support's row holds two short lists)."""
        data = {
            "participants": sorted(self.participants),
            "proposals": sorted(self.proposals),
            "new_proposals": sorted(self.new_proposals),
            "support_ids": sorted(self.support_ids),
            "new_acts": sorted([kind, row_id] for kind, row_id in self.new_acts),
            "gone_acts": [_act_to_json(act) for act in self.gone_acts.values()],
            "proposal_states": sorted([k, v] for k, v in self.proposal_states.items()),
            "comment_states": sorted([k, v] for k, v in self.comment_states.items()),
            "participants_before": sorted([k, i, p] for (k, i), p in self.participants_before.items()),
            "comment_types": sorted([k, v] for k, v in self.comment_types.items()),
        }
        return {name: values for name, values in data.items() if values}

    @classmethod
    def from_json(cls, data: dict) -> Change:
        gone = [_act_from_json(row) for row in data.get("gone_acts", [])]
        return cls(
            participants=set(data.get("participants", [])),
            proposals=set(data.get("proposals", [])),
            new_proposals=set(data.get("new_proposals", [])),
            support_ids=set(data.get("support_ids", [])),
            new_acts={(kind, row_id) for kind, row_id in data.get("new_acts", [])},
            gone_acts={(act.kind, act.row_id): act for act in gone},
            proposal_states=dict(data.get("proposal_states", [])),
            comment_states=dict(data.get("comment_states", [])),
            participants_before={(k, i): p for k, i, p in data.get("participants_before", [])},
            comment_types=dict(data.get("comment_types", [])),
        )


def _act_to_json(act: RawAct) -> list:
    moment = act.moment.isoformat() if act.moment is not None else None
    return [act.kind, act.row_id, act.participant, act.proposal_id, act.actor_type_id, moment, act.state]


def _act_from_json(row: list) -> RawAct:
    kind, row_id, participant, proposal_id, actor_type_id, moment, state = row
    when = datetime.fromisoformat(moment) if moment is not None else None
    return RawAct(kind, row_id, participant, proposal_id, actor_type_id, when, state)


# --- what the services call ------------------------------------------------------------


def support_added(support_id: int, participant: int | None) -> None:
    _record(Change(participants=_someone(participant), new_acts={("support", support_id)}))


def support_removed(row) -> None:
    """``row``: the deleted support's :data:`SUPPORT_ACT_COLUMNS` (``DELETE … RETURNING``)."""
    support_id, proposal_id, user_id, organisation_id, comune_id, actor_type_id, created_at = row
    participant = participant_key(user_id, organisation_id, comune_id)
    act = RawAct("support", support_id, participant, proposal_id, actor_type_id, created_at)
    _record(Change(participants=_someone(participant), gone_acts={("support", support_id): act}))


def comment_added(comment_id: int, participant: int | None) -> None:
    _record(Change(participants=_someone(participant), new_acts={("comment", comment_id)}))


def comment_state_changed(comment_id: int, participant: int | None, old_state: str) -> None:
    _record(Change(participants=_someone(participant), comment_states={comment_id: old_state}))


def proposal_state_changed(proposal_id: int, old_state: str, new_state: str) -> None:
    if "published" not in (old_state, new_state):
        nothing_counted()
        return
    _record(Change(proposals={proposal_id}, proposal_states={proposal_id: old_state}))


def proposal_created(proposal_id: int, state: str, author: int | None) -> None:
    """A proposal inserted by this transaction in ``state``; ``author``: its participant
    (no one else has acted on it yet)."""
    if state != "published":
        nothing_counted()
        return
    _record(
        Change(
            participants=_someone(author),
            proposals={proposal_id},
            new_proposals={proposal_id},
            proposal_states={proposal_id: None},
        )
    )


def organisation_type_changed(organisation_id: int, old_actor_type_id: int) -> None:
    """Comments on behalf of an organisation count under its current kind."""
    key = organisation_id * 4 + 1
    _record(Change(participants={key}, comment_types={key: old_actor_type_id}))


def own_support_ids(user_id: int) -> list[int]:
    """The supports a person gave in their own name (read before an account is deleted)."""
    return q.own_support_ids(user_id)


def supports_unlinked(user_id: int, support_ids: list[int]) -> None:
    """A deleted account's own supports (:func:`own_support_ids`) stay counted, no
    longer as that person's."""
    before = {("support", sid): user_id * 4 for sid in support_ids}
    _record(Change(participants={user_id * 4}, support_ids=set(support_ids), participants_before=before))


def nothing_counted() -> None:
    """The transaction wrote proposals or comments in a way no figure counts (a draft
    submitted to moderation): not a write to reconcile."""
    db.session.info[RECORDED] = True


def _someone(participant: int | None) -> set[int]:
    return set() if participant is None else {participant}


def _record(change: Change) -> None:
    """Keep the change with the transaction; it is stored at the commit."""
    info = db.session.info
    info[RECORDED] = True
    if _CHANGE in info:
        info[_CHANGE].then(change)
    else:
        info[_CHANGE] = change


# --- at the commit ---------------------------------------------------------------------


def install() -> None:
    """Store each transaction's change when it commits (once per process)."""
    if not event.contains(Session, "before_commit", _before_commit):
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_rollback", _after_rollback)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction() or not has_app_context():
        return
    change: Change | None = session.info.pop(_CHANGE, None)
    recorded = session.info.pop(RECORDED, False)
    if session.info.pop(UNACCOUNTED, False) and not recorded:
        q.note_unaccounted_write()
    if change is not None:
        session.execute(insert(CHANGES).values(data=change.to_json()))
        session.info[COMMITTED_CHANGE] = True


def _after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        for name in (_CHANGE, RECORDED, UNACCOUNTED, COMMITTED_CHANGE):
            session.info.pop(name, None)


# --- counting a batch ------------------------------------------------------------------


def changes_waiting() -> bool:
    return db.session.execute(select(CHANGES.c.id).limit(1)).first() is not None


def process_changes() -> int:
    """Count the changes waiting into the documents and delete them; flushes, the caller
    commits. Call it holding :func:`app.statistics.refresh.processing_lock`, in a
    transaction whose reads are one snapshot.

    :returns: how many changes were counted (0 when a backlog was left to the full refresh).
    """
    rows = db.session.execute(select(CHANGES.c.id, CHANGES.c.data).order_by(CHANGES.c.id)).all()
    if not rows:
        return 0
    if len(rows) > MAX_BATCH:
        q.note_unaccounted_write()
        return 0
    change = Change()
    for _id, data in rows:
        change.then(Change.from_json(data))
    delta = _delta_of(change)
    documents = store.lock_documents(set(delta))
    for key, entries in delta.items():
        apply_delta(documents[key], entries)
    store.write_documents(documents)
    db.session.execute(delete(CHANGES).where(CHANGES.c.id.in_([row_id for row_id, _data in rows])))
    return len(rows)


def change_ids(conn) -> list[int]:
    """The changes a snapshot sees (the full refresh's: what it counts already)."""
    return list(conn.scalars(select(CHANGES.c.id).order_by(CHANGES.c.id)))


def forget_changes(ids: list[int]) -> None:
    """Delete the changes the full refresh counted. By id, never "every id up to the
    last seen": an id is taken when a write inserts its row, and a smaller one may commit
    after the snapshot — it is not counted yet and must stay."""
    for start in range(0, len(ids), 5000):
        db.session.execute(delete(CHANGES).where(CHANGES.c.id.in_(ids[start : start + 5000])))


def _delta_of(change: Change) -> Delta:
    """What the change did to the documents: the acts of everyone concerned as they are
    now, against the same acts with the change taken back."""
    reference = reference_data()
    citizen, comune_type = reference.actor_type_id("cittadino"), reference.actor_type_id("comune")
    people = change.participants | q.participants_of(change.proposals - change.new_proposals)
    gone = [act for key, act in change.gone_acts.items() if key not in change.new_acts]
    raw, infos = q.acts_of(
        people,
        citizen,
        comune_type,
        support_ids=change.support_ids,
        proposal_ids=change.proposals,
        proposal_rows=[act.proposal_id for act in gone],
    )
    earlier = [a for a in raw if (a.kind, a.row_id) not in change.new_acts] + gone
    dialect = db.session.get_bind().dialect.name
    after_acts = _counted(raw, infos, dialect, Change())
    before_acts = _counted(earlier, infos, dialect, change)
    delta = act_delta(before_acts, after_acts, infos)
    merge_delta(delta, _coverage_delta(change, infos))
    return delta


def _coverage_delta(change: Change, infos: dict[int, ProposalInfo]) -> Delta:
    """Proposals entering or leaving publication: each of their comuni and zones starts (or
    stops) taking part in their Driver when no other published proposal of the Driver
    concerns it, in their consultation and over all of them. "Other" means outside the
    batch: the batch's proposals are counted from their state before and now."""
    published = {}  # proposal -> (published before the batch, published now)
    for pid in change.proposals:
        if pid in infos:
            was = change.proposal_states.get(pid, infos[pid].state) == "published"
            published[pid] = (was, infos[pid].state == "published")
    places = set()
    for pid, (was, now) in published.items():
        if was != now:
            info = infos[pid]
            places |= {(info.driver_id, "comune", c) for c in info.comuni}
            places |= {(info.driver_id, "zone", z) for z in info.zones}
    comune_zone = {c.id: c.zone_id for c in reference_data().comuni}
    batch = sorted(published)
    delta: Delta = {}
    for driver, kind, place in sorted(places, key=lambda p: (p[0] or 0, p[1], p[2])):
        concerned = [
            (infos[pid].consultation_id, *published[pid])
            for pid in batch
            if infos[pid].driver_id == driver and _concerns(infos[pid], kind, place)
        ]
        others = q.others_about_comune if kind == "comune" else q.others_about_zone
        index, zone = (0, comune_zone.get(place)) if kind == "comune" else (1, place)
        anywhere = False
        for consultation_id in sorted({c for c, _was, _now in concerned}):
            here, anywhere = others(batch, driver, consultation_id, place)
            mine = [(was, now) for c, was, now in concerned if c == consultation_id]
            sign = _took_part_change(here, mine)
            _count_coverage(delta, consultation_id, zone, driver, index, sign)
        sign = _took_part_change(anywhere, [(was, now) for _c, was, now in concerned])
        _count_coverage(delta, None, zone, driver, index, sign)
    return delta


def _concerns(info: ProposalInfo, kind: str, place: int) -> bool:
    return place in (info.comuni if kind == "comune" else info.zones)


def _took_part_change(others: bool, batch: list[tuple[bool, bool]]) -> int:
    """+1 when the place starts taking part, -1 when it stops, 0 otherwise; ``batch``:
    (published before, published now) of the batch's proposals about it."""
    before = others or any(was for was, _now in batch)
    after = others or any(now for _was, now in batch)
    return int(after) - int(before)


def _count_coverage(delta: Delta, consultation_id, zone_id, driver_id, index: int, sign: int) -> None:
    """A comune (index 0) or zone (1) of this Driver counted in the scope, and in its zone's."""
    if not sign:
        return
    for scope_zone in (None, zone_id) if zone_id is not None else (None,):
        document = delta.setdefault(scope_key(consultation_id, scope_zone), {})
        values = document.setdefault(("coverage", str(driver_id)), [0, 0])
        values[index] += sign


def _counted(
    raw: list[RawAct], infos: dict[int, ProposalInfo], dialect: str, before: Change
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
        participant = before.participants_before.get(key, act.participant)
        actor_type = act.actor_type_id
        if act.kind == "comment" and participant in before.comment_types:
            actor_type = before.comment_types[participant]
        counted.add(CountedAct(key, participant, act.proposal_id, actor_type, week_of(act.moment, dialect)))
    return counted
