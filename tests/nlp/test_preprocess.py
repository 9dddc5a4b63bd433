"""Normalisation: lemmas and stems, stop words, elisions, accents, case, noise."""

from __future__ import annotations

import pytest

import nlp.vectorize as vectorize
from nlp.preprocess import Normalizer, NormalizerConfig, clean_text, make_pipeline, strip_accents


@pytest.fixture(scope="module")
def norm() -> Normalizer:
    return Normalizer()


def test_lemmatizers_fix_lookup_errors() -> None:
    # the errors of spaCy's lookup table quoted in the issue
    norm = Normalizer(NormalizerConfig(lemmatizer="simplemma"))
    assert norm.lemma("servizi") == "servizio"
    assert norm.lemma("ricerca") == "ricerca"
    assert norm.lemma("consumo") == "consumo"


def test_inflections_share_a_feature(norm: Normalizer) -> None:
    assert norm.feature("servizi") == norm.feature("servizio")
    assert norm.feature("scuole") == norm.feature("scuola")
    assert norm.feature("trasporti") == norm.feature("trasporto")
    assert norm.feature("pubblici") == norm.feature("pubblica")


def test_stop_words_and_domain_words_removed(norm: Normalizer) -> None:
    feats = norm.tokenize("La Città metropolitana di Milano e i Comuni per il trasporto")
    assert feats == [norm.feature("trasporto")]


def test_content_words_of_spacy_stop_list_are_kept(norm: Normalizer) -> None:
    # spaCy lists "casa" and "lavoro" as stop words; here they are themes
    assert norm.feature("casa") is not None
    assert norm.feature("lavoro") is not None


@pytest.mark.parametrize("text", ["dell'area", "dell’area", "DELL'AREA", "nell'area"])
def test_elisions_split(norm: Normalizer, text: str) -> None:
    assert norm.tokenize(text) == [norm.feature("area")]


def test_shouting_accents_and_emphasis(norm: Normalizer) -> None:
    calm = norm.tokenize("la città ha bisogno di autobus")
    assert norm.tokenize("LA CITTA' HA BISOGNO DI AUTOBUSSS!!!") == calm
    assert strip_accents("perché città") == "perche citta"


def test_noise_is_a_separator(norm: Normalizer) -> None:
    text = "piste\x07ciclabili 🚲🚲 #mobilità\u200b 2024 ﬁbra"
    feats = norm.tokenize(text)
    assert norm.feature("piste") in feats and norm.feature("ciclabili") in feats
    assert norm.feature("mobilità") in feats
    assert norm.feature("fibra") in feats  # NFKC turns the ligature into "fi"
    assert clean_text("ABC") == "abc"


def test_unusable_texts_give_no_features(norm: Normalizer) -> None:
    for text in ["", "   ", "!!! ... ???", "12 34 56", "🙂🙂", "e di il la"]:
        assert norm.tokenize(text) == []


def test_type_error_on_non_string(norm: Normalizer) -> None:
    with pytest.raises(TypeError):
        norm.tokenize(None)  # type: ignore[arg-type]


def test_spacy_pipeline_matches_bulk_path(dev_rows: list[dict]) -> None:
    nlp = make_pipeline()
    bulk = Normalizer()
    for row in dev_rows:
        assert nlp(row["text"])._.features == bulk.tokenize(row["text"]), row["id"]


def test_pipeline_sets_lemmas() -> None:
    doc = make_pipeline(NormalizerConfig(lemmatizer="simplemma"))("I servizi di trasporto")
    assert [t.lemma_ for t in doc] == ["il", "servizio", "di", "trasporto"]
    assert doc._.features == [Normalizer().feature("servizi"), Normalizer().feature("trasporto")]


def test_other_lemmatizers_selectable() -> None:
    lookup = Normalizer(NormalizerConfig(lemmatizer="spacy-lookup", stem=False))
    assert lookup.lemma("servizi") == "servizio"  # our fix over the lookup table
    assert lookup.lemma("consumo") == "consumo"
    assert lookup.feature("ricerca") == "ricerca"
    with pytest.raises(ValueError):
        Normalizer(NormalizerConfig(lemmatizer="nope"))


def test_two_process_tokenizing_gives_the_same_rows(
    dev_rows: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [r["text"] for r in dev_rows] * 3
    sequential = vectorize.Vectorizer().fit_transform(texts)
    monkeypatch.setattr(vectorize, "PARALLEL_MIN_TEXTS", 10)
    parallel = vectorize.Vectorizer().fit_transform(texts)
    assert (sequential != parallel).nnz == 0
