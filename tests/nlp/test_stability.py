"""Stable theme ids across re-runs and growing data."""

from __future__ import annotations

import random

from nlp import AnalysisResult, Document, analyse


def _new_documents(dev_docs: list[Document], n: int) -> list[Document]:
    """New proposals made of halves of two existing sentences (the way a corpus grows with more of
    the same themes)."""
    rng = random.Random(7)
    out = []
    for i in range(n):
        a, b = rng.sample(dev_docs, 2)
        wa, wb = a.text.split(), b.text.split()
        out.append(Document(f"new-{i}", " ".join(wa[: len(wa) // 2] + wb[len(wb) // 2 :])))
    return out


def _same_theme_share(old: AnalysisResult, new: AnalysisResult) -> float:
    before = {a.doc_id: a.theme for a in old.assignments}
    after = {a.doc_id: a.theme for a in new.assignments}
    return sum(after[d] == t for d, t in before.items()) / len(before)


def test_ten_percent_more_documents_keeps_ids(dev_docs: list[Document], dev_result: AnalysisResult) -> None:
    grown = list(dev_docs) + _new_documents(dev_docs, len(dev_docs) // 10 + 1)
    rerun = analyse(grown, seed=0, previous=dev_result.themes)
    assert rerun.k == dev_result.k  # k=None with previous keeps the number of themes
    assert _same_theme_share(dev_result, rerun) >= 0.90
    assert rerun.params["matched_previous"] >= 9


def test_rerun_with_another_seed_keeps_ids(dev_docs: list[Document], dev_result: AnalysisResult) -> None:
    rerun = analyse(dev_docs, k=10, seed=3, previous=dev_result.themes)
    assert _same_theme_share(dev_result, rerun) >= 0.90


def test_new_themes_get_fresh_ids(dev_docs: list[Document], dev_result: AnalysisResult) -> None:
    rerun = analyse(dev_docs, k=12, seed=0, previous=dev_result.themes)
    old_ids = {t.id for t in dev_result.themes}
    new_ids = [t.id for t in rerun.themes]
    assert len(set(new_ids)) == 12
    fresh = [i for i in new_ids if i not in old_ids]
    assert len(fresh) >= 2 and min(fresh) > max(old_ids)


def test_unrelated_previous_themes_are_not_matched(dev_result: AnalysisResult) -> None:
    docs = [
        Document(str(i), t)
        for i, t in enumerate(
            ["ricette di cucina con pomodoro e basilico", "la pasta al pomodoro fresco"] * 5
            + ["partita di calcio allo stadio domenica", "il campionato di calcio e la squadra"] * 5
        )
    ]
    rerun = analyse(docs, k=2, seed=0, previous=dev_result.themes)
    assert not {t.id for t in rerun.themes} & {t.id for t in dev_result.themes}
