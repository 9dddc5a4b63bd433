"""The reads of the figures kept exact by the writes (:mod:`app.statistics.live`).

Every read is by index: the acts of the people a batch of changes concerns, the acts on a
few proposals, whether another proposal concerns a place. Nothing here scans the supports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Integer,
    bindparam,
    or_,
    select,
    text,
    union,
    update,
)

from app.extensions import db
from app.models_base import UTCDateTime
from app.proposals.models import Comment, Proposal, Support, proposal_comuni
from app.reference.models import Comune
from app.statistics.cells import ProposalInfo
from app.statistics.models import StatisticsState

NO_ID = -1


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


def _who_acted(user, organisation, comune) -> str:
    return (
        f"(({user} IN :users AND {organisation} IS NULL AND {comune} IS NULL)"
        f" OR {organisation} IN :organisations OR ({organisation} IS NULL AND {comune} IN :comuni))"
    )


# Written out once (this runs at every support): building and caching the equivalent
# expression took longer than PostgreSQL takes to answer it.
_ACTS = (
    text(
        f"""
SELECT a.kind, a.row_id, a.user_id, a.organisation_id, a.comune_id, a.proposal_id,
       a.actor_type_id, a.moment, a.comment_state,
       p.consultation_id, p.driver_id, p.state, p.zone_id,
       p.on_behalf_comune_id AS proposal_comune_id, c.zone_id AS proposal_comune_zone
