"""Italian text normalisation: tokens -> features (lemma, then stem), stop words, elisions, accents.

Two paths produce the same features:

* :func:`make_pipeline` builds a spaCy ``blank("it")`` pipeline with the ``forum_normalizer``
  component, which sets ``token.lemma_`` and ``token._.features``; use it when you want spaCy ``Doc``
  objects (labels, debugging, single texts).
* :meth:`Normalizer.tokenize` is the bulk path used for corpora: one regular expression per text and
  one dictionary look-up per token, with every distinct token normalised once. It exists because
  building spaCy ``Doc`` objects for 100,000 proposals would take half of the time budget alone; a
  test checks both paths give identical features.

Which normaliser: measured (bench/nlp_bench.py, docs/nlp.md) on the dev set and on a noisy copy of it
(typos, dropped accents, capitals), the Snowball Italian stem of the surface word beat simplemma
lemmas, simplemma + stem and spaCy's lookup lemmas with our fixes, with the Driver concept space and
without; it is also 10x cheaper per distinct word than simplemma (no dictionary to load). The other
normalisers stay selectable through :class:`NormalizerConfig`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import simplemma
import snowballstemmer
import spacy
from spacy.lang.it.stop_words import STOP_WORDS as _SPACY_STOP_WORDS
from spacy.language import Language
from spacy.lookups import load_lookups
from spacy.tokens import Doc, Token

from .stopwords import EXTRA_STOP, LETTER_FILLERS

#: Lower-case Latin letters only (text is lower-cased first): digits, punctuation, emoji and control
#: characters separate words. The apostrophe is a separator too, which is what splits the Italian
#: elisions ("dell'area" -> "dell", "area"). An explicit class is 20% faster than ``[^\W\d_]`` and
#: other scripts carry no Italian theme anyway (such a text is simply unusable).
WORD_RE = re.compile(r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f]+")

#: Words of spaCy's Italian stop list that are real content in this domain ("casa", "lavoro", "via",
#: "mezzi" pubblici...): they must stay features.
_KEEP = frozenset(
    """casa lavoro governo consiglio mondo paese nazionale persone piedi tempo vita uomo via ministro
    posto luogo forza mezzo mezzi scola registrazione mancanza cima marche mosto ansa gruppo futuro
    """.split()
)


#: Web addresses, e-mail addresses, bare domains ("gmail.com", "goo.gl/x") and the placeholders that
#: anonymised texts carry ("[email]", "[telefono]"): never a theme, and their pieces ("gmail", "com",
#: "https") would otherwise become features and labels. Removed before words are read.
#: ``[^\s\x00]`` rather than ``\S``: the bulk path joins texts with NUL separators.
WEB_RE = re.compile(
    r"\[[^\W\d]{2,20}\]"
    r"|(?:https?://|www\.)[^\s\x00]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|it|org|net|eu|info|gl|ly|me|be|io|gov)\b(?:/[^\s\x00]*)?",
    re.IGNORECASE,
)
#: Where a web address, an e-mail address or a placeholder may be: a cheap scan (literal characters
#: first), so that :data:`WEB_RE` runs only on the few whitespace-separated tokens that hold one.
_WEB_HINT = re.compile(r"://|@|\bwww\.|\[[^\W\d]|\.(?:com|it|org|net|eu|info|gl|ly|me|be|io|gov)\b", re.I)
_NOT_SPACE = re.compile(r"[^\s\x00]+")


def strip_web(text: str) -> str:
    """``text`` without the tokens :data:`WEB_RE` matches (replaced by a space).

    Three times faster than ``WEB_RE.sub`` on plain prose, which matters on 100,000 texts.
    """
    if not _WEB_HINT.search(text):
        return text
    out: list[str] = []
    last = 0
    for hit in _WEB_HINT.finditer(text):
        if hit.start() < last:
            continue
        start = max(last, max(text.rfind(c, 0, hit.start()) for c in " \x00\n\t\r") + 1)
        token = _NOT_SPACE.match(text, hit.start())
        end = token.end() if token else hit.end()
        if WEB_RE.search(text, start, end):
            out.append(text[last:start])
            out.append(" ")
            last = end
    out.append(text[last:])
    return "".join(out)


MIN_FEATURE_LENGTH = 3

#: Three or more equal letters never occur in Italian words: they are emphasis ("bellooo").
_REPEAT_RE = re.compile(r"(.)\1{2,}")


def strip_accents(text: str) -> str:
    """``"città"`` -> ``"citta"``: informal writers drop or replace accents ("citta'", "perche")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def clean_text(text: str) -> str:
    """Compatibility-normalise (full-width letters, ligatures), drop web and e-mail addresses
    (:data:`WEB_RE`) and lower-case (so SHOUTING matches).

    Control characters, emoji and punctuation need no handling here: :data:`WORD_RE` treats them as
    separators.

    :raises TypeError: if ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return strip_web(unicodedata.normalize("NFKC", text)).lower()


STOP_WORDS = frozenset(
    {strip_accents(w.rstrip("'’")) for w in _SPACY_STOP_WORDS if w not in _KEEP} | EXTRA_STOP
)


@dataclass(frozen=True)
class NormalizerConfig:
    """Switches of the normaliser; the defaults are the measured winner (see docs/nlp.md).

    :param lemmatizer: ``"none"`` (default: the stem alone wins), ``"simplemma"`` or
        ``"spacy-lookup"`` (spacy-lookups-data's table with :data:`SPACY_LOOKUP_FIXES`).
    :param stem: apply the Snowball Italian stemmer (after lemmatisation, if any).
    :param drop_fillers: drop :data:`LETTER_FILLERS`.
    :param extra_stop_words: words of one corpus that carry no theme there (a consultation's own
        boilerplate, e.g. the name of the body that runs it); any case or accents; each goes with
        its inflections (the words sharing its stem).
    """

    lemmatizer: str = "none"
    stem: bool = True
    drop_fillers: bool = True
    extra_stop_words: tuple[str, ...] = ()


def normalise_stop_word(word: str) -> str:
    """The comparison form of a stop word: lower case, no accents, no apostrophe."""
    return strip_accents(clean_text(word)).strip(" '’")


class Normalizer:
    """Maps a surface token to its feature (accent-free lemma stem) or ``None`` for a stop word.

    Each distinct token is normalised once and cached: a corpus repeats a small vocabulary many times.
    """

    def __init__(self, config: NormalizerConfig | None = None) -> None:
        self.config = config or NormalizerConfig()
        self._cache: dict[str, str | None] = {}
        self._lemma_cache: dict[str, str] = {}
        self._stemmer = snowballstemmer.stemmer("italian")
        self._stop = STOP_WORDS | (LETTER_FILLERS if self.config.drop_fillers else set())
        self._stop_features: frozenset[str] = frozenset()
        self._lookup_table: Any = None
        if self.config.lemmatizer == "spacy-lookup":
            # spacy-lookups-data's table, with our fixes for its errors on this vocabulary.
            self._lookup_table = load_lookups("it", ["lemma_lookup"]).get_table("lemma_lookup")
        elif self.config.lemmatizer not in ("simplemma", "none"):
            raise ValueError(f"unknown lemmatizer {self.config.lemmatizer!r}")
        # a corpus's own stop word goes with its inflections ("terremoto", "terremoti"): match stems
        extra = {normalise_stop_word(w) for w in self.config.extra_stop_words}
        self._stop_features = frozenset(f for w in extra if (f := self._compute(w)) is not None)

    def __getstate__(self) -> dict[str, Any]:
        # PyStemmer's C stemmer cannot be pickled (models are stored with pickle): rebuild it.
        state = dict(self.__dict__)
        state["_stemmer"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._stemmer = snowballstemmer.stemmer("italian")

    def lemma(self, token: str) -> str:
        """The dictionary form of a lower-case token (unchanged when unknown)."""
        cached = self._lemma_cache.get(token)
        if cached is not None:
            return cached
        if self.config.lemmatizer == "simplemma":
            out = simplemma.lemmatize(token, lang="it").lower()
        elif self.config.lemmatizer == "spacy-lookup":
            out = SPACY_LOOKUP_FIXES.get(token) or self._lookup_table.get(token, token)
        else:
            out = token
        self._lemma_cache[token] = out
        return out

    def feature(self, token: str) -> str | None:
        """The feature of one lower-case surface token, or ``None`` if it carries no topic."""
        try:
            return self._cache[token]
        except KeyError:
            pass
        out = self._compute(token)
        self._cache[token] = out
        return out

    def _compute(self, token: str) -> str | None:
        token = _REPEAT_RE.sub(r"\1", token)
        bare = strip_accents(token)
        if len(bare) < MIN_FEATURE_LENGTH or bare in self._stop:
            return None
        lemma = strip_accents(self.lemma(token))
        if lemma in self._stop:
            return None
        if self.config.stem:
            lemma = self._stemmer.stemWord(lemma)
        if len(lemma) < MIN_FEATURE_LENGTH - 1 or lemma in self._stop_features:
            return None
        return lemma

    def surface_tokens(self, text: str) -> list[str]:
        """The lower-case word tokens of ``text``, stop words included (for phrases and labels).

        :raises TypeError: if ``text`` is not a string.
        """
        return WORD_RE.findall(clean_text(text))

    def tokenize(self, text: str) -> list[str]:
        """The features of ``text`` in order, stop words removed.

        :raises TypeError: if ``text`` is not a string.
        """
        feature = self.feature
        return [f for f in map(feature, self.surface_tokens(text)) if f is not None]

    def tokenize_many(self, texts: Iterable[str]) -> list[list[str]]:
        """:meth:`tokenize` for many texts.

        :raises TypeError: if a text is not a string.
        """
        return [self.tokenize(t) for t in texts]


#: Corrections to spacy-lookups-data's Italian table for words of this domain that it gets wrong.
SPACY_LOOKUP_FIXES: dict[str, str] = {
    "servizi": "servizio",
    "ricerca": "ricerca",
    "consumo": "consumo",
    "consumi": "consumo",
    "suolo": "suolo",
    "suoli": "suolo",
    "lavoro": "lavoro",
    "logistica": "logistica",
    "metropolitana": "metropolitana",
    "rete": "rete",
    "reti": "rete",
    "sede": "sede",
    "piano": "piano",
    "trasporto": "trasporto",
}


# --- spaCy component -------------------------------------------------------------------------------

if not Token.has_extension("features"):
    Token.set_extension("features", default=())
if not Doc.has_extension("features"):
    Doc.set_extension("features", getter=lambda doc: [f for t in doc for f in t._.features])


class ForumNormalizer:
    """spaCy component: sets ``token._.features`` (a tuple, usually of one feature; empty for stop
    words and punctuation; several when spaCy keeps "5G" or "e-mail" as one token) and, when a
    lemmatizer is configured, ``token.lemma_``."""

    def __init__(self, normalizer: Normalizer) -> None:
        self.normalizer = normalizer

    def __call__(self, doc: Doc) -> Doc:
        norm = self.normalizer
        for token in doc:
            words = WORD_RE.findall(clean_text(token.text))
            if len(words) == 1 and norm.config.lemmatizer != "none":
                token.lemma_ = norm.lemma(words[0])
            token._.features = tuple(f for f in map(norm.feature, words) if f is not None)
        return doc


@Language.factory(
    "forum_normalizer",
    default_config={"lemmatizer": "none", "stem": True, "drop_fillers": True, "extra_stop_words": []},
)
def _make_forum_normalizer(
    nlp: Language, name: str, lemmatizer: str, stem: bool, drop_fillers: bool, extra_stop_words: list
) -> ForumNormalizer:
    config = NormalizerConfig(lemmatizer, stem, drop_fillers, tuple(extra_stop_words))
    return ForumNormalizer(Normalizer(config))


def make_pipeline(config: NormalizerConfig | None = None) -> Language:
    """A spaCy ``blank("it")`` pipeline with the ``forum_normalizer`` component.

    :raises ValueError: if ``config.lemmatizer`` is unknown.
    """
    cfg = config or NormalizerConfig()
    nlp = spacy.blank("it")
    nlp.max_length = 10_000_000  # 1 MB texts are valid input; the blank pipeline uses little memory
    nlp.add_pipe(
        "forum_normalizer",
        config={
            "lemmatizer": cfg.lemmatizer,
            "stem": cfg.stem,
            "drop_fillers": cfg.drop_fillers,
            "extra_stop_words": list(cfg.extra_stop_words),
        },
    )
    return nlp
