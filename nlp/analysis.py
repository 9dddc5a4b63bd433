"""``analyse()``: documents in, themes out.

Vectorise (:mod:`nlp.vectorize`) -> embed in the smoothed LSA space (:mod:`nlp.embed`) -> consensus
clustering of a reference set (:mod:`nlp.consensus`) -> every document to its nearest theme
(:mod:`nlp.themes`) -> stable ids -> labels, keywords and representatives (:mod:`nlp.labels`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from . import consensus
from .assign import ThemeModel
from .embed import Embedding, fit_embedding
from .labels import LABEL_DOCS, OUTSIDE_DOCS, build_lexicon, segments
from .naming import name_themes, representatives, surface_terms
from .progress import Progress
from .themes import (
    centroid_dict,
    cluster_centroids,
    evenly_spread,
    match_ids,
    nearest,
    term_centroids,
    unit_rows,
)
from .types import AnalysisResult, Assignment, Document, Member, SeedTheme, Theme
from .vectorize import Vectorizer, VectorizerConfig

#: Above this many usable documents the space and the clusters are fitted on a seeded sample of
#: this size; every document is then placed by the same nearest-centroid rule.
REFERENCE_MAX = 4000
#: Weight of names (places, people, bodies: words mostly capitalised in mid-sentence) against other
#: words; measured on the development set (docs/nlp.md).
NAME_WEIGHT = 0.3
#: k-means steps that let guided seed themes gather their texts.
SEED_STEPS = 5


def _validate(docs: Sequence[Document], k: int | None, seeds: Sequence[SeedTheme]) -> None:
    if isinstance(docs, (str, bytes)) or not isinstance(docs, Sequence):
        raise TypeError("docs must be a sequence of Document")
    if not docs:
        raise ValueError("no documents to analyse")
    seen: set[str] = set()
    for d in docs:
        if not isinstance(d, Document):
            raise TypeError(f"docs must hold Document objects, not {type(d).__name__}")
        if not isinstance(d.text, str):
            raise TypeError(f"document {d.id!r}: text must be a str")
        if d.id in seen:
            raise ValueError(f"duplicate document id {d.id!r}")
        seen.add(d.id)
    if k is not None and (not isinstance(k, int) or isinstance(k, bool) or k < 1):
        raise ValueError(f"k must be a positive integer or None, not {k!r}")
    for s in seeds:
        if not isinstance(s, SeedTheme):
            raise TypeError("seeds must hold SeedTheme objects")
    if k is not None and seeds and k <= len(seeds):
        raise ValueError(f"k={k} leaves no theme for the texts that match no seed ({len(seeds)} seeds)")


def _vectorizer(config: VectorizerConfig | None, stop_words: Sequence[str]) -> Vectorizer:
    """The configured vectoriser, with the corpus's own stop words (single words) and phrases."""
    cfg = config or VectorizerConfig()
    words = tuple(w for w in stop_words if w.strip() and " " not in w.strip())
    phrases = tuple(w.strip() for w in stop_words if " " in w.strip())
    if words or phrases:
        normalizer = replace(cfg.normalizer, extra_stop_words=cfg.normalizer.extra_stop_words + words)
        cfg = replace(cfg, normalizer=normalizer, stop_phrases=cfg.stop_phrases + phrases)
    return Vectorizer(cfg)


def _previous_partition(reference_ids: Sequence[str], previous: Sequence[Theme]) -> np.ndarray | None:
    """Index of each reference document's previous theme (-1 if it had none)."""
    where = {m.doc_id: i for i, t in enumerate(previous) for m in t.members}
    if not where:
        return None
    return np.array([where.get(d, -1) for d in reference_ids], dtype=np.int64)


