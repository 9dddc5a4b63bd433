"""Benchmark of nlp/: quality on the dev set, baselines, suggestion, duplicates, latencies, and
throughput / peak memory on 1k, 10k and 100k synthetic proposals. Prints one JSON document.

    python bench/nlp_bench.py            # everything (about 3-4 minutes on 2 cores)
    python bench/nlp_bench.py --quick    # without the 100k run

Each synthetic size runs in its own subprocess so that its peak RSS is its own. The dev set is read
from ../shared/data/nlp-dev/drivers.jsonl, or from the copy in tests/nlp/data.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from nlp_data import DEV_SET, load_dev, synthetic_proposals  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.decomposition import NMF  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    adjusted_rand_score,
    normalized_mutual_info_score,
    v_measure_score,
)
from threadpoolctl import threadpool_limits  # noqa: E402

from nlp import (  # noqa: E402
    Document,
    LabelledText,
    analyse,
    assign,
    find_duplicates,
    train_suggester,
)
from nlp.evaluation import (  # noqa: E402
    cluster_scores,
    duplicate_testset,
    pair_precision_recall,
    suggestion_accuracy,
)
from nlp.preprocess import Normalizer, NormalizerConfig, make_pipeline  # noqa: E402
from nlp.vectorize import VectorizerConfig  # noqa: E402

SEEDS = range(5)
FALLBACK_DEV = ROOT / "tests" / "nlp" / "data" / "drivers_dev.jsonl"
DUPLICATES_FIXTURE = ROOT / "tests" / "nlp" / "data" / "duplicates_fixture.jsonl"
TERREMOTO_SET = DEV_SET.parent / "terremotocentro.jsonl"
LABELLED_PAIRS = Path(__file__).resolve().parent / "duplicates_pairs_labelled.jsonl"


def _dev_rows() -> list[dict]:
    return load_dev(DEV_SET if DEV_SET.exists() else FALLBACK_DEV)


def _scores(labels: list[str], pred: list[int]) -> dict[str, float]:
    return {
        "nmi": normalized_mutual_info_score(labels, pred),
        "ari": adjusted_rand_score(labels, pred),
        "v_measure": v_measure_score(labels, pred),
    }


def _mean(runs: list[dict[str, float]]) -> dict:
    out: dict = {m: round(statistics.mean(r[m] for r in runs), 4) for m in runs[0] if m != "k"}
    out["nmi_per_seed"] = [round(r["nmi"], 4) for r in runs]
    if "k" in runs[0]:
        out["k_per_seed"] = [r["k"] for r in runs]
    return out


def quality(rows: list[dict]) -> dict:
    docs = [Document(r["id"], r["text"]) for r in rows]
    labels = [r["label"] for r in rows]
    out: dict = {}
    for name, kwargs in [
        ("ours_k10", {"k": 10}),
        ("ours_k_auto", {"k": None}),
        ("ours_words_only_k10", {"k": 10, "concepts": []}),
        ("ours_words_only_k_auto", {"k": None, "concepts": []}),
    ]:
        runs = []
        for seed in SEEDS:
            result = analyse(docs, seed=seed, **kwargs)
            s = cluster_scores(result, labels)
            runs.append({"nmi": s.nmi, "ari": s.ari, "v_measure": s.v_measure, "k": s.k})
        out[name] = _mean(runs)
    result = analyse(docs, k=10, seed=0)
    out["themes_k10_seed0"] = [
        {"id": t.id, "size": t.size, "label": t.label, "keywords": t.keywords[:6]} for t in result.themes
    ]
    return out


def baselines(rows: list[dict]) -> dict:
    """Two rows of the issue's table, recomputed here for context."""
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    nlp = make_pipeline(NormalizerConfig(lemmatizer="spacy-lookup", stem=False))
    lemmas = [" ".join(t.lemma_.lower() for t in nlp(x) if t.is_alpha) for x in texts]
    out = {}
    raw = TfidfVectorizer().fit_transform(texts)
    runs = [_scores(labels, KMeans(10, n_init=10, random_state=s).fit_predict(raw).tolist()) for s in SEEDS]
    out["tfidf_raw_kmeans"] = _mean(runs)
    lem = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(lemmas)
    runs = []
    for s in SEEDS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            w = NMF(10, init="nndsvda", random_state=s, max_iter=400).fit_transform(lem)
        runs.append(_scores(labels, w.argmax(axis=1).tolist()))
    out["tfidf_spacy_lemmas_12gram_nmf"] = _mean(runs)
    return out


