"""Help for the person writing a proposal: the Driver its text suggests, and the published
proposals of the same consultation that look like it ("forse esiste già").

Read-only: nothing here writes to the database.

**Why not** :func:`nlp.suggest_driver` **(the logistic regression of the themes engine).** Every web
worker serves the proposal form, so a model loaded "lazily on first use" ends up in every worker.
Measured (docs/ui.md, "Proposal form assist"): importing ``nlp`` and training its suggester takes a
gunicorn worker from 204 MB to 276 MB RSS (+72 MB; +173 MB in a process without the app's scipy) and
the first suggestion of each worker waits seconds for spaCy and scikit-learn to import. The scorer below
uses the same Driver texts (:mod:`nlp.drivers`: ``import nlp`` is lazy and loads neither) and the
same Snowball stems, in pure Python: on the Driver dev set it ranks the right Driver first for 78.9%
of the sentences and in the top three for 92.7% (the logistic regression trained on the same texts:
79.8% and 94.5%), it costs about 1 MB and well under a millisecond per call. Training on the
proposals already filed would need a database read per process and goes stale; in the nlp
cross-validation it moved top-1 by under one point, so the Driver texts alone are used.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import snowballstemmer

from app.consultations.models import Consultation
from app.proposals import queries
from app.proposals.models import ASSIST_FIELDS, Proposal, proposal_text
from app.proposals.search import ProposalSearch, best_matches
from app.reference.models import Driver
from nlp.drivers import default_drivers
from nlp.stopwords import EXTRA_STOP, FUNCTION_WORDS, LETTER_FILLERS

logger = logging.getLogger("forum.proposals.assist")

#: Fewer characters than this (title, summary, need and action together) say too little.
MIN_TEXT_LENGTH = 20
#: The largest request body the suggestion endpoint reads (the four fields as typed).
MAX_INPUT_BYTES = 20 * 1024
#: How many similar proposals are shown, and how many search results are re-ranked to find them.
SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 12
#: Words of the typed text sent to the search (the search uses at most 12), and how many of
#: them a proposal must share to be a candidate: one shared word matches a good part of a large
#: consultation (14,000 of 27,000 proposals in the bench database, 200 ms to rank on PostgreSQL);
#: any two match a tenth of that (25 ms), and a proposal sharing one word is not "similar" anyway.
KEY_WORDS = 8
MIN_SHARED_WORDS = 2
#: Below this cosine (stems of the typed text against a proposal's) a proposal only shares a
#: word or two of the theme with it: not worth a "maybe it already exists".
MIN_RELEVANCE = 0.12
#: Below this cosine with its best Driver the text says too little about any of them: on the dev
#: set every right first answer scores above it (lowest 0.105) and 4 of the 23 wrong ones below;
#: everyday off-topic sentences ("vorrei sapere gli orari dell'anagrafe") score about 0.06.
MIN_DRIVER_SCORE = 0.1
#: Scales the cosines before the softmax that turns them into a confidence between 0 and 1.
CONFIDENCE_SHARPNESS = 10.0

# The word features of nlp.preprocess (lower case, no accents, stop words out, Snowball stem),
# without spaCy: nlp's short list of function words stands in for spaCy's stop list (same ranking
# quality on the dev set), with nlp's own additions (greetings, "propongo"...: a "saluti" must not
# suggest the health Driver's "salute") and the words every proposal here shares whatever it is about.
_WORD = re.compile(r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f]+")
_MIN_WORD = 3
_FORUM_WORDS = frozenset(
    """citta metropolitana metropolitano metropolitani metropolitane milano milanese comune comuni comunale
    comunali ente enti driver psttm piano piani strategico strategica strategici proposta proposte
    proporre progetto progetti""".split()
)
_STOP_WORDS = FUNCTION_WORDS | EXTRA_STOP | LETTER_FILLERS | _FORUM_WORDS


def _strip_accents(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("italian")


def word_stems(text: str) -> list[tuple[str, str]]:
    """``(stem, surface word)`` for each content word of ``text``, in order."""
    out = []
    stem = _stemmer().stemWord
    for word in _WORD.findall(unicodedata.normalize("NFKC", text).lower()):
        bare = _strip_accents(word)
        if len(bare) >= _MIN_WORD and bare not in _STOP_WORDS:
            out.append((stem(bare), word))
    return out


def _unit_vector(counts: Counter, weight=lambda feature: 1.0) -> dict[str, float]:
    return _normalised({f: (1.0 + math.log(n)) * weight(f) for f, n in counts.items()})


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in weights.values()))
    return {f: v / norm for f, v in weights.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(v * b.get(f, 0.0) for f, v in a.items())


# --- the Driver ------------------------------------------------------------------------


class DriverScorer:
    """Ranks the Drivers for a text: TF-IDF cosine with each Driver's profile (the sum of its
    paragraphs' vectors), IDF computed over the paragraphs."""

    def __init__(self, driver_texts: dict[str, list[str]]) -> None:
        paragraphs = [
            (code, Counter(s for s, _w in word_stems(t))) for code, ts in driver_texts.items() for t in ts
        ]
        document_frequency = Counter(f for _code, counts in paragraphs for f in counts)
        n = len(paragraphs)
        self._idf = {f: math.log((1 + n) / (1 + df)) + 1.0 for f, df in document_frequency.items()}
        profiles: dict[str, Counter] = {}
        for code, counts in paragraphs:
            profiles.setdefault(code, Counter()).update(self._vector(counts))
        self._profiles = {code: _normalised(profile) for code, profile in profiles.items()}

    def _vector(self, counts: Counter) -> dict[str, float]:
        known = Counter({f: c for f, c in counts.items() if f in self._idf})
        return _unit_vector(known, self._idf.__getitem__)

    def rank(self, text: str) -> list[tuple[str, float]]:
        """``(Driver code, cosine)`` best first; empty if the text has no word the Drivers use."""
        vector = self._vector(Counter(s for s, _w in word_stems(text)))
        if not vector:
            return []
        scores = [(code, _cosine(vector, profile)) for code, profile in self._profiles.items()]
        return sorted(scores, key=lambda item: (-item[1], item[0]))


