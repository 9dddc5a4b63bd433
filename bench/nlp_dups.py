"""Near-duplicate detection measured for bench/nlp_bench.py: the generated set, the committed fixture
of real texts with hand-written copies (tests/nlp/data/README.md) and the hand-labelled pairs of the
whole TerremotoCentroItalia set."""

from __future__ import annotations

from pathlib import Path

from nlp_data import load_dev

from nlp import Document, find_duplicates
from nlp.evaluation import duplicate_testset, pair_precision_recall

ROOT = Path(__file__).resolve().parents[1]
DUPLICATES_FIXTURE = ROOT / "tests" / "nlp" / "data" / "duplicates_fixture.jsonl"
TERREMOTO_SET = ROOT / "tests" / "nlp" / "data" / "terremotocentro.jsonl"
LABELLED_PAIRS = Path(__file__).resolve().parent / "duplicates_pairs_labelled.jsonl"


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
