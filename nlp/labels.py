"""Readable Italian labels and keywords for themes.

A topic is a weight vector over features (stems and stem bigrams: ``trasport pubblic``); a planner
needs words. Candidates are the *surface* phrases of the theme's member documents that realise a
feature: a single word, two adjacent words ("trasporto pubblico") or two words joined by a preposition
or article ("consumo di suolo", "rete in fibra"). Each candidate is scored by the topic's weights of its
features, and shown in its most frequent surface form. Without a POS tagger (no trained Italian model
is available), phrases that start with an infinitive, a gerund or an adverb, or that end on a
preposition, are not offered: they rarely read as a theme name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from .preprocess import WORD_RE, Normalizer, clean_text

#: Words that may join the two content words of a label ("consumo di suolo").
_LINKS = frozenset(
    """di del della dello dei degli delle dell d a al alla allo ai agli alle all ad in nel nella nello
    nei negli nelle nell per da dal dalla dai dalle dall su sul sulla sui sulle sull con tra fra""".split()
)
#: Elided articles and prepositions, written back with their apostrophe ("dell'area").
_ELIDED = frozenset("dell all dall nell sull coll l d un".split())
#: Surface endings of verbs (infinitive, gerund) and adverbs: not a theme's head word.
_NOT_HEAD = re.compile(r"(?:are|ere|ire|ando|endo|mente)$")
#: Member documents read per theme to collect surface forms.
LABEL_DOCS = 120
N_KEYWORDS = 10


def _join(words: Sequence[str]) -> str:
    """Surface words back into a phrase, restoring elisions (``dell'interscambio``)."""
    out = ""
    for w in words:
        sep = "" if not out or out.endswith("'") else " "
        out += sep + (w + "'" if w in _ELIDED else w)
    return out


def _candidates(tokens: Sequence[str], normalizer: Normalizer) -> list[tuple[str, str]]:
    """``(feature key, surface phrase)`` pairs of one document."""
    feats = [normalizer.feature(t) for t in tokens]
    out: list[tuple[str, str]] = []
    n = len(tokens)
    for i, f in enumerate(feats):
        if f is None:
            continue
        out.append((f, tokens[i]))
        if _NOT_HEAD.search(tokens[i]):
            continue
        # the next content word, through at most two linking words
        j = i + 1
        while j < n and j - i <= 3 and feats[j] is None and tokens[j] in _LINKS:
            j += 1
        if j < n and j - i <= 3 and feats[j] is not None and feats[j] != f:
            out.append((f"{f} {feats[j]}", _join(tokens[i : j + 1])))
    return out


def label_themes(
    topic_weights: np.ndarray,
    terms: Sequence[str],
    member_texts: Sequence[Sequence[str]],
    normalizer: Normalizer,
) -> list[tuple[str, list[str]]]:
    """A label and keywords for each topic.

    :param topic_weights: topics x word features (the word block of the NMF topics).
    :param terms: the word feature names (``"trasport"``, ``"trasport pubblic"``).
    :param member_texts: for each topic, texts of its best member documents.
    :returns: ``(label, keywords)`` per topic; labels are distinct across topics.
    """
    index = {t: i for i, t in enumerate(terms)}
    results: list[tuple[list[tuple[float, str]], Counter]] = []
    for j, texts in enumerate(member_texts):
        weights = topic_weights[j]
        surfaces: Mapping[str, Counter] = defaultdict(Counter)
        docs_with: Counter = Counter()
        for text in texts[:LABEL_DOCS]:
            seen = set()
            for key, surface in _candidates(WORD_RE.findall(clean_text(text)), normalizer):
                surfaces[key][surface] += 1
                seen.add(key)
            docs_with.update(seen)
        min_docs = 2 if len(texts) >= 4 else 1
        scored: list[tuple[float, str]] = []
        for key, forms in surfaces.items():
            parts = key.split(" ")
            col = index.get(key)
            own = float(weights[col]) if col is not None else 0.0
            if len(parts) == 2:
                cols = [index.get(p) for p in parts]
                if any(c is None for c in cols) or docs_with[key] < min_docs:
                    continue
                # both words must matter to the theme, and the pair must be a real collocation
                parts_w = [float(weights[c]) for c in cols]  # type: ignore[index]
                score = own + min(parts_w) + 0.5 * max(parts_w)
            else:
                score = own
            if score <= 0:
                continue
            scored.append((score, forms.most_common(1)[0][0]))
        scored.sort(key=lambda s: (-s[0], s[1]))
        results.append((scored, docs_with))
    labels: list[tuple[str, list[str]]] = []
    used: set[str] = set()
    for scored, _ in results:
        phrases = [s for _, s in scored if " " in s and not _NOT_HEAD.search(s.split(" ")[0])]
        words = [s for _, s in scored if " " not in s]
        label = next((p for p in phrases if p not in used), None)
        if label is None:
            label = next((w for w in words if w not in used), None) or "tema senza etichetta"
        used.add(label)
        keywords: list[str] = []
        for _, s in scored:
            if s not in keywords and s != label:
                keywords.append(s)
            if len(keywords) >= N_KEYWORDS:
                break
        labels.append((label, keywords))
    return labels