def load_driver_texts() -> dict[str, list[str]]:
    """The Driver texts shipped with the themes engine, by Driver code ("D1".."D10").

    :raises OSError: the ``nlp`` package's data file is missing.
    :raises ValueError: the data file is not valid JSON.
    """
    return {driver.id: list(driver.texts) for driver in default_drivers()}


@functools.cache
def driver_scorer() -> DriverScorer | None:
    """The scorer, built once per process on first use; ``None`` if it cannot be built (the
    form then simply shows no suggestion). Two threads of a worker may both build it the
    first time: it takes a few milliseconds and the results are equal."""
    try:
        return DriverScorer(load_driver_texts())
    except Exception:  # any failure only costs the suggestion, never the page
        logger.exception("Driver suggestions are off: the scorer could not be built")
        return None


@dataclass(frozen=True)
class DriverHint:
    driver: Driver
    confidence: float


def suggest_driver(consultation: Consultation, text: str) -> DriverHint | None:
    """The Driver of ``consultation`` that ``text`` is most about, or ``None`` if the text
    says too little, or the suggestion is unavailable."""
    scorer = driver_scorer()
    if scorer is None:
        return None
    try:
        ranking = scorer.rank(text)
    except Exception:  # a suggestion is a courtesy: a bug here must not break the form
        logger.exception("Driver suggestion failed")
        return None
    covered = {d.code: d for d in consultation.drivers}
    weights = {code: math.exp(CONFIDENCE_SHARPNESS * score) for code, score in ranking}
    total = sum(weights.values())
    for code, score in ranking:
        if score < MIN_DRIVER_SCORE:
            return None
        if code in covered:
            return DriverHint(driver=covered[code], confidence=round(weights[code] / total, 2))
    return None


# --- similar proposals ---------------------------------------------------------------------