def lemmatizers(rows: list[dict]) -> dict:
    """k = 10, mean NMI over the seeds, for each normaliser (with and without the concept space)."""
    docs = [Document(r["id"], r["text"]) for r in rows]
    labels = [r["label"] for r in rows]
    out = {}
    for name, cfg in [
        ("stem (default)", NormalizerConfig()),
        ("simplemma+stem", NormalizerConfig(lemmatizer="simplemma")),
        ("simplemma", NormalizerConfig(lemmatizer="simplemma", stem=False)),
        ("spacy-lookup+fixes", NormalizerConfig(lemmatizer="spacy-lookup", stem=False)),
        ("surface", NormalizerConfig(lemmatizer="none", stem=False)),
    ]:
        for concepts in (None, []):
            vc = VectorizerConfig(normalizer=cfg)
            nmis = [
                cluster_scores(analyse(docs, k=10, seed=s, config=vc, concepts=concepts), labels).nmi
                for s in SEEDS
            ]
            key = f"{name}{'' if concepts is None else ', words only'}"
            out[key] = round(statistics.mean(nmis), 4)
    return out


def suggestion(rows: list[dict]) -> dict:
    items = [LabelledText(r["id"], r["text"], r["label"]) for r in rows]
    model = train_suggester(items)
    times = []
    for r in rows[:60]:
        t0 = time.perf_counter()
        model.suggest(r["text"])
        times.append(time.perf_counter() - t0)
    return {
        "cv5_with_filed": suggestion_accuracy(items, folds=5, seed=0),
        "cv5_driver_texts_only": suggestion_accuracy(items, folds=5, seed=0, use_filed=False),
        "single_suggest_ms_median": round(statistics.median(times) * 1000, 2),
    }


def duplicates(rows: list[dict]) -> dict:
    """The generated set (light edits of plan sentences), the committed fixture of real texts with
    hand-written copies (tests/nlp/data/README.md), one kind of copy at a time, and the hand-labelled
    pairs of the whole TerremotoCentroItalia set when ../shared is there."""
    texts = [r["text"] for r in rows]
    out: dict = {}
    for seed in range(3):
        docs, truth = duplicate_testset(texts, n_groups=40, seed=seed)
        p, r = pair_precision_recall(find_duplicates(docs), truth)
        out[f"seed{seed}"] = {"documents": len(docs), "precision": p, "recall": r}
    fixture = load_dev(DUPLICATES_FIXTURE)
    # the hand-written rewordings with, in addition, their first sentence moved to the end
    cases = fixture + [
        {**r, "id": r["id"][:-3] + "-mv", "text": _move_first_sentence(r["text"]), "kind": "both"}
        for r in fixture
        if r["kind"] == "reworded"
    ]
    for name, kinds in [
        ("reworded", ("reworded",)),
        ("clause_moved", ("clause_moved",)),
        ("reworded_and_moved", ("both",)),
        ("all", ("reworded", "clause_moved")),
    ]:
        docs = [Document(r["id"], r["text"]) for r in cases if r["kind"] in ("original", "unrelated", *kinds)]
        truth: dict[str, set[str]] = {}
        for r in cases:
            if r["group"] is not None and r["kind"] in ("original", *kinds):
                truth.setdefault(r["group"], set()).add(r["id"])
        runs = [
            pair_precision_recall(find_duplicates(docs, seed=seed), list(truth.values())) for seed in range(3)
        ]
        out[f"fixture_{name}"] = {
            "documents": len(docs),
            "precision_per_seed": [round(p, 4) for p, _ in runs],
            "recall_per_seed": [round(r, 4) for _, r in runs],
        }
    if TERREMOTO_SET.exists():
        out["terremotocentro_labelled_pairs"] = _labelled_pairs()
    return out


def _move_first_sentence(text: str) -> str:
    first, _, rest = text.partition(". ")
    return f"{rest} {first}." if rest else text


