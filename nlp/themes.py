"""Themes from clusters: centroids, final assignment, membership scores, stable ids.

* **Final assignment**: every document, in the reference set or not, goes to the theme whose centroid
  (mean of its reference members' vectors) is nearest in cosine; :mod:`nlp.assign` uses the same rule,
  so a document assigned alone lands where the batch put it. Its membership score is that cosine.
* **Stable ids**: a theme's ``centroid`` is its mean TF-IDF row, top :data:`CENTROID_TERMS` weights
  keyed by vocabulary-independent names (``w:trasport pubblic``). A later run matches its themes to
  the previous ones by optimal assignment (Hungarian) on centroid cosine; pairs with cosine
  >= :data:`MATCH_THRESHOLD` keep the old id, the others get ids above every previous id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

#: A new theme keeps an old id only if their centroids are at least this similar (cosine).
MATCH_THRESHOLD = 0.3
#: Feature weights kept per theme centroid for matching by a later run.
CENTROID_TERMS = 300


def unit_rows(z: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero)."""
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (z / norms).astype(np.float32)


def cluster_centroids(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit mean vector of each cluster 0..k-1 (a zero row for an empty cluster)."""
    sums = np.zeros((k, vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, labels, vectors)
    return unit_rows(sums)


def nearest(vectors: np.ndarray, centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest centroid (-1 for an all-zero row) and the cosine to it (>= 0)."""
    if vectors.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    sims = vectors @ centroids.T
    best = sims.argmax(axis=1)
    score = np.clip(sims[np.arange(len(best)), best], 0.0, 1.0).astype(np.float32)
    empty = ~np.any(vectors, axis=1)
    best[empty] = -1
    score[empty] = 0.0
    return best.astype(np.int64), score


def term_centroids(x: sp.csr_matrix, labels: np.ndarray, k: int) -> np.ndarray:
    """Mean TF-IDF row of each theme's members (k x features, unit rows)."""
    member = labels >= 0
    indicator = sp.csr_matrix(
        (np.ones(int(member.sum()), dtype=np.float32), (labels[member], np.flatnonzero(member))),
        shape=(k, x.shape[0]),
    )
    return unit_rows(np.asarray((indicator @ x).todense(), dtype=np.float32))


def centroid_dict(row: np.ndarray, names: Sequence[str], top: int = CENTROID_TERMS) -> dict[str, float]:
    """The ``top`` largest weights of a centroid, keyed by feature name."""
    idx = np.argsort(-row, kind="stable")[:top]
    return {names[i]: round(float(row[i]), 6) for i in idx if row[i] > 0}


def centroids_to_matrix(centroids: Sequence[Mapping[str, float]], names: Sequence[str]) -> np.ndarray:
    """Previous centroids expressed in the current feature space (unknown features dropped)."""
    index = {n: i for i, n in enumerate(names)}
    out = np.zeros((len(centroids), len(names)), dtype=np.float32)
    for r, cen in enumerate(centroids):
        for name, weight in cen.items():
            i = index.get(name)
            if i is not None:
                out[r, i] = weight
    return unit_rows(out)


def match_ids(
    centroids: np.ndarray,
    names: Sequence[str],
    previous: Sequence[tuple[int, Mapping[str, float]]],
    threshold: float = MATCH_THRESHOLD,
) -> list[int]:
    """Ids for the new themes: a previous id when the optimal one-to-one matching on centroid cosine
    pairs them with similarity >= ``threshold``, otherwise a fresh id above every previous id."""
    k = centroids.shape[0]
    next_id = max((pid for pid, _ in previous), default=-1) + 1
    ids = [-1] * k
    if previous:
        old = centroids_to_matrix([c for _, c in previous], names)
        sim = centroids @ old.T
        rows, cols = linear_sum_assignment(-sim)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            if sim[r, c] >= threshold:
                ids[r] = previous[c][0]
    for r in range(k):
        if ids[r] == -1:
            ids[r] = next_id
            next_id += 1
    return ids


def evenly_spread(
    x: sp.csr_matrix, labels: np.ndarray, k: int, min_share: float = 0.03, evenness: float = 0.9
) -> np.ndarray:
    """Columns used by at least ``min_share`` of the documents and spread evenly over the themes
    (normalised entropy of their per-theme rate >= ``evenness``): the corpus's boilerplate, which
    names no theme. Reported to the analyst, who can make them stop words of the consultation.

    Measured on the development set, dropping them and clustering again gains 0.005 NMI on one half
    and nothing on subsets, for twice the time: they are reported, not removed (docs/nlp.md).
    """
    member = labels >= 0
    if k < 2 or not member.any():
        return np.zeros(0, dtype=np.int64)
    present = sp.csr_matrix((x[member] > 0).astype(np.float32))
    indicator = sp.csr_matrix(
        (np.ones(int(member.sum()), dtype=np.float32), (labels[member], np.arange(int(member.sum())))),
        shape=(k, int(member.sum())),
    )
    counts = np.asarray((indicator @ present).todense())
    sizes = np.maximum(np.bincount(labels[member], minlength=k), 1)[:, None]
    rate = counts / sizes
    share = rate / np.maximum(rate.sum(axis=0, keepdims=True), 1e-12)
    entropy = -(share * np.log(np.maximum(share, 1e-12))).sum(axis=0) / np.log(k)
    frequent = counts.sum(axis=0) >= min_share * member.sum()
    return np.flatnonzero(frequent & (entropy >= evenness))
