"""analyse(): quality floor, determinism, labels, unusable input, incremental assignment."""

from __future__ import annotations

import pytest

from nlp import AnalysisResult, Document, Theme, ThemeModel, analyse, assign, assign_many
from nlp.evaluation import cluster_scores


def test_quality_floor_k10(dev_result: AnalysisResult, dev_labels: list[str]) -> None:
    # the best baseline is 0.52; the target is 0.60
    assert cluster_scores(dev_result, dev_labels).nmi >= 0.60


def test_quality_floor_auto_k(dev_docs: list[Document], dev_labels: list[str]) -> None:
    result = analyse(dev_docs, k=None, seed=0)
    assert result.k_chosen_automatically
    assert 3 <= result.k <= 30
    assert result.params["k_scores"]
    assert cluster_scores(result, dev_labels).nmi >= 0.50


def test_words_only_still_beats_baselines(dev_docs: list[Document], dev_labels: list[str]) -> None:
    # without the Driver concept space the engine is a plain lemma-stem TF-IDF + NMF
    result = analyse(dev_docs, k=10, seed=0, concepts=[])
    assert cluster_scores(result, dev_labels).nmi >= 0.45


def test_deterministic(dev_docs: list[Document], dev_result: AnalysisResult) -> None:
    again = analyse(dev_docs, k=10, seed=0)
    assert again.assignments == dev_result.assignments
    assert [t.label for t in again.themes] == [t.label for t in dev_result.themes]
    assert [t.members for t in again.themes] == [t.members for t in dev_result.themes]


def test_result_shape(dev_docs: list[Document], dev_result: AnalysisResult) -> None:
    assert dev_result.k == 10 and len(dev_result.themes) == 10
    assert [a.doc_id for a in dev_result.assignments] == [d.id for d in dev_docs]
    sizes = [t.size for t in dev_result.themes]
    assert sizes == sorted(sizes, reverse=True)
    assert sum(sizes) == sum(1 for a in dev_result.assignments if a.theme is not None)
    assert len({t.id for t in dev_result.themes}) == 10
    for theme in dev_result.themes:
        assert theme.members and 1 <= len(theme.representatives) <= 5
        assert set(theme.representatives) <= {m.doc_id for m in theme.members}
        assert all(0 < m.score <= 1 for m in theme.members)
        assert theme.keywords and theme.centroid


def test_labels_are_readable_phrases(dev_result: AnalysisResult) -> None:
    labels = [t.label for t in dev_result.themes]
    assert len(set(labels)) == len(labels)
    # mostly keyphrases, not lone lemmas
    assert sum(" " in label for label in labels) >= 8
    joined = " | ".join(labels)
    assert "consumo di suolo" in joined
    assert any("energetic" in label for label in labels)


def test_theme_dict_round_trip(dev_result: AnalysisResult) -> None:
    theme = dev_result.themes[0]
    again = Theme.from_dict(theme.to_dict())
    assert again.id == theme.id and again.label == theme.label
    assert [m.doc_id for m in again.members] == [m.doc_id for m in theme.members]
    assert again.centroid == theme.centroid


def test_unusable_documents_get_no_theme(dev_docs: list[Document]) -> None:
    bad = [
        Document("empty", ""),
        Document("punct", "?!... ;;; ---"),
        Document("digits", "2022 2024 12,5%"),
        Document("emoji", "🙂🚲🌳"),
        Document("control", "\x00\x07\x1b[31m"),
        Document("cyrillic", "Привет мир как дела"),
    ]
    result = analyse(list(dev_docs) + bad, k=10, seed=0)
    by_id = {a.doc_id: a for a in result.assignments}
    for doc in bad:
        assert by_id[doc.id].theme is None and by_id[doc.id].score == 0.0
    assert result.params["n_usable"] == len(dev_docs)


def test_odd_but_valid_documents(dev_docs: list[Document]) -> None:
    odd = [
        Document("huge", "Servono più piste ciclabili e autobus frequenti. " * 20_000),  # ~1 MB
        Document("english", "We need more bicycle lanes and frequent buses in the suburbs."),
        Document("shout", "BASTA CEMENTO!!! DIFENDIAMO IL CONSUMO DI SUOLO E I PARCHI 🌳🌳"),
    ]
    assert len(odd[0].text) > 900_000
    result = analyse(list(dev_docs) + odd, k=10, seed=0)
    by_id = {a.doc_id: a for a in result.assignments}
    assert by_id["huge"].theme is not None
    assert by_id["shout"].theme is not None


@pytest.mark.parametrize(
    ("docs", "kwargs", "error"),
    [
        ([], {}, ValueError),
        ([Document("a", ""), Document("b", "...")], {}, ValueError),
        ([Document("a", "scuole aperte"), Document("a", "scuole chiuse")], {}, ValueError),
        ([Document("a", "scuole aperte al quartiere")], {"k": 2}, ValueError),
        ([Document("a", "scuole aperte al quartiere")], {"k": 0}, ValueError),
        (["testo"], {}, TypeError),
        ("testo", {}, TypeError),
    ],
)
def test_bad_input_raises_clear_errors(docs: object, kwargs: dict, error: type) -> None:
    with pytest.raises(error):
        analyse(docs, **kwargs)  # type: ignore[arg-type]


def test_tiny_inputs_work() -> None:
    one = analyse([Document("a", "piste ciclabili sicure")])
    assert one.k == 1 and one.assignments[0].theme == one.themes[0].id
    same = analyse([Document(str(i), "più autobus in periferia") for i in range(30)])
    assert all(a.theme is not None for a in same.assignments)


def test_assign_matches_batch(dev_docs: list[Document], dev_result: AnalysisResult) -> None:
    for doc, expected in list(zip(dev_docs, dev_result.assignments, strict=True))[:30]:
        got = assign(dev_result, doc)
        assert got.theme == expected.theme
        assert got.score == pytest.approx(expected.score, abs=1e-3)


def test_assign_new_text_and_model_bytes(dev_result: AnalysisResult) -> None:
    model = ThemeModel.from_bytes(dev_result.model.to_bytes())
    mobility = next(t for t in dev_result.themes if "trasporto" in " ".join(t.keywords))
    got = assign(model, "Più corse degli autobus e del trasporto pubblico verso Milano")
    assert got.theme == mobility.id
    assert assign(model, "!!!").theme is None
    assert len(assign_many(model, ["scuole", "", "rifiuti"])) == 3
    with pytest.raises(TypeError):
        assign(model, 42)  # type: ignore[arg-type]
