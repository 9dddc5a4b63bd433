"""Texts -> sparse feature matrix, fast enough for 100,000 proposals.

Three blocks, each L2-normalised, weighted, then the row is L2-normalised again:

* **words**: TF-IDF (sublinear tf) of features (lemma stems, see :mod:`nlp.preprocess`) and of
  feature bigrams; a bigram may skip up to two stop words, so "consumo di suolo" and "consumo del
  suolo" are the same bigram ``consum suol``.
* **chars**: character 3-5 grams of the features, computed once per vocabulary entry and spread to
  documents by one sparse product (documents x terms) @ (terms x n-grams); they tie misspelt and
  derived forms together ("trasprto"/"trasporto").
* **concepts**: cosine of the document with each background concept text (by default one per Driver,
  :mod:`nlp.drivers`), i.e. explicit semantic analysis: it gives short texts that share no word a
  common dimension.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .preprocess import WORD_RE, Normalizer, NormalizerConfig, clean_text
from .progress import Progress

#: A bigram's two features may be separated by at most this many stop words.
MAX_BIGRAM_GAP = 2
CHAR_NGRAMS = (3, 5)
_DOC_SEP = "\x00"
_TOKEN_OR_SEP = re.compile(WORD_RE.pattern + "|\x00")
_CHUNK = 2000
#: Corpora at least this large are tokenised by two processes (see ``Vectorizer._surface_ids``).
PARALLEL_MIN_TEXTS = 20_000
#: The corpus handed to the forked tokenizer (set only while it runs).
_FORK_INPUT: list[Sequence[str]] = []


@dataclass
class VectorizerConfig:
    """Weights and frequency cut-offs. Defaults are the measured choice (docs/nlp.md).

    :param char_weight: weight of the character n-gram block (0 disables it).
    :param concept_weight: weight of the concept block (0 disables it).
    :param max_df: features in more than this share of documents are dropped (only when there are at
        least ``max_df_min_docs`` documents: on a handful of texts every word is frequent).
    """

    bigrams: bool = True
    char_weight: float = 0.0
    concept_weight: float = 1.5
    max_df: float = 0.5
    max_df_min_docs: int = 20
    max_features: int = 200_000
    normalizer: NormalizerConfig = field(default_factory=NormalizerConfig)


def _normalize_rows(x: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags((1.0 / norms).astype(np.float32)) @ x)


def _normalize_dense(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32)


def _tokenize(texts: Sequence[str], progress: Progress | None = None) -> tuple[list[str], np.ndarray]:
    """Surface tokens of ``texts`` as ids into a local table (id 0 = end of a text).

    Texts are processed in chunks joined by a NUL separator: one regular-expression call and one
    ``map`` per chunk instead of per text, which is what makes 100,000 texts cheap.
    """
    index: dict[str, int] = {_DOC_SEP: 0}
    parts: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for start in range(0, len(texts), _CHUNK):
        chunk = texts[start : start + _CHUNK]
        big = clean_text(_DOC_SEP.join(t.replace(_DOC_SEP, " ") for t in chunk) + _DOC_SEP)
        tokens = _TOKEN_OR_SEP.findall(big)
        for w in dict.fromkeys(tokens):  # distinct tokens, at C speed
            if w not in index:
                index[w] = len(index)
        parts.append(np.fromiter(map(index.__getitem__, tokens), np.int64, len(tokens)))
        if progress is not None:
            progress.update(start + len(chunk))
    return list(index), np.concatenate(parts)


def _tokenize_forked(start: int, stop: int) -> tuple[list[str], np.ndarray]:
    """Runs in the forked helper: the texts are inherited, not pickled."""
    return _tokenize(_FORK_INPUT[0][start:stop])


def _can_fork() -> bool:
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _csr_from_doc_sorted(doc: np.ndarray, col: np.ndarray, n_docs: int, n_cols: int) -> sp.csr_matrix:
    """Counts matrix from (document, column) pairs already in document order: no COO sort."""
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc, minlength=n_docs), out=indptr[1:])
    data = np.ones(col.size, dtype=np.float32)
    out = sp.csr_matrix((data, col.astype(np.int32), indptr), shape=(n_docs, n_cols))
    out.sum_duplicates()
    return out


def _char_grams(term: str) -> list[str]:
    lo, hi = CHAR_NGRAMS
    padded = f" {term} "
    return [padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)]


class Vectorizer:
    """Fits a vocabulary, IDF and concept space on a corpus; transforms texts into rows.

    The fitted object is picklable, which is how :mod:`nlp.assign` and :mod:`nlp.suggest` keep it.
    """

    def __init__(
        self,
        config: VectorizerConfig | None = None,
        concepts: Sequence[str] = (),
        concept_names: Sequence[str] = (),
        normalizer: Normalizer | None = None,
    ) -> None:
        self.config = config or VectorizerConfig()
        self.normalizer = normalizer or Normalizer(self.config.normalizer)
        self.concepts = list(concepts)
        self.concept_names = list(concept_names) or [f"c{i}" for i in range(len(self.concepts))]
        self.vocab: dict[str, int] = {}
        self.terms: list[str] = []
        self.n_unigrams = 0
        self.idf = np.zeros(0, dtype=np.float32)
        self.char_map: sp.csr_matrix | None = None
        self.char_names: list[str] = []
        self.concept_matrix: sp.csr_matrix | None = None
        self._uni_index: dict[str, int] | None = None

    # -- counting ------------------------------------------------------------------------------
    def _surface_ids(
        self, texts: Sequence[str], progress: Progress | None
    ) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Every text's surface tokens as ids into a corpus-wide surface table.

        Tokenising is the largest cost at 100,000 texts, so a large corpus is split in two halves, one
        tokenised by a forked helper process while this process does the other; the two tables are
        then merged. Feature ids do not depend on surface ids, so the result is the same either way.
        """
        if len(texts) >= PARALLEL_MIN_TEXTS and _can_fork():
            half = len(texts) // 2
            _FORK_INPUT[:] = [texts]
            try:
                with warnings.catch_warnings():
                    # Python >= 3.12 warns about fork() in a process with threads (idle BLAS
                    # threads here); the child runs only the regex tokenizer and takes no lock.
                    warnings.simplefilter("ignore", DeprecationWarning)
                    ctx = multiprocessing.get_context("fork")
                    with ProcessPoolExecutor(1, mp_context=ctx) as pool:
                        future = pool.submit(_tokenize_forked, half, len(texts))
                        vocab_a, flat_a = _tokenize(texts[:half], progress)
                        vocab_b, flat_b = future.result()
            finally:
                _FORK_INPUT.clear()
            index = {w: i for i, w in enumerate(vocab_a)}
            remap = np.array([index.setdefault(w, len(index)) for w in vocab_b], dtype=np.int64)
            flat = np.concatenate([flat_a, remap[flat_b]])
            surfaces = list(index)
        else:
            surfaces, flat = _tokenize(texts, progress)
        keep = flat != 0
        # token i of the corpus belongs to the number of separators before it
        doc_of = np.cumsum(~keep) - (~keep)
        lengths = np.bincount(doc_of[keep], minlength=len(texts))
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return flat[keep], offsets, surfaces

    def _count(self, texts: Sequence[str], fit: bool, progress: Progress | None = None) -> sp.csr_matrix:
        """Raw counts, documents x (unigram + bigram features)."""
        flat, offsets, surfaces = self._surface_ids(texts, progress)
        n_docs = len(texts)
        feats = [self.normalizer.feature(s) for s in surfaces]
        if fit:
            unigrams = sorted({f for f in feats if f is not None})
            uni_index = {f: i for i, f in enumerate(unigrams)}
        else:
            # built once: rebuilding it per call would dominate single-document latency
            if self._uni_index is None:
                self._uni_index = {t: i for i, t in enumerate(self.terms[: self.n_unigrams])}
            uni_index = self._uni_index
        surf_to_uni = np.array(
            [uni_index.get(f, -1) if f is not None else -1 for f in feats] + [-1], dtype=np.int64
        )
        tok = surf_to_uni[flat] if flat.size else flat
        del flat
        keep = np.flatnonzero(tok >= 0)
        tok = tok[keep]
        # documents are contiguous: the document of a kept token is found from the offsets
        doc = (np.searchsorted(offsets, keep, side="right") - 1).astype(np.int64)
        pos = keep
        n_uni = len(uni_index)
        rows = [doc]
        cols = [tok]
        big_keys = np.zeros(0, dtype=np.int64)
        big_doc = np.zeros(0, dtype=np.int64)
        if self.config.bigrams and tok.size > 1:
            ok = (doc[1:] == doc[:-1]) & (pos[1:] - pos[:-1] <= MAX_BIGRAM_GAP + 1)
            ok &= tok[1:] != tok[:-1]
            big_keys = tok[:-1][ok] * n_uni + tok[1:][ok]
            big_doc = doc[1:][ok]
        if fit:
            names = unigrams
            if big_keys.size:
                uniq, inv = np.unique(big_keys, return_inverse=True)
                # A bigram seen in one document only is noise for clustering (and most of the
                # vocabulary on a large corpus): keep bigrams with document frequency >= 2.
                per_doc = _csr_from_doc_sorted(big_doc, inv, n_docs, uniq.size)
                df = np.bincount(per_doc.indices, minlength=uniq.size)
                del per_doc
                good = df >= 2
                new_id = np.full(uniq.size, -1, dtype=np.int64)
                new_id[good] = n_uni + np.arange(int(good.sum()))
                big_cols = new_id[inv]
                sel = big_cols >= 0
                rows.append(big_doc[sel])
                cols.append(big_cols[sel])
                names = names + [f"{unigrams[k // n_uni]} {unigrams[k % n_uni]}" for k in uniq[good].tolist()]
            self.terms = names
            self.n_unigrams = n_uni
            self.vocab = {t: i for i, t in enumerate(names)}
        elif big_keys.size:
            uni_terms = self.terms[: self.n_unigrams]
            lookup = self.vocab
            big_cols = np.array(
                [
                    lookup.get(f"{uni_terms[k // n_uni]} {uni_terms[k % n_uni]}", -1)
                    for k in big_keys.tolist()
                ],
                dtype=np.int64,
            )
            sel = big_cols >= 0
            rows.append(big_doc[sel])
            cols.append(big_cols[sel])
        blocks = [
            _csr_from_doc_sorted(r, c, n_docs, len(self.terms)) for r, c in zip(rows, cols, strict=True)
        ]
        counts = blocks[0] if len(blocks) == 1 else sp.csr_matrix(blocks[0] + blocks[1])
        counts.sum_duplicates()
        return counts

    # -- fitting -----------------------------------------------------------------------------------
    def _prune(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Drop too frequent features and cap the vocabulary; sets ``terms``/``vocab``."""
        n_docs = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        keep = df > 0
        if n_docs >= self.config.max_df_min_docs:
            frequent = df > self.config.max_df * n_docs
            # ... unless that leaves nothing (a corpus of copies of one text is still one theme)
            if (keep & ~frequent).any():
                keep &= ~frequent
        if int(keep.sum()) > self.config.max_features:
            cut = np.sort(df[keep])[-self.config.max_features]
            keep &= df >= cut
        idx = np.flatnonzero(keep)
        # unigrams stay first so that bigram ids can still be decoded in transform()
        self.n_unigrams = int(np.searchsorted(idx, self.n_unigrams))
        self.terms = [self.terms[i] for i in idx]
        self.vocab = {t: i for i, t in enumerate(self.terms)}
        self._uni_index = None
        df = df[idx]
        self.idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        return sp.csr_matrix(counts[:, idx])

    def _fit_chars(self) -> None:
        lo_terms = self.terms[: self.n_unigrams]
        index: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for i, term in enumerate(lo_terms):
            for g in set(_char_grams(term)):
                rows.append(i)
                cols.append(index.setdefault(g, len(index)))
        self.char_names = list(index)
        self.char_map = sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(self.terms), len(index)),
        )

    def fit_transform(self, texts: Sequence[str], progress: Progress | None = None) -> sp.csr_matrix:
        """Learn the vocabulary and weights from ``texts`` and return their feature rows.

        :raises TypeError: if a text is not a string.
        """
        counts = self._prune(self._count(texts, fit=True, progress=progress))
        if self.config.char_weight > 0:
            self._fit_chars()
        if self.config.concept_weight > 0 and self.concepts:
            self.concept_matrix = self._tfidf(self._count(self.concepts, fit=False))
        return self._rows(counts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Feature rows of new texts in the fitted space (unknown words are ignored).

        :raises TypeError: if a text is not a string.
        """
        return self._rows(self._count(texts, fit=False))

    # -- rows ----------------------------------------------------------------------------------------
    def _tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        x = counts.copy()
        x.data = 1.0 + np.log(x.data)
        return _normalize_rows(sp.csr_matrix(x @ sp.diags(self.idf)))

    def _rows(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        words = self._tfidf(counts)
        blocks = [words]
        cfg = self.config
        if cfg.char_weight > 0 and self.char_map is not None:
            chars = _normalize_rows(sp.csr_matrix(words @ self.char_map))
            blocks.append(chars * np.float32(cfg.char_weight))
        if cfg.concept_weight > 0 and self.concept_matrix is not None:
            sims = np.asarray((words @ self.concept_matrix.T).todense(), dtype=np.float32)
            blocks.append(sp.csr_matrix(_normalize_dense(sims) * np.float32(cfg.concept_weight)))
        out = sp.hstack(blocks, format="csr", dtype=np.float32)
        return _normalize_rows(out)

    @property
    def feature_names(self) -> list[str]:
        """Names of the columns of the rows, vocabulary-independent so runs can be compared:
        ``w:<term>``, ``c:<char n-gram>``, ``k:<concept>``."""
        names = [f"w:{t}" for t in self.terms]
        if self.config.char_weight > 0 and self.char_map is not None:
            names += [f"c:{g}" for g in self.char_names]
        if self.config.concept_weight > 0 and self.concept_matrix is not None:
            names += [f"k:{c}" for c in self.concept_names]
        return names

    @property
    def n_word_features(self) -> int:
        """Number of columns of the word block (the first columns of every row)."""
        return len(self.terms)
