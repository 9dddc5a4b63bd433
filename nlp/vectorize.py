"""Texts -> sparse TF-IDF rows, fast enough for 100,000 proposals.

TF-IDF (sublinear tf, L2-normalised rows) of features (lemma stems, see :mod:`nlp.preprocess`) and of
feature bigrams; a bigram may skip up to two stop words, so "consumo di suolo" and "consumo del suolo"
are the same bigram ``consum suol``. Nothing but the corpus's own words is in the space: no Driver
text, no fixed taxonomy (the themes must come from what people wrote).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .preprocess import WORD_RE, Normalizer, NormalizerConfig, clean_text
from .progress import Progress

#: A bigram's two features may be separated by at most this many stop words.
MAX_BIGRAM_GAP = 2
_DOC_SEP = "\x00"
_TOKEN_OR_SEP = re.compile(WORD_RE.pattern + "|\x00")
_CHUNK = 2000


@dataclass
class VectorizerConfig:
    """Frequency cut-offs. Defaults are the measured choice (docs/nlp.md).

    :param max_df: features in more than this share of documents are dropped (only when there are at
        least ``max_df_min_docs`` documents: on a handful of texts every word is frequent).
    :param min_df: features in fewer documents are dropped (only from ``min_df_min_docs`` documents:
        a word seen once links no two texts and is mostly a typo or a name).
    :param stop_phrases: phrases of several words that are one corpus's boilerplate ("città
        metropolitana"): the phrase is dropped as a feature, its words keep their other uses.
    """

    bigrams: bool = True
    max_df: float = 0.5
    max_df_min_docs: int = 20
    min_df: int = 2
    min_df_min_docs: int = 50
    max_features: int = 200_000
    stop_phrases: tuple[str, ...] = ()
    normalizer: NormalizerConfig = field(default_factory=NormalizerConfig)


def _normalize_rows(x: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags((1.0 / norms).astype(np.float32)) @ x)


def _csr_from_doc_sorted(doc: np.ndarray, col: np.ndarray, n_docs: int, n_cols: int) -> sp.csr_matrix:
    """Counts matrix from (document, column) pairs already in document order: no COO sort."""
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc, minlength=n_docs), out=indptr[1:])
    data = np.ones(col.size, dtype=np.float32)
    out = sp.csr_matrix((data, col.astype(np.int32), indptr), shape=(n_docs, n_cols))
    out.sum_duplicates()
    return out


class Vectorizer:
    """Fits a vocabulary and IDF weights on a corpus; transforms texts into rows.

    The fitted object is picklable, which is how :mod:`nlp.assign` and :mod:`nlp.suggest` keep it.
    """

    def __init__(self, config: VectorizerConfig | None = None, normalizer: Normalizer | None = None) -> None:
        self.config = config or VectorizerConfig()
        self.normalizer = normalizer or Normalizer(self.config.normalizer)
        self.vocab: dict[str, int] = {}
        self.terms: list[str] = []
        self.n_unigrams = 0
        self.idf = np.zeros(0, dtype=np.float32)
        self.doc_freq = np.zeros(0, dtype=np.int64)
        self._uni_index: dict[str, int] | None = None

    # -- counting ------------------------------------------------------------------------------
    def _feature_stream(
        self, texts: Sequence[str], index: dict[str, int], grow: bool, progress: Progress | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The features of every text as ids into ``index`` (grown when ``grow``), with the document
        and the word position of each.

        Texts are processed in chunks joined by a NUL separator: one regular-expression call and one
        ``map`` per chunk instead of per text, and each distinct surface word is normalised once -
        which is what makes 100,000 texts cheap. Arrays are int32 to halve the memory.
        """
        surface: dict[str, int] = {_DOC_SEP: -2}
        feature = self.normalizer.feature
        ids_parts, doc_parts, pos_parts = [], [], []
        for start in range(0, len(texts), _CHUNK):
            chunk = texts[start : start + _CHUNK]
            big = clean_text(_DOC_SEP.join(t.replace(_DOC_SEP, " ") for t in chunk) + _DOC_SEP)
            tokens = _TOKEN_OR_SEP.findall(big)
            for w in dict.fromkeys(tokens):  # distinct tokens, at C speed
                if w not in surface:
                    f = feature(w)
                    surface[w] = (
                        -1 if f is None else (index.setdefault(f, len(index)) if grow else index.get(f, -1))
                    )
            ids = np.fromiter(map(surface.__getitem__, tokens), np.int32, len(tokens))
            sep = ids == -2
            doc = np.cumsum(sep, dtype=np.int32) - sep
            at = np.arange(ids.size, dtype=np.int32)
            doc_start = np.maximum.accumulate(np.where(np.r_[True, sep[:-1]], at, 0))
            keep = ids >= 0
            ids_parts.append(ids[keep])
            doc_parts.append(doc[keep] + np.int32(start))
            pos_parts.append((at - doc_start)[keep])
            if progress is not None:
                progress.update(start + len(chunk))
        if not ids_parts:
            empty = np.zeros(0, dtype=np.int32)
            return empty, empty, empty
        return np.concatenate(ids_parts), np.concatenate(doc_parts), np.concatenate(pos_parts)

    def _count(self, texts: Sequence[str], fit: bool, progress: Progress | None = None) -> sp.csr_matrix:
        """Raw counts, documents x (unigram + bigram features)."""
        n_docs = len(texts)
        if fit:
            found: dict[str, int] = {}
            tok, doc, pos = self._feature_stream(texts, found, True, progress)
            unigrams = sorted(found)
            uni_index = {f: i for i, f in enumerate(unigrams)}
            remap = np.empty(len(found), dtype=np.int32)
            for f, i in found.items():
                remap[i] = uni_index[f]
            tok = remap[tok] if tok.size else tok
        else:
            # built once: rebuilding it per call would dominate single-document latency
            if self._uni_index is None:
                self._uni_index = {t: i for i, t in enumerate(self.terms[: self.n_unigrams])}
            uni_index = self._uni_index
            tok, doc, pos = self._feature_stream(texts, uni_index, False, progress)
        n_uni = len(uni_index)
        rows = [doc]
        cols = [tok]
        big_keys = np.zeros(0, dtype=np.int64)
        big_doc = np.zeros(0, dtype=np.int32)
        if self.config.bigrams and tok.size > 1:
            ok = (doc[1:] == doc[:-1]) & (pos[1:] - pos[:-1] <= MAX_BIGRAM_GAP + 1)
            ok &= tok[1:] != tok[:-1]
            big_keys = tok[:-1][ok].astype(np.int64) * n_uni + tok[1:][ok]
            big_doc = doc[1:][ok]
            del ok, pos
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
                new_id = np.full(uniq.size, -1, dtype=np.int32)
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
                dtype=np.int32,
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
        if n_docs >= self.config.min_df_min_docs:
            keep &= df >= self.config.min_df
        for phrase in self.stop_phrase_features():
            col = self.vocab.get(phrase)
            if col is not None:
                keep[col] = False
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
        self.doc_freq = df
        self.idf = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        return sp.csr_matrix(counts[:, idx])

    def stop_phrase_features(self) -> list[str]:
        """The feature names (``"citt metropolitan"``) of the configured stop phrases (two words)."""
        out = []
        for phrase in self.config.stop_phrases:
            feats = self.normalizer.tokenize(phrase)
            if len(feats) == 2:
                out.append(" ".join(feats))
        return out

    def fit_counts(self, texts: Sequence[str], progress: Progress | None = None) -> sp.csr_matrix:
        """Learn the vocabulary and IDF weights from ``texts`` and return their raw counts (turn them
        into rows with :meth:`rows`, after :meth:`downweight` if needed).

        :raises TypeError: if a text is not a string.
        """
        return self._prune(self._count(texts, fit=True, progress=progress))

    def fit_transform(self, texts: Sequence[str], progress: Progress | None = None) -> sp.csr_matrix:
        """Learn the vocabulary and weights from ``texts`` and return their feature rows.

        :raises TypeError: if a text is not a string.
        """
        return self.rows(self.fit_counts(texts, progress))

    def downweight(self, features: set[str], weight: float) -> int:
        """Scale the weight of ``features`` (stems) by ``weight``, in every later row; a bigram is
        scaled when both its words are in ``features``.

        :returns: how many columns were scaled.
        """
        cols = [i for i, t in enumerate(self.terms) if all(p in features for p in t.split(" "))]
        self.idf[cols] *= np.float32(weight)
        return len(cols)

    def rows(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """TF-IDF rows (sublinear tf, unit length) of counts from :meth:`fit_counts`."""
        return self._tfidf(counts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Feature rows of new texts in the fitted space (unknown words are ignored).

        :raises TypeError: if a text is not a string.
        """
        return self._tfidf(self._count(texts, fit=False))

    # -- rows ----------------------------------------------------------------------------------------
    def _tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        x = counts.copy()
        x.data = 1.0 + np.log(x.data)
        return _normalize_rows(sp.csr_matrix(x @ sp.diags(self.idf)))

    @property
    def feature_names(self) -> list[str]:
        """Names of the columns, vocabulary-independent so runs can be compared: ``w:<term>``."""
        return [f"w:{t}" for t in self.terms]
