"""Labels and keywords an analyst can trust.

A label is a real Italian phrase written by the members of the theme: one word, two adjacent words
("trasporto pubblico") or two words joined by a preposition/article ("consumo di suolo"), never across
punctuation (a phrase ends where a sentence or a clause does). It is chosen by

* **coverage**: the share of the theme's members that contain the phrase (a label says what many of
  them say, not what one of them says);
* **distinctiveness**: coverage inside the theme against coverage outside, so a phrase used evenly
  by every theme (the corpus's boilerplate: the name of the body, the greeting of a form letter)
  names none of them.

score = coverage x log2(1 + coverage / (outside coverage + 0.01)).

No POS tagger can be downloaded, so the corpus itself tells what a word is (:class:`Lexicon`): a word
often written after an article is a noun ("la raccolta", "un alloggio"); a word mostly written with a
capital in mid-sentence is a name (a place, a person, a body) and names a theme alone only when the
theme is about it; a word mostly written as a hashtag is a tag. Verb forms (infinitives, gerunds,
finite forms) and adverbs never head a label. E-mail and web addresses and numbers are removed before
any of this (:data:`nlp.preprocess.WEB_RE`, digits are not words).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .preprocess import Normalizer, strip_accents, strip_web

#: Words that may join the two content words of a label ("consumo di suolo").
LINK_WORDS = frozenset(
    """di del della dello dei degli delle dell d a al alla allo ai agli alle all ad in nel nella nello
    nei negli nelle nell per da dal dalla dai dalle dall su sul sulla sui sulle sull con tra fra""".split()
)
#: Determiners: a word written after one of these is used as a noun. "lo", "la", "le", "gli" and
#: "l'" are left out: they are also object pronouns before a verb ("la metto a disposizione").
_DETERMINERS = frozenset(
    """il i un uno una del dello della dei degli delle dell al allo alla ai agli alle all dal dallo
    dalla dai dagli dalle dall nel nello nella nei negli nelle nell sul sullo sulla sui sugli sulle
    sull questo questa questi queste quel quello quella quei quegli quelle ogni nostro nostra nostri
    nostre vostro vostra loro mio mia miei mie suo sua suoi sue""".split()
)
#: Elided articles and prepositions, written back with their apostrophe ("dell'area").
_ELIDED = frozenset("dell all dall nell sull coll l d un quell".split())
#: Endings of forms that are verbs whatever the corpus says: gerunds, and adverbs (-mente).
_ALWAYS_VERB_OR_ADVERB = re.compile(r"(?:ando|endo|mente)$")
#: Infinitives (not the nouns in -iere: "quartiere", "cantiere").
_INFINITIVE = re.compile(r"(?<!i)(?:are|ere|ire)$")
#: Finite verb endings (3rd plural, 1st plural, imperfect, future, conditional).
_FINITE = re.compile(r"(?:ano|ono|iamo|ranno|rebbe|rebbero|ava|avano|eva|evano|isce|iscono|eranno)$")
#: Segments end at punctuation: a phrase never spans two clauses.
_SEGMENT_RE = re.compile(r"[.,;:!?()\[\]{}\"“”«»…\n\r\t|/\\–—-]+")
#: A surface word, with the character before it (to see hashtags and capitals).
_SURFACE_RE = re.compile(r"(#|@)?([^\W\d_]+)")

MIN_COVERAGE_DOCS = 2
#: A word seen this often must have been written after a determiner in MIN_NOUNNESS of its uses to
#: head a label.
HEAD_EVIDENCE = 8
MIN_NOUNNESS = 0.03
SOME_EVIDENCE = 3
#: A two-word phrase names a theme better than one of its words ("raccolta fondi", not "fondi")
#: unless the single word scores this many times more.
PAIR_PREFERENCE = 2.0
N_KEYWORDS = 10
#: Members of a theme read for its labels (best members first) and documents read for the corpus
#: side (outside coverage, the lexicon): bounds the cost on 100,000 proposals.
LABEL_DOCS = 300
OUTSIDE_DOCS = 4000


@dataclass
class Lexicon:
    """What the corpus says about each lower-case, accent-free word (see the module docstring)."""

    count: Counter = field(default_factory=Counter)
    after_determiner: Counter = field(default_factory=Counter)
    capitalised: Counter = field(default_factory=Counter)
    mid_sentence: Counter = field(default_factory=Counter)
    hashtag: Counter = field(default_factory=Counter)
    _verbs: dict[str, bool] = field(default_factory=dict, repr=False)
    _heads: dict[str, bool] = field(default_factory=dict, repr=False)

    def nounness(self, word: str) -> float:
        """Share of the word's occurrences that follow a determiner."""
        return self.after_determiner[word] / self.count[word] if self.count[word] else 0.0

    def is_name(self, word: str) -> bool:
        """Mostly capitalised in mid-sentence: a place, a person, a body."""
        seen = self.mid_sentence[word]
        return seen >= 2 and self.capitalised[word] >= 0.8 * seen

    def is_tag(self, word: str) -> bool:
        """Mostly written as a hashtag or a mention."""
        return self.count[word] > 0 and self.hashtag[word] >= 0.5 * self.count[word]

    def is_verb_or_adverb(self, word: str) -> bool:
        """A verb form or an adverb by its ending, unless the corpus uses it as a noun ("il mare")."""
        known = self._verbs.get(word)
        if known is None:
            known = self._verbs[word] = self._judge_verb(word)
        return known

    def _judge_verb(self, word: str) -> bool:
        if len(word) < 4:
            return False
        if _ALWAYS_VERB_OR_ADVERB.search(word):
            return True
        noun = self.nounness(word)
        if _INFINITIVE.search(word) and len(word) >= 5:
            return noun < 0.3
        return bool(_FINITE.search(word)) and len(word) >= 5 and noun < 0.05

    def can_head(self, word: str) -> bool:
        """May start a label (or be one): not a verb form, an adverb or a tag, and - for a word the
        corpus uses often enough to tell - written after a determiner at least now and then (nouns
        are, "offro" and "mette" never are)."""
        known = self._heads.get(word)
        if known is None:
            known = self._heads[word] = self._judge_head(word)
        return known

    def _judge_head(self, word: str) -> bool:
        if self.is_verb_or_adverb(word) or self.is_tag(word):
            return False
        seen = self.count[word]
        if seen >= HEAD_EVIDENCE:
            return self.nounness(word) >= MIN_NOUNNESS
        # a word seen a few times heads a label only once the corpus wrote it as a noun
        return seen < SOME_EVIDENCE or self.after_determiner[word] > 0

    def name_features(self, normalizer: Normalizer) -> set[str]:
        """Features (stems) that some word written as a name maps to ("civil" of "Protezione Civile").

        Measured on the development set (6 seeds, k = 11): this broad rule 0.466 NMI; a stem counted as
        a name only when 80 % (50 %) of its occurrences are names 0.457 (0.453); no name rule 0.440.
        """
        return {f for w in self.count if self.is_name(w) and (f := normalizer.feature(w)) is not None}