@dataclass(frozen=True)
class AssistText:
    """What the writer has typed so far in the fields that say what the proposal is about."""

    title: str = ""
    summary: str = ""
    need: str = ""
    action: str = ""

    @property
    def text(self) -> str:
        return "\n".join(
            part.strip() for part in (self.title, self.summary, self.need, self.action) if part.strip()
        )

    @property
    def is_long_enough(self) -> bool:
        return len(self.text) >= MIN_TEXT_LENGTH


def key_words(fields: AssistText) -> list[str]:
    """The words to search for: the content words typed, title first, then by how often they
    occur and how long they are; one surface form per stem."""
    weight: Counter = Counter()
    surface: dict[str, str] = {}
    for text, field_weight in ((fields.title, 3), (fields.summary, 2), (fields.need, 1), (fields.action, 1)):
        for stem, word in word_stems(text):
            weight[stem] += field_weight
            surface.setdefault(stem, word)
    ranked = sorted(weight, key=lambda s: (-weight[s], -len(surface[s]), s))
    return [surface[s] for s in ranked[:KEY_WORDS]]


def _stem_vector(text: str) -> dict[str, float]:
    return _unit_vector(Counter(s for s, _w in word_stems(text)))


def _proposal_text(proposal: Proposal) -> str:
    return proposal_text(proposal, ASSIST_FIELDS)


@dataclass(frozen=True)
class SimilarProposal:
    proposal: Proposal
    relevance: float


def find_similar(
    consultation: Consultation, fields: AssistText, exclude_id: int | None = None
) -> list[SimilarProposal]:
    """Published proposals of ``consultation`` close to the typed text, closest first.

    The search service finds the proposals with any two of the key words (its relevance order);
    the best of those are re-ranked by the cosine of their stems with the typed text, and the
    ones that only share a word or two are dropped.
    """
    words = key_words(fields)
    if not words:
        return []
    candidates = best_matches(
        ProposalSearch(
            consultation_id=consultation.id,
            text=" ".join(words),
            min_words=MIN_SHARED_WORDS,
            sort="relevance",
            per_page=SIMILAR_CANDIDATES,
        )
    )
    typed = _stem_vector(fields.text)
    found = []
    for proposal in candidates:
        if proposal.id == exclude_id:
            continue
        relevance = _cosine(typed, _stem_vector(_proposal_text(proposal)))
        if relevance >= MIN_RELEVANCE:
            found.append(SimilarProposal(proposal=proposal, relevance=round(relevance, 2)))
    found.sort(key=lambda s: -s.relevance)
    return found[:SIMILAR_LIMIT]


# --- together ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Assistance:
    driver: DriverHint | None
    similar: list[SimilarProposal]
    too_short: bool


def assist_proposal(
    consultation: Consultation, fields: AssistText, exclude_id: int | None = None
) -> Assistance:
    """The suggested Driver and the similar proposals for what has been typed so far.

    :param exclude_id: the proposal being edited, never listed as similar to itself.
    """
    if not fields.is_long_enough:
        return Assistance(driver=None, similar=[], too_short=True)
    return Assistance(
        driver=suggest_driver(consultation, fields.text),
        similar=find_similar(consultation, fields, exclude_id),
        too_short=False,
    )


def draft_was_saved(actor, consultation: Consultation, token: str) -> bool:
    """True if ``actor`` already saved a proposal of ``consultation`` from the form carrying
    ``token``: the browser's copy of that form is then obsolete."""
    proposal = queries.find_proposal_by_token(token)
    return (
        proposal is not None
        and proposal.author_id == actor.id
        and proposal.consultation_id == consultation.id
    )


def draft_storage_key(
    secret: str | bytes, user_id: int, consultation_id: int, proposal_id: int | None
) -> str:
    """The browser storage key of a form's draft: one per person, consultation and proposal,
    without anything that names the person (an HMAC of the ids)."""
    key = secret.encode() if isinstance(secret, str) else secret
    message = f"{user_id}:{consultation_id}:{proposal_id or 'new'}".encode()
    return "proposal-draft:" + hmac.new(key, message, hashlib.sha256).hexdigest()[:24]