def _seed_centroids(
    seeds: Sequence[SeedTheme], vec: Vectorizer, x: sp.csr_matrix, vectors: np.ndarray
) -> np.ndarray:
    """Each seed theme's starting centroid: the mean vector of the texts that use one of its words or
    phrases (all the content words of a phrase).

    :raises ValueError: if no text uses any of a seed's words.
    """
    out = []
    for s in seeds:
        matched = np.zeros(x.shape[0], dtype=bool)
        for entry in s.words:
            cols = [vec.vocab.get(f) for f in vec.normalizer.tokenize(entry)]
            if cols and all(c is not None for c in cols):
                matched |= np.asarray((x[:, cols] > 0).sum(axis=1)).ravel() == len(cols)
        if not matched.any():
            raise ValueError(f"seed theme {s.name!r}: none of its words occurs in the texts")
        out.append(vectors[matched].mean(axis=0))
    return unit_rows(np.vstack(out))


def _cluster(
    vectors: np.ndarray,
    geometry: np.ndarray,
    k: int | None,
    seed: int,
    previous: np.ndarray | None,
    k_max: int,
) -> tuple[np.ndarray, int, dict[int, float]]:
    """Labels of the reference documents: exactly ``k`` clusters, or an automatic number."""
    n = vectors.shape[0]
    distinct = len(np.unique(np.round(vectors, 4), axis=0))
    if k == 1 or n < 4 or (k is None and distinct < 4):
        return np.zeros(n, dtype=np.int64), 1, {}
    min_size = consensus.min_theme_size(n)
    runs = [min(kk, distinct) for kk in consensus.base_ks(k, n, seed)]
    together = consensus.coassociation(vectors, runs, seed, previous)
    tree = consensus.dendrogram(together)
    del together
    if k is not None:
        return consensus.cut_exact(tree, vectors, k, min_size), k, {}
    return consensus.choose_k(tree, vectors, geometry, min_size, k_max, seed)


def analyse(
    docs: Sequence[Document],
    k: int | None = None,
    seed: int = 0,
    previous: Sequence[Theme] | None = None,
    *,
    stop_words: Sequence[str] = (),
    seeds: Sequence[SeedTheme] = (),
    k_max: int | None = None,
    config: VectorizerConfig | None = None,
    progress: bool = False,
) -> AnalysisResult:
    """Find the themes of ``docs`` in their own words.

    :param docs: the documents (ids unique). Empty or unusable texts (punctuation, numbers, only stop
        words) are kept in ``assignments`` with ``theme=None`` and score 0.
    :param k: number of themes (exactly, seeded ones included); ``None`` chooses it (with
        ``previous``: the previous number of themes, so a re-run does not churn them).
    :param seed: makes the run reproducible; the same inputs and seed give the same result.
    :param previous: themes of an earlier run (with their members): matching themes keep their ids
        and documents grouped then stay together unless the new data says otherwise.
    :param stop_words: this corpus's own boilerplate: words, or phrases of two words.
    :param seeds: guided themes (name and a few words); texts that match none still form themes.
    :param k_max: most themes the automatic choice considers (default :func:`consensus.max_auto_k`).
    :param config: vectoriser settings (defaults are the measured choice).
    :param progress: draw a progress bar on stderr.
    :returns: the themes, largest first, and one assignment per document in input order.
    :raises TypeError: if ``docs`` is not a sequence of :class:`Document` or ``seeds`` of
        :class:`SeedTheme`.
    :raises ValueError: if there are no documents, ids repeat, no document has a usable word, ``k``
        is outside 1..number of usable documents or leaves no theme besides the seeds, or a seed has
        no word the texts use.
    """
    _validate(docs, k, seeds)
    # One BLAS thread: the matrices are small or sparse, extra threads only fight the other process
    # of a 2-core machine, and a fixed thread count keeps float reductions - so results - identical.
    with threadpool_limits(limits=1):
        return _Run(docs, seed, list(previous or []), stop_words, list(seeds), config, progress).go(k, k_max)


