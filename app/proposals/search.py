"""The one query service that lists, filters, sorts, paginates and searches proposals.

Every page that lists proposals to people (a consultation's page, later the API and
the open data) goes through :func:`search_proposals`, so the rule "the public sees only
published proposals" lives in one place: the caller passes the states it may see and
the default is :data:`~app.proposals.models.PUBLIC_STATES`.

Full-text search has two back-ends, chosen by the database dialect:

* **PostgreSQL**: the generated column ``proposals.search_vector`` (Italian stemming,
  title weighted A, summary B, the rest C/D) matched with
  ``websearch_to_tsquery('italian', :q)``. The user's text is a bound parameter and
  ``websearch_to_tsquery`` never raises on odd input (quotes, operators, brackets), so
  any query is safe. Relevance is ``ts_rank``.
* **SQLite**: the FTS5 table ``proposals_fts`` (external content, ``rowid`` =
  ``proposals.id``, ``unicode61 remove_diacritics 2`` so "citta" finds "città"). FTS5 has
  its own query language, so user text is *never* passed to ``MATCH`` as is:
  :func:`fts5_match_expression` keeps only the words, quotes each one, and turns it
  into a prefix query; words of five letters or more lose a final vowel first, a cheap
  stand-in for Italian stemming ("scuole" → ``"scuol"*`` finds scuola, scuole;
  "trasporti" → ``"trasport"*`` finds trasporto, trasporti). Words are ANDed.
  Relevance is FTS5's ``bm25`` with the title weighted most.

Neither back-end is a column of the SQLAlchemy model (they are created by a migration),
so they are reached through ``text``/``literal_column`` with bound parameters.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from itertools import combinations

from sqlalchemy import Float, Integer, Select, exists, func, literal_column, or_, select, text
from sqlalchemy.orm import joinedload, lazyload

from app import pagecache
from app.accounts.models import User
from app.consultations.models import Consultation
from app.extensions import db
from app.pagination import Page
from app.proposals.models import PUBLIC_STATES, Proposal, proposal_comuni, proposal_missions
from app.reference.models import Comune, Driver
from app.reference.snapshot import reference_data

SORTS = ("relevance", "newest", "supported", "commented")
# At most this many words of a query are used; the rest are ignored.
MAX_WORDS = 12
MAX_WORD_LENGTH = 40
_WORD = re.compile(r"\w+", re.UNICODE)
_FINAL_VOWEL = re.compile(r"[aeiouàèéìíòóù]$")
# bm25 weights for the proposals_fts columns, in the migration's order: title,
# summary, need, action, expected_results, actors_involved.
_BM25 = "bm25(proposals_fts, 10.0, 5.0, 2.0, 2.0, 1.0, 1.0)"
# What a list of proposals shows, joined in one statement; the collections a list does
# not show (missions, keywords, comuni, the author's roles...) are not loaded at all.
LIST_LOADS = (
    joinedload(Proposal.author).lazyload(User.roles),
    joinedload(Proposal.author).lazyload(User.representations),
    joinedload(Proposal.driver).lazyload(Driver.missions),
    joinedload(Proposal.organisation),
    joinedload(Proposal.on_behalf_comune),
    joinedload(Proposal.actor_type),
    joinedload(Proposal.zone),
    lazyload(Proposal.consultation),
    lazyload(Proposal.missions),
    lazyload(Proposal.keywords),
    lazyload(Proposal.comuni),
)


@dataclass(frozen=True)
class ProposalSearch:
    """What to list: every criterion is optional; ``None`` means "any"."""

    consultation_id: int | None = None
    driver_id: int | None = None
    zone_id: int | None = None
    comune_id: int | None = None
    actor_type_id: int | None = None
    # The states the caller may see; the public sees PUBLIC_STATES only.
    states: tuple[str, ...] = field(default=PUBLIC_STATES)
    text: str = ""
    # 0: a proposal must have every word (the search box). n: any n of them, best matches
    # first (the proposal form's "maybe it already exists", app/proposals/assist.py).
    min_words: int = 0
    sort: str | None = None
    page: int = 1
    per_page: int = 20

    @property
    def effective_sort(self) -> str:
        """Relevance when searching unless another order is chosen; newest otherwise."""
        if self.sort in SORTS and not (self.sort == "relevance" and not self.has_text):
            return self.sort
        return "relevance" if self.has_text else "newest"

    @property
    def has_text(self) -> bool:
        return bool(search_words(self.text))


def search_words(raw: str | None) -> list[str]:
    """The words of a user's query, lower-cased, without operators or punctuation."""
    if not raw:
        return []
    words = []
    for word in _WORD.findall(raw.lower()):
        word = word.strip("_")[:MAX_WORD_LENGTH]
        if word and word not in words:
            words.append(word)
        if len(words) >= MAX_WORDS:
            break
    return words


