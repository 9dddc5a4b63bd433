"""analyse(): contract (k, ids, sizes), determinism, unusable input, incremental assignment, guided
themes, a corpus's own stop words; the plan-text set as a sanity check."""

from __future__ import annotations

import pytest

from nlp import AnalysisResult, Document, SeedTheme, Theme, ThemeModel, analyse, assign, assign_many
from nlp.evaluation import cluster_scores


def test_plan_text_sanity(dev_result: AnalysisResult, dev_labels: list[str]) -> None:
    # the Drivers are not in the feature space any more: this only says the words alone still work
    assert cluster_scores(dev_result, dev_labels).nmi >= 0.45


@pytest.mark.parametrize("k", [2, 5, 11, 20])
def test_exactly_k_themes_of_a_usable_size(report_docs: list[Document], k: int) -> None:
    docs = report_docs[:400]
    result = analyse(docs, k=k, seed=1)
    assert result.k == k == len(result.themes)
    smallest = result.params["min_theme_size"]
    assert all(t.size >= smallest for t in result.themes), [t.size for t in result.themes]
    members = [m.doc_id for t in result.themes for m in t.members]
    assert sorted(members) == sorted(d.id for d in docs)


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
    assert len({t.id for t in dev_result.themes}) == 10
    for theme in dev_result.themes:
        assert theme.members and 1 <= len(theme.representatives) <= 5
        assert set(theme.representatives) <= {m.doc_id for m in theme.members}
        assert all(0 < m.score <= 1 for m in theme.members)
        assert theme.keywords and theme.centroid
        assert all(name.startswith("w:") for name in theme.centroid)


def test_theme_dict_round_trip(dev_result: AnalysisResult) -> None:
    theme = dev_result.themes[0]
    again = Theme.from_dict(theme.to_dict())
    assert again.id == theme.id and again.label == theme.label
    assert [m.doc_id for m in again.members] == [m.doc_id for m in theme.members]
    assert again.centroid == theme.centroid and again.label_coverage == theme.label_coverage


def test_unusable_documents_get_no_theme(dev_docs: list[Document]) -> None:
    bad = [
        Document("empty", ""),
        Document("punct", "?!... ;;; ---"),
        Document("digits", "2022 2024 12,5%"),
        Document("emoji", "🙂🚲🌳"),
        Document("control", "\x00\x07\x1b[31m"),
        Document("cyrillic", "Привет мир как дела"),
        Document("address", "https://example.org/x mario.rossi@gmail.com [email]"),
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
        (
            [Document("a", "scuole aperte"), Document("b", "bus")],
            {"k": 1, "seeds": [SeedTheme("x", ("a",))]},
            ValueError,
        ),
        ([Document("a", "scuole aperte"), Document("b", "bus")], {"seeds": ["scuole"]}, TypeError),
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
    for doc, expected in zip(dev_docs, dev_result.assignments, strict=True):
        got = assign(dev_result, doc)
        assert got.theme == expected.theme
        assert got.score == pytest.approx(expected.score, abs=1e-4)


def test_assign_new_text_and_model_bytes(dev_result: AnalysisResult) -> None:
    model = ThemeModel.from_bytes(dev_result.model.to_bytes())
    bus = assign(model, "Più corse degli autobus e del trasporto pubblico verso Milano")
    mobility = dev_result.theme_by_id(bus.theme)
    assert any(word in " ".join([mobility.label, *mobility.keywords]) for word in ("trasporto", "mobilità"))
    assert assign(model, "!!!").theme is None
    assert len(assign_many(model, ["scuole", "", "rifiuti"])) == 3
    with pytest.raises(TypeError):
        assign(model, 42)  # type: ignore[arg-type]


def test_guided_seed_themes(report_docs: list[Document], report_labels: list[str]) -> None:
    seeds = [SeedTheme("Raccolte fondi", ("raccolta fondi", "bonifico", "conto corrente", "iban"))]
    result = analyse(report_docs, k=11, seed=0, seeds=seeds)
    assert result.k == 11
    seeded = result.themes[0]
    assert seeded.seed == seeded.label == "Raccolte fondi"
    gold = dict(zip((d.id for d in report_docs), report_labels, strict=True))
    fundraisers = sum(gold[m.doc_id] == "Raccolte Fondi" for m in seeded.members)
    assert fundraisers >= 0.6 * seeded.size and fundraisers >= 30
    assert result.params["seeds"] == [{"name": "Raccolte fondi", "words": list(seeds[0].words)}]
    # the texts that match no seed still form their own themes
    assert all(t.seed is None for t in result.themes[1:])
    with pytest.raises(ValueError, match="none of its words"):
        analyse(report_docs, k=5, seeds=[SeedTheme("Spazio", ("astronave", "galassia"))])


def test_a_corpus_can_add_its_own_stop_words(report_docs: list[Document]) -> None:
    docs = report_docs[:300]
    plain = analyse(docs, k=5, seed=0)
    assert "terremot" in plain.model.vectorizer.vocab
    quiet = analyse(docs, k=5, seed=0, stop_words=["Terremoto", "centro italia"])
    vocab = quiet.model.vectorizer.vocab
    assert "terremot" not in vocab and "centr ital" not in vocab and "ital" in vocab
    phrases = [p for t in quiet.themes for p in [t.label, *t.keywords]]
    assert not [p for p in phrases if "terremot" in p or p == "centro italia"]
    assert quiet.params["stop_words"] == ["Terremoto", "centro italia"]
