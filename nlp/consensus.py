"""Consensus clustering: many quick k-means partitions vote on which documents belong together.

One k-means run on short texts depends on its starting point; thirty runs from different starts agree
on the pairs that truly belong together. The *co-association* of two documents is the share of runs
that put them in the same cluster; average-linkage clustering of 1 - co-association gives a dendrogram
whose cuts are the themes (evidence accumulation, Fred & Jain 2005). Measured on the development set
(docs/nlp.md) it adds 0.02-0.03 NMI to the best single k-means and is much steadier across seeds.

Rules an analyst can rely on:

* no theme is smaller than :func:`min_theme_size` (grows with the corpus); the members of smaller
  groups join the nearest theme;
* with a requested k there are exactly k themes (unless the corpus cannot hold k themes of that size:
  then the minimum size gives way, never the number);
* an automatic k is the smallest whose silhouette is within :data:`SILHOUETTE_SLACK` of the best one,
  in ``[2, max_auto_k(n)]``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

RUNS = 30
K_MIN, K_MAX = 2, 30
#: Automatic k: the smallest k whose silhouette is at least this share of the best k's.
SILHOUETTE_SLACK = 0.9
#: Documents the silhouette of a candidate k is measured on (a seeded sample above this).
SILHOUETTE_SAMPLE = 2000
#: Weight of the previous run's partition in the co-association of documents it already grouped.
PREVIOUS_WEIGHT = 0.5


def min_theme_size(n: int) -> int:
    """Smallest theme for ``n`` documents: 3 up to 144 documents, then sqrt(n)/4 (9 at 1,137; 79 at
    100,000) — a theme is a share of what people wrote, not a pair of similar texts."""
    return max(3, int(np.ceil(np.sqrt(max(n, 0)) / 4)))


def max_auto_k(n: int) -> int:
    """Most themes the automatic choice considers for ``n`` documents: sqrt(n)/2, in [2, 30] (a rule
    of thumb; 17 at 1,137 documents, 5 at 100)."""
    return int(max(K_MIN, min(K_MAX, round(np.sqrt(max(n, 0)) / 2))))


def coassociation(
    vectors: np.ndarray,
    ks: Sequence[int],
    seed: int,
    previous: np.ndarray | None = None,
) -> np.ndarray:
    """Share of k-means runs (one per entry of ``ks``) that put each pair in the same cluster.

    :param previous: optional group index per document from an earlier run (-1 = not grouped then):
        pairs grouped then get :data:`PREVIOUS_WEIGHT` of their evidence from it, so a re-run moves
        only what the new data moves.
    :raises ValueError: if ``ks`` is empty.
    """
    if not ks:
        raise ValueError("at least one k-means run is needed")
    n = vectors.shape[0]
    rng = np.random.default_rng(seed)
    together = np.zeros((n, n), dtype=np.float32)
    for k in ks:
        labels = KMeans(int(min(k, n)), n_init=1, random_state=int(rng.integers(2**31))).fit_predict(vectors)
        together += labels[:, None] == labels[None, :]
    together /= len(ks)
    if previous is not None:
        known = previous >= 0
        both = known[:, None] & known[None, :]
        same = (previous[:, None] == previous[None, :]) & both
        together[both] = (1 - PREVIOUS_WEIGHT) * together[both] + PREVIOUS_WEIGHT * same[both]
    return together


def dendrogram(together: np.ndarray) -> np.ndarray:
    """Average-linkage tree (scipy's linkage matrix) of the distances 1 - co-association.

    Overwrites ``together`` (it becomes the distance matrix): at 4,000 documents each full copy is
    64 MB more.
    """
    np.subtract(1.0, together, out=together)
    np.fill_diagonal(together, 0.0)
    condensed = squareform(together, checks=False).astype(np.float64)
    return linkage(condensed, method="average")


def absorb_small(vectors: np.ndarray, labels: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Move the members of every cluster not in ``keep`` to the nearest kept cluster (by centroid).

    :returns: labels renumbered 0..len(keep)-1, largest kept cluster first.
    """
    sizes = np.bincount(labels, minlength=int(labels.max()) + 1)
    keep = np.asarray(sorted(keep.tolist(), key=lambda c: (-sizes[c], c)))
    centroids = np.vstack([vectors[labels == c].mean(axis=0) for c in keep])
    index = {int(c): i for i, c in enumerate(keep.tolist())}
    out = np.array([index.get(int(c), -1) for c in labels.tolist()], dtype=np.int64)
    lost = out < 0
    if lost.any():
        out[lost] = (vectors[lost] @ centroids.T).argmax(axis=1)
    return out


def cut_exact(tree: np.ndarray, vectors: np.ndarray, k: int, min_size: int) -> np.ndarray:
    """Exactly ``k`` clusters of at least ``min_size`` documents from the tree.

    The tree is cut ever deeper until it holds ``k`` clusters of the minimum size; smaller groups
    join their nearest cluster. If no cut holds ``k`` such clusters the minimum size is halved.

    :raises ValueError: if ``k`` is more than the number of documents.
    """
    n = vectors.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k={k} must be between 1 and the number of documents ({n})")
    if k == 1:
        return np.zeros(n, dtype=np.int64)
    size = max(1, min_size)
    while True:
        for cut in range(k, n + 1):
            labels = fcluster(tree, cut, criterion="maxclust") - 1
            sizes = np.bincount(labels)
            big = np.flatnonzero(sizes >= size)
            if big.size >= k:
                largest = big[np.argsort(-sizes[big], kind="stable")[:k]]
                return absorb_small(vectors, labels, largest)
            if cut - k > 4 * k + 20:
                break  # deeper cuts only peel off more small groups
        if size == 1:
            return absorb_small(vectors, labels, np.unique(labels)[:k])
        size = max(1, size // 2)


def choose_k(
    tree: np.ndarray, vectors: np.ndarray, geometry: np.ndarray, min_size: int, k_max: int, seed: int
) -> tuple[np.ndarray, int, dict[int, float]]:
    """The automatic number of themes and its partition.

    Every k in ``[2, k_max]`` is cut with :func:`cut_exact`, scored by the cosine silhouette of
    ``geometry`` (the documents' unsmoothed vectors: the smoothing itself would favour many small
    tight groups), and the smallest k within :data:`SILHOUETTE_SLACK` of the best score wins.

    :returns: labels, k and the score of every k tried.
    """
    n = vectors.shape[0]
    scores: dict[int, float] = {}
    partitions: dict[int, np.ndarray] = {}
    sample = min(n, SILHOUETTE_SAMPLE)
    for k in range(K_MIN, max(K_MIN, min(k_max, n // max(min_size, 1))) + 1):
        labels = cut_exact(tree, vectors, k, min_size)
        if len(np.unique(labels)) < 2:
            continue
        partitions[k] = labels
        scores[k] = float(
            silhouette_score(geometry, labels, metric="cosine", sample_size=sample, random_state=seed)
        )
    if not scores:
        return np.zeros(n, dtype=np.int64), 1, {}
    best = max(scores.values())
    good_enough = SILHOUETTE_SLACK * best if best > 0 else best
    k = min(kk for kk, v in scores.items() if v >= good_enough)
    return partitions[k], k, scores


def base_ks(k: int | None, n: int, seed: int) -> list[int]:
    """The k of each k-means run of the co-association: the requested k every time, or (automatic k)
    a spread of k from 5 to n/8 (at most 30), so that the votes see every scale of grouping."""
    if k is not None:
        return [k] * RUNS
    hi = int(min(K_MAX, max(3, n // 8), n))
    lo = min(5, hi)
    return np.random.default_rng(seed + 7).integers(lo, hi + 1, RUNS).tolist()