def fts5_match_expression(raw: str | None, min_words: int = 0) -> str | None:
    """A safe FTS5 ``MATCH`` expression for a user's query, or ``None`` if it has no words.

    Each word is reduced (final vowel dropped for words of five letters or more) and
    quoted as a prefix string, so FTS5 operators (``NEAR``, ``AND``, ``*``, ``"``,
    column filters) typed by the user are only ever searched for as plain words.
    """
    terms = []
    for word in search_words(raw):
        stem = _FINAL_VOWEL.sub("", word) if len(word) >= 5 else word
        # \w+ never yields a double quote, so the quoting below cannot be escaped.
        terms.append(f'"{stem}"*')
    if not terms:
        return None
    if not min_words or min_words >= len(terms):
        return " ".join(terms)
    return " OR ".join("(" + " AND ".join(group) + ")" for group in combinations(terms, min_words))


def search_proposals(criteria: ProposalSearch) -> Page[Proposal]:
    """One page of the proposals matching ``criteria``, in the chosen order.

    Runs a fixed number of statements whatever the data size and the page number:

    1. the total: the consultation's denormalised ``published_count`` when the public
       list is unfiltered (no query), a ``count`` otherwise;
    2. the ids of the page, from the filtered and ordered query restricted to
       ``proposals.id``: with the list indexes of migration ``e1f2a3b4c5d6`` this is an
       index(-only) scan, so page 500 costs a walk over 10,000 index entries instead of
       fetching and joining 10,000 rows ("deferred join", see docs/performance.md);
    3. those proposals with what a list shows joined in (author, organisation, comune,
       actor type, Driver, zone) and nothing else.
    """
    query, ordered = _matching(criteria)
    total = _total(criteria, query)
    ids = list(
        db.session.scalars(ordered.limit(criteria.per_page).offset((criteria.page - 1) * criteria.per_page))
    )
    return Page(items=_load_in_order(ids), number=criteria.page, per_page=criteria.per_page, total=total)


def best_matches(criteria: ProposalSearch) -> list[Proposal]:
    """The first ``criteria.per_page`` proposals matching ``criteria``, in its order, without
    counting every match: for a few suggestions (app/proposals/assist.py), where the count of
    an any-word text search would cost far more than the page itself."""
    _query, ordered = _matching(criteria)
    return _load_in_order(list(db.session.scalars(ordered.limit(criteria.per_page))))


def _matching(criteria: ProposalSearch) -> tuple[Select, Select]:
    """The filtered query, and the ids it matches in the chosen order."""
    query = _filtered(criteria)
    rank = None
    if criteria.has_text:
        query, rank = _with_text_search(query, criteria.text, criteria.min_words)
    return query, query.with_only_columns(Proposal.id).order_by(*_order(criteria.effective_sort, rank))


def _load_in_order(ids: list[int]) -> list[Proposal]:
    """Those proposals, with what a list shows joined in, in the order of ``ids``."""
    if not ids:
        return []
    by_id = {
        p.id: p for p in db.session.scalars(select(Proposal).options(*LIST_LOADS).where(Proposal.id.in_(ids)))
    }
    return [by_id[i] for i in ids if i in by_id]


def _total(criteria: ProposalSearch, query: Select) -> int:
    """How many proposals match; the exact denormalised counter when nothing filters the
    public list of one consultation (kept by :mod:`app.proposals.workflow`)."""
    unfiltered = (
        criteria.consultation_id is not None
        and tuple(criteria.states) == PUBLIC_STATES
        and not criteria.has_text
        and criteria.driver_id is None
        and criteria.zone_id is None
        and criteria.comune_id is None
        and criteria.actor_type_id is None
    )
    if unfiltered:
        # The page has loaded the consultation already: read from the session, no query.
        consultation = db.session.get(Consultation, criteria.consultation_id)
        return consultation.published_count if consultation is not None else 0
    statement = select(func.count()).select_from(query.with_only_columns(Proposal.id).subquery())
    return pagecache.remembered_count(_count_key(criteria), lambda: db.session.scalar(statement) or 0)


def _count_key(criteria: ProposalSearch) -> str:
    """What decides the total: every criterion but the order and the page."""
    decisive = (
        criteria.consultation_id,
        criteria.driver_id,
        criteria.zone_id,
        criteria.comune_id,
        criteria.actor_type_id,
        tuple(criteria.states or PUBLIC_STATES),
        criteria.text.strip(),
        criteria.min_words,
    )
    return "proposals:" + hashlib.sha256(repr(decisive).encode()).hexdigest()[:32]


def _filtered(criteria: ProposalSearch) -> Select:
    query = select(Proposal).where(Proposal.state.in_(criteria.states or PUBLIC_STATES))
    if criteria.consultation_id is not None:
        query = query.where(Proposal.consultation_id == criteria.consultation_id)
    if criteria.driver_id is not None:
        query = query.where(Proposal.driver_id == criteria.driver_id)
    if criteria.actor_type_id is not None:
        query = query.where(Proposal.actor_type_id == criteria.actor_type_id)
    if criteria.comune_id is not None:
        query = query.where(
            exists().where(
                proposal_comuni.c.proposal_id == Proposal.id,
                proposal_comuni.c.comune_id == criteria.comune_id,
            )
        )
    if criteria.zone_id is not None:
        # A proposal concerns a zone if it is filed for that zone or names one of its comuni.
        # An IN over the zone's proposal ids (hashed once) rather than a correlated EXISTS
        # per row: 400 ms -> a few ms on a 30,000-proposal consultation.
        in_zone_comuni = (
            select(proposal_comuni.c.proposal_id)
            .join(Comune, Comune.id == proposal_comuni.c.comune_id)
            .where(Comune.zone_id == criteria.zone_id)
        )
        query = query.where(or_(Proposal.zone_id == criteria.zone_id, Proposal.id.in_(in_zone_comuni)))
    return query


