"""Clustering: NMF topics, the choice of k, projection of documents, stable theme ids.

* **NMF** on the feature rows (measured best on the dev set, as in the issue's table). Above
  :data:`FIT_SAMPLE` documents the topics are fitted on a seeded random sample and every document is
  then *projected* on them, which keeps 100,000 documents within seconds.
* **Projection**: a document's theme weights ``w >= 0`` minimise ``||x - w H||``; with the Gram matrix
  ``H Hᵀ`` precomputed this is a k x k non-negative least squares, solved by coordinate descent for all
  documents at once. Every document — during analysis and later in :mod:`nlp.assign` — goes through
  the same projection, so a document assigned alone lands where the batch put it.
* **k**: the k of a bounded grid with the highest mean cosine silhouette on a sample.
* **Stability**: with previous themes, NMF starts from their centroids and the new topics are matched
  to the old ones by optimal assignment (Hungarian) on centroid cosine; matched themes keep their id.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score

#: Fit topics on at most this many documents (seeded sample); the rest are projected.
FIT_SAMPLE = 20_000
#: Documents used to choose k.
K_SAMPLE = 1_000
K_MIN, K_MAX = 3, 30
K_LSA_DIMS = 100
#: A new theme keeps an old id only if their centroids are at least this similar (cosine).
MATCH_THRESHOLD = 0.3
#: Feature weights kept per theme centroid for matching by a later run.
CENTROID_TERMS = 300
NMF_MAX_ITER = 400


def _nmf(x: sp.csr_matrix, k: int, seed: int, h0: np.ndarray | None = None) -> np.ndarray:
    """Fit NMF and return the topics ``H`` (k x features, rows L2-normalised)."""
    with warnings.catch_warnings():
        # Hitting max_iter leaves a usable, deterministic factorisation; more iterations do not
        # change assignments measurably on the dev set.
        warnings.simplefilter("ignore", ConvergenceWarning)
        if h0 is not None:
            w0 = np.maximum(np.asarray(x @ h0.T), 0).astype(np.float32) + np.float32(1e-4)
            model = NMF(k, init="custom", random_state=seed, max_iter=NMF_MAX_ITER)
            model.fit(x, W=w0, H=h0.astype(np.float32))
        else:
            model = NMF(k, init="nndsvda", random_state=seed, max_iter=NMF_MAX_ITER)
            model.fit(x)
    h = np.asarray(model.components_, dtype=np.float32)
    norms = np.linalg.norm(h, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return h / norms


def project(x: sp.csr_matrix, h: np.ndarray, iterations: int = 60) -> np.ndarray:
    """Non-negative weights ``W`` (documents x k) minimising ``||X - W H||``.

    :raises ValueError: if the shapes of ``x`` and ``h`` do not agree.
    """
    if x.shape[1] != h.shape[1]:
        raise ValueError(f"x has {x.shape[1]} features, topics have {h.shape[1]}")
    gram = (h @ h.T).astype(np.float64)
    b = np.asarray(x @ h.T, dtype=np.float64)
    w = np.maximum(b, 0.0)
    diag = np.maximum(np.diag(gram), 1e-12)
    for _ in range(iterations):
        delta = 0.0
        for j in range(h.shape[0]):
            old = w[:, j].copy()
            w[:, j] = np.maximum(0.0, old + (b[:, j] - w @ gram[:, j]) / diag[j])
            delta = max(delta, float(np.abs(w[:, j] - old).max(initial=0.0)))
        if delta < 1e-6:
            break
    return w.astype(np.float32)


def assign_rows(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Theme index (-1 when the row has no weight) and membership share for each row."""
    total = w.sum(axis=1)
    best = w.argmax(axis=1) if w.shape[1] else np.zeros(w.shape[0], dtype=np.int64)
    share = np.where(total > 0, w[np.arange(w.shape[0]), best] / np.where(total > 0, total, 1), 0.0)
    best = np.where(total > 0, best, -1)
    return best.astype(np.int64), share.astype(np.float32)