@lru_cache(maxsize=200_000)
def _bare(word: str) -> str:
    return strip_accents(word)


def segments(text: str) -> list[list[tuple[str, str, bool, bool]]]:
    """:func:`_segments` as a list (read it once, use it for the lexicon and the phrases)."""
    return list(_segments(text))


def _segments(text: str) -> Iterable[list[tuple[str, str, bool, bool]]]:
    """Clauses of ``text`` as lists of ``(bare word, surface word, capitalised mid-sentence, tag)``;
    the first word of a clause is never counted as capitalised (sentences start with capitals)."""
    for part in _SEGMENT_RE.split(strip_web(unicodedata.normalize("NFKC", text))):
        words = []
        for i, m in enumerate(_SURFACE_RE.finditer(part.replace("'", " ").replace("’", " "))):
            surface = m.group(2)
            lower = surface.lower()
            capital = i > 0 and surface[0].isupper() and not surface.isupper()
            words.append((_bare(lower), lower, capital, m.group(1) is not None))
        if words:
            yield words


def build_lexicon(texts: Iterable[str | list]) -> Lexicon:
    """Corpus statistics of every word of ``texts`` (see :class:`Lexicon`); a text may be given
    already cut by :func:`segments`."""
    lex = Lexicon()
    for text in texts:
        for words in _segments(text) if isinstance(text, str) else text:
            previous = ""
            for i, (bare, _, capital, tag) in enumerate(words):
                lex.count[bare] += 1
                if previous in _DETERMINERS:
                    lex.after_determiner[bare] += 1
                if i > 0:
                    lex.mid_sentence[bare] += 1
                    lex.capitalised[bare] += capital
                lex.hashtag[bare] += tag
                previous = bare
    return lex


