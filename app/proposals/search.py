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

import re
from dataclasses import dataclass, field

from sqlalchemy import Float, Integer, Select, exists, func, literal_column, or_, select, text

from app.extensions import db
from app.pagination import Page
from app.proposals.models import PUBLIC_STATES, Proposal, proposal_comuni
from app.reference.models import Comune

SORTS = ("relevance", "newest", "supported", "commented")
# At most this many words of a query are used; the rest are ignored.
MAX_WORDS = 12
MAX_WORD_LENGTH = 40
_WORD = re.compile(r"\w+", re.UNICODE)
_FINAL_VOWEL = re.compile(r"[aeiouàèéìíòóù]$")
# bm25 weights for the proposals_fts columns, in the migration's order: title,
# summary, need, action, expected_results, actors_involved.
_BM25 = "bm25(proposals_fts, 10.0, 5.0, 2.0, 2.0, 1.0, 1.0)"


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


def fts5_match_expression(raw: str | None) -> str | None:
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
    return " ".join(terms) if terms else None


def search_proposals(criteria: ProposalSearch) -> Page[Proposal]:
    """One page of the proposals matching ``criteria``, in the chosen order.

    Runs a fixed number of statements whatever the data size: one count, one page of
    proposals with what a list shows joined in (consultation, author, organisation,
    comune, actor type, Driver, zone) and the model's few ``selectin`` collections.
    """
    query = _filtered(criteria)
    rank = None
    if criteria.has_text:
        query, rank = _with_text_search(query, criteria.text)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    ordered = query.order_by(*_order(criteria.effective_sort, rank))
    items = list(
        db.session.scalars(
            ordered.limit(criteria.per_page).offset((criteria.page - 1) * criteria.per_page)
        ).unique()
    )
    return Page(items=items, number=criteria.page, per_page=criteria.per_page, total=total or 0)


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
        in_zone_comune = exists().where(
            proposal_comuni.c.proposal_id == Proposal.id,
            proposal_comuni.c.comune_id == Comune.id,
            Comune.zone_id == criteria.zone_id,
        )
        query = query.where(or_(Proposal.zone_id == criteria.zone_id, in_zone_comune))
    return query


def _with_text_search(query: Select, raw: str):
    """Restrict ``query`` to the text matches; return it with a relevance expression."""
    if db.session.get_bind().dialect.name == "postgresql":
        tsquery = func.websearch_to_tsquery(literal_column("'italian'::regconfig"), raw)
        vector = literal_column("proposals.search_vector")
        query = query.where(vector.op("@@")(tsquery))
        # Higher ts_rank is better; negate so every back-end sorts ascending.
        return query, -func.ts_rank(vector, tsquery)
    matches = (
        text(f"SELECT rowid AS id, {_BM25} AS rank FROM proposals_fts WHERE proposals_fts MATCH :match")
        .bindparams(match=fts5_match_expression(raw))
        .columns(id=Integer, rank=Float)
        .subquery("fts_matches")
    )
    query = query.join(matches, matches.c.id == Proposal.id)
    # bm25 is lower for better matches.
    return query, matches.c.rank


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
