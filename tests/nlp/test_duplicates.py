"""Near-duplicates: measured precision/recall on a generated set, exact copies, edge cases."""

from __future__ import annotations

import random

import pytest

from nlp import Document, find_duplicates
from nlp.evaluation import duplicate_testset, light_edit, pair_precision_recall


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_precision_recall_on_generated_set(dev_rows: list[dict], seed: int) -> None:
    docs, truth = duplicate_testset([r["text"] for r in dev_rows], n_groups=40, seed=seed)
    precision, recall = pair_precision_recall(find_duplicates(docs), truth)
    assert precision >= 0.95
    assert recall >= 0.90


def test_short_texts_with_edits() -> None:
    rng = random.Random(3)
    base = [
        "Chiediamo più piste ciclabili sicure tra Sesto e Cinisello",
        "Aprire le palestre delle scuole superiori la sera per lo sport",
        "Servono case popolari ristrutturate e affitti sostenibili per i giovani",
    ]
    docs = []
    for i, text in enumerate(base):
        docs.append(Document(f"{i}-a", text))
        docs.append(Document(f"{i}-b", light_edit(text, rng)))
    groups = find_duplicates(docs)
    found = {frozenset(g.doc_ids) for g in groups}
    assert {frozenset({f"{i}-a", f"{i}-b"}) for i in range(3)} <= found


def test_exact_copies_flagged_exact() -> None:
    text = "Riaprire la biblioteca di quartiere il sabato pomeriggio"
    docs = [
        Document("1", text),
        Document("2", text.upper() + "!!!"),
        Document("3", "  " + text.replace(" ", "   ")),
        Document("4", "Riaprire la biblioteca di quartiere il sabato pomeriggio e la domenica"),
        Document("5", "Un altro testo che parla di autobus notturni e di sicurezza"),
    ]
    groups = find_duplicates(docs)
    assert len(groups) == 1
    assert set(groups[0].doc_ids) == {"1", "2", "3", "4"}
    assert not groups[0].exact
    exact = find_duplicates(docs[:3])
    assert exact[0].exact and exact[0].similarity == 1.0


def test_unrelated_texts_are_not_grouped(dev_rows: list[dict]) -> None:
    docs = [Document(r["id"], r["text"]) for r in dev_rows]
    assert find_duplicates(docs) == []


def test_edge_cases() -> None:
    assert find_duplicates([]) == []
    docs = [Document("a", ""), Document("b", ""), Document("c", "!!!"), Document("d", "🙂")]
    assert find_duplicates(docs) == []
    with pytest.raises(ValueError):
        find_duplicates([Document("a", "x"), Document("a", "y")])
    with pytest.raises(ValueError):
        find_duplicates([Document("a", "x")], threshold=0)
    with pytest.raises(TypeError):
        find_duplicates(["testo"])  # type: ignore[list-item]


def test_deterministic(dev_rows: list[dict]) -> None:
    docs, _ = duplicate_testset([r["text"] for r in dev_rows], n_groups=30, seed=5)
    assert find_duplicates(docs, seed=1) == find_duplicates(docs, seed=1)
