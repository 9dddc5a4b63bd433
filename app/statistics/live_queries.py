"""The reads and writes of the figures kept exact by each write (:mod:`app.statistics.live`).

Every read is by index: a person's (or an organisation's, or a comune's) own acts, the acts
on a few proposals, the documents of the scopes one write touches. Nothing here scans the
supports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, case, literal, or_, select, text, union, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.accounts.models import Organisation
from app.extensions import db
from app.models_base import utcnow
from app.proposals.models import Comment, Proposal, Support, proposal_comuni
from app.reference.models import Comune
from app.statistics.cells import ProposalInfo, empty_document, has_places
from app.statistics.models import StatisticsSnapshot, StatisticsState

SNAPSHOTS = StatisticsSnapshot.__table__
# pg_advisory_xact_lock(namespace, participant): one person's acts are counted by one
# transaction at a time.
LOCK_NAMESPACE = 0x5354


def participant_key(user_id: int | None, organisation_id: int | None, comune_id: int | None) -> int | None:
    """The participant an act counts for, as the full refresh computes it: an organisation
    or a comune its representatives act for, else the account."""
    if organisation_id is not None:
        return organisation_id * 4 + 1
    if comune_id is not None:
        return comune_id * 4 + 2
    return None if user_id is None else user_id * 4


# What a deleted support must give back (``DELETE … RETURNING``) to be taken off.
SUPPORT_ACT_COLUMNS = (
    Support.id,
    Support.proposal_id,
    Support.user_id,
    Support.organisation_id,
    Support.on_behalf_comune_id,
    Support.actor_type_id,
    Support.created_at,
)


@dataclass(frozen=True)
class RawAct:
    kind: str
    row_id: int
    participant: int | None
    proposal_id: int
    actor_type_id: int | None
    moment: datetime | None
    # Comments only: "published" or "hidden".
    state: str | None = None


def _who(participants: Iterable[int]) -> tuple[list[int], list[int], list[int]]:
    users, organisations, comuni = [], [], []
    for key in participants:
        (users, organisations, comuni)[key % 4].append(key // 4)
    return users, organisations, comuni


def _belongs(user_column, organisation_column, comune_column, participants: Iterable[int]):
    users, organisations, comuni = _who(participants)
    return or_(
        and_(user_column.in_(users), organisation_column.is_(None), comune_column.is_(None)),
        organisation_column.in_(organisations),
        and_(organisation_column.is_(None), comune_column.in_(comuni)),
    )


def participants_of(proposal_ids: set[int]) -> set[int]:
    """Everyone with an act on these proposals (author, supporters, commenters)."""
    if not proposal_ids:
        return set()
    query = union(
        select(Proposal.author_id, Proposal.organisation_id, Proposal.on_behalf_comune_id).where(
            Proposal.id.in_(proposal_ids)
        ),
        select(Support.user_id, Support.organisation_id, Support.on_behalf_comune_id).where(
            Support.proposal_id.in_(proposal_ids)
        ),
        select(Comment.author_id, Comment.organisation_id, Comment.on_behalf_comune_id).where(
            Comment.proposal_id.in_(proposal_ids)
        ),
    )
    keys = {participant_key(*row) for row in db.session.execute(query)}
    return {key for key in keys if key is not None}


def acts_of(
    participants: set[int],
    citizen_type_id: int | None,
    comune_type_id: int | None,
    support_ids: Iterable[int] = (),
    comment_ids: Iterable[int] = (),
) -> list[RawAct]:
    """Every proposal, support and comment of these participants (whatever their state),
    and the supports and comments named by id."""
    support_ids, comment_ids = list(support_ids), list(comment_ids)
    acts = []
    if participants:
        proposals = select(
            Proposal.id,
            Proposal.author_id,
            Proposal.organisation_id,
            Proposal.on_behalf_comune_id,
            Proposal.actor_type_id,
            Proposal.published_at,
        ).where(
            _belongs(Proposal.author_id, Proposal.organisation_id, Proposal.on_behalf_comune_id, participants)
        )
        for pid, user, organisation, comune, actor_type, moment in db.session.execute(proposals):
            acts.append(
                RawAct("proposal", pid, participant_key(user, organisation, comune), pid, actor_type, moment)
            )
    supports = select(
        Support.id,
        Support.user_id,
        Support.organisation_id,
        Support.on_behalf_comune_id,
        Support.proposal_id,
        Support.actor_type_id,
        Support.created_at,
    ).where(
        or_(
            _belongs(Support.user_id, Support.organisation_id, Support.on_behalf_comune_id, participants),
            Support.id.in_(support_ids),
        )
    )
    for sid, user, organisation, comune, pid, actor_type, moment in db.session.execute(supports):
        acts.append(
            RawAct("support", sid, participant_key(user, organisation, comune), pid, actor_type, moment)
        )
    comment_type = case(
        (Comment.organisation_id.is_not(None), Organisation.actor_type_id),
        (Comment.on_behalf_comune_id.is_not(None), literal(comune_type_id)),
        else_=literal(citizen_type_id),
    )
    comments = (
        select(
            Comment.id,
            Comment.author_id,
            Comment.organisation_id,
            Comment.on_behalf_comune_id,
            Comment.proposal_id,
            comment_type,
            Comment.created_at,
            Comment.state,
        )
        .outerjoin(Organisation, Organisation.id == Comment.organisation_id)
        .where(
            or_(
                _belongs(
                    Comment.author_id, Comment.organisation_id, Comment.on_behalf_comune_id, participants
                ),
                Comment.id.in_(comment_ids),
            )
        )
    )
    for cid, user, organisation, comune, pid, actor_type, moment, state in db.session.execute(comments):
        participant = participant_key(user, organisation, comune)
        acts.append(RawAct("comment", cid, participant, pid, actor_type, moment, state))
    return acts


def own_support_ids(user_id: int) -> list[int]:
    query = select(Support.id).where(
        Support.user_id == user_id, Support.organisation_id.is_(None), Support.on_behalf_comune_id.is_(None)
    )
    return list(db.session.scalars(query))


def proposal_infos(proposal_ids: set[int]) -> dict[int, ProposalInfo]:
    """Consultation, Driver, state and places (comuni, zones) of these proposals, as the
    full refresh reads them: the comuni of the territorial scope and the one filed for,
    the zones of those comuni and the zone of the scope."""
    if not proposal_ids:
        return {}
    comuni: dict[int, set[int]] = defaultdict(set)
    zones: dict[int, set[int]] = defaultdict(set)
    scoped = (
        select(proposal_comuni.c.proposal_id, proposal_comuni.c.comune_id, Comune.zone_id)
        .join(Comune, Comune.id == proposal_comuni.c.comune_id)
        .where(proposal_comuni.c.proposal_id.in_(proposal_ids))
    )
    for pid, comune_id, zone_id in db.session.execute(scoped):
        comuni[pid].add(comune_id)
        if zone_id is not None:
            zones[pid].add(zone_id)
    rows = (
        select(
            Proposal.id,
            Proposal.consultation_id,
            Proposal.driver_id,
            Proposal.state,
            Proposal.zone_id,
            Proposal.on_behalf_comune_id,
            Comune.zone_id,
        )
        .outerjoin(Comune, Comune.id == Proposal.on_behalf_comune_id)
        .where(Proposal.id.in_(proposal_ids))
    )
    infos = {}
    for pid, consultation_id, driver_id, state, zone_id, comune_id, comune_zone in db.session.execute(rows):
        if comune_id is not None:
            comuni[pid].add(comune_id)
            if comune_zone is not None:
                zones[pid].add(comune_zone)
        if zone_id is not None:
            zones[pid].add(zone_id)
        infos[pid] = ProposalInfo(
            consultation_id, driver_id, state, frozenset(comuni[pid]), frozenset(zones[pid])
        )
    return infos


def lock_participants(participants: Iterable[int]) -> None:
    """PostgreSQL: wait for any other transaction counting these people's acts (always in
    the same order). SQLite lets one writer at a time anyway."""
    keys = sorted(set(participants))
    if not keys or db.session.get_bind().dialect.name != "postgresql":
        return
    # One statement, the keys in ascending order (unnest keeps the array's order).
    db.session.execute(
        text("SELECT count(pg_advisory_xact_lock(:namespace, k)) FROM unnest(CAST(:keys AS integer[])) AS k"),
        {"namespace": LOCK_NAMESPACE, "keys": keys},
    )


def coverage_sets(consultation_id: int | None, driver_id: int | None) -> tuple[set[int], set[int]]:
    """The comuni and the zones with a published proposal of this Driver (in this
    consultation, or in any), read now: called with the documents locked."""
    published = [Proposal.state == "published", Proposal.driver_id == driver_id]
    if consultation_id is not None:
        published.append(Proposal.consultation_id == consultation_id)
    comuni_query = union(
        select(proposal_comuni.c.comune_id)
        .join(Proposal, Proposal.id == proposal_comuni.c.proposal_id)
        .where(*published),
        select(Proposal.on_behalf_comune_id).where(*published, Proposal.on_behalf_comune_id.is_not(None)),
    )
    comuni = set(db.session.scalars(comuni_query))
    zones = set(
        db.session.scalars(select(Comune.zone_id).where(Comune.id.in_(comuni), Comune.zone_id.is_not(None)))
    )
    zones |= set(
        db.session.scalars(
            select(Proposal.zone_id).where(*published, Proposal.zone_id.is_not(None)).distinct()
        )
    )
    return comuni, zones


def lock_documents(keys: set[str]) -> dict[str, dict]:
    """The stored documents of these scopes, locked until the commit (created empty when
    missing, so two first writes of a new scope do not collide)."""
    query = (
        select(SNAPSHOTS.c.scope_key, SNAPSHOTS.c.data)
        .where(SNAPSHOTS.c.scope_key.in_(sorted(keys)))
        .order_by(SNAPSHOTS.c.scope_key)
        .with_for_update()
    )
    found = {key: data for key, data in db.session.execute(query)}
    missing = keys - set(found)
    if missing:
        insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        now = utcnow()
        db.session.execute(
            insert(SNAPSHOTS).on_conflict_do_nothing(index_elements=["scope_key"]),
            [
                {"scope_key": key, "data": empty_document(has_places(key)), "computed_at": now}
                for key in missing
            ],
        )
        found.update(
            {key: data for key, data in db.session.execute(query.where(SNAPSHOTS.c.scope_key.in_(missing)))}
        )
    return found


def write_documents(documents: dict[str, dict]) -> None:
    if not documents:
        return
    statement = (
        update(SNAPSHOTS)
        .where(SNAPSHOTS.c.scope_key == bindparam("key"))
        .values(data=bindparam("document"), computed_at=bindparam("now"))
    )
    now = utcnow()
    db.session.execute(statement, [{"key": k, "document": d, "now": now} for k, d in documents.items()])


def note_unaccounted_write() -> None:
    """A write the statistics could not follow: the next page asks for a full refresh."""
    db.session.execute(
        update(StatisticsState)
        .where(StatisticsState.id == 1)
        .values(unaccounted_writes=StatisticsState.unaccounted_writes + 1)
        .execution_options(synchronize_session=False)
    )