FROM (
  SELECT 'proposal' AS kind, x.id AS row_id, x.author_id AS user_id, x.organisation_id,
         x.on_behalf_comune_id AS comune_id, x.id AS proposal_id, x.actor_type_id,
         x.published_at AS moment, CAST(NULL AS VARCHAR(20)) AS comment_state
  FROM proposals x
  WHERE {_who_acted("x.author_id", "x.organisation_id", "x.on_behalf_comune_id")}
     OR x.id IN :proposal_rows OR x.id IN :proposal_ids
  UNION ALL
  SELECT 'support', s.id, s.user_id, s.organisation_id, s.on_behalf_comune_id, s.proposal_id,
         s.actor_type_id, s.created_at, CAST(NULL AS VARCHAR(20))
  FROM supports s
  WHERE {_who_acted("s.user_id", "s.organisation_id", "s.on_behalf_comune_id")}
     OR s.id IN :support_ids OR s.proposal_id IN :proposal_ids
  UNION ALL
  SELECT 'comment', m.id, m.author_id, m.organisation_id, m.on_behalf_comune_id, m.proposal_id,
         CASE WHEN m.organisation_id IS NOT NULL THEN o.actor_type_id
              WHEN m.on_behalf_comune_id IS NOT NULL THEN :comune_type
              ELSE :citizen_type END,
         m.created_at, m.state
  FROM comments m LEFT OUTER JOIN organisations o ON o.id = m.organisation_id
  WHERE {_who_acted("m.author_id", "m.organisation_id", "m.on_behalf_comune_id")}
     OR m.proposal_id IN :proposal_ids
) AS a
JOIN proposals p ON p.id = a.proposal_id
LEFT OUTER JOIN comuni c ON c.id = p.on_behalf_comune_id
"""
    )
    .bindparams(
        *(
            bindparam(name, expanding=True, type_=Integer)
            for name in ("users", "organisations", "comuni", "proposal_rows", "proposal_ids", "support_ids")
        ),
        bindparam("comune_type", type_=Integer),
        bindparam("citizen_type", type_=Integer),
    )
    .columns(moment=UTCDateTime())
)
_PLACES = text(
    "SELECT pc.proposal_id, pc.comune_id, c.zone_id FROM proposal_comuni pc"
    " JOIN comuni c ON c.id = pc.comune_id WHERE pc.proposal_id IN :ids"
).bindparams(bindparam("ids", expanding=True, type_=Integer))


def acts_of(
    participants: set[int],
    citizen_type_id: int | None,
    comune_type_id: int | None,
    support_ids: Iterable[int] = (),
    proposal_ids: Iterable[int] = (),
    proposal_rows: Iterable[int] = (),
) -> tuple[list[RawAct], dict[int, ProposalInfo]]:
    """Every proposal, support and comment of these participants (whatever their state),
    the supports named by id, every act on the proposals in ``proposal_ids`` (a support
    whose account was deleted belongs to no one, and still counts) and the proposals in
    ``proposal_rows`` themselves; with the consultation, Driver, state and places of every
    proposal they are about. Two statements, each by index."""
    users, organisations, comuni = _who(participants)
    lists = {
        "users": users,
        "organisations": organisations,
        "comuni": comuni,
        "proposal_rows": list(proposal_rows),
        "proposal_ids": list(proposal_ids),
        "support_ids": list(support_ids),
    }
    # No id is negative: an empty list would become a subquery that keeps PostgreSQL
    # from using the indexes of the other conditions.
    params = {name: values or [NO_ID] for name, values in lists.items()}
    params.update(comune_type=comune_type_id, citizen_type=citizen_type_id)
    raw, proposal_rows_read = [], {}
    for row in db.session.execute(_ACTS, params):
        participant = participant_key(row.user_id, row.organisation_id, row.comune_id)
        raw.append(
            RawAct(
                row.kind,
                row.row_id,
                participant,
                row.proposal_id,
                row.actor_type_id,
                row.moment,
                row.comment_state,
            )
        )
        proposal_rows_read[row.proposal_id] = row
    return raw, _infos(proposal_rows_read)


def _infos(rows: dict) -> dict[int, ProposalInfo]:
    """The places of each proposal as the full refresh reads them: the comuni of its
    territorial scope and the one it was filed for, the zones of those comuni and the zone
    of its scope."""
    comuni: dict[int, set[int]] = defaultdict(set)
    zones: dict[int, set[int]] = defaultdict(set)
    if rows:
        for pid, comune_id, zone_id in db.session.execute(_PLACES, {"ids": list(rows)}):
            comuni[pid].add(comune_id)
            if zone_id is not None:
                zones[pid].add(zone_id)
    infos = {}
    for pid, row in rows.items():
        if row.proposal_comune_id is not None:
            comuni[pid].add(row.proposal_comune_id)
            if row.proposal_comune_zone is not None:
                zones[pid].add(row.proposal_comune_zone)
        if row.zone_id is not None:
            zones[pid].add(row.zone_id)
        infos[pid] = ProposalInfo(
            row.consultation_id, row.driver_id, row.state, frozenset(comuni[pid]), frozenset(zones[pid])
        )
    return infos


def own_support_ids(user_id: int) -> list[int]:
    query = select(Support.id).where(
        Support.user_id == user_id, Support.organisation_id.is_(None), Support.on_behalf_comune_id.is_(None)
    )
    return list(db.session.scalars(query))


def _others(batch: list[int], driver_id: int | None) -> list:
    return [Proposal.state == "published", Proposal.driver_id == driver_id, Proposal.id.notin_(batch)]


def _exists_here_and_anywhere(queries: list, consultation_id: int) -> tuple[bool, bool]:
    here = or_(*(q.where(Proposal.consultation_id == consultation_id).exists() for q in queries))
    anywhere = or_(*(q.exists() for q in queries))
    return tuple(db.session.execute(select(here, anywhere)).one())


def others_about_comune(
    batch: list[int], driver_id: int | None, consultation_id: int, comune_id: int
) -> tuple[bool, bool]:
    """Whether a published proposal of this Driver outside ``batch`` concerns the comune,
    in the consultation and in any (index lookups that stop at the first one found)."""
    others = _others(batch, driver_id)
    return _exists_here_and_anywhere(
        [
            select(Proposal.id)
            .join(proposal_comuni, proposal_comuni.c.proposal_id == Proposal.id)
            .where(proposal_comuni.c.comune_id == comune_id, *others),
            select(Proposal.id).where(Proposal.on_behalf_comune_id == comune_id, *others),
        ],
        consultation_id,
    )


def others_about_zone(
    batch: list[int], driver_id: int | None, consultation_id: int, zone_id: int
) -> tuple[bool, bool]:
    """Whether a published proposal of this Driver outside ``batch`` concerns the zone (its
    scope, one of its comuni, the comune it was filed for), in the consultation and in any."""
    others = _others(batch, driver_id)
    return _exists_here_and_anywhere(
        [
            select(Proposal.id).where(Proposal.zone_id == zone_id, *others),
            select(Proposal.id)
            .join(proposal_comuni, proposal_comuni.c.proposal_id == Proposal.id)
            .join(Comune, Comune.id == proposal_comuni.c.comune_id)
            .where(Comune.zone_id == zone_id, *others),
            select(Proposal.id)
            .join(Comune, Comune.id == Proposal.on_behalf_comune_id)
            .where(Comune.zone_id == zone_id, *others),
        ],
        consultation_id,
    )


def note_unaccounted_write() -> None:
    """A write the statistics could not follow: the next page asks for a full refresh."""
    db.session.execute(
        update(StatisticsState)
        .where(StatisticsState.id == 1)
        .values(unaccounted_writes=StatisticsState.unaccounted_writes + 1)
        .execution_options(synchronize_session=False)
    )
