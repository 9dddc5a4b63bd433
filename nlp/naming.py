"""Naming the themes found: labels, keywords, representatives (the rules are in :mod:`nlp.labels`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from .labels import LABEL_DOCS, Lexicon, keywords_of, phrases_of, pick_label, rank_phrases
from .preprocess import Normalizer
from .vectorize import Vectorizer

N_REPRESENTATIVES = 5
#: Label of a theme with no phrase shared by enough of its members.
NO_LABEL = "tema senza etichetta"


def name_themes(
    texts: Mapping[int, str | list],
    members_of: Sequence[np.ndarray],
    outside_rows: np.ndarray,
    lexicon: Lexicon,
    normalizer: Normalizer,
    stop_keys: set[str],
) -> list[tuple[str, list[str], str]]:
    """Label, keywords and the label's feature key of each theme, labels distinct across themes.

    :param texts: the text (or its :func:`nlp.labels.segments`) of every row read: the best
        :data:`nlp.labels.LABEL_DOCS` members of each theme and ``outside_rows``.
    :param members_of: each theme's member rows, best first.
    :param outside_rows: the rows the other themes are read on (a sample of the corpus).
    :param stop_keys: feature keys that name no theme (the corpus's stop phrases, its boilerplate).
    """
    phrases = {i: phrases_of(text, normalizer, lexicon) for i, text in texts.items()}
    theme_of = {int(i): j for j, m in enumerate(members_of) for i in m.tolist()}
    used: set[str] = set()
    out = []
    for j, members in enumerate(members_of):
        mine = [phrases[int(i)] for i in members[:LABEL_DOCS]]
        outside = [i for i in outside_rows.tolist() if theme_of.get(i) != j]
        outside_counts: Counter = Counter()
        for i in outside:
            outside_counts.update(phrases[i].keys())
        ranked = [
            s for s in rank_phrases(mine, outside_counts, len(outside), lexicon) if s.key not in stop_keys
        ]
        best = pick_label(ranked, used)
        label = best.surface if best is not None else NO_LABEL
        used.add(label)
        out.append((label, keywords_of(ranked, best), best.key if best is not None else ""))
    return out


def representatives(
    vec: Vectorizer, x: sp.csr_matrix, member_texts: Sequence[str], members: np.ndarray, key: str
) -> tuple[list[int], float]:
    """The best members (rows of ``x``, best first) whose text holds every word of the label, and
    the share of members that do (the label's coverage)."""
    if not key or members.size == 0:
        return [], 0.0
    words = key.split(" ")
    cols = [vec.vocab.get(w) for w in words]
    if all(c is not None for c in cols):
        holds = np.asarray((x[members][:, cols] > 0).sum(axis=1)).ravel() == len(cols)
    else:  # a label word too frequent to be a feature: read the texts
        holds = np.array([set(words) <= set(vec.normalizer.tokenize(t)) for t in member_texts])
    return members[holds][:N_REPRESENTATIVES].tolist(), float(holds.mean())


def surface_terms(vec: Vectorizer, lexicon: Lexicon, columns: np.ndarray) -> list[str]:
    """Readable forms of feature columns: each stem's most frequent word in the corpus."""
    best: dict[str, tuple[int, str]] = {}
    for word, count in lexicon.count.items():
        f = vec.normalizer.feature(word)
        if f is not None and count > best.get(f, (0, ""))[0]:
            best[f] = (count, word)
    return [" ".join(best.get(p, (0, p))[1] for p in vec.terms[c].split(" ")) for c in columns.tolist()]