class _Run:
    """The state of one analysis (split in steps for readability)."""

    def __init__(
        self,
        docs: Sequence[Document],
        seed: int,
        previous: list[Theme],
        stop_words: Sequence[str],
        seeds: list[SeedTheme],
        config: VectorizerConfig | None,
        progress: bool,
    ) -> None:
        self.docs = docs
        self.seed = seed
        self.previous = previous
        self.seeds = seeds
        self.stop_words = list(stop_words)
        self.bar = Progress("vettorizzazione", len(docs), enabled=progress)
        self.vec = _vectorizer(config, stop_words)
        self.texts = [d.text for d in docs]

    def go(self, k: int | None, k_max: int | None) -> AnalysisResult:
        counts = self.vec.fit_counts(self.texts, progress=self.bar)
        usable = np.flatnonzero(np.diff(counts.indptr) > 0)
        if usable.size == 0:
            raise ValueError("no document has a usable word (all empty, punctuation or stop words)")
        if k is not None and k > usable.size:
            raise ValueError(f"k={k} is more than the {usable.size} usable documents")
        rng = np.random.default_rng(self.seed)
        n = usable.size
        ref = np.arange(n) if n <= REFERENCE_MAX else np.sort(rng.choice(n, REFERENCE_MAX, replace=False))
        # Themes say what people want, not where or who: names weigh less (docs/nlp.md).
        self.cut = {int(i): segments(self.texts[usable[i]]) for i in ref.tolist()}
        self.lexicon = build_lexicon(self.cut.values())
        self.n_names = self.vec.downweight(self.lexicon.name_features(self.vec.normalizer), NAME_WEIGHT)
        x = self.vec.rows(sp.csr_matrix(counts[usable]))
        self.bar.step("spazio dei temi")
        space, ref_vectors = fit_embedding(x[ref], self.seed, ref.size == n) if n >= 2 else (None, None)
        self.bar.step("temi")
        k_auto = k is None
        if k is None and self.previous:
            k = min(len(self.previous), n)
        free_k = None if k is None else k - len(self.seeds)
        if space is None:
            labels = np.zeros(n, dtype=np.int64)
            scores_k: dict[int, float] = {}
            vectors = np.ones((n, 1), dtype=np.float32)
            centroids = np.ones((1, 1), dtype=np.float32)
        else:
            ref_ids = [self.docs[usable[i]].id for i in ref]
            prev = _previous_partition(ref_ids, self.previous) if self.previous else None
            cap = k_max or consensus.max_auto_k(n)
            ref_labels, free_k, scores_k = _cluster(
                ref_vectors, space.raw(x[ref]), free_k, self.seed, prev, max(consensus.K_MIN, cap)
            )
            centroids = cluster_centroids(ref_vectors, ref_labels, free_k)
            vectors = space.transform(x)
            if self.seeds:
                centroids = np.vstack([_seed_centroids(self.seeds, self.vec, x, vectors), centroids])
                # a few k-means steps let each seed gather the texts nearer to it than to any theme
                for _ in range(SEED_STEPS):
                    first, _ = nearest(vectors, centroids)
                    centroids = cluster_centroids(vectors, np.maximum(first, 0), centroids.shape[0])
            labels, _ = nearest(vectors, centroids)
            labels = self._keep_sizes(labels, ref, ref_labels, centroids.shape[0])
        return self._result(x, usable, vectors, labels, centroids, space, k_auto, scores_k)

    def _keep_sizes(self, labels: np.ndarray, ref: np.ndarray, ref_labels: np.ndarray, k: int) -> np.ndarray:
        """The nearest-centroid labels, unless they empty a theme or shrink it below the minimum size
        (rare: the clusters were cut at that size); then the reference documents keep their cluster."""
        sizes = np.bincount(labels[labels >= 0], minlength=k)
        if sizes.min() >= min(consensus.min_theme_size(len(labels)), max(1, len(labels) // max(k, 1))):
            return labels
        fixed = labels.copy()
        fixed[ref] = ref_labels + len(self.seeds)
        return fixed

    def _result(
        self,
        x: sp.csr_matrix,
        usable: np.ndarray,
        vectors: np.ndarray,
        labels: np.ndarray,
        centroids: np.ndarray,
        space: Embedding | None,
        k_auto: bool,
        scores_k: dict[int, float],
    ) -> AnalysisResult:
        k = centroids.shape[0]
        share = np.clip(np.einsum("ij,ij->i", vectors, centroids[np.maximum(labels, 0)]), 0, 1)
        # themes largest first (seeded themes keep their place before the others)
        sizes = np.bincount(labels[labels >= 0], minlength=k)
        n_seeds = len(self.seeds)
        order = list(range(n_seeds)) + sorted(range(n_seeds, k), key=lambda j: (-sizes[j], j))
        rank = np.empty(k, dtype=np.int64)
        rank[order] = np.arange(k)
        labels = np.where(labels >= 0, rank[np.maximum(labels, 0)], -1)
        centroids = centroids[order]
        terms = term_centroids(x, labels, k)
        spread = evenly_spread(x, labels, k)
        self.boilerplate = surface_terms(self.vec, self.lexicon, spread)
        self.boilerplate_keys = {self.vec.terms[c] for c in spread.tolist()}
        names = self.vec.feature_names
        theme_ids = match_ids(terms, names, [(t.id, t.centroid) for t in self.previous])
        self.bar.step("etichette")
        members_of = [np.flatnonzero(labels == j) for j in range(k)]
        members_of = [m[np.argsort(-share[m], kind="stable")] for m in members_of]
        outside = np.array(sorted(self.cut)[:OUTSIDE_DOCS], dtype=np.int64)
        texts = {int(i): self.cut.get(int(i)) or self.texts[usable[i]] for i in outside.tolist()}
        texts.update(
            {
                int(i): self.cut.get(int(i)) or self.texts[usable[i]]
                for m in members_of
                for i in m[:LABEL_DOCS]
            }
        )
        stop_keys = set(self.vec.stop_phrase_features()) | self.boilerplate_keys
        named = name_themes(texts, members_of, outside, self.lexicon, self.vec.normalizer, stop_keys)
        themes = []
        for j in range(k):
            m = members_of[j]
            label, keywords, key = named[j]
            reps, coverage = representatives(self.vec, x, [self.texts[i] for i in usable[m]], m, key)
            seed_name = self.seeds[j].name if j < n_seeds else None
            themes.append(
                Theme(
                    id=theme_ids[j],
                    label=seed_name or label,
                    keywords=keywords,
                    members=[Member(self.docs[usable[i]].id, float(share[i])) for i in m.tolist()],
                    representatives=[self.docs[usable[i]].id for i in reps],
                    centroid=centroid_dict(terms[j], names),
                    seed=seed_name,
                    label_coverage=round(coverage, 4),
                )
            )
        return self._finish(usable, labels, share, theme_ids, themes, space, centroids, k_auto, scores_k)

    def _finish(
        self,
        usable: np.ndarray,
        labels: np.ndarray,
        share: np.ndarray,
        theme_ids: list[int],
        themes: list[Theme],
        space: Embedding | None,
        centroids: np.ndarray,
        k_auto: bool,
        scores_k: dict[int, float],
    ) -> AnalysisResult:
        theme_of = np.full(len(self.docs), -1, dtype=np.int64)
        theme_of[usable] = labels
        score_of = np.zeros(len(self.docs), dtype=np.float32)
        score_of[usable] = share
        assignments = [
            Assignment(d.id, theme_ids[t] if t >= 0 else None, float(s) if t >= 0 else 0.0)
            for d, t, s in zip(self.docs, theme_of.tolist(), score_of.tolist(), strict=True)
        ]
        self.bar.finish()
        model = None
        if space is not None:
            model = ThemeModel(self.vec, space, centroids, theme_ids, [t.label for t in themes])
        params = {
            "seed": self.seed,
            "k": len(themes),
            "k_scores": {str(kk): round(v, 4) for kk, v in scores_k.items()},
            "n_documents": len(self.docs),
            "n_usable": int(usable.size),
            "n_reference": int(min(usable.size, REFERENCE_MAX)),
            "n_features": len(self.vec.terms),
            "n_name_features": self.n_names,
            "min_theme_size": consensus.min_theme_size(int(usable.size)),
            "stop_words": self.stop_words,
            "boilerplate": self.boilerplate,
            "seeds": [{"name": s.name, "words": list(s.words)} for s in self.seeds],
            "matched_previous": sum(1 for t in themes if any(t.id == p.id for p in self.previous)),
        }
        return AnalysisResult(themes, assignments, len(themes), k_auto, params, model=model)
