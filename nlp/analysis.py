"""``analyse()``: documents in, themes out (vectorise, choose k, cluster, match ids, label)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from .assign import ThemeModel
from .drivers import concept_texts
from .labels import LABEL_DOCS, label_themes
from .progress import Progress
from .themes import (
    K_MAX,
    K_MIN,
    assign_rows,
    centroid_dict,
    centroids_to_matrix,
    choose_k,
    fit_topics,
    match_ids,
    project,
)
from .types import AnalysisResult, Assignment, Document, Member, Theme
from .vectorize import Vectorizer, VectorizerConfig

N_REPRESENTATIVES = 5


def _validate(docs: Sequence[Document]) -> None:
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


def _initial_topics(
    x: sp.csr_matrix, k: int, seed: int, names: list[str], previous: Sequence[Theme]
) -> np.ndarray | None:
    """Warm start from the previous themes' centroids (completed by fresh topics if k is larger)."""
    old = centroids_to_matrix([t.centroid for t in previous], names)
    old = old[np.linalg.norm(old, axis=1) > 0][:k]
    if old.shape[0] == 0:
        return None
    if old.shape[0] < k:
        fresh = fit_topics(x, k, seed)
        # add the fresh topics least like any old one
        novelty = (fresh @ old.T).max(axis=1)
        extra = fresh[np.argsort(novelty)[: k - old.shape[0]]]
        old = np.vstack([old, extra])
    return old.astype(np.float32) + np.float32(1e-6)


def analyse(
    docs: Sequence[Document],
    k: int | None = None,
    seed: int = 0,
    previous: Sequence[Theme] | None = None,
    *,
    k_range: tuple[int, int] = (K_MIN, K_MAX),
    config: VectorizerConfig | None = None,
    concepts: Sequence[str] | None = None,
    progress: bool = False,
) -> AnalysisResult:
    """Find the themes of ``docs``.

    :param docs: the documents (ids unique). Empty or unusable texts (punctuation, numbers, only stop
        words) are kept in ``assignments`` with ``theme=None`` and score 0.
    :param k: number of themes; ``None`` chooses it in ``k_range`` by silhouette (or, with
        ``previous``, keeps the previous number of themes so that a re-run does not churn them).
    :param seed: makes the run reproducible; the same inputs and seed give the same result.
    :param previous: themes of an earlier run; matching themes keep their ids.
    :param k_range: bounds of the automatic choice of k.
    :param config: vectoriser settings (defaults are the measured choice).
    :param concepts: background concept texts; default: one per Driver (:mod:`nlp.drivers`); pass
        ``[]`` to cluster on the words alone.
    :param progress: draw a progress bar on stderr.
    :returns: the themes, largest first, and one assignment per document in input order.
    :raises TypeError: if ``docs`` is not a sequence of :class:`Document`.
    :raises ValueError: if there are no documents, ids repeat, no document has a usable word, or
        ``k`` is outside 1..number of usable documents.
    """
    # One BLAS thread: the matrices are small or sparse, extra threads only fight the other process
    # of a 2-core machine, and a fixed thread count keeps float reductions - so results - identical.
    with threadpool_limits(limits=1):
        return _analyse(docs, k, seed, previous, k_range, config, concepts, progress)


def _analyse(
    docs: Sequence[Document],
    k: int | None,
    seed: int,
    previous: Sequence[Theme] | None,
    k_range: tuple[int, int],
    config: VectorizerConfig | None,
    concepts: Sequence[str] | None,
    progress: bool,
) -> AnalysisResult:
    _validate(docs)
    if k is not None and (not isinstance(k, int) or k < 1):
        raise ValueError(f"k must be a positive integer or None, not {k!r}")
    bar = Progress("vettorizzazione", len(docs), enabled=progress)
    if concepts is None:
        concept_list, concept_names = concept_texts()
    else:
        concept_list, concept_names = list(concepts), []
    vec = Vectorizer(config, concept_list, concept_names)
    texts = [d.text for d in docs]
    x_all = vec.fit_transform(texts, progress=bar)
    usable = np.flatnonzero(np.diff(x_all.indptr) > 0)
    if usable.size == 0:
        raise ValueError("no document has a usable word (all empty, punctuation or stop words)")
    x = x_all[usable]
    names = vec.feature_names
    prev = list(previous or [])
    k_scores: dict[int, float] = {}
    k_auto = k is None
    bar.step("scelta di k")
    if k is None:
        if prev:
            k = min(len(prev), usable.size)
        elif usable.size < 4:
            k = 1
        else:
            k, k_scores = choose_k(x, seed, *k_range)
    if k > usable.size:
        raise ValueError(f"k={k} is more than the {usable.size} usable documents")
    bar.step("temi")
    h0 = _initial_topics(x, k, seed, names, prev) if prev else None
    topics = fit_topics(x, k, seed, h0)
    w = project(x, topics)
    best, share = assign_rows(w)
    # order themes by size (largest first), so that fresh ids read 0 = biggest theme
    sizes = np.bincount(best[best >= 0], minlength=k)
    order = np.argsort(-sizes, kind="stable")
    topics, w = topics[order], w[:, order]
    remap = np.empty(k, dtype=np.int64)
    remap[order] = np.arange(k)
    best = np.where(best >= 0, remap[np.maximum(best, 0)], -1)
    theme_ids = match_ids(topics, names, [(t.id, t.centroid) for t in prev])

    bar.step("etichette")
    cos = np.asarray(x @ topics.T)  # rows and topics are unit vectors
    members_of: list[np.ndarray] = []
    for j in range(k):
        idx = np.flatnonzero(best == j)
        members_of.append(idx[np.argsort(-share[idx], kind="stable")])
    label_texts = [[texts[usable[i]] for i in m[:LABEL_DOCS]] for m in members_of]
    n_words = vec.n_word_features
    labelled = label_themes(topics[:, :n_words], vec.terms, label_texts, vec.normalizer)

    themes: list[Theme] = []
    for j in range(k):
        m = members_of[j]
        rep = m[np.argsort(-cos[m, j], kind="stable")[:N_REPRESENTATIVES]]
        themes.append(
            Theme(
                id=theme_ids[j],
                label=labelled[j][0],
                keywords=labelled[j][1],
                members=[Member(docs[usable[i]].id, float(share[i])) for i in m.tolist()],
                representatives=[docs[usable[i]].id for i in rep.tolist()],
                centroid=centroid_dict(topics[j], names),
            )
        )
    theme_of = np.full(len(docs), -1, dtype=np.int64)
    theme_of[usable] = best
    score_of = np.zeros(len(docs), dtype=np.float32)
    score_of[usable] = share
    assignments = [
        Assignment(d.id, theme_ids[t] if t >= 0 else None, float(s) if t >= 0 else 0.0)
        for d, t, s in zip(docs, theme_of.tolist(), score_of.tolist(), strict=True)
    ]
    bar.finish()
    model = ThemeModel(vec, topics, theme_ids, [t.label for t in themes])
    params = {
        "seed": seed,
        "k": k,
        "k_range": list(k_range),
        "k_scores": {str(kk): round(v, 4) for kk, v in k_scores.items()},
        "n_documents": len(docs),
        "n_usable": int(usable.size),
        "n_features": len(names),
        "concepts": len(concept_list),
        "matched_previous": sum(1 for t in themes if any(t.id == p.id for p in prev)),
    }
    return AnalysisResult(themes, assignments, k, k_auto, params, model=model)
