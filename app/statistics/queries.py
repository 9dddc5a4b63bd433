"""Every read of the statistics package.

The aggregation (:func:`aggregate_all`) runs on a connection of its own, outside the ORM
session: it writes two temporary tables (the acts and the places they concern), which the
page cache's session listeners must not mistake for public content, and it never holds
ORM objects. Pages read the pre-aggregated documents (:func:`get_snapshot`): one row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    case,
    cast,
    distinct,
    func,
    literal,
    select,
    union,
    union_all,
    update,
)

from app.accounts.models import Organisation
from app.consultations.models import Consultation
from app.extensions import db
from app.proposals.models import Comment, Proposal, Support, proposal_comuni
from app.reference.models import Comune
from app.statistics.cells import TIMEZONE
from app.statistics.models import StatisticsSnapshot, StatisticsState

# Measures of every row, in this order: proposals, supports, comments, participants.
MEASURES = ("proposals", "supports", "comments", "participants")
DIMENSIONS = ("driver", "actor_type", "week")

_temp = MetaData()
ACTS = Table(
    "statistics_acts",
    _temp,
    Column("consultation_id", Integer),
    Column("proposal_id", Integer),
    Column("driver_id", Integer),
    Column("actor_type_id", Integer),
    Column("week", String(10)),
    # user id * 4, organisation id * 4 + 1, comune id * 4 + 2: a representative acting for
    # an entity is the entity, counted once however many of its people act.
    Column("participant", Integer),
    Column("is_proposal", Integer),
    Column("is_support", Integer),
    Column("is_comment", Integer),
    prefixes=["TEMPORARY"],
)
PLACE_COMUNI = Table(
    "statistics_place_comuni",
    _temp,
    Column("proposal_id", Integer),
    Column("comune_id", Integer),
    prefixes=["TEMPORARY"],
)
PLACE_ZONES = Table(
    "statistics_place_zones",
    _temp,
    Column("proposal_id", Integer),
    Column("zone_id", Integer),
    prefixes=["TEMPORARY"],
)


@dataclass(frozen=True)
class AggregateRow:
    """One group: ``consultation_id`` None for every consultation together; ``keys`` the
    values of the grouped dimensions, in the order asked."""

    consultation_id: int | None
    keys: tuple
    values: tuple[int, int, int, int]


def _participant(user_id, organisation_id, comune_id):
    return case(
        (organisation_id.is_not(None), organisation_id * 4 + 1),
        (comune_id.is_not(None), comune_id * 4 + 2),
        else_=user_id * 4,
    )


def _week(column, dialect: str):
    if dialect == "postgresql":
        return func.to_char(func.date_trunc("week", func.timezone(TIMEZONE, column)), "YYYY-MM-DD")
    monday_offset = (cast(func.strftime("%w", column), Integer) + 6) % 7
    return func.date(column, func.printf("-%d days", monday_offset))


def _acts_select(dialect: str, citizen_type_id: int, comune_type_id: int):
    """Every act on a published proposal: the proposal itself, its supports, its
    published comments (a comment's actor type: its organisation's, "comune", or "cittadino")."""
    published = Proposal.state == "published"
    proposals = select(
        Proposal.consultation_id,
        Proposal.id,
        Proposal.driver_id,
        Proposal.actor_type_id,
        _week(Proposal.published_at, dialect),
        _participant(Proposal.author_id, Proposal.organisation_id, Proposal.on_behalf_comune_id),
        literal(1),
        literal(0),
        literal(0),
    ).where(published)
    supports = (
        select(
            Proposal.consultation_id,
            Proposal.id,
            Proposal.driver_id,
            Support.actor_type_id,
            _week(Support.created_at, dialect),
            _participant(Support.user_id, Support.organisation_id, Support.on_behalf_comune_id),
            literal(0),
            literal(1),
            literal(0),
        )
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(published)
    )
    comment_type = case(
        (Comment.organisation_id.is_not(None), Organisation.actor_type_id),
        (Comment.on_behalf_comune_id.is_not(None), comune_type_id),
        else_=citizen_type_id,
    )
    comments = (
        select(
            Proposal.consultation_id,
            Proposal.id,
            Proposal.driver_id,
            comment_type,
            _week(Comment.created_at, dialect),
            _participant(Comment.author_id, Comment.organisation_id, Comment.on_behalf_comune_id),
            literal(0),
            literal(0),
            literal(1),
        )
        .join(Proposal, Proposal.id == Comment.proposal_id)
        .outerjoin(Organisation, Organisation.id == Comment.organisation_id)
        .where(published, Comment.state == "published")
    )
    return union_all(proposals, supports, comments)


def _places_comuni_select():
    """The comuni a published proposal concerns: those of its territorial scope and the one
    it was filed on behalf of (the same reading as the synthesis' gaps)."""
    published = select(Proposal.id).where(Proposal.state == "published")
    return union(
        select(proposal_comuni.c.proposal_id, proposal_comuni.c.comune_id).where(
            proposal_comuni.c.proposal_id.in_(published)
        ),
        select(Proposal.id, Proposal.on_behalf_comune_id).where(
            Proposal.state == "published", Proposal.on_behalf_comune_id.is_not(None)
        ),
    )


def _places_zones_select():
    """The zones a published proposal concerns: those of its comuni, and its own zone scope."""
    return union(
        select(PLACE_COMUNI.c.proposal_id, Comune.zone_id)
        .join(Comune, Comune.id == PLACE_COMUNI.c.comune_id)
        .where(Comune.zone_id.is_not(None)),
        select(Proposal.id, Proposal.zone_id).where(
            Proposal.state == "published", Proposal.zone_id.is_not(None)
        ),
    )


def prepare_acts(conn: Connection, citizen_type_id: int, comune_type_id: int) -> None:
    """Fill the temporary tables this connection's aggregates read (one scan of each table)."""
    dialect = conn.dialect.name
    for table in (ACTS, PLACE_COMUNI, PLACE_ZONES):
        table.drop(conn, checkfirst=True)
        table.create(conn)
    conn.execute(
        ACTS.insert().from_select(
            [c.name for c in ACTS.c], _acts_select(dialect, citizen_type_id, comune_type_id)
        )
    )
    conn.execute(PLACE_COMUNI.insert().from_select(["proposal_id", "comune_id"], _places_comuni_select()))
    conn.execute(PLACE_ZONES.insert().from_select(["proposal_id", "zone_id"], _places_zones_select()))
    if dialect == "postgresql":
        # Enough memory for the per-participant groups to be hashed rather than sorted.
        conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")
        for table in (ACTS, PLACE_COMUNI, PLACE_ZONES):
            conn.exec_driver_sql(f"ANALYZE {table.name}")


def drop_acts(conn: Connection) -> None:
    """Drop the temporary tables now: the pooled connection would keep them (and their
    hundred megabytes at metropolitan scale) until it is closed."""
    for table in (PLACE_ZONES, PLACE_COMUNI, ACTS):
        table.drop(conn, checkfirst=True)


_DIMENSION_COLUMNS = {
    "driver": ACTS.c.driver_id,
    "actor_type": ACTS.c.actor_type_id,
    "week": ACTS.c.week,
    "comune": PLACE_COMUNI.c.comune_id,
    "zone": PLACE_ZONES.c.zone_id,
}


def _source(names) -> object:
    source = ACTS
    if "comune" in names:
        source = source.join(PLACE_COMUNI, PLACE_COMUNI.c.proposal_id == ACTS.c.proposal_id)
    if "zone" in names:
        source = source.join(PLACE_ZONES, PLACE_ZONES.c.proposal_id == ACTS.c.proposal_id)
    return source


def aggregate(conn: Connection, dimensions: tuple[str, ...]) -> Iterator[AggregateRow]:
    """Proposals, supports, comments and distinct participants grouped by ``dimensions``
    (names of :data:`_DIMENSION_COLUMNS`), per consultation and over all consultations."""
    columns = [_DIMENSION_COLUMNS[name] for name in dimensions]
    source = _source(dimensions)
    measures = (
        func.sum(ACTS.c.is_proposal),
        func.sum(ACTS.c.is_support),
        func.sum(ACTS.c.is_comment),
        func.count(distinct(ACTS.c.participant)),
    )
    consultation = ACTS.c.consultation_id
    per_consultation = (
        select(consultation, *columns, *measures).select_from(source).group_by(consultation, *columns)
    )
    for row in conn.execute(per_consultation):
        yield _row(row[0], row[1 : 1 + len(columns)], row[1 + len(columns) :])
    overall = select(*columns, *measures).select_from(source)
    if columns:
        overall = overall.group_by(*columns)
    for row in conn.execute(overall):
        yield _row(None, row[: len(columns)], row[len(columns) :])


def aggregate_sets(
    conn: Connection, sets: list[tuple[str, ...]]
) -> dict[tuple[str, ...], list[AggregateRow]]:
    """:func:`aggregate` for several groupings.

    Measured on PostgreSQL at metropolitan scale: one query per grouping is faster than one
    scan with ``GROUPING SETS`` (grouping per participant under every set first made an
    intermediate result of millions of rows: 60 s against 5 s a grouping, loaded machine).
    """
    return {dims: list(aggregate(conn, dims)) for dims in sets}


def _row(consultation_id, keys, values) -> AggregateRow:
    return AggregateRow(consultation_id, tuple(keys), tuple(int(v or 0) for v in values))


def coverage(conn: Connection, place: str) -> Iterator[tuple[int, int, int]]:
    """(consultation id, Driver id, comune or zone id) that have at least one published
    proposal concerning them."""
    table = PLACE_COMUNI if place == "comune" else PLACE_ZONES
    place_id = table.c.comune_id if place == "comune" else table.c.zone_id
    query = (
        select(ACTS.c.consultation_id, ACTS.c.driver_id, place_id)
        .join(table, table.c.proposal_id == ACTS.c.proposal_id)
        .where(ACTS.c.is_proposal == 1)
        .group_by(ACTS.c.consultation_id, ACTS.c.driver_id, place_id)
    )
    yield from conn.execute(query)


# --- the stored figures ---------------------------------------------------------------


def unaccounted_writes(conn: Connection) -> int:
    """The count of writes no service announced, as ``conn`` sees it."""
    writes = conn.scalar(select(StatisticsState.unaccounted_writes).where(StatisticsState.id == 1))
    return int(writes or 0)


def get_snapshot(scope_key: str) -> StatisticsSnapshot | None:
    return db.session.get(StatisticsSnapshot, scope_key)


def get_state() -> StatisticsState | None:
    return db.session.get(StatisticsState, 1)


def claim_refresh(now, stale_before) -> bool:
    """Mark a refresh as running unless another one started after ``stale_before``."""
    result = db.session.execute(
        update(StatisticsState)
        .where(StatisticsState.id == 1)
        .where(
            (StatisticsState.refreshing_since.is_(None)) | (StatisticsState.refreshing_since < stale_before)
        )
        .values(refreshing_since=now)
    )
    return result.rowcount == 1


def theme_proposals_by_comune(run_id: int, theme_id: int) -> dict[int, int]:
    """comune id -> published proposals of a theme that concern it (scope or on behalf).

    The membership table is read by name, so this package does not depend on where the
    synthesis keeps its models.
    """
    members = db.metadata.tables["theme_memberships"]
    proposals = (
        select(Proposal.id)
        .join(members, members.c.proposal_id == Proposal.id)
        .where(members.c.run_id == run_id, members.c.theme_id == theme_id, Proposal.state == "published")
    )
    places = union(
        select(proposal_comuni.c.proposal_id, proposal_comuni.c.comune_id).where(
            proposal_comuni.c.proposal_id.in_(proposals)
        ),
        select(Proposal.id, Proposal.on_behalf_comune_id).where(
            Proposal.id.in_(proposals), Proposal.on_behalf_comune_id.is_not(None)
        ),
    ).subquery()
    query = select(places.c.comune_id, func.count()).group_by(places.c.comune_id)
    return {comune_id: int(n) for comune_id, n in db.session.execute(query)}


def list_consultation_choices() -> list[tuple[int, str, str]]:
    """(id, slug, title) of every consultation, newest first, for the filter."""
    query = select(Consultation.id, Consultation.slug, Consultation.title).order_by(
        Consultation.information_starts_at.desc(), Consultation.id.desc()
    )
    return [tuple(row) for row in db.session.execute(query)]
