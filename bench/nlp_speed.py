"""Speed and memory of the themes engine against a reference pipeline, for bench/nlp_bench.py.

The reference is what a plain implementation does: spaCy's tokenizer (``spacy.blank("it")``), the
lemma lookup table of spacy-lookups-data, scikit-learn's TF-IDF (1-2 grams, sublinear tf) and NMF.
Both run on the same synthetic proposals (bench/nlp_data.py), each in its own process so that its
peak RSS is its own, alternately (reference, engine, reference, ...) so that a drift of the machine's
speed hits both; the figures are medians. Wall time runs from reading the JSONL file to having a
theme for every document.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nlp_data import synthetic_proposals  # noqa: E402
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score
from spacy.lookups import load_lookups
from threadpoolctl import threadpool_limits

from nlp import Document, analyse, find_duplicates

HERE = Path(__file__).resolve()


def _read(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def reference_worker(path: str, k: int) -> dict:
    """The reference pipeline (runs in its own process)."""
    nlp = spacy.blank("it")
    table = load_lookups("it", ["lemma_lookup"]).get_table("lemma_lookup")
    start = time.perf_counter()
    rows = _read(path)
    lemmas = [
        " ".join(table.get(t.lower_, t.lower_) for t in doc if t.is_alpha)
        for doc in nlp.pipe((r["text"] for r in rows), batch_size=1000)
    ]
    x = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2).fit_transform(lemmas)
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theme = NMF(k, init="nndsvda", random_state=0, max_iter=400).fit_transform(x).argmax(axis=1)
    wall = time.perf_counter() - start
    labels = [r["label"] for r in rows]
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mb": _peak_mb(),
        "nmi": round(normalized_mutual_info_score(labels, theme), 4),
    }


def engine_worker(path: str, k: int | None) -> dict:
    """The engine (runs in its own process)."""
    start = time.perf_counter()
    rows = _read(path)
    result = analyse([Document(r["id"], r["text"]) for r in rows], k=k, seed=0)
    wall = time.perf_counter() - start
    labels = [r["label"] for r in rows]
    pred = [a.theme for a in result.assignments]
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mb": _peak_mb(),
        "k": result.k,
        "nmi": round(normalized_mutual_info_score(labels, pred), 4),
        "labels": [t.label for t in result.themes],
    }


def duplicates_worker(path: str) -> dict:
    """Near-duplicate groups of the whole file (runs in its own process)."""
    start, cpu = time.perf_counter(), time.process_time()
    rows = _read(path)
    groups = find_duplicates([Document(r["id"], r["text"]) for r in rows])
    return {
        "wall_s": round(time.perf_counter() - start, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
        "peak_rss_mb": _peak_mb(),
        "groups": len(groups),
    }


def _run(kind: str, path: str, k: str) -> dict:
    proc = subprocess.run(
        [sys.executable, str(HERE), kind, path, k],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _median(runs: list[dict], key: str) -> float:
    return round(statistics.median(r[key] for r in runs), 2)


def compare(n: int, k: int, repeats: int, dev_rows: list[dict]) -> dict:
    """Engine against reference on ``n`` synthetic proposals, ``repeats`` alternate runs of each."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / f"synthetic-{n}.jsonl")
        with open(path, "w", encoding="utf-8") as fh:
            for r in synthetic_proposals(n, seed=0, rows=dev_rows):
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        reference, engine = [], []
        for _ in range(repeats):
            reference.append(_run("reference", path, str(k)))
            engine.append(_run("engine", path, str(k)))
        duplicates = [_run("duplicates", path, "0") for _ in range(repeats)]
    ref_wall, eng_wall = _median(reference, "wall_s"), _median(engine, "wall_s")
    return {
        "documents": n,
        "k": k,
        "reference": {"wall_s_median": ref_wall, "runs": reference},
        "engine": {"wall_s_median": eng_wall, "runs": engine},
        "engine_over_reference": round(eng_wall / ref_wall, 3),
        "engine_peak_rss_mb_max": max(r["peak_rss_mb"] for r in engine),
        "nmi_engine_minus_reference": round(_median(engine, "nmi") - _median(reference, "nmi"), 4),
        "duplicates": {"wall_s_median": _median(duplicates, "wall_s"), "runs": duplicates},
    }


def automatic_k(n: int, repeats: int, dev_rows: list[dict]) -> dict:
    """The engine with k chosen automatically on ``n`` synthetic proposals."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / f"synthetic-{n}.jsonl")
        with open(path, "w", encoding="utf-8") as fh:
            for r in synthetic_proposals(n, seed=0, rows=dev_rows):
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        runs = [_run("engine", path, "auto") for _ in range(repeats)]
    return {"documents": n, "wall_s_median": _median(runs, "wall_s"), "runs": runs}


def main() -> None:
    """Run one worker (the benchmark starts this script once per measured run, so that each run's
    process holds only what its pipeline needs: nothing of the app, nothing of the other run)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("reference", "engine", "duplicates"))
    parser.add_argument("path")
    parser.add_argument("k")
    args = parser.parse_args()
    if args.kind == "reference":
        out = reference_worker(args.path, int(args.k))
    elif args.kind == "engine":
        out = engine_worker(args.path, None if args.k == "auto" else int(args.k))
    else:
        out = duplicates_worker(args.path)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