def _labelled_pairs() -> dict:
    """Precision and recall on the 150 pairs of the whole TerremotoCentroItalia set with the highest
    character 4-gram Jaccard (>= 0.344), labelled by hand: S the same item (offer, request, news)
    posted again or rewritten, T one template or list sent by different senders, D different items
    that look alike (job offers on one template, two offers of rooms), ? unsure (not counted)."""
    corpus = load_dev(TERREMOTO_SET)
    labels = {(r["a"], r["b"]): r["label"] for r in load_dev(LABELLED_PAIRS)}
    groups = find_duplicates([Document(r["id"], r["text"]) for r in corpus])
    group_of = {i: n for n, g in enumerate(groups) for i in g.doc_ids}
    together = [lab for (a, b), lab in labels.items() if group_of.get(a, -1) == group_of.get(b, -2)]
    n = {lab: together.count(lab) for lab in "STD"}
    judged = n["S"] + n["T"] + n["D"]
    return {
        "documents": len(corpus),
        "grouped_pairs_by_label": n,
        "precision_same_item": round(n["S"] / judged, 4) if judged else None,
        "precision_same_item_or_template": round((n["S"] + n["T"]) / judged, 4) if judged else None,
        "recall_of_same_item_pairs": round(n["S"] / list(labels.values()).count("S"), 4),
    }


def assign_latency(rows: list[dict]) -> dict:
    docs = [Document(r["id"], r["text"]) for r in rows]
    result = analyse(docs, k=10, seed=0)
    times = []
    for d in docs[:60]:
        t0 = time.perf_counter()
        assign(result, d)
        times.append(time.perf_counter() - t0)
    return {"single_assign_ms_median": round(statistics.median(times) * 1000, 2)}


# --- scale ----------------------------------------------------------------------------------------


def scale_worker(path: str, k: str) -> None:
    """Runs in a subprocess: read JSONL, analyse, report wall, CPU and peak RSS."""
    Normalizer().feature("riscaldamento")  # import-time work is not part of a run
    t0, c0 = time.perf_counter(), time.process_time()
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    docs = [Document(r["id"], r["text"]) for r in rows]
    result = analyse(docs, k=None if k == "auto" else int(k), seed=0)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    labels = [r["label"] for r in rows]
    t1, c1 = time.perf_counter(), time.process_time()
    groups = find_duplicates(docs)
    dup_wall, dup_cpu = time.perf_counter() - t1, time.process_time() - c1
    print(
        json.dumps(
            {
                "documents": len(docs),
                "words": sum(len(r["text"].split()) for r in rows),
                "k": result.k,
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "nmi_vs_synthetic_labels": round(cluster_scores(result, labels).nmi, 4),
                "labels": [t.label for t in result.themes],
                "duplicates_wall_s": round(dup_wall, 2),
                "duplicates_cpu_s": round(dup_cpu, 2),
                "duplicate_groups": len(groups),
            }
        )
    )


def scale(sizes: list[int], rows: list[dict]) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = os.path.join(tmp, f"synthetic-{n}.jsonl")
            with open(path, "w", encoding="utf-8") as fh:
                for r in synthetic_proposals(n, seed=0, rows=rows):
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            for k in ("10", "auto"):
                proc = subprocess.run(
                    [sys.executable, __file__, "--scale-worker", path, k],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                out[f"{n}_k{k}"] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the 100k run")
    parser.add_argument("--scale-worker", nargs=2, metavar=("PATH", "K"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_worker:
        scale_worker(*args.scale_worker)
        return
    rows = _dev_rows()
    report: dict = {"machine": {"cpus": os.cpu_count(), "load_avg_1m": os.getloadavg()[0]}}
    with threadpool_limits(limits=1):
        report["dev_quality"] = quality(rows)
        report["baselines"] = baselines(rows)
        report["lemmatizers_nmi_k10"] = lemmatizers(rows)
    report["suggestion"] = suggestion(rows)
    report["duplicates_testset"] = duplicates(rows)
    report["latency"] = assign_latency(rows)
    report["scale"] = scale([1_000, 10_000] + ([] if args.quick else [100_000]), rows)
    report["machine"]["load_avg_1m_end"] = os.getloadavg()[0]
    print(json.dumps(report, ensure_ascii=False, indent=1, default=float))


if __name__ == "__main__":
    main()