def _join(words: Sequence[str]) -> str:
    """Surface words back into a phrase, restoring elisions (``dell'interscambio``)."""
    out = ""
    for w in words:
        sep = "" if not out or out.endswith("'") else " "
        out += sep + (w + "'" if w in _ELIDED else w)
    return out


def phrases_of(text: str | list, normalizer: Normalizer, lexicon: Lexicon) -> dict[str, str]:
    """Candidate phrases of one text (or of its :func:`segments`): feature key (``"consum suol"``)
    -> surface form."""
    out: dict[str, str] = {}
    for words in _segments(text) if isinstance(text, str) else text:
        feats = [normalizer.feature(w[1]) for w in words]
        n = len(words)
        for i, f in enumerate(feats):
            bare = words[i][0]
            if f is None or not lexicon.can_head(bare):
                continue
            out.setdefault(f, words[i][1])
            j = i + 1
            while j < n and j - i <= 3 and feats[j] is None and words[j][0] in LINK_WORDS:
                j += 1
            if j < n and j - i <= 3 and feats[j] is not None and feats[j] != f:
                second = words[j][0]
                if not lexicon.is_verb_or_adverb(second) and not lexicon.is_tag(second):
                    out.setdefault(f"{f} {feats[j]}", _join([w[1] for w in words[i : j + 1]]))
    return out


@dataclass(frozen=True)
class Scored:
    """A candidate phrase of one theme with its measurements."""

    key: str
    surface: str
    coverage: float
    outside: float
    score: float


def _score(inside: int, size: int, outside: int, others: int) -> tuple[float, float, float]:
    coverage = inside / size
    rest = outside / others if others else 0.0
    return coverage, rest, coverage * math.log2(1 + coverage / (rest + 0.01))


def _is_name_phrase(key_surface: str, lexicon: Lexicon) -> bool:
    words = [strip_accents(w) for w in re.findall(r"[^\W\d_]+", key_surface) if w not in LINK_WORDS]
    return bool(words) and all(lexicon.is_name(w) for w in words)


def rank_phrases(
    member_phrases: Sequence[dict[str, str]],
    outside_counts: Counter,
    n_outside: int,
    lexicon: Lexicon,
) -> list[Scored]:
    """Candidates of one theme, best first (see the module docstring for the score).

    :param member_phrases: :func:`phrases_of` of each member read.
    :param outside_counts: in how many documents outside the theme each key occurs.
    :param n_outside: how many documents outside the theme were read.
    """
    size = len(member_phrases)
    docs_with: Counter = Counter()
    forms: dict[str, Counter] = defaultdict(Counter)
    for phrases in member_phrases:
        docs_with.update(phrases.keys())
        for key, surface in phrases.items():
            forms[key][surface] += 1
    least = min(size, max(MIN_COVERAGE_DOCS, math.ceil(0.05 * size)))
    out: list[Scored] = []
    for key, inside in docs_with.items():
        if inside < least:
            continue
        coverage, rest, score = _score(inside, size, outside_counts[key], n_outside)
        surface = forms[key].most_common(1)[0][0]
        # a name alone (a place, a person) names a theme only if the theme is about it
        if _is_name_phrase(surface, lexicon) and (coverage < 0.5 or coverage < 3 * rest):
            continue
        out.append(Scored(key, surface, coverage, rest, score))
    out.sort(key=lambda s: (-s.score, s.surface))
    return out


def pick_label(ranked: Sequence[Scored], used: set[str]) -> Scored | None:
    """The best two-word phrase unless a single word is clearly better (:data:`PAIR_PREFERENCE`);
    labels already given to another theme are skipped."""
    free = [s for s in ranked if s.surface not in used]
    if not free:
        return None
    best_pair = next((s for s in free if " " in s.key), None)
    best_word = next((s for s in free if " " not in s.key), None)
    if best_pair is None:
        return best_word
    if best_word is None or best_pair.score * PAIR_PREFERENCE >= best_word.score:
        return best_pair
    return best_word


def keywords_of(ranked: Sequence[Scored], label: Scored | None) -> list[str]:
    """The next best phrases after the label, without repeating it."""
    out: list[str] = []
    for s in ranked:
        if label is not None and s.key == label.key:
            continue
        if s.surface not in out:
            out.append(s.surface)
        if len(out) >= N_KEYWORDS:
            break
    return out


def label_key_words(label_key: str) -> list[str]:
    """The features a text must contain to contain the label (``"consum suol"`` -> both)."""
    return label_key.split(" ") if label_key else []
