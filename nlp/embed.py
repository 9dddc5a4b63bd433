"""The space themes are found in: TF-IDF rows smoothed by their nearest neighbours, reduced by LSA.

Short texts by the public share few words: two offers of a room may have no word in common but each
shares several with other offers. So every document is first averaged with its most similar documents
(weighted by cosine, :data:`NEIGHBOURS_WORDS` at most), which adds to it the words its neighbourhood
uses; the smoothed rows are reduced by LSA (truncated SVD, :data:`LSA_DIMS` dimensions) and averaged
once more with their nearest neighbours in that space. Measured on the development set of real text
(docs/nlp.md), each step adds NMI: TF-IDF + LSA + k-means 0.40, with the two smoothings 0.43-0.45.

The space is fitted on a *reference* set of documents (all of them, or a seeded sample of a large
corpus); any other document, now or later (:mod:`nlp.assign`), is embedded the same way against the
reference set, so a document embedded alone lands where the batch put it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD

#: Most neighbours averaged into a TF-IDF row, and into an LSA vector (fewer on small corpora).
NEIGHBOURS_WORDS = 20
NEIGHBOURS_TOPICS = 10
LSA_DIMS = 100
#: Documents compared with the reference set at once (bounds the memory of the similarity block).
_BLOCK = 2000
_RANK_ROWS = 256


def neighbour_counts(n: int) -> tuple[int, int]:
    """How many neighbours to average for a reference set of ``n`` documents.

    A neighbourhood must stay small against the corpus: about half and a third of sqrt(n), capped,
    so that 100 texts average 5 and 3 neighbours and 1,600 or more average 20 and 10.
    """
    root = float(np.sqrt(max(n, 1)))
    words = int(max(1, min(NEIGHBOURS_WORDS, round(root / 2), n - 1)))
    topics = int(max(1, min(NEIGHBOURS_TOPICS, round(root / 3), n - 1)))
    return words, topics


def _unit_rows(z: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (z / norms).astype(np.float32)


def _unit_sparse_rows(x: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags((1.0 / norms).astype(np.float32)) @ x)


def _top_neighbours(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and non-negative weights (summing to 1, or all 0) of each row's ``k`` largest values.

    Rows are ranked a few hundred at a time: ``argpartition`` returns a full int64 index array, which
    for 4,000 x 4,000 similarities would be 128 MB.
    """
    k = min(k, sims.shape[1])
    idx = np.empty((sims.shape[0], k), dtype=np.int64)
    for start in range(0, sims.shape[0], _RANK_ROWS):
        part = sims[start : start + _RANK_ROWS]
        idx[start : start + _RANK_ROWS] = np.argpartition(part, part.shape[1] - k, axis=1)[:, -k:]
    weights = np.maximum(np.take_along_axis(sims, idx, axis=1), 0.0)
    total = weights.sum(axis=1, keepdims=True)
    weights = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    return idx, weights.astype(np.float32)