def fit_topics(x: sp.csr_matrix, k: int, seed: int, h0: np.ndarray | None = None) -> np.ndarray:
    """Topics ``H`` for ``x`` (rows of empty documents must already be removed).

    :raises ValueError: if ``k`` is not between 1 and the number of rows.
    """
    n = x.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k={k} must be between 1 and the number of usable documents ({n})")
    rows = x
    if n > FIT_SAMPLE:
        idx = np.sort(np.random.default_rng(seed).choice(n, FIT_SAMPLE, replace=False))
        rows = x[idx]
    return _nmf(rows, k, seed, h0)


def choose_k(
    x: sp.csr_matrix, seed: int, k_min: int = K_MIN, k_max: int = K_MAX
) -> tuple[int, dict[int, float]]:
    """The k in ``[k_min, k_max]`` with the best cosine silhouette, on a sample.

    Each candidate k is clustered by k-means in the LSA space (:data:`K_LSA_DIMS` SVD dimensions of
    the rows, re-normalised): it ranks the candidates like NMF does on the dev set (both peak at 11)
    at a tenth of the cost, so that trying every k of the range stays cheap. Silhouette was preferred
    to NMF sub-sample stability (3x the cost, a flatter curve) and to reconstruction error (no maximum).

    :raises ValueError: if there are fewer than 4 usable documents.
    """
    n = x.shape[0]
    if n < 4:
        raise ValueError("at least 4 usable documents are needed to choose the number of themes")
    rows = x
    if n > K_SAMPLE:
        idx = np.sort(np.random.default_rng(seed + 1).choice(n, K_SAMPLE, replace=False))
        rows = x[idx]
    distinct = len({(r.indices.tobytes(), r.data.round(5).tobytes()) for r in rows})
    if distinct < 4:
        # copies of a few texts: as many themes as distinct texts, nothing to measure
        return max(1, distinct), {}
    dims = max(2, min(K_LSA_DIMS, rows.shape[0] - 1, rows.shape[1] - 1))
    z = TruncatedSVD(dims, random_state=seed).fit_transform(rows)
    z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)
    hi = min(k_max, max(2, rows.shape[0] // 4))
    lo = min(max(2, k_min), hi)
    scores: dict[int, float] = {}
    for k in range(lo, hi + 1):
        labels = KMeans(k, n_init=2, random_state=seed).fit_predict(z)
        if len(set(labels.tolist())) < 2:
            scores[k] = -1.0
            continue
        scores[k] = float(silhouette_score(z, labels, metric="cosine"))
    best = max(scores, key=lambda kk: (round(scores[kk], 4), -kk))
    return best, scores


def centroid_dict(h_row: np.ndarray, names: Sequence[str], top: int = CENTROID_TERMS) -> dict:
    """The ``top`` largest weights of a topic, keyed by feature name."""
    idx = np.argsort(-h_row)[:top]
    return {names[i]: round(float(h_row[i]), 6) for i in idx if h_row[i] > 0}


def centroids_to_matrix(centroids: Sequence[Mapping[str, float]], names: Sequence[str]) -> np.ndarray:
    """Previous centroids expressed in the current feature space (unknown features dropped)."""
    index = {n: i for i, n in enumerate(names)}
    out = np.zeros((len(centroids), len(names)), dtype=np.float32)
    for r, cen in enumerate(centroids):
        for name, weight in cen.items():
            i = index.get(name)
            if i is not None:
                out[r, i] = weight
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def match_ids(
    h: np.ndarray,
    names: Sequence[str],
    previous: Sequence[tuple[int, Mapping[str, float]]],
    threshold: float = MATCH_THRESHOLD,
) -> list[int]:
    """Ids for the new topics: a previous id when the optimal one-to-one matching on centroid cosine
    pairs them with similarity >= ``threshold``, otherwise a fresh id above every previous id."""
    k = h.shape[0]
    next_id = max((pid for pid, _ in previous), default=-1) + 1
    ids = [-1] * k
    if previous:
        old = centroids_to_matrix([c for _, c in previous], names)
        sim = h @ old.T
        rows, cols = linear_sum_assignment(-sim)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            if sim[r, c] >= threshold:
                ids[r] = previous[c][0]
    for r in range(k):
        if ids[r] == -1:
            ids[r] = next_id
            next_id += 1
    return ids