def _topic_clause(raw: str, min_words: int):
    """Proposals filed under a Driver, or naming a PNRR mission, whose title has every word
    of the query (``None`` when none does, or for an any-n-words search).

    The Driver and the missions are part of what a proposal is about ("mobilità" must find
    the proposals of "D5 · Il diritto alla mobilità" that never write the word), but they
    weigh less than the text: such proposals come after every text match. Matched in
    Python on the ten Drivers and six missions of the reference snapshot (no query), with
    the same prefix rule as the FTS5 search.
    """
    words = search_words(raw)
    if min_words or not words:
        return None
    stems = [_plain(_FINAL_VOWEL.sub("", w) if len(w) >= 5 else w) for w in words]

    def matches(title: str) -> bool:
        title_words = [_plain(w) for w in _WORD.findall(title.lower())]
        return all(any(t.startswith(stem) for t in title_words) for stem in stems)

    reference = reference_data()
    driver_ids = [d.id for d in reference.drivers if matches(f"{d.code} {d.name}")]
    mission_ids = [m.id for m in reference.missions if matches(f"{m.code} {m.name}")]
    clauses = []
    if driver_ids:
        clauses.append(Proposal.driver_id.in_(driver_ids))
    if mission_ids:
        clauses.append(
            Proposal.id.in_(
                select(proposal_missions.c.proposal_id).where(proposal_missions.c.mission_id.in_(mission_ids))
            )
        )
    return or_(*clauses) if clauses else None


def _plain(word: str) -> str:
    """Without accents: "mobilità" and "mobilita" are the same word to a searcher."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _with_text_search(query: Select, raw: str, min_words: int = 0):
    """Restrict ``query`` to the text matches (or the topic matches, see
    :func:`_topic_clause`); return it with a relevance expression."""
    topic = _topic_clause(raw, min_words)
    if db.session.get_bind().dialect.name == "postgresql":
        # PostgreSQL text cannot hold NUL: a query containing one would be a 500.
        tsquery = _some_words_tsquery(raw, min_words)
        if tsquery is None:
            tsquery = func.websearch_to_tsquery(
                literal_column("'italian'::regconfig"), raw.replace("\x00", " ")
            )
        vector = literal_column("proposals.search_vector")
        text_match = vector.op("@@")(tsquery)
        query = query.where(text_match if topic is None else or_(text_match, topic))
        # Higher ts_rank is better; negate so every back-end sorts ascending. A topic-only
        # match ranks 0, after every text match.
        return query, -func.ts_rank(vector, tsquery)
    matches = (
        # _BM25 is a module constant; the user's words are a bound parameter (:match).
        text(f"SELECT rowid AS id, {_BM25} AS rank FROM proposals_fts WHERE proposals_fts MATCH :match")  # nosec B608
        .bindparams(match=fts5_match_expression(raw, min_words))
        .columns(id=Integer, rank=Float)
        .subquery("fts_matches")
    )
    if topic is None:
        query = query.join(matches, matches.c.id == Proposal.id)
        # bm25 is lower for better matches.
        return query, matches.c.rank
    query = query.outerjoin(matches, matches.c.id == Proposal.id).where(or_(matches.c.id.is_not(None), topic))
    # bm25 is negative; a topic-only match (no bm25) comes after every text match.
    return query, func.coalesce(matches.c.rank, 1e9)


def _some_words_tsquery(raw: str, min_words: int):
    """``(a & b) | (a & c) | ...``: any ``min_words`` of the words, built from bound
    parameters (no query syntax to escape); ``None`` when every word is needed anyway."""
    words = search_words(raw)
    if not min_words or min_words >= len(words):
        return None
    config = literal_column("'italian'::regconfig")
    groups = []
    for group in combinations(words, min_words):
        queries = [func.plainto_tsquery(config, word) for word in group]
        groups.append(reduce(lambda a, b: a.op("&&")(b), queries))
    return reduce(lambda a, b: a.op("||")(b), groups)


def _order(sort: str, rank) -> list:
    # Moderators may list unpublished proposals: they have no date and come last.
    newest = [Proposal.published_at.desc().nulls_last(), Proposal.id.desc()]
    if sort == "relevance" and rank is not None:
        return [rank.asc(), *newest]
    if sort == "supported":
        return [Proposal.supports_count.desc(), *newest]
    if sort == "commented":
        return [Proposal.comments_count.desc(), *newest]
    return newest