def _weighted_sum(idx: np.ndarray, weights: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Σ_j weights[i, j] * rows[idx[i, j]] for every i."""
    return np.einsum("ij,ijk->ik", weights, rows[idx])


@dataclass
class Embedding:
    """A fitted space: the reference documents and the LSA basis (see the module docstring).

    :param reference: TF-IDF rows of the reference documents.
    :param components: LSA basis, dims x features.
    :param reference_raw: each reference row projected on the basis (no smoothing).
    :param reference_lsa: reference vectors after the first smoothing (unit rows): the neighbours
        of the second smoothing.
    """

    reference: sp.csr_matrix
    components: np.ndarray
    reference_raw: np.ndarray
    reference_lsa: np.ndarray
    neighbours_words: int
    neighbours_topics: int
    exact_neighbours: bool = True

    @property
    def dims(self) -> int:
        """Number of LSA dimensions."""
        return int(self.components.shape[0])

    def transform(self, x: sp.csr_matrix) -> np.ndarray:
        """Embed TF-IDF rows into the fitted space, against the reference documents.

        With ``exact_neighbours`` (the reference set is the whole corpus, at most a few thousand
        documents) neighbours are found as when fitting: TF-IDF cosine, then cosine in the space.
        For a sample of a large corpus they are looked up in the unsmoothed LSA space (a dense
        product, 10x cheaper than the sparse one at 100,000 documents, 0.01 NMI less on the
        development set) and the second smoothing picks among the first neighbours.

        :returns: unit rows, documents x dims (a row with no usable word stays all zero).
        :raises ValueError: if ``x`` has another number of features than the reference.
        """
        if x.shape[1] != self.reference.shape[1]:
            raise ValueError(f"rows have {x.shape[1]} features, the space has {self.reference.shape[1]}")
        out = np.zeros((x.shape[0], self.dims), dtype=np.float32)
        for start in range(0, x.shape[0], _BLOCK):
            block = x[start : start + _BLOCK]
            raw = np.asarray(block @ self.components.T, dtype=np.float32)
            if self.exact_neighbours:
                sims = np.asarray((block @ self.reference.T).todense(), dtype=np.float32)
            else:
                sims = _unit_rows(raw) @ _unit_rows(self.reference_raw).T
            idx, w = _top_neighbours(sims, self.neighbours_words)
            z = _unit_rows(raw + _weighted_sum(idx, w, self.reference_raw))
            if self.exact_neighbours:
                near, w2 = _top_neighbours(z @ self.reference_lsa.T, self.neighbours_topics)
            else:
                top, w2 = _top_neighbours(
                    np.einsum("ik,ijk->ij", z, self.reference_lsa[idx]), self.neighbours_topics
                )
                near = np.take_along_axis(idx, top, axis=1)
            out[start : start + _BLOCK] = _unit_rows(z + _weighted_sum(near, w2, self.reference_lsa))
        out[np.diff(x.indptr) == 0] = 0.0
        return out

    def raw(self, x: sp.csr_matrix) -> np.ndarray:
        """Unsmoothed LSA vectors (unit rows) of TF-IDF rows: the geometry the choice of k reads."""
        return _unit_rows(np.asarray(x @ self.components.T, dtype=np.float32))


def fit_embedding(
    reference: sp.csr_matrix, seed: int, exact_neighbours: bool = True
) -> tuple[Embedding, np.ndarray]:
    """Fit the space on ``reference`` (TF-IDF rows without empty rows) and embed it.

    :param exact_neighbours: see :meth:`Embedding.transform` (False when ``reference`` is a sample).
    :returns: the fitted space and the reference documents' vectors (unit rows).
    :raises ValueError: if ``reference`` has fewer than 2 rows.
    """
    n = reference.shape[0]
    if n < 2:
        raise ValueError("at least 2 documents are needed to fit the space")
    nn_words, nn_topics = neighbour_counts(n)
    sims = np.asarray((reference @ reference.T).todense(), dtype=np.float32)
    np.fill_diagonal(sims, -np.inf)  # a document is not its own neighbour
    idx, w = _top_neighbours(sims, nn_words)
    del sims
    rows = np.repeat(np.arange(n), idx.shape[1])
    mixing = sp.csr_matrix((w.ravel(), (rows, idx.ravel())), shape=(n, n))
    smoothed = _unit_sparse_rows(sp.csr_matrix(reference + mixing @ reference))
    dims = max(1, min(LSA_DIMS, n - 1, reference.shape[1] - 1))
    svd = TruncatedSVD(dims, algorithm="randomized", random_state=seed)
    with np.errstate(divide="ignore", invalid="ignore"):  # copies of one text: zero variance
        svd.fit(smoothed)
    components = svd.components_.astype(np.float32)
    reference_raw = np.asarray(reference @ components.T, dtype=np.float32)
    lsa = _unit_rows(np.asarray(smoothed @ components.T, dtype=np.float32))
    sims2 = lsa @ lsa.T
    np.fill_diagonal(sims2, -np.inf)
    idx2, w2 = _top_neighbours(sims2, nn_topics)
    vectors = _unit_rows(lsa + _weighted_sum(idx2, w2, lsa))
    space = Embedding(reference, components, reference_raw, lsa, nn_words, nn_topics, exact_neighbours)
    return space, vectors
