"""Quality of the themes engine on real text by the public, for bench/nlp_bench.py.

The development set (TerremotoCentroItalia, 2,271 reports, 11 categories) is split by id
(:func:`nlp.evaluation.dev_halves`): settings were chosen on the even half (``tune``); the odd half
(``report``) is the one the figures are quoted for. Each figure is a mean over seeds 0-2.
"""

from __future__ import annotations

import statistics
import warnings
from pathlib import Path

from nlp_data import load_dev
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score
from sklearn.preprocessing import normalize

from nlp import Document, LabelledText, analyse
from nlp.evaluation import check_labels, cluster_scores, dev_halves, suggestion_accuracy
from nlp.preprocess import NormalizerConfig, make_pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "nlp-dev"
REAL_SET = ROOT / "tests" / "nlp" / "data" / "terremotocentro.jsonl"
SEEDS = (0, 1, 2)


def _mean(values: list[float]) -> float:
    return round(statistics.mean(values), 4)


def engine_scores(rows: list[dict], k: int | None) -> dict:
    """NMI, ARI and k of the engine, per seed and on average, and the checks of seed 0's labels."""
    docs = [Document(r["id"], r["text"]) for r in rows]
    labels = [r["label"] for r in rows]
    runs = [analyse(docs, k=k, seed=s) for s in SEEDS]
    scores = [cluster_scores(r, labels) for r in runs]
    checks = check_labels(runs[0], {d.id: d.text for d in docs})
    return {
        "nmi": _mean([s.nmi for s in scores]),
        "ari": _mean([s.ari for s in scores]),
        "nmi_per_seed": [round(s.nmi, 4) for s in scores],
        "k_per_seed": [r.k for r in runs],
        "labels_passing_checks": f"{sum(c.ok for c in checks)}/{len(checks)}",
        "label_coverage_mean": _mean([c.coverage for c in checks]),
        "themes_seed0": [
            {
                "size": t.size,
                "label": t.label,
                "coverage": c.coverage,
                "problems": list(c.problems),
                "keywords": t.keywords[:6],
            }
            for t, c in zip(runs[0].themes, checks, strict=True)
        ],
        "boilerplate_seed0": runs[0].params["boilerplate"],
    }


def baselines(rows: list[dict], k: int) -> dict:
    """Standard methods on the same texts: raw TF-IDF + k-means, TF-IDF + LSA (100) + k-means, and
    spaCy lookup lemmas 1-2 grams TF-IDF + NMF."""
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    raw = TfidfVectorizer().fit_transform(texts)
    nlp = make_pipeline(NormalizerConfig(lemmatizer="spacy-lookup", stem=False))
    lemmas = [" ".join(t.lemma_.lower() for t in nlp(x) if t.is_alpha) for x in texts]
    lem = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2).fit_transform(lemmas)
    out = {}
    out["tfidf_kmeans"] = _mean(
        [
            normalized_mutual_info_score(labels, KMeans(k, n_init=10, random_state=s).fit_predict(raw))
            for s in SEEDS
        ]
    )
    lsa = []
    nmf = []
    for s in SEEDS:
        z = normalize(TruncatedSVD(100, random_state=s).fit_transform(lem))
        lsa.append(normalized_mutual_info_score(labels, KMeans(k, n_init=10, random_state=s).fit_predict(z)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            w = NMF(k, init="nndsvda", random_state=s, max_iter=400).fit_transform(lem)
        nmf.append(normalized_mutual_info_score(labels, w.argmax(axis=1)))
    out["lemma_tfidf_lsa100_kmeans"] = _mean(lsa)
    out["lemma_tfidf_nmf"] = _mean(nmf)
    return out


def real_text() -> dict:
    """The development set of real text: both halves, gold k and automatic k, and the baselines."""
    path = SHARED / "terremotocentro.jsonl" if (SHARED / "terremotocentro.jsonl").exists() else REAL_SET
    rows = load_dev(path)
    tune, report = dev_halves(rows)
    k = len({r["label"] for r in rows})
    out: dict = {"set": path.name, "documents": {"tune": len(tune), "report": len(report)}, "gold_k": k}
    for name, half in (("report", report), ("tune", tune)):
        out[name] = {
            "gold_k": engine_scores(half, k),
            "automatic_k": engine_scores(half, None),
            "baselines_gold_k": baselines(half, k),
        }
    return out


def plan_text(rows: list[dict]) -> dict:
    """The Drivers set: the Driver suggestion (what it is for) and, as a sanity check only, themes."""
    items = [LabelledText(r["id"], r["text"], r["label"]) for r in rows]
    docs = [Document(r["id"], r["text"]) for r in rows]
    labels = [r["label"] for r in rows]
    scores = [cluster_scores(analyse(docs, k=10, seed=s), labels) for s in SEEDS]
    return {
        "suggestion_cv5_with_filed": suggestion_accuracy(items, folds=5, seed=0),
        "suggestion_cv5_driver_texts_only": suggestion_accuracy(items, folds=5, seed=0, use_filed=False),
        "themes_sanity_nmi_k10": _mean([s.nmi for s in scores]),
        "themes_sanity_ari_k10": _mean([s.ari for s in scores]),
    }
